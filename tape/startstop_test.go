package tape_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/gotape/gotape/tape"
)

// Start/Stop is the closure-free form of Record: the seed linear regression step.
func ExampleGradientTape_Start() {
	xs := tape.Range(0, 11, 1)
	ys := xs.Mul(10).Add(5)
	a, b := tape.NewVariable(1.0), tape.NewVariable(2.0)
	t := tape.NewGradientTape()
	t.Start()
	loss := ys.Sub(a.Mul(xs).Add(b)).Abs()
	t.Stop()
	gs := t.Gradients(loss, []*tape.Variable{a, b})
	fmt.Println(gs[0])
	fmt.Println(gs[1])
	// Output:
	// tf.Tensor(-55.0, shape=(), dtype=float32)
	// tf.Tensor(-11.0, shape=(), dtype=float32)
}

// Start/Stop records exactly what Record records: first and second derivatives of x³ at 2
// with nested tapes, the inner gradient taken inside the outer block.
func TestStartStopNested(t *testing.T) {
	x := tape.NewVariable(2.0)
	outer, inner := tape.NewGradientTape(), tape.NewGradientTape()
	outer.Start()
	inner.Start()
	y := x.Mul(x).Mul(x)
	inner.Stop()
	dy := inner.Gradient(y, x)
	outer.Stop()
	d2y := outer.Gradient(dy, x)
	approx(t, "dy/dx", dy.Float(), 12)
	approx(t, "d2y/dx2", d2y.Float(), 12)

	// The inner gradient taken after the outer block is not recorded (as with Record).
	outer, inner = tape.NewGradientTape(), tape.NewGradientTape()
	outer.Start()
	inner.Start()
	y = x.Mul(x).Mul(x)
	inner.Stop()
	outer.Stop()
	dy = inner.Gradient(y, x)
	if g := outer.Gradient(dy, x); g != nil {
		t.Errorf("gradient taken outside the outer block was recorded: %v", g)
	}
}

// Nothing computed after Stop is recorded, and Start may continue a recording.
func TestStartStopPausesAndResumes(t *testing.T) {
	x := tape.Constant(3.0)
	tp := tape.NewGradientTape(tape.Persistent(true))
	tp.Start()
	tp.Watch(x)
	y := x.Mul(x) // 9
	tp.Stop()
	z := y.Mul(x) // not recorded
	tp.Start()
	w := y.Mul(y) // y⁴ = x⁴
	tp.Stop()
	if g := tp.Gradient(z, x); g != nil {
		t.Errorf("dz/dx = %v, want None (z was computed while stopped)", g)
	}
	approx(t, "dw/dx", tp.Gradient(w, x).Float(), 4*27)
	approx(t, "dy/dx", tp.Gradient(y, x).Float(), 6)
}

// Starts nest on one tape: recording goes on until the outermost Stop.
func TestStartStopNestOnOneTape(t *testing.T) {
	x := tape.NewVariable(1.5)
	tp := tape.NewGradientTape()
	tp.Start()
	tp.Start()
	y := x.Mul(x)
	tp.Stop()
	z := y.Mul(x) // still recorded: one Start is open
	tp.Stop()
	approx(t, "dz/dx", tp.Gradient(z, x).Float(), 3*1.5*1.5)
}

// A non-persistent tape stops recording at its Gradient call; Stop still closes the block,
// and a second Gradient call fails as with Record.
func TestStartStopNonPersistentGradient(t *testing.T) {
	x := tape.NewVariable(3.0)
	tp := tape.NewGradientTape()
	tp.Start()
	y := x.Sub(4).Pow(2)
	g := tp.Gradient(y, x) // stops the recording
	z := y.Mul(x)          // not recorded
	tp.Stop()
	approx(t, "dy/dx", g.Float(), 2*(3-4))
	err := tape.Try(func() { tp.Gradient(z, x) })
	if err == nil || err.Error() != "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)" {
		t.Errorf("second Gradient: %v", err)
	}
	if err := tape.Try(func() { tp.Stop() }); err == nil {
		t.Error("Stop without Start did not fail")
	}
}

// Reset inside a Start/Stop block records afresh; StopRecording pauses it.
func TestStartStopResetAndStopRecording(t *testing.T) {
	x := tape.NewVariable(2.0)
	tp := tape.NewGradientTape()
	tp.Start()
	_ = x.Mul(100)
	tp.Reset()
	y := x.Mul(x) // 4
	var z *tape.Tensor
	tp.StopRecording(func() { z = y.Mul(x) }) // not recorded
	w := y.Add(z)                             // z is a constant here: dw/dx = 2x
	tp.Stop()
	approx(t, "dw/dx", tp.Gradient(w, x).Float(), 4)
}

// Start/Stop and Record blocks nest in each other: second derivative of sin at 0.5 both ways.
func TestStartStopWithRecord(t *testing.T) {
	x := tape.NewVariable(0.5)
	outer, inner := tape.NewGradientTape(), tape.NewGradientTape()
	outer.Start()
	var y *tape.Tensor
	inner.Record(func() { y = tape.Sin(x.Value()) })
	dy := inner.Gradient(y, x)
	outer.Stop()
	approx(t, "d sin/dx", dy.Float(), math.Cos(0.5))
	approx(t, "d2 sin/dx2", outer.Gradient(dy, x).Float(), -math.Sin(0.5))

	outer, inner = tape.NewGradientTape(), tape.NewGradientTape()
	outer.Record(func() {
		inner.Start()
		y = tape.Sin(x.Value())
		inner.Stop()
		dy = inner.Gradient(y, x)
	})
	approx(t, "d2 sin/dx2 (Record outside)", outer.Gradient(dy, x).Float(), -math.Sin(0.5))
}

// StopAll ends every recording (the kernel calls it when a cell fails): a tape whose Stop was
// skipped by a panic records nothing more.
func TestStopAll(t *testing.T) {
	x := tape.NewVariable(2.0)
	tp := tape.NewGradientTape(tape.Persistent(true))
	err := tape.Try(func() {
		tp.Start()
		tp.Start()
		_ = x.Mul(x)
		panic(errors.New("boom"))
	})
	if err == nil {
		t.Fatal("no error")
	}
	tape.StopAll()
	y := x.Mul(x).Mul(x)
	if g := tp.Gradient(y, x); g != nil {
		t.Errorf("recorded after StopAll: %v", g)
	}
	if err := tape.Try(func() { tp.Stop() }); err == nil {
		t.Error("Stop after StopAll did not fail")
	}
	// The tape can start again.
	tp.Start()
	y = x.Mul(x).Mul(x)
	tp.Stop()
	approx(t, "dy/dx", tp.Gradient(y, x).Float(), 12)
}

func TestStartReleased(t *testing.T) {
	tp := tape.NewGradientTape(tape.Persistent(true))
	tp.Release()
	if err := tape.Try(func() { tp.Start() }); err == nil || err.Error() != "tape: Start: the tape was released" {
		t.Errorf("Start after Release: %v", err)
	}
}

// TestStopInsideRecord: a Stop inside a Record block, with no Start of its own, fails and
// leaves the block recording.
func TestStopInsideRecord(t *testing.T) {
	x := tape.NewVariable(3.0)
	tp := tape.NewGradientTape()
	var y *tape.Tensor
	tp.Record(func() {
		if err := tape.Try(func() { tp.Stop() }); err == nil {
			t.Error("Stop inside Record without Start did not fail")
		}
		y = x.Mul(x)
	})
	if g := tp.Gradient(y, x); g == nil || g.Float() != 6 {
		t.Fatalf("gradient %v, want 6", g)
	}
}
