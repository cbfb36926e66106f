"""Magics and shell lines in IPython's spelling, through jupyter_client."""
import re

from cellout import execute, ok

TIME_LINES = re.compile(r"CPU times: user \S+ \S+, sys: \S+ \S+, total: \S+ \S+\nWall time: \S+ (s|ms|µs|ns)\n$")


def test_time_and_timeit(kernel):
    km, kc = kernel
    cell = ok(kc, "%%time\nn := 0\nfor i := 0; i < 1000; i++ {\n\tn += i\n}\nn")
    assert cell.result == "499500"
    assert TIME_LINES.match(cell.stdout), cell.stdout
    cell = ok(kc, "%time n * 2")
    assert cell.result == "999000" and TIME_LINES.match(cell.stdout), cell
    cell = ok(kc, "%timeit n * 2")
    assert re.match(r"\S+ (ms|µs|ns) ± \S+ (s|ms|µs|ns) per loop \(mean ± std\. dev\. of 7 runs, [\d,]+ loops? each\)\n$",
                    cell.stdout), cell.stdout
    cell = ok(kc, "%timeit -n 3 -r 2 time.Sleep(2 * time.Millisecond)")
    m = re.match(r"(\d+(?:\.\d+)?) ms ± \S+ \S+ per loop \(mean ± std\. dev\. of 2 runs, 3 loops each\)\n$", cell.stdout)
    assert m and 2 <= float(m.group(1)) < 50, cell.stdout


def test_shell_lines_stream_and_show_exit(kernel):
    km, kc = kernel
    cell = ok(kc, 'fmt.Println("before")\n!echo from sh; echo to stderr >&2\n!exit 4\nfmt.Println("after")')
    assert cell.stdout == "before\nfrom sh\nafter\n"
    assert cell.stderr == "to stderr\n!exit 4: exit status 4\n"
    # `!` continuing a Go expression stays Go
    assert ok(kc, "t := false\nu := t ||\n!t\nu").result == "true"


def test_env_who_writefile_reset(kernel, tmp_path):
    km, kc = kernel
    cell = ok(kc, "%env GOTAPE_E2E=42\n!echo $GOTAPE_E2E\nos.Getenv(\"GOTAPE_E2E\")")
    assert cell.stdout == "env: GOTAPE_E2E=42\n42\n" and cell.result == "42"
    assert ok(kc, "%env GOTAPE_E2E").stdout == "42\n"
    env = ok(kc, "%env").stdout
    assert "GOTAPE_E2E=42\n" in env and "YAEGI" not in env, env  # nothing of the interpreter's own
    ok(kc, "w := tape.Scalar(1)\nfunc sq(v float64) float64 { return v * v }\nlabel := \"x\"")
    who = ok(kc, "%who").stdout
    assert re.search(r"(?m)^w +\*tape\.Tensor$", who) and re.search(r"(?m)^sq +func\(v float64\) float64$", who) \
        and re.search(r"(?m)^label +string$", who), who
    ok(kc, "type pair struct{ n int }\nps := []pair{{3}}")
    assert re.search(r"(?m)^ps +\[\]pair$", ok(kc, "%who").stdout)  # a cell type by its name
    f = tmp_path / "hello.go"
    cell = ok(kc, f"%%writefile {f}\npackage main\n\nfunc main() {{}}")
    assert cell.stdout == f"Writing {f}\n" and f.read_text() == "package main\n\nfunc main() {}\n"
    assert ok(kc, f"%%writefile -a {f}\n// more").stdout == f"Appending to {f}\n"
    assert f.read_text().endswith("}\n// more\n")
    ok(kc, "%reset")
    cell = execute(kc, "label")
    assert cell.status == "error" and "undefined: label" in cell.error["evalue"], cell
    assert ok(kc, "tape.Scalar(3).Float()").result == "3"


