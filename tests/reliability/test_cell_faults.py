"""Faults in cells: after each, the kernel answers, the next cell runs and earlier variables
keep their values; where the process cannot be saved, the frontend is told clearly."""
import time

import pytest

from relkit import stdout_of

SETUP = 'kept := 41\nkeptSlice := []int{1, 2, 3}\nw := tape.NewVariable(2.0)\nvar counter int'
CHECK = 'fmt.Println("kept", kept+1, keptSlice, w.Float(), counter > -1)'


def check_alive(raw, k, pid):
    r, msgs = raw.run(CHECK)
    assert r["content"]["status"] == "ok", (r["content"], k.stderr()[-2000:])
    assert stdout_of(msgs) == "kept 42 [1 2 3] 2 true\n"
    assert k.pid == pid and k.alive()


@pytest.fixture
def faulty(kern):
    raw = kern.raw0
    r = raw.execute(SETUP, timeout=60)
    assert r["content"]["status"] == "ok", r["content"]
    return kern, raw


def error_of(raw, code, timeout=60):
    r, msgs = raw.run(code, timeout=timeout)
    c = r["content"]
    assert c["status"] == "error", c
    errs = [m for m in msgs if m["msg_type"] == "error"]
    assert errs and errs[0]["content"]["ename"] == c["ename"]
    return c, msgs


FAULTS = {
    "panic": ('panic("boom in cell")', "boom in cell"),
    "panic_error_value": ('panic(fmt.Errorf("wrapped %d", 7))', "wrapped 7"),
    "nil_map_write": ("var m map[string]int\nm[\"a\"] = 1", "nil map"),
    # yaegi reports this one as "reflect: call of reflect.Value.Field on zero Value".
    "nil_pointer": ("var p *struct{ X int }\nfmt.Println(p.X)", "panic"),
    "nil_pointer_int": ("var p *int\nfmt.Println(*p)", "panic"),
    "index_out_of_range": ("s := []int{1}\ni := 5\nfmt.Println(s[i])", "out of range"),
    "division_by_zero": ("z := 0\nfmt.Println(1 / z)", "divide by zero"),
    "goroutine_panic": ('go func() { panic("boom in goroutine") }()\ntime.Sleep(200 * time.Millisecond)',
                        "boom in goroutine"),
    "goroutine_index": ('done := make(chan bool)\ngo func() { defer close(done); s := []int{}; j := 3; fmt.Println(s[j]) }()\n'
                        '<-done\ntime.Sleep(100 * time.Millisecond)', "out of range"),
    "recursion": ("func forever(n int) int { return forever(n+1) + 1 }\nforever(0)", "recursion"),
    "recursion_closure": ("var g func(int) int\ng = func(n int) int { return g(n+1) + 1 }\ng(0)", "recursion"),
    "mutual_recursion": ("func ping(n int) int { return pong(n + 1) }\nfunc pong(n int) int { return ping(n + 1) }\n"
                         "ping(0)", "recursion"),
    "absurd_make": ("huge := make([]float64, 1<<62)\nfmt.Println(len(huge))", "out of range"),
    "negative_make": ("n := -1\nbad := make([]int, n)\nfmt.Println(bad)", "negative len"),
    "os_exit": ("os.Exit(3)", "os.Exit(3)"),
    "compile_error": ("x := undefinedName + 1", "undefined"),
    "type_error": ('var s string = 5', "5"),
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_then_next_cell(faulty, name):
    k, raw = faulty
    pid = k.pid
    code, want = FAULTS[name]
    t0 = time.monotonic()
    c, msgs = error_of(raw, code)
    text = (c["ename"] + ": " + c["evalue"] + "\n" + "\n".join(c["traceback"])).lower()
    assert want.lower() in text, c
    assert time.monotonic() - t0 < 30
    check_alive(raw, k, pid)
    # A deep recursion grows a goroutine stack to ~500 MB: the kernel must give it back.
    assert k.rss_kb() < 200 * 1024, "RSS %d MB after %s" % (k.rss_kb() // 1024, name)


def test_shape_error_deep_in_training_step(faulty):
    k, raw = faulty
    pid = k.pid
    r = raw.execute(
        'model := nn.NewSequential(nn.Dense(8, nn.Activation("relu")), nn.Dense(3))\n'
        "opt := optim.NewSGD(0.1)\n"
        "x := tape.RandomNormal([]int{16, 4}, 0, 1)\n"
        "yGood := tape.RandomNormal([]int{16, 3}, 0, 1)\n"
        "yBad := tape.RandomNormal([]int{16, 5}, 0, 1)\n"
        "step := func(y *tape.Tensor) float64 {\n"
        "\tt := tape.NewGradientTape()\n"
        "\tvar loss *tape.Tensor\n"
        "\tt.Record(func() { loss = nn.MeanSquaredError(y, model.Call(x, true)).Mean() })\n"
        "\tvars := model.TrainableVariables()\n"
        "\topt.ApplyGradients(t.Gradients(loss, vars), vars)\n"
        "\treturn loss.Float()\n"
        "}\n"
        "first := step(yGood)\n"
        'fmt.Println("ok", first > 0)', timeout=60)
    assert r["content"]["status"] == "ok", r["content"]
    before, _ = raw.run('fmt.Println(model.TrainableVariables()[0].Numpy())')
    c, msgs = error_of(raw, "for i := 0; i < 10; i++ {\n\tstep(yGood)\n\tif i == 5 {\n\t\tstep(yBad)\n\t}\n}")
    text = c["evalue"] + "\n".join(c["traceback"])
    assert ("tape:" in text or "nn:" in text) and "(16, 3)" in text and "(16, 5)" in text, c  # names the shapes
    check_alive(raw, k, pid)
    r, msgs = raw.run('fmt.Println(opt.Iterations(), step(yGood) > 0)')
    assert r["content"]["status"] == "ok", r["content"]
    assert stdout_of(msgs) == "7 true\n"  # 1 + 6 good steps before the bad one, then this one


ABSURD = {
    "absurd_zeros": "big := tape.Zeros(1<<20, 1<<20)\nfmt.Println(big.Size())",  # 4 TiB
    "overflowing_zeros": "big := tape.Zeros(1<<40, 1<<40)\nfmt.Println(big.Size())",  # size overflows int
    "absurd_ones": "big := tape.Ones(1<<31, 1<<31)\nfmt.Println(big.Size())",
    "absurd_normal": "big := tape.RandomNormal([]int{1 << 22, 1 << 22}, 0, 1)\nfmt.Println(big.Size())",
}


@pytest.mark.parametrize("name", sorted(ABSURD))
def test_absurd_allocation(faulty, name):
    """An absurd tensor shape is a clear tape error up front, not a dead kernel."""
    k, raw = faulty
    pid = k.pid
    mid = raw.send("shell", "execute_request", {"code": ABSURD[name], "silent": False})
    deadline = time.monotonic() + 30
    r = None
    while r is None and time.monotonic() < deadline:
        r = raw.reply("shell", mid, timeout=0.5, missing_ok=True)
        assert r is not None or k.alive(), "the kernel died: " + k.stderr()[-300:]
    assert r is not None, "no reply"
    c = r["content"]
    assert c["status"] == "error" and c["evalue"].startswith("tape:"), c
    print(name, "->", c["evalue"])
    check_alive(raw, k, pid)


def test_infinite_loop_interrupted(faulty):
    k, raw = faulty
    pid = k.pid
    for code in ["for {\n\tcounter++\n}", "for {\n}", "x := tape.Scalar(1)\nfor {\n\tx = x.Add(1).Mul(1)\n}",
                 "select {}", "time.Sleep(time.Hour)"]:
        mid = raw.send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                    "user_expressions": {}, "allow_stdin": False,
                                                    "stop_on_error": False})
        time.sleep(0.5)
        assert raw.recv("shell", timeout=0.01) is None, "the loop ended by itself"
        t0 = time.monotonic()
        imid = raw.send("control", "interrupt_request", {})
        assert raw.reply("control", imid, timeout=5)["content"]["status"] == "ok"
        r = raw.reply("shell", mid, timeout=10)
        took = time.monotonic() - t0
        assert r["content"]["status"] == "error", r["content"]
        assert "interrupt" in (r["content"]["ename"] + r["content"]["evalue"]).lower(), r["content"]
        assert took < 3, "interrupt took %.1fs for %r" % (took, code)
        check_alive(raw, k, pid)


