package interp

import (
	"log"
	"os"
	"strings"
	"testing"
)

// goErrors are cells whose errors must read as Go's, at the cell line that failed.
// value is the exact error value; tb a substring of the joined traceback.
var goErrors = []struct{ code, name, value, tb string }{
	{"s := []int{1, 2}\ni := 5\ns[i]", "panic", "runtime error: index out of range [5] with length 2", "cell:3: s[i]"},
	{"s := []int{1, 2}\ni := 5\ns[i] = 3", "panic", "runtime error: index out of range [5] with length 2", "cell:3: s[i] = 3"},
	{"a := [2]int{}\ni := -1\na[i+3]", "panic", "runtime error: index out of range [2] with length 2", ""},
	{"sl := []int{1, 2, 3}\nhi := 5\nsl[1:hi]", "panic", "runtime error: slice bounds out of range [:5] with capacity 3", "cell:3: sl[1:hi]"},
	{"sl := []int{1, 2, 3}\nlo := 3\nsl[lo:2]", "panic", "runtime error: slice bounds out of range [3:2]", ""},
	{"ss := \"abc\"\nhi := 5\nss[1:hi]", "panic", "runtime error: slice bounds out of range [:5] with length 3", ""},
	{"var m map[string]int\nm[\"a\"] = 1", "panic", "assignment to entry in nil map", "cell:2"},
	{"type P struct{ X int }\nvar p *P\np.X", "panic", "runtime error: invalid memory address or nil pointer dereference (p is nil)", "cell:3: p.X"},
	{"var q *int\n*q", "panic", "runtime error: invalid memory address or nil pointer dereference (q is nil)", ""},
	{"var fnil func()\nfnil()", "panic", "runtime error: invalid memory address or nil pointer dereference (fnil is nil)", ""},
	{"var e error\ne.Error()", "panic", "runtime error: invalid memory address or nil pointer dereference (e is nil)", ""},
	{"var i any = 1\ni.(string)", "panic", "interface conversion: interface {} is int, not string", ""},
	{"func two(a, b int) int { return a + b }\ntwo(1, 2, 3)", "CompileError", "cell:2:11: too many arguments in call to two", ""},
	{"func two2(a, b int) int { return a + b }\ntwo2(1)", "CompileError", "cell:2:1: not enough arguments in call to two2", ""},
	{"strings.Map(func(r int) int { return r }, \"a\")", "CompileError", "cell:1:13: cannot use type func(int) int as type func(int32) int32", ""},
	// An undefined name under an index of a selector is "undefined", not a nil dereference.
	{"d := tp.Gradients(nil, nil)[0]", "CompileError", "cell:1:6: undefined: tp (no package tp in the standard library; %go get it?)", ""},
	{"d := tp.X[0]", "CompileError", "cell:1:6: undefined: tp (no package tp in the standard library; %go get it?)", ""},
	// Frames inside interpreted functions are at the failing line, not the func header.
	{"func inner() {\n\tvar s []int\n\t_ = s[3]\n}\nfunc outer() {\n\tinner()\n}\nouter()", "panic", "runtime error: index out of range [3] with length 0",
		"cell:8: outer()\ncell:6:2: in outer: inner()\ncell:3:6: in inner: _ = s[3]"},
	// An error value panics as Go prints it: its message, no type.
	{"tape.Ones(2).MatMul(tape.Ones(3))", "panic", "tape: MatMul: needs matrices (rank >= 2), got shapes (2,) and (3,)",
		"panic: tape: MatMul: needs matrices (rank >= 2), got shapes (2,) and (3,)\ncell:1: tape.Ones(2).MatMul(tape.Ones(3))"},
	// A failing line inside a loop or block at the top of the cell, and in a goroutine.
	{"xs := []int{1}\nfor i := range 3 {\n\txs[i] = i\n}", "panic", "runtime error: index out of range [1] with length 1", "cell:2: for i := range 3 {\ncell:3:2: xs[i] = i"},
	{"done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tvar s []int\n\t_ = s[1]\n}()\n<-done\ntime.Sleep(50 * time.Millisecond)", "panic",
		"in goroutine: runtime error: index out of range [1] with length 0", "panic in goroutine: runtime error: index out of range [1] with length 0\ncell:5:6: in func: _ = s[1]"},
	// A closure called by compiled code (sort.Slice) has its frame too.
	{"arr := []int{3, 1, 2}\nsort.Slice(arr, func(i, j int) bool {\n\treturn arr[i+5] < arr[j]\n})", "panic", "runtime error: index out of range [6] with length 3",
		"cell:2: sort.Slice(arr, func(i, j int) bool {\ncell:3:9: in func: return arr[i+5] < arr[j]"},
	// %timeit's statement keeps its cell position; a %%timeit body its lines.
	{"y := 1\n  %timeit   -n 1 -r 1 undefinedQ(y)", "CompileError", "cell:2:23: undefined: undefinedQ", ""},
	{"%timeit -n 1 -r 1 undefinedQ", "CompileError", "cell:1:19: undefined: undefinedQ", ""},
	{"yt := 1\n  %time   yt.Foo()", "CompileError", "cell:2:11: yt.Foo undefined (type int has no field or method Foo)", ""},
	{"%%time -x\n1", "UsageError", "Can't use statement directly after '%%time'!", ""},
	{"%%timeit -n 1 -r 1\na := 1\nb := []int{}\n_ = b[a]", "panic", "runtime error: index out of range [1] with length 0", "cell:4:5: in func: _ = b[a]"},
	// A missing field or method, and a wrong return type, in Go's words (once "undefined
	// selector: Foo" and "(type intT) as type stringT").
	{"xi := 1\nxi.Foo()", "CompileError", "cell:2:1: xi.Foo undefined (type int has no field or method Foo)", ""},
	{"tape.Constant(1.0).Mul(2).Nope()", "CompileError", "cell:1:1: tape.Constant(1.0).Mul(2).Nope undefined (type *tape.Tensor has no field or method Nope)", ""},
	{"var sb strings.Builder\nsb.Nope()", "CompileError", "cell:2:1: sb.Nope undefined (type strings.Builder has no field or method Nope)", ""},
	{"type empty struct{}\nempty{}.Bar()", "CompileError", "cell:2:1: empty{}.Bar undefined (type empty has no field or method Bar)", ""},
	{"func fr() string { return 1 }", "CompileError", "cell:1:27: cannot use 1 (type untyped int) as type string in return argument", ""},
	// A tape op's operand is a tape.TensorLike (a tensor or a variable): numbers, slices and
	// the cell's own types are refused when the cell compiles, with Go's reason.
	{"tape.Sin(1.5)", "CompileError", "cell:1:10: cannot use type float64 as type tape.TensorLike: float64 does not implement tape.TensorLike (missing method tensor); tape's ops take a *tape.Tensor or a *tape.Variable (tape.Constant(v) makes a tensor of a number or a slice)", ""},
	{"fv := 2.0\ntape.Add(tape.Ones(2), fv)", "CompileError", "cell:2:24: cannot use type float64 as type tape.TensorLike: float64 does not implement tape.TensorLike (missing method tensor); tape's ops take a *tape.Tensor or a *tape.Variable (tape.Constant(v) makes a tensor of a number or a slice)", ""},
	{"tape.MatMul(tape.Ones(2, 2), []float64{1, 2})", "CompileError", "cell:1:30: cannot use type []float64 as type tape.TensorLike: []float64 does not implement tape.TensorLike (missing method tensor); tape's ops take a *tape.Tensor or a *tape.Variable (tape.Constant(v) makes a tensor of a number or a slice)", ""},
	{"type fake struct{}\nfunc (fake) tensor() *tape.Tensor { return nil }\ntape.Sin(fake{})", "CompileError", "cell:3:10: cannot use type main.fake as type tape.TensorLike: main.fake does not implement tape.TensorLike (unexported method tensor); tape's ops take a *tape.Tensor or a *tape.Variable (tape.Constant(v) makes a tensor of a number or a slice)", ""},
	{"var tl tape.TensorLike = 1\n_ = tl", "CompileError", "cell:1:26: cannot use type int as type tape.TensorLike in assignment: int does not implement tape.TensorLike (missing method tensor); tape's ops take a *tape.Tensor or a *tape.Variable (tape.Constant(v) makes a tensor of a number or a slice)", ""},
	// yaegi's words never show, and missing features are named.
	{"x := undefinedThing + 1", "CompileError", "cell:1:6: undefined: undefinedThing", ""},
	{"var y = undefinedThing + 1", "CompileError", "cell:1:9: undefined: undefinedThing", ""},
	{"type T struct{ A Undef }", "CompileError", "cell:1:18: undefined: Undef", ""},
	{"min(1, 2)", "CompileError", "cell:1:1: undefined: min (the min builtin of Go 1.21 is not supported by the interpreter)", ""},
	{"slices.Max([]int{1, 3})", "CompileError", "cell:1:1: slices.Max is generic: the interpreter cannot call the generic functions of compiled packages (func Max[S ~[]E, E cmp.Ordered](x S) E)", ""},
	{"slices.Maxx([]int{1, 3})", "CompileError", "cell:1:1: undefined: slices.Maxx", ""},
	{"for x := range func(yield func(int) bool) {} {\n\tfmt.Println(x)\n}", "CompileError", "cell:1:16: cannot range over a function: the interpreter ranges over slices, arrays, " +
		"strings, maps, channels and integers; range over functions (Go 1.23 iterators) is not supported", ""},
	{"for k, v := range 3.5 {\n\t_, _ = k, v\n}", "CompileError", "cell:1:19: cannot range over 3.5: the interpreter ranges over slices, arrays, " +
		"strings, maps, channels and integers; range over functions (Go 1.23 iterators) is not supported", ""},
	{"var st struct{}\nfor k := range st {\n\t_ = k\n}", "CompileError", "cell:2:16: cannot range over st: the interpreter ranges over slices, arrays, " +
		"strings, maps, channels and integers; range over functions (Go 1.23 iterators) is not supported", ""},
}

