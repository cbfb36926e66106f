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
	cancel func()
}

func (b interruptingBLAS) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, bm []float32, ldb int, beta float32, c []float32, ldc int) {
	b.cancel()
	// SetContext notices the cancellation asynchronously: wait until ops see it
	for deadline := time.Now().Add(5 * time.Second); tape.Try(tape.CheckInterrupt) == nil && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	b.Float32.Sgemm(tA, tB, m, n, k, alpha, a, lda, bm, ldb, beta, c, ldc)
}

// An op interrupted while it computes panics with ErrInterrupted when it finishes instead of
// returning: the cell's variable is never assigned late.
func TestInterruptedOpGivesNoResult(t *testing.T) {
	defer tape.SetContext(nil)
	impl := blas32.Implementation()
	defer blas32.Use(impl)
	a, b := tape.Ones(64, 64), tape.Ones(64, 64)
	for _, recordIt := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		tape.SetContext(ctx)
		blas32.Use(interruptingBLAS{impl, cancel})
		var c *tape.Tensor
		err := tape.Try(func() {
			if !recordIt {
				c = tape.MatMul(a, b)
				return
			}
			tp := tape.NewGradientTape()
			tp.Record(func() {
				tp.Watch(a)
				c = tape.MatMul(a, b)
			})
		})
		blas32.Use(impl)
		tape.SetContext(nil)
		tape.StopAll()
		if !errors.Is(err, tape.ErrInterrupted) || c != nil {
			t.Errorf("recording %v: an interrupted MatMul gave %v, err %v; want no result and ErrInterrupted", recordIt, c, err)
		}
	}
	if c := tape.MatMul(a, b); c.At(0, 0) != 64 { // and the next cell computes
		t.Errorf("MatMul after the interrupt: %v", c.At(0, 0))
	}
}
