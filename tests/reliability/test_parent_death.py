"""The kernel exits when its parent dies (issue 13 item 13): a killed `jupyter console`
leaves no gotape process behind, and neither does a dead JPY_PARENT_PID process."""
import os
import pathlib
import signal
import subprocess
import time

import pexpect


def process_gone(pid):
    """Whether pid has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        stat = pathlib.Path("/proc/%d/stat" % pid).read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def descendants(pid):
    """Pids of pid's descendants, from /proc."""
    children = {}
    for d in pathlib.Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def cmdline(pid):
    try:
        return pathlib.Path("/proc/%d/cmdline" % pid).read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_gone(pids, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(process_gone(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def test_killed_console_leaves_no_kernel(gotape_binary, gotape_env, tmp_path):
    env = dict(gotape_env, TERM="dumb", JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    console = pexpect.spawn("/usr/bin/jupyter", ["console", "--kernel", "gotape", "--simple-prompt"],
                            env=env, encoding="utf-8", timeout=60)
    try:
        console.expect(r"In \[1\]: ")
        console.sendline("40 + 2")  # the kernel and its evaluator are up
        console.expect(r"Out\[1\]: 42")
        gotape = [p for p in descendants(console.pid) if str(gotape_binary) in cmdline(p)]
        assert gotape, "no gotape process under the console"
        t0 = time.monotonic()
        os.kill(console.pid, signal.SIGKILL)
        assert wait_gone(gotape, 10), "orphans: %s" % [cmdline(p) for p in gotape if not process_gone(p)]
        print("kernel gone %.2fs after the console was killed" % (time.monotonic() - t0))
    finally:
        console.close(force=True)


def test_dead_jpy_parent_pid_ends_the_kernel(start_kernel):
    frontend = subprocess.Popen(["sleep", "120"])
    try:
        k = start_kernel(env=dict(os.environ, JPY_PARENT_PID=str(frontend.pid)))
        assert k.raw().alive()
        frontend.kill()
        frontend.wait()
        assert k.proc.wait(timeout=10) == 0
        assert "JPY_PARENT_PID) died" in k.stderr(), k.stderr()
    finally:
        frontend.kill()
