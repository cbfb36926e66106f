"""Security: unsigned or badly signed messages never run, empty keys are refused, the kernel
listens on the connection file's ip only and never logs its key."""
import json
import os
import pathlib
import socket
import subprocess
import time

import pytest

from relkit import IMPORTS, Kernel, stdout_of


def marker_code(path):
    return 'import "os"\nos.WriteFile(%s, []byte("pwned"), 0o644)' % json.dumps(str(path))


def execute_content(code):
    return {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
            "stop_on_error": False}


def test_bad_hmac_never_executed(start_kernel, tmp_path):
    k = start_kernel()
    raw = k.raw()
    markers = []

    def attempt(name, frames_fn):
        marker = tmp_path / ("marker-" + name)
        markers.append(marker)
        frames = frames_fn(execute_content(marker_code(marker)))
        raw.send_frames("shell", frames)
        raw.send_frames("control", frames)  # execute is shell-only, but try anyway

    wrong = lambda c: raw.frames("execute_request", c, key=b"not-the-key")
    missing = lambda c: (lambda f: f[:1] + [b""] + f[2:])(raw.frames("execute_request", c))
    absent = lambda c: (lambda f: f[:1] + f[2:])(raw.frames("execute_request", c))  # no signature frame

    def tampered(c):  # signed for harmless code, then the code is swapped
        f = raw.frames("execute_request", execute_content("1 + 1"))
        f[5] = json.dumps(c).encode()
        return f

    def truncated(c):
        f = raw.frames("execute_request", c)
        f[1] = f[1][:32]
        return f

    def other_header(c):  # a valid signature of another message's parts
        f = raw.frames("execute_request", c)
        g = raw.frames("execute_request", c)
        f[1] = g[1]
        return f

    def garbage_sig(c):
        f = raw.frames("execute_request", c)
        f[1] = b"\xff" * 64
        return f

    for name, fn in [("wrong", wrong), ("missing", missing), ("absent", absent), ("tampered", tampered),
                     ("truncated", truncated), ("otherheader", other_header), ("garbage", garbage_sig)]:
        attempt(name, fn)
    # None of them gets any reply ...
    assert raw.recv("shell", timeout=1.0) is None
    assert raw.recv("control", timeout=0.1) is None
    # ... the kernel still serves a correct request, and that request can write files
    # (so the bad ones were refused, not merely unable to write).
    good = tmp_path / "marker-good"
    r = raw.execute(marker_code(good), timeout=60)
    assert r["content"]["status"] == "ok", r["content"]
    assert good.read_text() == "pwned"
    time.sleep(0.3)
    for m in markers:
        assert not m.exists(), "a badly signed message was executed: %s" % m.name
    log = k.stderr()
    assert log.count("bad message signature") >= 10, log


def test_bad_signature_on_stdin_is_not_an_answer(start_kernel):
    """A forged input_reply does not answer the kernel's input_request."""
    k = start_kernel()
    raw = k.raw()
    raw.execute(IMPORTS, timeout=60)
    mid = raw.send("shell", "execute_request", dict(execute_content(
        'var s string\nfmt.Scanln(&s)\nfmt.Println("got", s)'), allow_stdin=True))
    req = raw.recv("stdin", timeout=30)
    assert req and req["msg_type"] == "input_request"
    raw.send_frames("stdin", raw.frames("input_reply", {"status": "ok", "value": "forged"}, key=b"bad"))
    time.sleep(0.3)
    raw.send("stdin", "input_reply", {"status": "ok", "value": "genuine"})
    assert raw.reply("shell", mid, timeout=30)["content"]["status"] == "ok"
    assert stdout_of(raw.iopub_until_idle(mid)) == "got genuine\n"


def test_empty_key_refused(gotape_binary, tmp_path):
    k = Kernel(gotape_binary, tmp_path, key="", wait=False)
    try:
        assert k.proc.wait(timeout=20) != 0
        err = k.stderr()
        assert "empty key" in err and "--allow-empty-key" in err, err
    finally:
        k.close()


def test_empty_key_allowed_explicitly(start_kernel):
    k = start_kernel(key="", args=("--allow-empty-key",))
    raw = k.raw()
    r = raw.execute('import "fmt"\nfmt.Println("unsigned ok")', timeout=60)
    assert r["content"]["status"] == "ok"
    # With no key, a message that carries a signature anyway is not accepted.
    bad = raw.frames("kernel_info_request", {})
    bad[1] = b"0" * 64
    raw.send_frames("shell", bad)
    assert raw.recv("shell", timeout=0.5) is None
    assert raw.alive()


def listening(pid):
    """(ip, port) of the TCP sockets process pid listens on, from /proc/net/tcp{,6}."""
    inodes = set()
    fd_dir = pathlib.Path("/proc/%d/fd" % pid)
    for fd in fd_dir.iterdir():
        try:
            t = os.readlink(fd)
        except OSError:
            continue
        if t.startswith("socket:["):
            inodes.add(t[8:-1])
    out = set()
    for name, v6 in (("tcp", False), ("tcp6", True)):
        for line in pathlib.Path("/proc/net/" + name).read_text().splitlines()[1:]:
            f = line.split()
            if f[3] != "0A" or f[9] not in inodes:  # 0A = LISTEN
                continue
            addr, port = f[1].split(":")
            if v6:
                raw = bytes.fromhex(addr)  # four little-endian 32-bit words
                ip = socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
            else:
                ip = socket.inet_ntoa(bytes.fromhex(addr)[::-1])
            out.add((ip, int(port, 16)))
    return out


@pytest.mark.parametrize("ip", ["127.0.0.1", "127.0.0.2"])
def test_binds_only_to_connection_ip(start_kernel, ip):
    k = start_kernel(ip=ip)
    socks = listening(k.pid)
    assert socks == {(ip, p) for p in k.ports()}, socks
    # ss agrees (when present).
    try:
        ss = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, timeout=10).stdout
    except FileNotFoundError:
        ss = ""
    for line in ss.splitlines():
        if "pid=%d," % k.pid in line:
            assert line.split()[3].rsplit(":", 1)[0] == ip, line
    if ip != "127.0.0.1":  # another loopback address does not reach it
        s = socket.socket()
        s.settimeout(2)
        with pytest.raises(OSError):
            s.connect(("127.0.0.1", k.conn["shell_port"]))
        s.close()


def test_key_never_logged(start_kernel, tmp_path):
    k = start_kernel(key="KEY-MUST-NOT-LEAK-0123456789abcdef")
    raw = k.raw()
    raw.execute(IMPORTS, timeout=60)
    # Things that make the kernel log: bad signatures, bad JSON, unknown types, errors.
    raw.send_frames("shell", raw.frames("execute_request", execute_content("1"), key=b"x"))
    bad = raw.frames("execute_request", b"{not json")
    raw.send_frames("shell", bad)
    raw.send("shell", "no_such_request", {})
    raw.send("control", "execute_request", execute_content("1"))
    raw.execute('panic("boom")')
    raw.execute("undefinedThing + 1")
    raw.execute('fmt.Println(os.Args)')
    assert raw.alive()
    mid = raw.send("control", "shutdown_request", {"restart": False})
    assert raw.reply("control", mid)["content"]["status"] == "ok"
    assert k.proc.wait(timeout=10) == 0
    err, out = k.stderr(), k.stdout()
    assert err.strip(), "expected some log lines"
    for text in (err, out):
        assert k.key not in text
        assert "KEY-MUST-NOT" not in text
        assert k.key.encode().hex() not in text
    # The connection file itself is left as it was.
    assert json.loads(k.conn_file.read_text())["key"] == k.key
