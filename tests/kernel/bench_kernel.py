"""Benchmarks of the gotape binary (not a test; run by hand or from bench/):

    /usr/bin/python3 tests/kernel/bench_kernel.py [path/to/gotape]

Prints: kernel start -> first kernel_info reply, RSS after start (before and after the
first cell, which loads the interpreter), and the trivial-cell round trip
(execute_request sent -> status idle received) median over 200 runs, measured with a
bare pyzmq client so that jupyter_client's polling does not dominate.
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

REPO = pathlib.Path(__file__).resolve().parents[2]


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timings(n, f):
    """The wall times of n calls of f, in seconds."""
    out = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return out


def main():
    tmp = pathlib.Path(tempfile.mkdtemp())
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    if not binary:
        binary = str(tmp / "gotape")
        subprocess.run(["go", "build", "-o", binary, "."], cwd=REPO, check=True)
    import uuid
    cf, info = write_connection_file(str(tmp / "conn.json"), ip="127.0.0.1", key=uuid.uuid4().hex.encode())
    session = Session(key=info["key"].encode() if isinstance(info["key"], str) else info["key"])
    ctx = zmq.Context()

    def sock(kind, port):
        s = ctx.socket(kind)
        s.setsockopt(zmq.RECONNECT_IVL, 1)
        s.setsockopt(zmq.LINGER, 0)
        if kind == zmq.DEALER:
            s.setsockopt(zmq.IDENTITY, session.bsession)
        if kind == zmq.SUB:
            s.setsockopt(zmq.SUBSCRIBE, b"")
        s.connect(f"tcp://127.0.0.1:{port}")
        return s

    shell = sock(zmq.DEALER, info["shell_port"])
    iopub = sock(zmq.SUB, info["iopub_port"])
    control = sock(zmq.DEALER, info["control_port"])

    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "kernel", cf])
    session.send(shell, "kernel_info_request", {})
    session.recv(shell, mode=0)
    t_info = time.perf_counter() - t0
    rss_start = rss_mb(proc.pid)

    def roundtrip_lean(code):
        """Only the raw frames are read; JSON is parsed just for the status messages."""
        msg = session.send(shell, "execute_request", {"code": code, "silent": False, "store_history": True,
                                                      "user_expressions": {}, "allow_stdin": False})
        mid = msg["header"]["msg_id"].encode()
        while True:
            frames = iopub.recv_multipart()
            i = frames.index(b"<IDS|MSG>")
            if b'"status"' in frames[i + 2] and mid in frames[i + 3] and b'"idle"' in frames[i + 5]:
                break
        shell.recv_multipart()

    def roundtrip(code):
        msg = session.send(shell, "execute_request", {"code": code, "silent": False, "store_history": True,
                                                      "user_expressions": {}, "allow_stdin": False})
        mid = msg["header"]["msg_id"]
        while True:
            _, m = session.recv(iopub, mode=0)
            if m["msg_type"] == "status" and m["parent_header"].get("msg_id") == mid \
                    and m["content"]["execution_state"] == "idle":
                break
        session.recv(shell, mode=0)

    # wait until iopub is subscribed (the first cell also loads the interpreter)
    roundtrip("1")
    time.sleep(0.2)
    rss_loaded = rss_mb(proc.pid)
    for _ in range(20):
        roundtrip("1")
    ts = timings(200, lambda: roundtrip("1"))
    lean = timings(200, lambda: roundtrip_lean("1"))
    rss_after = rss_mb(proc.pid)
    session.send(control, "shutdown_request", {"restart": False})
    proc.wait(timeout=10)
    print(json.dumps({
        "start_to_kernel_info_ms": round(t_info * 1000, 1),
        "rss_after_start_mb": round(rss_start, 1),
        "rss_after_first_cell_mb": round(rss_loaded, 1),
        "rss_after_420_cells_mb": round(rss_after, 1),
        "roundtrip_median_ms": round(statistics.median(ts) * 1000, 3),
        "roundtrip_p90_ms": round(sorted(ts)[int(len(ts) * 0.9)] * 1000, 3),
        "roundtrip_lean_client_median_ms": round(statistics.median(lean) * 1000, 3),
    }, indent=1))


if __name__ == "__main__":
    main()
