"""Errors that read like Go, at the right line, through jupyter_client (issue 16): runtime
errors in Go's words, frames at the failing line, all-or-nothing cells, no interpreter
internals, unsupported features named, package ops taking variables."""
import re

from cellout import execute, ok

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def error_of(kc, code):
    """The error's name, value and traceback text (without its ANSI colours)."""
    cell = execute(kc, code)
    assert cell.status == "error", (code, cell)
    e = cell.error
    return e["ename"], e["evalue"], ANSI.sub("", "\n".join(e["traceback"]))


def test_traceback_in_colour(kernel):
    """As ipykernel's: the error's name in red, cell positions in green."""
    km, kc = kernel
    cell = execute(kc, "s := []int{1, 2}\ni := 5\ns[i]")
    assert cell.error["traceback"] == ["\x1b[0;31mpanic\x1b[0m: runtime error: index out of range [5] with length 2",
                                       "\x1b[0;32mcell:3\x1b[0m: s[i]"]


def test_runtime_errors_in_gos_words(kernel):
    km, kc = kernel
    assert error_of(kc, "s := []int{1, 2}\ni := 5\ns[i]") == (
        "panic", "runtime error: index out of range [5] with length 2",
        "panic: runtime error: index out of range [5] with length 2\ncell:3: s[i]")
    name, value, tb = error_of(kc, 'var m map[string]int\nm["a"] = 1')
    assert (name, value) == ("panic", "assignment to entry in nil map") and "cell:2" in tb
    name, value, _ = error_of(kc, "type P struct{ X int }\nvar p *P\np.X")
    assert value == "runtime error: invalid memory address or nil pointer dereference (p is nil)"
    name, value, tb = error_of(kc, "func two(a, b int) int { return a + b }\ntwo(1, 2, 3)")
    assert (name, value) == ("CompileError", "cell:2:11: too many arguments in call to two")
    name, value, tb = error_of(kc, 'strings.Map(func(r int) int { return r }, "a")')
    assert name == "CompileError" and "reflect" not in value + tb


def test_traceback_points_at_the_failing_line(kernel):
    km, kc = kernel
    code = "func inner() {\n\tvar s []int\n\t_ = s[3]\n}\nfunc outer() {\n\tinner()\n}\nouter()"
    name, value, tb = error_of(kc, code)
    assert tb.endswith("cell:8: outer()\ncell:6:2: in outer: inner()\ncell:3:6: in inner: _ = s[3]"), tb


def test_a_cell_that_does_not_compile_runs_and_declares_nothing(kernel):
    km, kc = kernel
    cell = execute(kc, 'f := func() int { return 1 }\nfmt.Println("ran")\nundefinedX()')
    assert cell.status == "error" and cell.stdout == "", cell
    assert cell.error["evalue"] == "cell:3:1: undefined: undefinedX"
    name, value, _ = error_of(kc, "f()")
    assert (name, value) == ("CompileError", "cell:1:1: undefined: f")
    ok(kc, "k := 41\nfunc inc(n int) int { return n + 1 }")
    assert execute(kc, 'k := "str"\nfunc inc(n int) int { return n + 2 }\nundefinedX').status == "error"
    assert ok(kc, "inc(k)").result == "42"


def test_interpreter_internals_never_show_and_missing_features_are_named(kernel):
    km, kc = kernel
    ok(kc, 'import "slices"')
    cases = {
        "x := undefinedThing + 1": "cell:1:6: undefined: undefinedThing",
        "min(1, 2)": "cell:1:1: undefined: min (the min builtin of Go 1.21 is not supported by the interpreter)",
        "slices.Max([]int{1, 3})": "cell:1:1: slices.Max is generic: the interpreter cannot call the generic functions "
                                   "of compiled packages (func Max[S ~[]E, E cmp.Ordered](x S) E)",
        "for x := range func(yield func(int) bool) {} {\n\tfmt.Println(x)\n}":
            "cell:1:16: cannot range over a function: the interpreter ranges over slices, arrays, strings, maps, "
            "channels and integers; range over functions (Go 1.23 iterators) is not supported",
    }
    for code, want in cases.items():
        name, value, tb = error_of(kc, code)
        assert (name, value) == ("CompileError", want), code
        assert "yaegi" not in tb and "nil type" not in tb, tb


