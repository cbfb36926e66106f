"""Client faults: a client that vanishes mid-cell, a heartbeat that stops, a shutdown or
SIGTERM during a running cell, an iopub subscriber that never reads -- the kernel finishes or
stops cleanly and never hangs."""
import signal
import time

import zmq

from relkit import IMPORTS, stdout_of

LONG_CELL = 'for i := 0; i < 20; i++ {\n\tfmt.Println("tick", i)\n\ttime.Sleep(50 * time.Millisecond)\n}\nfinished := true'


def test_client_disappears_mid_cell(kern):
    k = kern
    for attempt in range(3):
        gone = k.raw()
        gone.execute(IMPORTS)
        gone.send("shell", "execute_request", {"code": LONG_CELL, "silent": False, "allow_stdin": True})
        time.sleep(0.3)
        gone.close()  # vanishes: its reply, stream output and idle status have nowhere to go
    other = k.raw()
    t0 = time.monotonic()
    r, msgs = other.run('fmt.Println("finished", finished)', timeout=30)
    assert r["content"]["status"] == "ok", r["content"]
    assert stdout_of(msgs) == "finished true\n"  # the cell ran to the end
    assert time.monotonic() - t0 < 10
    assert other.alive()


def test_client_vanishes_while_kernel_waits_for_input(kern):
    """input_request to a client that is gone: interrupt from another client ends the wait."""
    k = kern
    gone = k.raw()
    # stop_on_error false: otherwise the interrupted cell aborts the requests queued behind it.
    gone.send("shell", "execute_request", {"code": 'var s string\nfmt.Scanln(&s)', "silent": False,
                                           "allow_stdin": True, "stop_on_error": False})
    assert gone.recv("stdin", timeout=30)["msg_type"] == "input_request"
    gone.close()
    other = k.raw()
    mid = other.send("control", "interrupt_request", {})
    assert other.reply("control", mid, timeout=5)["content"]["status"] == "ok"
    r, msgs = other.run('fmt.Println("after input")', timeout=10)
    assert r["content"]["status"] == "ok", r["content"]
    assert stdout_of(msgs) == "after input\n"


def hb_ping(conn, payload=b"ping", timeout=1.0):
    ctx = zmq.Context()
    s = ctx.socket(zmq.REQ)
    s.setsockopt(zmq.LINGER, 0)
    s.connect("tcp://%s:%d" % (conn["ip"], conn["hb_port"]))
    try:
        s.send(payload)
        if not s.poll(int(timeout * 1000)):
            return None
        return s.recv()
    finally:
        s.close(linger=0)
        ctx.term()


def test_heartbeat_stops_and_resumes(kern):
    k = kern
    assert hb_ping(k.conn, b"first") == b"first"
    # A client that pings and vanishes without reading the echo; others that just stop.
    for i in range(20):
        ctx = zmq.Context()
        s = ctx.socket(zmq.REQ)
        s.setsockopt(zmq.LINGER, 0)
        s.connect("tcp://%s:%d" % (k.conn["ip"], k.conn["hb_port"]))
        s.send(b"abandoned-%d" % i)
        s.close(linger=0)
        ctx.term()
    time.sleep(2)  # the heartbeat is silent for a while: the kernel does not care
    raw = k.raw()
    assert raw.alive()
    t0 = time.monotonic()
    assert hb_ping(k.conn, b"again") == b"again"
    assert time.monotonic() - t0 < 1
    # The heartbeat keeps answering while a cell runs.
    mid = raw.send("shell", "execute_request", {"code": "time.Sleep(1500 * time.Millisecond)", "silent": False})
    time.sleep(0.2)
    assert hb_ping(k.conn, b"busy") == b"busy"
    assert raw.reply("shell", mid, timeout=10)["content"]["status"] == "ok"
    # Big and empty payloads echo too.
    assert hb_ping(k.conn, b"x" * 100000) == b"x" * 100000


