"""Helpers shared by the end-to-end tests that drive gotape through a jupyter_client
KernelClient (tests/conftest.py's folder is on sys.path, so any test can import this)."""
import time


def collect(kc, msg_id, timeout):
    """The iopub messages of request msg_id, up to its status idle."""
    out = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out


def shell_reply(kc, msg_id, timeout):
    """The shell reply to request msg_id (replies to other requests are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
