"""Peers without the key (issue 13, items 1-6): whatever a peer that can reach a port sends
at the ZeroMQ level, the kernel lives, keeps serving the other clients and keeps no
resources for it. Raw TCP speaks the ZMTP framing by hand; zmq sockets play the clients."""
import os
import pathlib
import socket
import struct
import time

import zmq

from relkit import stdout_of
from test_bad_input import logged, still_serving
from test_security import execute_content, listening


def greeting():
    """A ZMTP 3.0 greeting with the NULL mechanism."""
    g = bytearray(64)
    g[0], g[9], g[10] = 0xFF, 0x7F, 3
    g[12:16] = b"NULL"
    return bytes(g)


def long_frame(size, flags=0):
    return bytes([flags | 0x02]) + struct.pack(">Q", size)


def closed_by_kernel(s, timeout):
    """Whether the kernel closes connection s within timeout (it may first send its greeting)."""
    s.settimeout(0.2)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if s.recv(65536) == b"":
                return True
        except socket.timeout:
            continue
        except ConnectionResetError:
            return True
    return False


def connect(k, port):
    return socket.create_connection((k.ip, port), timeout=5)


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def test_oversized_frame_on_every_port(kern):
    """A frame header announcing 2^62 bytes or 40 GB, in the handshake or as a message,
    disconnects that peer on every port; nothing is allocated for it."""
    k, raw = kern, kern.raw0
    rss0 = k.rss_kb()
    for port in sorted(k.ports()):
        for attack in (greeting() + long_frame(1 << 62, 0x04), greeting() + long_frame(40 << 30)):
            s = connect(k, port)
            s.sendall(attack)
            assert closed_by_kernel(s, 5), "port %d kept a peer announcing a huge frame" % port
            s.close()
    assert k.alive(), k.stderr()
    assert k.rss_kb() - rss0 < 50 * 1024
    still_serving(k, raw)


def test_stalled_handshake_locks_nobody_out(kern):
    """A connection that sends 2 bytes and waits on every port does not keep a new client
    from connecting and running a cell; the stalled connection is dropped after the
    handshake timeout (10 s)."""
    k = kern
    stalled = []
    for port in sorted(k.ports()):
        s = connect(k, port)
        s.sendall(b"\xff\x00")
        stalled.append(s)
    t0 = time.monotonic()
    raw = k.raw()  # connects shell, control, stdin and iopub, waits for iopub
    r, msgs = raw.run('fmt.Println("new client served")', timeout=20)
    assert r["content"]["status"] == "ok" and stdout_of(msgs) == "new client served\n"
    assert time.monotonic() - t0 < 10
    assert closed_by_kernel(stalled[0], 15), "a stalled handshake was never dropped"
    for s in stalled:
        s.close()


def test_failed_handshakes_close_their_sockets(kern):
    """1,000 connections that fail the handshake leave no open socket behind, and do not
    flood the kernel's log (zmq4's line per failure is limited to 10 a second)."""
    k = kern
    fds0 = open_fds(k.pid)
    port = k.conn["shell_port"]
    t0 = time.monotonic()
    for _ in range(1000):
        s = connect(k, port)
        s.sendall(b"G" * 64)  # not a greeting
        s.close()
    deadline = time.monotonic() + 10
    while open_fds(k.pid) > fds0 + 20 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert open_fds(k.pid) <= fds0 + 20, "%d fds open, %d before" % (open_fds(k.pid), fds0)
    lines = k.stderr().count("could not open a ZMTP connection")
    assert 1 <= lines <= 10 * (time.monotonic() - t0 + 2), lines
    still_serving(k, k.raw0)


def test_replayed_execute_request_runs_once(kern, tmp_path):
    """The same signed execute_request sent twice runs once (ipykernel's digest history)."""
    k, raw = kern, kern.raw0
    out = tmp_path / "runs.txt"
    code = ('f, _ := os.OpenFile(%r, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)\n'
            'f.WriteString("ran\\n")\nf.Close()' % str(out)).replace("'", '"')
    frames = raw.frames("execute_request", execute_content(code))
    raw.send_frames("shell", frames)
    raw.send_frames("shell", frames)
    first = raw.recv("shell", timeout=30)
    assert first and first["content"]["status"] == "ok", first
    assert raw.recv("shell", timeout=1.0) is None, "the replayed copy was answered"
    assert out.read_text() == "ran\n"
    logged(k, "replayed message")
    raw.send_frames("control", frames)  # a replay on another channel is refused too
    assert raw.recv("control", timeout=0.5) is None
    still_serving(k, raw)


def test_replayed_interrupt_on_control_interrupts_nothing(kern):
    """A signed interrupt_request seen once on control, replayed by an eavesdropper while a
    later cell runs, neither answers nor interrupts it; a fresh one does."""
    k, raw = kern, kern.raw0
    frames = raw.frames("interrupt_request", {})
    raw.send_frames("control", frames)
    assert raw.recv("control", timeout=10)["content"]["status"] == "ok"
    mid = raw.send("shell", "execute_request", execute_content("n := 0\nfor {\n\tn++\n}"))
    time.sleep(0.5)
    raw.send_frames("control", frames)
    assert raw.recv("control", timeout=1.0) is None, "the replayed interrupt was answered"
    assert raw.reply("shell", mid, timeout=2.0, missing_ok=True) is None, "the replay interrupted the cell"
    logged(k, "dropping replayed message (signature already seen): interrupt_request")
    raw.reply("control", raw.send("control", "interrupt_request", {}), timeout=10)
    assert raw.reply("shell", mid, timeout=20)["content"]["ename"] == "Interrupted"
    still_serving(k, raw)


