package tape_test

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/gotape/gotape/tape"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestSpeedTargets checks issue 2's speed targets in CPU time (robust to a loaded machine):
// 100k linear-regression steps in ≤ 1 s and ≤ 1 µs per recorded scalar op with backward.
// Run with GOTAPE_SPEED=1; it is skipped otherwise.
func TestSpeedTargets(t *testing.T) {
	if os.Getenv("GOTAPE_SPEED") == "" {
		t.Skip("set GOTAPE_SPEED=1 to run the speed targets")
	}
	l := newLinReg()
	c0, w0 := cpuTime(), time.Now()
	for range 100000 {
		l.step()
	}
	cpu, wall := cpuTime()-c0, time.Since(w0)
	t.Logf("100k linear-regression steps: %v CPU, %v wall", cpu, wall)
	if cpu > time.Second {
		t.Errorf("100k linear-regression steps took %v CPU, target 1s", cpu)
	}
	x := tape.NewVariable(0.5)
	const steps, ops = 2000, 100
	c0, w0 = cpuTime(), time.Now()
	for range steps {
		tp := tape.NewGradientTape()
		var y *tape.Tensor
		tp.Record(func() {
			y = x.Value()
			for range ops / 2 {
				y = y.Mul(x).Add(0.25)
			}
		})
		tp.Gradient(y, x)
	}
	cpu, wall = cpuTime()-c0, time.Since(w0)
	per := cpu / (steps * ops)
	t.Logf("recorded scalar op incl. backward: %v CPU (%v wall)", per, wall/(steps*ops))
	if per > time.Microsecond {
		t.Errorf("%v CPU per recorded scalar op, target 1µs", per)
	}
}
