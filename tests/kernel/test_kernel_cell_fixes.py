"""Cells a Go user writes that once failed, through jupyter_client: indexing what a compiled
method returns at a cell's top level, a var initialised from an earlier cell, a conversion
to a cell type showing its String method, a range the interpreter cannot compile (an error
in Go's terms, and nothing logged on the kernel's own stderr)."""
import re

from jupyter_client.manager import start_new_kernel

from cellout import execute, ok
from gotape_kernel_cells import IMPORTS

SETUP = ("a := tape.NewVariable(3.0)\nb := tape.NewVariable(2.0)\nvs := []*tape.Variable{a, b}\n"
         "t := tape.NewGradientTape(tape.Persistent(true))\nvar loss *tape.Tensor\nt.Record(func() { loss = a.Mul(b) })")


def test_indexing_a_method_result_at_top_level(kernel):
    km, kc = kernel
    ok(kc, SETUP)
    assert ok(kc, "d := t.Gradients(loss, vs)[0]\nd").result == "<tf.Tensor: shape=(), dtype=float32, numpy=2.0>"
    assert ok(kc, "gs := t.Gradients(loss, vs)\nd := gs[1]\nd").result == "<tf.Tensor: shape=(), dtype=float32, numpy=3.0>"
    assert ok(kc, "var g0 = t.Gradients(loss, vs)[0].Float()\ng0").result == "2"
    assert ok(kc, "var fromEarlier = a\nfromEarlier.Name()").result == "Variable"


def test_a_conversion_to_a_cell_type_shows_its_string_method(kernel):
    km, kc = kernel
    ok(kc, 'type V int\nfunc (v V) String() string { return fmt.Sprintf("V<%d>", int(v)) }')
    assert ok(kc, "V(3)").result == "V<3>"
    assert ok(kc, "fmt.Println(V(3))").stdout == "V<3>\n"


def test_a_range_that_cannot_compile_says_so_and_logs_nothing(gotape_bin, tmp_path):
    with open(tmp_path / "stderr", "wb") as err:
        km, kc = start_new_kernel(kernel_name="gotape", startup_timeout=60, stderr=err)
        try:
            ok(kc, IMPORTS)
            for code, pos, what in [("for k, v := range 3.5 {\n\t_, _ = k, v\n}", "1:19", "3.5"),
                                    ("var st struct{}\nfor k := range st {\n\t_ = k\n}", "2:16", "st")]:
                cell = execute(kc, code)
                assert cell.error["ename"] == "CompileError", cell
                assert cell.error["evalue"] == (
                    "cell:%s: cannot range over %s: the interpreter ranges over slices, arrays, strings, maps, channels "
                    "and integers; range over functions (Go 1.23 iterators) is not supported" % (pos, what))
            assert ok(kc, "1 + 1").result == "2"
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    logged = (tmp_path / "stderr").read_text()
    assert not re.search(r"nil type", logged), logged