def test_package_ops_take_variables(kernel):
    km, kc = kernel
    ok(kc, "x := tape.Constant([][]float64{{1, 2}})\nw := tape.NewVariable([][]float64{{3}, {4}})")
    assert ok(kc, "fmt.Println(tape.MatMul(x, w))").stdout == "tf.Tensor([[11.]], shape=(1, 1), dtype=float32)\n"
    cell = ok(kc, "tp := tape.NewGradientTape()\nvar y *tape.Tensor\ntp.Record(func() { y = tape.MatMul(x, w) })\n"
                  "fmt.Println(tp.Gradient(y, w))")
    assert cell.stdout == "tf.Tensor(\n[[1.]\n [2.]], shape=(2, 1), dtype=float32)\n"


def test_a_bare_tensor_shows_tensorflows_repr(kernel):
    km, kc = kernel
    ok(kc, "x := tape.Constant(3.0)\ntp := tape.NewGradientTape(tape.Persistent(true))\nvar y *tape.Tensor\n"
           "tp.Record(func() {\n\ttp.Watch(x)\n\ty = x.Mul(x)\n})")
    assert ok(kc, "tp.Gradient(y, x)").result == "<tf.Tensor: shape=(), dtype=float32, numpy=6.0>"
    assert ok(kc, 'tape.NewVariable(3.0, tape.Name("x"))').result == "<tf.Variable 'x:0' shape=() dtype=float32, numpy=3.0>"
    assert ok(kc, "fmt.Println(tp.Gradient(y, x))").stdout == "tf.Tensor(6.0, shape=(), dtype=float32)\n"


def test_a_closure_called_by_compiled_code_has_its_frame(kernel):
    km, kc = kernel
    name, value, tb = error_of(kc, "arr := []int{3, 1, 2}\nsort.Slice(arr, func(i, j int) bool {\n\treturn arr[i+5] < arr[j]\n})")
    assert value == "runtime error: index out of range [6] with length 3"
    assert tb.endswith("cell:2: sort.Slice(arr, func(i, j int) bool {\ncell:3:9: in func: return arr[i+5] < arr[j]"), tb
    name, value, tb = error_of(kc, "var nilm map[int]bool\nsort.Slice(arr, func(i, j int) bool {\n\tnilm[i] = true\n\treturn false\n})")
    assert value == "assignment to entry in nil map" and tb.endswith("cell:3:2: in func: nilm[i] = true"), tb


def test_a_missing_method_or_wrong_return_type_reads_like_go(kernel):
    km, kc = kernel
    assert error_of(kc, "x := tape.Constant(1.0)\nx.ReduceSum()")[1] == \
        "cell:2:1: x.ReduceSum undefined (type *tape.Tensor has no field or method ReduceSum)"
    assert error_of(kc, "tape.Constant(1.0).Mul(2).Nope()")[1] == \
        "cell:1:1: tape.Constant(1.0).Mul(2).Nope undefined (type *tape.Tensor has no field or method Nope)"
    assert error_of(kc, "func fr() string { return 1 }")[1] == \
        "cell:1:27: cannot use 1 (type untyped int) as type string in return argument"


def test_an_error_value_panics_as_go_prints_it(kernel):
    km, kc = kernel
    name, value, tb = error_of(kc, "tape.Ones(2).MatMul(tape.Ones(3))")
    assert tb.startswith("panic: tape: MatMul: needs matrices (rank >= 2), got shapes (2,) and (3,)\ncell:1: "), tb


def test_the_failing_line_in_a_top_level_loop_and_in_a_goroutine(kernel):
    km, kc = kernel
    name, value, tb = error_of(kc, "xs := []int{1}\nfor i := range 3 {\n\txs[i] = i\n}")
    assert tb.endswith("cell:2: for i := range 3 {\ncell:3:2: xs[i] = i"), tb
    cell = execute(kc, "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tvar s []int\n\t_ = s[1]\n}()\n<-done\n"
                       "time.Sleep(50 * time.Millisecond)")
    assert cell.stderr == "panic in goroutine: runtime error: index out of range [1] with length 0\ncell:5:6: in func: _ = s[1]\n", cell
    assert "__gotape" not in "".join(cell.error["traceback"]), cell
