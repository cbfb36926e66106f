"""Run one cell through jupyter_client and gather what it published (for the imports and
magics tests)."""
import dataclasses

TIMEOUT = 60


@dataclasses.dataclass
class Cell:
    status: str
    stdout: str
    stderr: str
    result: str  # text/plain of the execute_result, "" when none
    error: dict  # the error reply's content, {} when ok


def execute(kc, code, timeout=TIMEOUT):
    """Run code and return its Cell once the kernel is idle again."""
    out = {"stdout": [], "stderr": [], "result": []}

    def hook(msg):
        t, c = msg["msg_type"], msg["content"]
        if t == "stream":
            out[c["name"]].append(c["text"])
        elif t == "execute_result":
            out["result"].append(c["data"].get("text/plain", ""))

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    c = reply["content"]
    return Cell(c["status"], "".join(out["stdout"]), "".join(out["stderr"]),
                "".join(out["result"]), c if c["status"] == "error" else {})


def ok(kc, code, timeout=TIMEOUT):
    """Run code that must succeed."""
    cell = execute(kc, code, timeout)
    assert cell.status == "ok", (code, cell.error)
    return cell