func TestErrorsReadLikeGo(t *testing.T) {
	var logged strings.Builder // the interpreter logs nothing (it once logged "nil type")
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	defer func() {
		if logged.Len() > 0 {
			t.Errorf("the interpreter logged %q", logged.String())
		}
	}()
	e := New()
	run(t, e, "import (\n\t\"fmt\"\n\t\"slices\"\n\t\"sort\"\n\t\"strings\"\n\t\"time\"\n)")
	for _, c := range goErrors {
		r := run(t, e, c.code)
		if r.err == nil {
			t.Errorf("%q: no error", c.code)
			continue
		}
		tb := strings.Join(r.err.Traceback, "\n")
		if r.err.Name != c.name || r.err.Value != c.value || !strings.Contains(tb, c.tb) {
			t.Errorf("%q:\n got  %s: %s\n%s\n want %s: %s\n%s", c.code, r.err.Name, r.err.Value, tb, c.name, c.value, c.tb)
		}
		if strings.Contains(tb, "yaegi") || strings.Contains(tb, "reflect") || strings.Contains(tb, "__gotape") {
			t.Errorf("%q: the interpreter's internals show: %s", c.code, tb)
		}
	}
}

// TestVariablesAsOpArguments: package ops take variables (a tape.TensorLike) as the methods
// do: the read is tracked, so the gradient with respect to the variable is right.
func TestVariablesAsOpArguments(t *testing.T) {
	e := New()
	run(t, e, "x := tape.Constant([][]float64{{1, 2}})\nw := tape.NewVariable([][]float64{{3}, {4}})")
	for code, want := range map[string]string{
		"tape.MatMul(x, w)": "<tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[11.]], dtype=float32)>",
		"tape.Add(w, w)":    "<tf.Tensor: shape=(2, 1), dtype=float32, numpy=\narray([[6.],\n       [8.]], dtype=float32)>",
		"tp := tape.NewGradientTape()\nvar y *tape.Tensor\ntp.Record(func() { y = tape.MatMul(x, w) })\ntp.Gradient(y, w)": "<tf.Tensor: shape=(2, 1), dtype=float32, numpy=\narray([[1.],\n       [2.]], dtype=float32)>",
		"func sq(v *tape.Variable) *tape.Tensor { return tape.Square(v) }\nsq(w)":                                          "<tf.Tensor: shape=(2, 1), dtype=float32, numpy=\narray([[ 9.],\n       [16.]], dtype=float32)>",
		// y = w + x·w = [[14], [15]]; d(Σy)/dw = 1 + 2·xᵀ (x·w broadcasts over both rows)
		"tp := tape.NewGradientTape()\nvar y *tape.Tensor\ntp.Record(func() { y = tape.Add(w, tape.MatMul(x, w)) })\nfmt.Println(y.Floats())\ntp.Gradient(y, w)": "<tf.Tensor: shape=(2, 1), dtype=float32, numpy=\narray([[3.],\n       [5.]], dtype=float32)>",
		// x watched too: d(Σ x·w)/dx = wᵀ
		"tp := tape.NewGradientTape()\nvar y *tape.Tensor\ntp.Record(func() { tp.Watch(x); y = tape.MatMul(x, w) })\ntp.Gradient(y, x)": "<tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[3., 4.]], dtype=float32)>",
		"var tl tape.TensorLike = w\ntape.ReduceSum(tl, nil, false)":                                                                    "<tf.Tensor: shape=(), dtype=float32, numpy=7.0>",
	} {
		if r := run(t, e, code); r.err != nil || r.result != want {
			t.Errorf("%q = %q, %+v; want %q", code, r.result, r.err, want)
		}
	}
}