def test_replay_after_restart_runs_nothing(start_kernel, tmp_path):
    """A frontend restarts a kernel with the same connection file and key: a message captured
    before the restart is refused after it (the signatures seen are kept beside the connection
    file, and removed when the kernel shuts down for good)."""
    k = start_kernel()
    raw = k.raw()
    out = tmp_path / "runs.txt"
    code = ('import "os"\nf, _ := os.OpenFile(%r, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)\n'
            'f.WriteString("ran\\n")\nf.Close()' % str(out)).replace("'", '"')
    frames = raw.frames("execute_request", execute_content(code))
    raw.send_frames("shell", frames)
    assert raw.recv("shell", timeout=60)["content"]["status"] == "ok"
    mid = raw.send("shell", "shutdown_request", {"restart": True})  # jupyter_client's restart
    assert raw.reply("shell", mid, timeout=10)["content"]["restart"] is True
    assert k.proc.wait(timeout=20) == 0
    seen = pathlib.Path(str(k.conn_file) + ".seen")
    assert seen.exists(), "no signatures kept for the restart"
    k.restart()
    raw = k.raw()
    raw.send_frames("shell", frames)
    assert raw.recv("shell", timeout=2.0) is None, "the message captured before the restart was answered"
    logged(k, "dropping replayed message (signature already seen): execute_request")
    still_serving(k, raw)
    assert out.read_text() == "ran\n"
    mid = raw.send("shell", "shutdown_request", {"restart": False})
    assert raw.reply("shell", mid, timeout=10)["content"]["status"] == "ok"
    assert k.proc.wait(timeout=20) == 0
    assert not seen.exists(), "signatures left behind after the final shutdown"


def test_identity_thief_never_reading(kern):
    """A peer that copies a client's shell identity (its session, visible on iopub) and never
    reads is dropped once its buffers fill; the client's 5,000 requests are all answered."""
    k, raw = kern, kern.raw0
    ctx = zmq.Context()
    thief = ctx.socket(zmq.DEALER)
    thief.setsockopt(zmq.IDENTITY, raw.session.encode())
    thief.setsockopt(zmq.RCVHWM, 1)
    thief.setsockopt(zmq.RCVBUF, 4096)
    thief.setsockopt(zmq.LINGER, 0)
    thief.connect("tcp://%s:%d" % (k.ip, k.conn["shell_port"]))
    try:
        time.sleep(0.3)
        t0 = time.monotonic()
        answered = 0
        for _ in range(50):
            ids = [raw.send("shell", "kernel_info_request", {}) for _ in range(100)]
            for mid in ids:
                assert raw.reply("shell", mid, timeout=20)["content"]["status"] == "ok"
                answered += 1
        took = time.monotonic() - t0
        print("5000 replies with a thief on the identity: %.1fs" % took)
        assert answered == 5000 and took < 60
    finally:
        thief.close(linger=0)
        ctx.term()
    still_serving(k, raw)


def test_ipv4_any_listens_on_ipv4_only(start_kernel):
    """ip 0.0.0.0 listens on every IPv4 address and no IPv6 one."""
    k = start_kernel(ip="0.0.0.0")
    assert listening(k.pid) == {("0.0.0.0", p) for p in k.ports()}, listening(k.pid)
    try:
        s = socket.create_connection(("::1", k.conn["shell_port"]), timeout=2)
    except OSError:
        pass
    else:
        s.close()
        raise AssertionError("0.0.0.0 accepted an IPv6 connection")


def test_rejected_1gb_unsigned_message_not_resident(kern):
    """An unsigned 1 GB message is refused and its memory given back at once."""
    k, raw = kern, kern.raw0
    rss0 = k.rss_kb()
    big = b"x" * (1000 * 1000 * 1000)
    frames = raw.frames("execute_request", b"{}")
    frames[1] = b""  # unsigned
    raw.send_frames("shell", frames + [big])
    del big
    logged(k, "bad message signature", timeout=60)
    deadline = time.monotonic() + 10
    while k.rss_kb() - rss0 > 200 * 1024 and time.monotonic() < deadline:
        time.sleep(0.2)
    print("RSS %d MB before, %d MB after" % (rss0 // 1024, k.rss_kb() // 1024))
    assert k.rss_kb() - rss0 <= 200 * 1024, "RSS %d MB, %d MB before" % (k.rss_kb() // 1024, rss0 // 1024)
    still_serving(k, raw)


def test_hmac_sha512_with_jupyter_client(start_kernel):
    """A connection file with signature_scheme hmac-sha512 works with jupyter_client."""
    k = start_kernel(scheme="hmac-sha512")
    kc = k.client()
    mid = kc.execute('import "fmt"\nfmt.Println("signed with sha512")')
    reply = kc.get_shell_msg(timeout=60)
    assert reply["parent_header"]["msg_id"] == mid and reply["content"]["status"] == "ok"
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=10)
        if m["parent_header"].get("msg_id") == mid:
            if m["msg_type"] == "stream":
                out.append(m["content"]["text"])
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
    assert "".join(out) == "signed with sha512\n"