def test_help_unknown_magic_completion_is_complete(kernel):
    km, kc = kernel
    out = ok(kc, "%help").stdout
    for magic in ("%%time", "%time STMT", "%timeit", "!cmd", "%env", "%who", "%reset", "%%writefile", "%help"):
        assert magic in out, (magic, out)
    assert len(out.splitlines()) == 1 + len(re.findall(r"(?m)^  [%!]", out))
    cell = execute(kc, 'fmt.Println("not run")\n%timit 1')
    assert cell.status == "error" and cell.error["ename"] == "UsageError" and cell.stdout == ""
    assert "Line magic function `%timit` not found" in cell.error["evalue"] and "%timeit" in cell.error["evalue"]
    reply = kc.complete("%tim", 4, reply=True, timeout=30)["content"]
    assert reply["matches"] == ["%time", "%timeit"] and reply["cursor_start"] == 0
    assert is_complete(kc, "%%time\nfor i := 0; i < 2; i++ {") == "incomplete"
    assert is_complete(kc, "!ls -l") == "complete"
    assert is_complete(kc, "%%writefile f.txt\nabc") == "incomplete"


def is_complete(kc, code):
    msg_id = kc.is_complete(code)
    while True:
        msg = kc.get_shell_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]["status"]


def test_interrupt_kills_shell_command(kernel):
    import threading
    import time

    km, kc = kernel
    threading.Timer(1.0, km.interrupt_kernel).start()
    t0 = time.monotonic()
    cell = execute(kc, 'fmt.Println("start")\n!echo sleeping; sleep 30\nfmt.Println("not reached")')
    assert time.monotonic() - t0 < 10
    assert cell.status == "error" and cell.error["ename"] == "Interrupted", cell
    assert cell.stdout == "start\nsleeping\n"
    assert ok(kc, "1 + 1").result == "2"


def test_inspect_magic(kernel):
    km, kc = kernel
    msg_id = kc.inspect("%timeit x", 3)
    while True:
        msg = kc.get_shell_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id:
            break
    c = msg["content"]
    assert c["status"] == "ok" and c["found"]
    assert c["data"]["text/plain"].startswith("%timeit [-n N] [-r R] STMT\n\ntime STMT over auto-ranged loops")


def test_magics_as_a_go_user_writes_them(kernel):
    """%timeit of a tape op (the loop is compiled once), a shell pipeline, %%time of a cell that
    fails (the error, at its cell line, and no times, as IPython), a %timeit whose statement
    does not compile (the error at its column in the cell)."""
    km, kc = kernel
    ok(kc, "x := tape.Constant([]float64{1, 2, 3})")
    cell = ok(kc, "%timeit -r 3 tape.ReduceSum(x.Mul(x), nil, false)")
    assert re.match(r"\S+ (ms|µs|ns) ± \S+ \S+ per loop \(mean ± std\. dev\. of 3 runs, [\d,]+ loops? each\)\n$", cell.stdout), cell
    cell = ok(kc, "%timeit -n 5 -r 2 tp := tape.NewGradientTape(); var y *tape.Tensor; "
                  "tp.Record(func() { tp.Watch(x); y = x.Mul(x) }); tp.Gradient(y, x)")
    assert "of 2 runs, 5 loops each)" in cell.stdout, cell
    assert ok(kc, "!echo a b c | tr ' ' '\\n' | sort -r | head -2").stdout == "c\nb\n"
    cell = execute(kc, "%%time\ns := []int{1}\ni := 4\ns[i]")
    assert cell.error["evalue"] == "runtime error: index out of range [4] with length 1", cell
    assert "cell:4" in "".join(cell.error["traceback"]) and "Wall time" not in cell.stdout, cell
    cell = execute(kc, "n := 1\n%timeit -n 1 x.Mul(undefinedQ)")
    assert cell.error["evalue"] == "cell:2:20: undefined: undefinedQ", cell
    assert execute(kc, "%time x.Mul(undefinedQ)").error["evalue"] == "cell:1:13: undefined: undefinedQ"
    cell = execute(kc, "%%time -x\n1")
    assert (cell.error["ename"], cell.error["evalue"]) == ("UsageError", "Can't use statement directly after '%%time'!")
