"""Faults the Go runtime cannot recover (issue 13 item 7): out of memory, concurrent map writes,
a goroutine's stack overflow, a killed evaluator. The kernel process runs cells in a child it
supervises: the kernel survives, the cell's reply is an error with the runtime's own reason and
says that variables were lost, every line printed before the fault arrives, the next cell runs
in a fresh evaluator, and the execution count and history go on. Driven through jupyter_client."""
import os
import signal
import time

import pytest

from jupyterkit import collect, shell_reply

PRINTS = 'for i := 0; i < 500; i++ {\n\tfmt.Println("line", i)\n}\n'
WANT_LINES = "".join("line %d\n" % i for i in range(500))

FATAL = {
    "out_of_memory": ('b := make([]byte, 50<<30)\nfmt.Println(len(b))', "fatal error: runtime: out of memory"),
    "concurrent_map_writes": ("m := map[int]int{}\nfor i := 0; i < 4; i++ {\n\tgo func() {\n\t\tfor j := 0; ; j++ {\n"
                              "\t\t\tm[j%10] = j\n\t\t}\n\t}()\n}\ntime.Sleep(10 * time.Second)",
                              "fatal error: concurrent map writes"),
    # fmt recurses into a map that contains itself until the goroutine's stack passes 1 GB.
    "goroutine_stack_overflow": ('m := map[string]any{}\nm["self"] = m\ndone := make(chan bool)\n'
                                 'go func() {\n\tdefer close(done)\n\tfmt.Println(m)\n}()\n<-done',
                                 "fatal error: stack overflow"),
}


def run(kc, code, timeout=60):
    """Executes code; returns (execute_reply content, iopub messages of the request up to idle)."""
    mid = kc.execute(code, allow_stdin=False, stop_on_error=False)
    reply = shell_reply(kc, mid, timeout)
    return reply["content"], collect(kc, mid, timeout)