def test_shutdown_during_running_cell(start_kernel):
    for code in ["for {\n}", "time.Sleep(time.Hour)", LONG_CELL.replace("20", "100000")]:
        k = start_kernel()
        raw = k.raw()
        raw.execute(IMPORTS)
        mid = raw.send("shell", "execute_request", {"code": code, "silent": False})
        time.sleep(0.3)
        t0 = time.monotonic()
        sid = raw.send("control", "shutdown_request", {"restart": False})
        r = raw.reply("control", sid, timeout=5)
        assert r["content"] == {"status": "ok", "restart": False}
        assert k.proc.wait(timeout=10) == 0, k.stderr()
        took = time.monotonic() - t0
        assert took < 4, "shutdown took %.1fs for %r" % (took, code)


def test_shutdown_request_on_shell_during_cell(start_kernel):
    """A shutdown_request on shell waits behind the running cell (as in ipykernel), then exits."""
    k = start_kernel()
    raw = k.raw()
    raw.execute(IMPORTS)
    mid = raw.send("shell", "execute_request", {"code": "time.Sleep(time.Second)\nfmt.Println(\"done\")",
                                                "silent": False})
    sid = raw.send("shell", "shutdown_request", {"restart": False})
    assert raw.reply("shell", mid, timeout=10)["content"]["status"] == "ok"
    assert raw.reply("shell", sid, timeout=10)["content"]["status"] == "ok"
    assert k.proc.wait(timeout=10) == 0


def test_sigterm_during_running_cell(start_kernel):
    k = start_kernel()
    raw = k.raw()
    raw.execute(IMPORTS)
    raw.send("shell", "execute_request", {"code": "for {\n}", "silent": False})
    time.sleep(0.3)
    t0 = time.monotonic()
    k.proc.send_signal(signal.SIGTERM)
    assert k.proc.wait(timeout=10) == 0
    assert time.monotonic() - t0 < 4


def test_sigint_interrupts(kern):
    """interrupt_mode signal works too: SIGINT stops the cell, the kernel lives."""
    k, raw = kern, kern.raw0
    raw.execute("n := 0")
    mid = raw.send("shell", "execute_request", {"code": "for {\n\tn++\n}", "silent": False})
    time.sleep(0.3)
    k.proc.send_signal(signal.SIGINT)
    r = raw.reply("shell", mid, timeout=5)
    assert r["content"]["status"] == "error"
    r, msgs = raw.run("fmt.Println(n > 0)")
    assert stdout_of(msgs) == "true\n"


def test_iopub_subscriber_that_never_reads(kern):
    """A subscriber that never reads must not stall the other clients' iopub (zmq4's PUB
    writes to subscribers in turn: kernel/iopubconn.go drops one that blocks for 3 s), and
    it gets messages again once it reads (its libzmq socket reconnects)."""
    k = kern
    ctx = zmq.Context()
    stuck = ctx.socket(zmq.SUB)
    stuck.setsockopt(zmq.SUBSCRIBE, b"")
    stuck.setsockopt(zmq.RCVHWM, 10)
    stuck.setsockopt(zmq.RCVBUF, 4096)
    stuck.connect("tcp://%s:%d" % (k.conn["ip"], k.conn["iopub_port"]))
    try:
        raw = k.raw()
        time.sleep(0.3)
        t0 = time.monotonic()
        # 20 MB of output in 400 messages, read by a healthy client as it comes.
        mid = raw.send("shell", "execute_request", {"code": 'chunk := strings.Repeat("y", 50000)\n'
                       'for i := 0; i < 400; i++ {\n\tfmt.Println(chunk)\n\ttime.Sleep(time.Millisecond)\n}',
                                                    "silent": False})
        msgs = raw.iopub_until_idle(mid, timeout=20)
        assert len(stdout_of(msgs)) == 400 * 50001
        assert raw.reply("shell", mid, timeout=10)["content"]["status"] == "ok"
        assert time.monotonic() - t0 < 20
        r, msgs = raw.run('fmt.Println("responsive")', timeout=10)
        assert stdout_of(msgs) == "responsive\n"
        while stuck.poll(100):  # the stuck client wakes up and reads
            stuck.recv_multipart()
        deadline = time.monotonic() + 20
        while True:
            mid = raw.send("control", "kernel_info_request", {})
            if stuck.poll(500):
                break
            assert time.monotonic() < deadline, "the dropped subscriber never got messages again"
    finally:
        stuck.close(linger=0)
        ctx.term()
