"""Bad input: broken frames, broken JSON, huge messages, unknown types and invalid UTF-8 each
get a log line or an error reply, and the kernel keeps serving."""
import json
import time


from relkit import DELIM, stdout_of

MB = 1 << 20


def still_serving(k, raw):
    assert k.alive(), k.stderr()
    assert raw.alive(timeout=20), k.stderr()
    r = raw.execute('fmt.Println("still here")')
    assert r["content"]["status"] == "ok", r["content"]


def logged(k, text, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in k.stderr():
            return True
        time.sleep(0.05)
    raise AssertionError("%r not logged; log:\n%s" % (text, k.stderr()[-3000:]))


def test_wrong_frame_counts(kern):
    k, raw = kern, kern.raw0
    good = raw.frames("kernel_info_request", {})
    cases = {
        "no delimiter": good[1:],
        "only delimiter": [DELIM],
        "three parts": good[:4],
        "five parts": good[:5],
        "empty frames": [b"", b"", b""],
        "single empty frame": [b""],
        "delimiter twice": [DELIM] + good,
    }
    for name, frames in cases.items():
        for ch in ("shell", "control"):
            raw.send_frames(ch, frames)
    assert raw.recv("shell", timeout=0.5) is None
    logged(k, "no <IDS|MSG> delimiter")
    logged(k, "fewer than 5 parts")
    # Extra frames after the content are buffers: accepted.
    raw.send_frames("shell", good + [b"buffer1", b"\x00\xff"])
    r = raw.recv("shell", timeout=10)
    assert r and r["msg_type"] == "kernel_info_reply"
    still_serving(k, raw)


def test_malformed_json(kern):
    k, raw = kern, kern.raw0

    def signed(header, parent=b"{}", meta=b"{}", content=b"{}"):
        return [DELIM, raw.sign(header, parent, meta, content), header, parent, meta, content]

    h = json.dumps(raw.header("execute_request")).encode()
    for frames in [
        signed(b"{not json"),
        signed(b"[]"),
        signed(b'"a string"'),
        signed(b"{}"),  # no msg_type
        signed(b'{"msg_type": 5}'),
        signed(h, parent=b"null"),
        signed(h, meta=b"[1,2"),
        signed(h, content=b'{"code": "1", '),
        signed(h, content=b"\xff\xfe{}"),
        signed(h, content=b""),
    ]:
        raw.send_frames("shell", frames)
    assert raw.recv("shell", timeout=0.5) is None
    logged(k, "bad header")
    logged(k, "is not a JSON object")
    # Valid JSON of the wrong shape: a clear log line, no crash.
    mid = raw.send("shell", "execute_request", {"code": 42, "silent": "no"})
    logged(k, "bad execute_request content")
    idle = raw.iopub_until_idle(mid)
    assert [m["content"]["execution_state"] for m in idle if m["msg_type"] == "status"] == ["busy", "idle"]
    raw.send("shell", "complete_request", {"code": "fmt.", "cursor_pos": "x"})
    logged(k, "bad complete_request content")
    still_serving(k, raw)


def test_unknown_msg_types(kern):
    k, raw = kern, kern.raw0
    for t in ["no_such_request", "", "execute_reply", "status", "interrupt_request", "x" * 10000, "kernel_info_request\x00"]:
        raw.send("shell", t, {})
    raw.send("control", "execute_request", {"code": 'fmt.Println("no")'})
    raw.send("control", "comm_open", {"comm_id": "c", "target_name": "gotape.echo", "data": {}})
    raw.send("stdin", "execute_request", {"code": "1"})
    assert raw.recv("shell", timeout=0.5) is None
    assert raw.recv("control", timeout=0.1) is None
    logged(k, 'shell: ignoring message type "no_such_request"')
    logged(k, 'control: ignoring message type "execute_request"')
    logged(k, "ignoring execute_request on stdin")
    still_serving(k, raw)


def test_invalid_utf8_in_code(kern):
    k, raw = kern, kern.raw0
    codes = [
        b'{"code": "fmt.Println(\\"a\xff\xfeb\\")", "silent": false}',  # raw invalid bytes in a JSON string
        b'{"code": "x\xc3 := 1", "silent": false}',  # truncated sequence in an identifier
        b'{"code": "fmt.Println(\\"\\udc80\\")", "silent": false}',  # lone surrogate escape
        b'{"code": "\\u0000\\u0001", "silent": false}',
        b'{"code": "s := \\"\xed\xa0\x80\\"; len(s)", "silent": false}',  # encoded surrogate
    ]
    for c in codes:
        mid = raw.send("shell", "execute_request", c)
        r = raw.reply("shell", mid, timeout=30)
        assert r["content"]["status"] in ("ok", "error"), r["content"]
        if r["content"]["status"] == "error":
            assert r["content"]["ename"] and r["content"]["evalue"], r["content"]
        msgs = raw.iopub_until_idle(mid)  # decoded by json.loads: the kernel sent valid UTF-8 JSON
        assert msgs[-1]["content"]["execution_state"] == "idle"
    # Invalid UTF-8 in the output of a cell is sent as valid JSON.
    r, msgs = raw.run('os.Stdout.Write([]byte{0x61, 0xff, 0x62, 0x0a})')
    assert r["content"]["status"] == "ok", r["content"]
    assert stdout_of(msgs) in ("a\ufffdb\n", "a\ufffd\ufffdb\n"), stdout_of(msgs)
    still_serving(k, raw)


def test_huge_messages(kern):
    """50 MB messages: badly signed, an unknown type, and a real 50 MB execute_request."""
    k, raw = kern, kern.raw0
    big = "x" * (50 * MB)
    raw.send_frames("shell", raw.frames("execute_request", {"code": "// " + big}, key=b"wrong"))
    raw.send("shell", "huge_unknown_request", {"pad": big})
    raw.send("shell", "kernel_info_request", {"pad": big})
    r = raw.recv("shell", timeout=60)
    assert r and r["msg_type"] == "kernel_info_reply"
    t0 = time.monotonic()
    r = raw.execute("// " + big + "\nfmt.Println(\"after a 50 MB comment\")", timeout=120)
    assert r["content"]["status"] == "ok", r["content"]
    # A 50 MB string literal reaches the cell intact.
    r, msgs = raw.run('big := "' + "y" * (10 * MB) + '"\nfmt.Println(len(big))', timeout=120)
    assert r["content"]["status"] == "ok", r["content"]
    assert stdout_of(msgs) == "%d\n" % (10 * MB)
    print("50 MB cells took %.1fs" % (time.monotonic() - t0))
    logged(k, "bad message signature")
    still_serving(k, raw)
    r, msgs = raw.run("fmt.Println(len(big))")
    assert stdout_of(msgs) == "%d\n" % (10 * MB)
