package tape_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/gotape/gotape/tape"
)

// interruptingBLAS is the current BLAS with a GEMM during which the cell is interrupted:
// the interrupt arrives while a compiled op computes.
type interruptingBLAS struct {
	blas.Float32
	cancel   func() // nil: no interrupt
	nextCell bool   // a new cell starts (SetContext) before the GEMM ends
}

func (b interruptingBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, bm []float32, ldb int, beta float32, c []float32, ldc int) {
	if b.cancel != nil {
		b.cancel()
		// SetContext notices the cancellation asynchronously: wait until ops see it
		for deadline := time.Now().Add(5 * time.Second); tape.Try(tape.CheckInterrupt) == nil && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
	}
	if b.nextCell {
		tape.SetContext(context.Background())
	}
	b.Float32.Sgemm(tA, tB, m, n, k, alpha, a, lda, bm, ldb, beta, c, ldc)
}

// An op interrupted while it computes panics with ErrInterrupted when it finishes instead of
// returning, also when the next cell has started meanwhile: the cell's variable is never
// assigned late.
func TestInterruptedOpGivesNoResult(t *testing.T) {
	defer tape.SetContext(nil)
	impl := blas32.Implementation()
	defer blas32.Use(impl)
	a, b := tape.Ones(64, 64), tape.Ones(64, 64)
	for _, c := range []struct{ recordIt, nextCell bool }{{false, false}, {true, false}, {false, true}} {
		recordIt := c.recordIt
		ctx, cancel := context.WithCancel(context.Background())
		tape.SetContext(ctx)
		blas32.Use(interruptingBLAS{impl, cancel, c.nextCell})
		var res *tape.Tensor
		err := tape.Try(func() {
			if !recordIt {
				res = tape.MatMul(a, b)
				return
			}
			tp := tape.NewGradientTape()
			tp.Record(func() {
				tp.Watch(a)
				res = tape.MatMul(a, b)
			})
		})
		blas32.Use(impl)
		tape.SetContext(nil)
		tape.StopAll()
		if !errors.Is(err, tape.ErrInterrupted) || res != nil {
			t.Errorf("%+v: an interrupted MatMul gave %v, err %v; want no result and ErrInterrupted", c, res, err)
		}
	}
	// a cell's goroutine whose op outlives a cell that was not interrupted gets its result
	blas32.Use(interruptingBLAS{impl, nil, true})
	var res *tape.Tensor
	if err := tape.Try(func() { res = tape.MatMul(a, b) }); err != nil || res == nil {
		t.Errorf("MatMul across a cell boundary without interrupt: %v", err)
	}
	blas32.Use(impl)
	if c := tape.MatMul(a, b); c.At(0, 0) != 64 { // and the next cell computes
		t.Errorf("MatMul after the interrupt: %v", c.At(0, 0))
	}
}