def test_many_faults_in_a_row(faulty):
    """All faults one after the other in the same kernel: nothing leaks from one to the next."""
    k, raw = faulty
    pid = k.pid
    for name, (code, want) in sorted(FAULTS.items()):
        c, _ = error_of(raw, code)
    check_alive(raw, k, pid)
    r, msgs = raw.run('go func() { fmt.Println("goroutines still work") }()\ntime.Sleep(100 * time.Millisecond)')
    assert stdout_of(msgs) == "goroutines still work\n"


@pytest.mark.stress
def test_faults_over_and_over(faulty):
    """Every fault 30 times and 100 interrupts in one kernel: state kept, memory bounded."""
    k, raw = faulty
    pid = k.pid
    rss0 = k.rss_kb()
    n = 0
    for rnd in range(30):
        for name, (code, want) in sorted(FAULTS.items()):
            if name in ("recursion", "recursion_closure", "mutual_recursion"):
                code = code.replace("forever", "forever%d" % rnd).replace("ping", "ping%d" % rnd).replace(
                    "pong", "pong%d" % rnd)
            error_of(raw, code)
            n += 1
    for i in range(100):
        mid = raw.send("shell", "execute_request", {"code": "for {\n\tcounter++\n}", "silent": False,
                                                    "stop_on_error": False})
        time.sleep(0.05)
        raw.send("control", "interrupt_request", {})
        r = raw.reply("shell", mid, timeout=10)
        assert r["content"]["status"] == "error"
        n += 1
    check_alive(raw, k, pid)
    rss1 = k.rss_kb()
    print("%d faults: RSS %.1f MB -> %.1f MB" % (n, rss0 / 1024, rss1 / 1024))
    assert rss1 - rss0 < 300 * 1024
