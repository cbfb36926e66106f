"""gotape through jupyter_client: stdin, interrupt, restart, shutdown, comms, kernel info."""
import os
import queue
import signal
import time
import uuid

import pytest

import jupyterkit

TIMEOUT = 30


def collect(kc, msg_id, timeout=TIMEOUT):
    """iopub messages of msg_id up to its status idle."""
    return jupyterkit.collect(kc, msg_id, timeout)


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    return jupyterkit.shell_reply(kc, msg_id, timeout)


def stdout_of(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def run(kc, code, **kw):
    msg_id = kc.execute(code, **kw)
    reply = shell_reply(kc, msg_id)
    return reply, collect(kc, msg_id)


def test_kernel_info(kernel):
    km, kc = kernel
    msg_id = kc.kernel_info()
    info = shell_reply(kc, msg_id)["content"]
    assert info["status"] == "ok"
    assert info["implementation"] == "gotape"
    li = info["language_info"]
    assert (li["name"], li["mimetype"], li["file_extension"], li["codemirror_mode"], li["pygments_lexer"]) == (
        "go", "text/x-go", ".go", "go", "go")
    assert info["protocol_version"] >= "5.3"
    assert info["banner"] and info["help_links"]


def test_hello_and_count(kernel):
    km, kc = kernel
    reply, msgs = run(kc, 'fmt.Println("hello, world")')
    assert reply["content"]["status"] == "ok"
    assert stdout_of(msgs) == "hello, world\n"
    first = reply["content"]["execution_count"]
    reply, msgs = run(kc, "6 * 7")
    assert reply["content"]["execution_count"] == first + 1
    results = [m for m in msgs if m["msg_type"] == "execute_result"]
    assert results and results[0]["content"]["data"]["text/plain"] == "42"


def test_stdin_input_request(kernel):
    km, kc = kernel
    code = 'var name string\nfmt.Scanln(&name)\nfmt.Println("hello,", name)'
    msg_id = kc.execute(code, allow_stdin=True)
    req = kc.get_stdin_msg(timeout=TIMEOUT)
    assert req["msg_type"] == "input_request"
    assert req["parent_header"]["msg_id"] == msg_id
    kc.input("gopher")
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["status"] == "ok", reply["content"]
    assert stdout_of(collect(kc, msg_id)) == "hello, gopher\n"


@pytest.mark.parametrize("how", ["interrupt_request", "SIGINT"])
def test_interrupt_then_working_cell(kernel, how):
    km, kc = kernel
    run(kc, "counter := 0")
    msg_id = kc.execute("for {\n\tcounter++\n}")
    # wait until the cell is running
    deadline = time.monotonic() + TIMEOUT
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["msg_type"] == "execute_input" and msg["parent_header"]["msg_id"] == msg_id:
            break
        assert time.monotonic() < deadline
    time.sleep(0.3)
    t0 = time.monotonic()
    if how == "SIGINT":
        os.kill(km.provisioner.pid, signal.SIGINT)
    else:
        km.interrupt_kernel()  # interrupt_mode "message": interrupt_request on control
    reply = shell_reply(kc, msg_id, timeout=10)
    assert time.monotonic() - t0 < 5
    assert reply["content"]["status"] == "error"
    # The kernel lives on and kept its state.
    reply, msgs = run(kc, 'fmt.Println("alive", counter > 0)')
    assert reply["content"]["status"] == "ok", reply["content"]
    assert stdout_of(msgs) == "alive true\n"


def test_restart(kernel):
    km, kc = kernel
    run(kc, "restartVar := 41")
    pid = km.provisioner.pid if hasattr(km.provisioner, "pid") else None
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    if pid is not None:
        assert km.provisioner.pid != pid
    reply, msgs = run(kc, "restartVar + 1")
    assert reply["content"]["status"] == "error"  # state is gone
    reply, msgs = run(kc, 'import "fmt"\nfmt.Println("after restart")')
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 2
    assert stdout_of(msgs) == "after restart\n"


def test_shutdown_exits_process(kernel):
    km, kc = kernel
    proc = km.provisioner.process
    msg_id = kc.shutdown()
    reply = kc.get_control_msg(timeout=TIMEOUT) if hasattr(kc, "get_control_msg") else shell_reply(kc, msg_id)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"] == {"status": "ok", "restart": False}
    assert proc.wait(timeout=10) == 0  # exits by itself, cleanly


def test_comm_info_and_echo(kernel):
    km, kc = kernel
    msg_id = kc.comm_info()
    reply = shell_reply(kc, msg_id)
    assert reply["content"] == {"status": "ok", "comms": {}}
    comm_id = uuid.uuid4().hex
    msg = kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "gotape.echo", "data": {"hi": 1}})
    kc.shell_channel.send(msg)
    opened = [m for m in collect(kc, msg["header"]["msg_id"]) if m["msg_type"] == "comm_msg"]
    assert opened[0]["content"]["data"] == {"opened": True, "data": {"hi": 1}}
    msg_id = kc.comm_info(target_name="gotape.echo")
    assert shell_reply(kc, msg_id)["content"]["comms"] == {comm_id: {"target_name": "gotape.echo"}}
    msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"ping": [1, 2]}})
    kc.shell_channel.send(msg)
    echoed = [m for m in collect(kc, msg["header"]["msg_id"]) if m["msg_type"] == "comm_msg"]
    assert echoed[0]["content"] == {"comm_id": comm_id, "data": {"ping": [1, 2]}}
    msg = kc.session.msg("comm_close", {"comm_id": comm_id, "data": {}})
    kc.shell_channel.send(msg)
    collect(kc, msg["header"]["msg_id"])
    msg_id = kc.comm_info()
    assert shell_reply(kc, msg_id)["content"]["comms"] == {}


