package interp

import "testing"

// TestResultsShowTensorFlowsRepr: a bare tensor or variable shows TensorFlow's repr, as
// a notebook shows a bare value; fmt keeps the printed form.
func TestResultsShowTensorFlowsRepr(t *testing.T) {
	e := New()
	for _, c := range []struct{ code, result, stdout string }{
		{code: "tape.Constant(6.0)", result: "<tf.Tensor: shape=(), dtype=float32, numpy=6.0>"},
		{code: "tape.NewVariable(3.0, tape.Name(\"x\"))", result: "<tf.Variable 'x:0' shape=() dtype=float32, numpy=3.0>"},
		{code: "var g *tape.Tensor\ng", result: "None"},
		{code: "import \"fmt\"\nfmt.Println(tape.Constant(6.0))", stdout: "tf.Tensor(6.0, shape=(), dtype=float32)\n"},
		{code: "a := tape.NewVariable(1.0)\nb := tape.NewVariable(2.0)\nt := tape.NewGradientTape()\nvar y *tape.Tensor\nt.Record(func() { y = a.Mul(a).Add(b.Mul(b).Mul(tape.Constant(0.75))) })\nt.Gradients(y, []*tape.Variable{a, b})",
			result: "[<tf.Tensor: shape=(), dtype=float32, numpy=2.0>, <tf.Tensor: shape=(), dtype=float32, numpy=3.0>]"},
		{code: "[]*tape.Tensor{tape.Constant(1.0), nil}", result: "[<tf.Tensor: shape=(), dtype=float32, numpy=1.0>, None]"},
		{code: "[]*tape.Variable{tape.NewVariable(3.0, tape.Name(\"x\")), nil}", result: "[<tf.Variable 'x:0' shape=() dtype=float32, numpy=3.0>, None]"},
		{code: "[]*tape.Tensor{}", result: "[]"},
		{code: "fmt.Println([]*tape.Tensor{tape.Constant(1.0), nil})", stdout: "[tf.Tensor(1.0, shape=(), dtype=float32) None]\n"},
	} {
		r := run(t, e, c.code)
		if r.err != nil || r.result != c.result || r.rec.out() != c.stdout {
			t.Errorf("%q: result %q, stdout %q, %+v; want %q, %q", c.code, r.result, r.rec.out(), r.err, c.result, c.stdout)
		}
	}
}
