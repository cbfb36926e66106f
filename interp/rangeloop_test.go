package interp

import (
	"context"
	"strings"
	"testing"
	"time"
)

// rangeSetup defines batches and a step doing compiled work, for the loop-form comparison
// (notebooks issue: `for _, b := range data.Batches(...)` reported ~30x slower than an
// index loop over the same batches).
const rangeSetup = `
x := tape.RandomNormal([]int{2048, 64}, 0, 1)
y := tape.RandomNormal([]int{2048, 10}, 0, 1)
w := tape.NewVariable(tape.RandomNormal([]int{64, 10}, 0, 0.1))
steps := 0
func trainStep(a, b *tape.Tensor) float64 {
	tp := tape.NewGradientTape()
	var loss *tape.Tensor
	tp.Record(func() { loss = a.MatMul(w).Sub(b).Abs().Mean() })
	g := tp.Gradients(loss, []*tape.Variable{w})
	w.AssignSub(g[0].Mul(0.001))
	steps++
	return loss.Float()
}`

// rangeForms are the loop forms compared; each runs 2048/32 = 64 steps.
var rangeForms = []struct{ name, code string }{
	{"index", "bs := data.Batches(x, y, 32)\nfor i := 0; i < len(bs); i++ { trainStep(bs[i].X, bs[i].Y) }"},
	{"range", "for _, b := range data.Batches(x, y, 32) { trainStep(b.X, b.Y) }"},
	{"range+closure", "for _, b := range data.Batches(x, y, 32) { f := func() float64 { return trainStep(b.X, b.Y) }; f() }"},
	{"range in func", "func epoch() { for _, b := range data.Batches(x, y, 32) { trainStep(b.X, b.Y) } }\nepoch()"},
}

// TestRangeLoopCost compares ranging over a compiled []data.Batch with an index loop in
// one run (a ratio, not a time limit): every form must run all steps and none may be
// several times slower than the index loop.
func TestRangeLoopCost(t *testing.T) {
	e := New()
	if r := run(t, e, rangeSetup); r.err != nil {
		t.Fatalf("%s: %s", r.err.Name, r.err.Value)
	}
	best := map[string]time.Duration{}
	for rep := 0; rep < 3; rep++ {
		for _, f := range rangeForms {
			t0 := time.Now()
			r := run(t, e, "steps = 0\n"+f.code+"\nsteps")
			d := time.Since(t0)
			if r.err != nil || r.result != "64" {
				t.Fatalf("%s: steps %q, err %v", f.name, r.result, r.err)
			}
			if b, ok := best[f.name]; !ok || d < b {
				best[f.name] = d
			}
		}
	}
	var report []string
	for _, f := range rangeForms {
		ratio := float64(best[f.name]) / float64(best["index"])
		report = append(report, f.name+": "+best[f.name].String())
		if ratio > 3 {
			t.Errorf("%s loop takes %.1fx the time of the index loop (%v vs %v)", f.name, ratio, best[f.name], best["index"])
		}
	}
	t.Logf("64 steps, best of 3: %s", strings.Join(report, ", "))
}

// BenchmarkLoopForms times 64 training steps per loop form.
func BenchmarkLoopForms(b *testing.B) {
	for _, f := range rangeForms {
		b.Run(f.name, func(b *testing.B) {
			e := New()
			ctx := context.Background()
			if _, err := e.Execute(ctx, rangeSetup, nopOutput{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := e.Execute(ctx, f.code, nopOutput{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