def stdout(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def child_pids(pid):
    out = []
    for task in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/children" % (pid, task)) as f:
            out += [int(p) for p in f.read().split()]
    return out


@pytest.fixture
def kc(start_kernel):
    k = start_kernel()
    kc = k.client()
    c, _ = run(kc, 'import (\n\t"fmt"\n\t"time"\n)\nkept := 41\nfmt.Println("set up", kept+1)')
    assert c["status"] == "ok", c
    kc.kernel = k
    return kc


@pytest.mark.parametrize("name", sorted(FATAL))
def test_fatal_error_kernel_survives(kc, name):
    k = kc.kernel
    code, reason = FATAL[name]
    pid, count0 = k.pid, run(kc, 'fmt.Println(kept)')[0]["execution_count"]
    t0 = time.monotonic()
    c, msgs = run(kc, PRINTS + code)
    took = time.monotonic() - t0
    assert c["status"] == "error" and c["ename"] == "FatalError", c
    assert c["evalue"].startswith(reason), c
    assert "variables were lost" in c["evalue"]
    assert any("lost" in line for line in c["traceback"]), c["traceback"]
    assert c["execution_count"] == count0 + 1
    errs = [m for m in msgs if m["msg_type"] == "error"]
    assert errs and errs[0]["content"]["evalue"] == c["evalue"]
    assert stdout(msgs) == WANT_LINES, "output before the fault was lost"
    assert took < 30, took
    assert k.alive() and k.pid == pid
    # The next cell runs (in a fresh evaluator: earlier variables and imports are gone).
    c, msgs = run(kc, 'import "fmt"\nfmt.Println("next cell")')
    assert c["status"] == "ok" and stdout(msgs) == "next cell\n", c
    assert c["execution_count"] == count0 + 2
    c, _ = run(kc, "fmt.Println(kept)")
    assert c["status"] == "error" and "kept" in c["evalue"], c
    # History is kept in the kernel process.
    kc.history(hist_access_type="tail", n=10, output=False)
    hist = kc.get_shell_msg(timeout=10)["content"]["history"]
    assert any(code in h[2] for h in hist), hist
    assert "fatal error" in k.stderr()  # the runtime's full report is in the log


def test_killed_evaluator(kc):
    """A child killed from outside (as the OOM killer does) is reported as such."""
    k = kc.kernel
    mid = kc.execute('fmt.Println("waiting")\ntime.Sleep(time.Hour)')
    deadline = time.monotonic() + 10
    while not child_pids(k.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    for p in child_pids(k.pid):
        os.kill(p, signal.SIGKILL)
    reply = kc.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == mid
    c = reply["content"]
    assert c["status"] == "error" and "SIGKILL" in c["evalue"], c
    c, msgs = run(kc, 'import "fmt"\nfmt.Println("back")')
    assert stdout(msgs) == "back\n"


def test_death_between_cells_is_told(kc):
    """A goroutine that brings the evaluator down after its cell ended: the next cell says so on
    stderr and runs."""
    c, _ = run(kc, 'go func() {\n\ttime.Sleep(200 * time.Millisecond)\n\tm := map[int]int{}\n'
                   '\tfor i := 0; i < 4; i++ {\n\t\tgo func() {\n\t\t\tfor j := 0; ; j++ {\n\t\t\t\tm[j%10] = j\n'
                   '\t\t\t}\n\t\t}()\n\t}\n}()')
    assert c["status"] == "ok", c
    time.sleep(1.5)
    c, msgs = run(kc, 'import "fmt"\nfmt.Println("after")')
    assert c["status"] == "ok", c
    err = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    assert "concurrent map writes" in err and "lost" in err, err
    assert stdout(msgs) == "after\n"


def test_interrupt_reaches_the_evaluator(kc):
    mid = kc.execute("n := 0\nfor {\n\tn++\n}")
    time.sleep(0.5)
    kc.kernel.raw().send("control", "interrupt_request", {})
    reply = kc.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == mid
    assert reply["content"]["status"] == "error" and "nterrupt" in reply["content"]["ename"], reply["content"]
    c, msgs = run(kc, "fmt.Println(kept, n > 0)")
    assert stdout(msgs) == "41 true\n", c  # same evaluator: variables kept


def test_fatal_error_while_streaming_and_interrupted(kc):
    """A goroutine prints as fast as it can when the evaluator dies, and an interrupt arrives
    while the kernel handles the death: the reply is the fatal error, the output arrives as written (in order, no line
    lost or cut before the last one), and the next cell runs."""
    k = kc.kernel
    code = ('go func() {\n\tfor i := 0; ; i++ {\n\t\tfmt.Println("n", i)\n\t}\n}()\n'
            'time.Sleep(300 * time.Millisecond)\n' + FATAL["concurrent_map_writes"][0])
    mid = kc.execute(code, allow_stdin=False, stop_on_error=False)
    time.sleep(0.35)  # the writers start at 0.3 s: the runtime stops them within microseconds
    k.raw().send("control", "interrupt_request", {})
    reply = kc.get_shell_msg(timeout=60)
    assert reply["parent_header"]["msg_id"] == mid
    c = reply["content"]
    assert c["status"] == "error" and c["evalue"].startswith("fatal error: concurrent map writes"), c
    msgs = []
    while not msgs or msgs[-1]["msg_type"] != "status" or msgs[-1]["content"]["execution_state"] != "idle":
        m = kc.get_iopub_msg(timeout=60)
        if m["parent_header"].get("msg_id") == mid:
            msgs.append(m)
    lines = stdout(msgs).split("\n")[:-1]  # whole lines: each Println is one write
    assert len(lines) > 1000, len(lines)
    assert lines == ["n %d" % i for i in range(len(lines))], "output lost or reordered"
    c, msgs = run(kc, 'import "fmt"\nfmt.Println("next cell")')
    assert c["status"] == "ok" and stdout(msgs) == "next cell\n", c
    assert k.alive()
