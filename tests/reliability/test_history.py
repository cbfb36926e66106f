"""History survives restarts (issue 13 item 14): the installed kernelspec keeps the execution
history in the Jupyter data directory (gotape/history.jsonl, the role of IPython's
history.sqlite), so a restarted kernel and a new one both see the earlier cells."""
import contextlib
import json
import uuid

from jupyter_client.manager import KernelManager


def tail(kc, n=50):
    kc.history(hist_access_type="tail", n=n, output=False)
    return [h[2] for h in kc.get_shell_msg(timeout=30)["content"]["history"]]


@contextlib.contextmanager
def kernel():
    """A gotape kernel started from the installed kernelspec, and its client."""
    km = KernelManager(kernel_name="gotape")
    km.start_kernel()
    kc = km.client()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_history_survives_restart(gotape_env, tmp_path, monkeypatch):
    for k in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(k, gotape_env[k])
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    cell = "%d + 1" % (uuid.uuid4().int % 10**9)
    with kernel() as (km, kc):
        assert kc.execute_interactive(cell, timeout=60)["content"]["status"] == "ok"
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        assert cell in tail(kc), "history lost by a restart"
    with kernel() as (km, kc):  # a new kernel (a new notebook, the next day) sees it too
        assert cell in tail(kc)
    entries = [json.loads(line) for line in (tmp_path / "data" / "gotape" / "history.jsonl").read_text().splitlines()]
    # each session starts with a line 0 that claims its number; then its cells
    assert [(e["session"], e["line"], e["input"]) for e in entries] == [(1, 0, ""), (1, 1, cell), (2, 0, ""), (3, 0, "")]


def test_kernels_started_at_once_get_sessions_of_their_own(start_kernel, tmp_path):
    """Two notebooks opened at once share the history file but not a session number: a later
    kernel's history_request for one session gets that kernel's cells only."""
    hist = str(tmp_path / "history.jsonl")
    k1, k2 = start_kernel(args=("--history", hist), wait=False), start_kernel(args=("--history", hist), wait=False)
    k1.wait_ready()
    k2.wait_ready()
    for k, code in ((k1, "1 + 1"), (k2, "2 + 2"), (k1, "3 + 3")):
        assert k.raw().execute(code)["content"]["status"] == "ok"
    k3 = start_kernel(args=("--history", hist))
    raw = k3.raw()
    sessions = {}
    for session in (1, 2):
        mid = raw.send("shell", "history_request", {"hist_access_type": "range", "session": session, "start": 1,
                                                    "stop": None, "raw": True, "output": False})
        sessions[session] = [h[2] for h in raw.reply("shell", mid, timeout=10)["content"]["history"]]
    assert sorted(sessions.values()) == [["1 + 1", "3 + 3"], ["2 + 2"]], sessions