def test_stream_flows_while_cell_runs(kernel):
    km, kc = kernel
    msg_id = kc.execute('fmt.Println("first")\ntime.Sleep(1500 * time.Millisecond)\nfmt.Println("second")')
    t0 = time.monotonic()
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            break
    assert msg["content"]["text"] == "first\n"
    assert time.monotonic() - t0 < 1.0, "stdout was held back until the cell ended"
    shell_reply(kc, msg_id)


def test_bad_signature_is_dropped(kernel):
    km, kc = kernel
    good_key = kc.session.key
    kc.session.key = b"wrong-key"
    try:
        bad_id = kc.execute('fmt.Println("pwned")')
    finally:
        kc.session.key = good_key
    with pytest.raises(queue.Empty):
        kc.get_shell_msg(timeout=0.5)
    reply, msgs = run(kc, 'fmt.Println("fine")')
    assert reply["content"]["status"] == "ok"
    assert stdout_of(msgs) == "fine\n"
    assert bad_id != reply["parent_header"]["msg_id"]


def test_stop_on_error_aborts_queued_cells(kernel):
    km, kc = kernel
    failing = kc.execute('time.Sleep(300 * time.Millisecond)\npanic("boom")')
    queued = kc.execute('fmt.Println("must not run")')
    assert shell_reply(kc, failing)["content"]["status"] == "error"
    reply = shell_reply(kc, queued)
    assert reply["content"]["status"] == "aborted"
    assert stdout_of(collect(kc, queued)) == ""
    # Later cells run again.
    reply, msgs = run(kc, 'fmt.Println("runs")')
    assert stdout_of(msgs) == "runs\n"


def test_complete_cursor_range_and_unicode(kernel):
    km, kc = kernel
    msg_id = kc.complete("fmt.Printl", 10)
    r = shell_reply(kc, msg_id)["content"]
    assert (r["status"], r["matches"], r["cursor_start"], r["cursor_end"]) == ("ok", ["Println"], 4, 10)
    # cursor positions count Unicode code points, not bytes
    code = 'x := "héllo"; fmt.Printl'
    msg_id = kc.complete(code, len(code))
    r = shell_reply(kc, msg_id)["content"]
    assert (r["matches"], r["cursor_start"], r["cursor_end"]) == (["Println"], len(code) - 6, len(code))


def test_inspect_and_is_complete(kernel):
    km, kc = kernel
    msg_id = kc.inspect("fmt.Println", 11)
    r = shell_reply(kc, msg_id)["content"]
    assert r["status"] == "ok" and r["found"] and "Println" in r["data"]["text/plain"]
    msg_id = kc.is_complete("for i := 0; i < 3; i++ {")
    r = shell_reply(kc, msg_id)["content"]
    assert r["status"] == "incomplete" and isinstance(r.get("indent"), str)


def test_heartbeat(kernel):
    import zmq

    km, kc = kernel
    ctx = zmq.Context.instance()
    s = ctx.socket(zmq.REQ)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.RCVTIMEO, 5000)
    s.connect(f"tcp://{km.ip}:{km.hb_port}")
    try:
        for i in range(3):
            s.send(b"ping %d" % i)
            assert s.recv() == b"ping %d" % i
    finally:
        s.close()
