"""Run All after an error (issue 13 item 11): with stop_on_error, every execute_request the
frontend sent before it saw the failure is aborted ("aborted" reply, as ipykernel), however
fast the failing cell failed and however late the queued requests reach the kernel; a cell
sent after the failure runs."""
import time
import uuid

from relkit import now_iso

FAILS_AT_ONCE = "this is not Go"  # a compile error: fails in a millisecond


def marker(tmp_path):
    p = tmp_path / ("ran-" + uuid.uuid4().hex[:8])
    return p, 'import "os"\nos.WriteFile("%s", []byte("ran"), 0o644)' % p


def run_all(kc, codes):
    """Sends one execute_request per code as a notebook's Run All does: every request is
    made, then all are sent at once (the browser's loop runs before any reply is read)."""
    msgs = [kc.session.msg("execute_request", {"code": c, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": True}) for c in codes]
    for m in msgs:
        kc.shell_channel.send(m)
    return [m["header"]["msg_id"] for m in msgs]


def test_run_all_with_jupyter_client(kern, tmp_path):
    """Five times: a notebook of five cells whose first fails at once, run by Run All
    through jupyter_client."""
    kc = kern.client()
    for attempt in range(5):
        markers, codes = [], [FAILS_AT_ONCE]
        for _ in range(4):
            p, code = marker(tmp_path)
            markers.append(p)
            codes.append(code)
        ids = run_all(kc, codes)
        statuses = {}
        while len(statuses) < len(ids):
            r = kc.get_shell_msg(timeout=60)
            statuses[r["parent_header"]["msg_id"]] = r["content"]["status"]
        assert [statuses[i] for i in ids] == ["error"] + ["aborted"] * 4, (attempt, statuses)
        assert not any(p.exists() for p in markers)
    # Seen the error, the user runs a cell: it runs.
    p, code = marker(tmp_path)
    mid = kc.execute(code)
    r = kc.get_shell_msg(timeout=60)
    assert r["parent_header"]["msg_id"] == mid and r["content"]["status"] == "ok"
    assert p.read_text() == "ran"


def test_queued_requests_arriving_late_are_aborted(kern, tmp_path):
    """Requests sent with the failing one but delayed on the way (a busy proxy) reach the
    kernel 300 ms after it failed: they are still aborted; stop_on_error=False ones too
    (stop_on_error is the failing request's, as in ipykernel)."""
    k, raw = kern, kern.raw0
    sent = now_iso()
    first = raw.send("shell", "execute_request", {"code": FAILS_AT_ONCE, "silent": False, "stop_on_error": True})
    assert raw.reply("shell", first, timeout=30)["content"]["status"] == "error"
    time.sleep(0.3)
    ids, markers = [], []
    for i in range(3):
        p, code = marker(tmp_path)
        markers.append(p)
        mid = uuid.uuid4().hex
        raw.send_frames("shell", raw.frames("execute_request", {"code": code, "silent": False,
                                                                "stop_on_error": i != 1}, msg_id=mid, date=sent))
        ids.append(mid)
    assert [raw.reply("shell", i, timeout=30)["content"]["status"] for i in ids] == ["aborted"] * 3
    time.sleep(0.3)
    assert not any(p.exists() for p in markers)
    p, code = marker(tmp_path)
    r = raw.execute(code)
    assert r["content"]["status"] == "ok" and p.read_text() == "ran"
