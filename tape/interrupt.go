package tape

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// Interrupts: the kernel gives each cell's context to SetContext; ops check it when they
// start (CheckInterrupt) and when they end (opEnd). An op that was running when its cell was
// interrupted panics at its end instead of returning, even when a later cell has started
// meanwhile (a BLAS call cannot stop half-way): an interrupted cell never assigns a late
// result. Ops of a cell's goroutines that outlive a cell that was not interrupted go on.

// ErrInterrupted is the panic value of ops and loops after the context given to SetContext is done.
var ErrInterrupted = errors.New("tape: interrupted")

var (
	interrupted atomic.Bool   // the current cell's context is done
	cellState   atomic.Uint64 // the current cell's generation (one per SetContext) << 1 | interrupted
	ctxMu       sync.Mutex
	ctxStop     func() bool
	ctxGen      uint64          // guarded by ctxMu: a late callback of an old context must not fire
	stoppedGens map[uint64]bool // guarded by ctxMu: generations that were interrupted (recent ones)
)

// SetContext makes every op (and CheckInterrupt) panic with ErrInterrupted once ctx is done.
// The kernel sets it per cell; nil or context.Background() disables interruption.
func SetContext(ctx context.Context) {
	ctxMu.Lock()
	defer ctxMu.Unlock()
	ctxGen++
	gen := ctxGen
	if ctxStop != nil {
		ctxStop()
		ctxStop = nil
	}
	interrupted.Store(false)
	cellState.Store(gen << 1)
	if ctx == nil || ctx.Done() == nil {
		return
	}
	if ctx.Err() != nil {
		markInterrupted(gen)
		return
	}
	ctxStop = context.AfterFunc(ctx, func() {
		ctxMu.Lock()
		if ctxGen == gen {
			markInterrupted(gen)
		}
		ctxMu.Unlock()
	})
}

// markInterrupted records that generation gen (the current one) was interrupted; ctxMu is held.
func markInterrupted(gen uint64) {
	interrupted.Store(true)
	cellState.Store(gen<<1 | 1)
	if stoppedGens == nil || len(stoppedGens) > 1024 {
		stoppedGens = map[uint64]bool{} // ops of cells that old are long finished
	}
	stoppedGens[gen] = true
}

// CheckInterrupt panics with ErrInterrupted when the context of SetContext is done. It is one
// atomic load: loops in compiled code call it once per iteration.
func CheckInterrupt() {
	if interrupted.Load() {
		panic(ErrInterrupted)
	}
}

// opStart checks for an interrupt and returns the cell state an op starts in, for opEnd:
// an op begins with defer opEnd(opStart()).
func opStart() uint64 {
	s := cellState.Load() // one load for the check and the generation
	if s&1 != 0 {
		panic(ErrInterrupted)
	}
	return s
}

// opEnd panics with ErrInterrupted when the cell the op started in (start, from opStart) was
// interrupted while it computed, so the op returns no late result.
func opEnd(start uint64) {
	if cellState.Load() != start { // interrupted, or a later cell
		opEndSlow(start >> 1)
	}
}

func opEndSlow(gen uint64) {
	if interrupted.Load() {
		panic(ErrInterrupted)
	}
	ctxMu.Lock()
	stopped := stoppedGens[gen]
	ctxMu.Unlock()
	if stopped {
		panic(ErrInterrupted)
	}
}
