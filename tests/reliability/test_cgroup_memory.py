"""Issue 13 item 8: under a per-user memory limit (a memory cgroup, as JupyterHub sets one),
a tensor larger than the limit is a clear error in the cell, not a SIGKILL from the OOM killer:
tape's memory check reads the process's own cgroup. The kernel is started inside a fresh
memory cgroup of 2 GiB (a child of the test's own); the evaluator child inherits it.
Skipped where the test cannot create a memory cgroup (not root, or no writable hierarchy)."""
import os
import pathlib
import uuid

import time

import pytest

from jupyterkit import collect, shell_reply
from relkit import Kernel

LIMIT = 2 << 30


def memory_cgroup_dir():
    """The directory of this process's memory cgroup (v1 memory controller, else v2), or None."""
    groups = {}
    for line in pathlib.Path("/proc/self/cgroup").read_text().splitlines():
        _, ctrls, path = line.split(":", 2)
        for c in ctrls.split(","):
            groups[c] = path
    mounts = []
    for line in pathlib.Path("/proc/self/mountinfo").read_text().splitlines():
        pre, post = line.split(" - ")
        fields, (fstype, _, opts) = pre.split(), post.split()
        mounts.append((fstype, fields[3], fields[4], opts))
    for fstype, root, point, opts in mounts:
        if fstype == "cgroup" and "memory" in opts.split(",") and "memory" in groups:
            return pathlib.Path(point) / os.path.relpath(groups["memory"], root), "memory.limit_in_bytes"
    for fstype, root, point, _ in mounts:
        if fstype == "cgroup2" and "" in groups:
            d = pathlib.Path(point) / os.path.relpath(groups[""], root)
            if "memory" in (d / "cgroup.subtree_control").read_text().split():
                return d, "memory.max"
    return None, None


@pytest.fixture
def limited_cgroup():
    parent, limit_file = memory_cgroup_dir()
    if parent is None or not os.access(parent, os.W_OK):
        pytest.skip("no writable memory cgroup here")
    d = parent / ("gotape-test-" + uuid.uuid4().hex[:8])
    try:
        d.mkdir()
        (d / limit_file).write_text(str(LIMIT))
    except OSError as e:
        pytest.skip("cannot make a memory cgroup: %s" % e)
    yield d
    deadline = time.monotonic() + 10
    while (d / "cgroup.procs").read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.1)
    d.rmdir()


def test_tensor_over_the_cgroup_limit_is_an_error(gotape_binary, tmp_path, limited_cgroup):
    wrapper = tmp_path / "gotape-in-cgroup"
    wrapper.write_text('#!/bin/sh\necho $$ > %s/cgroup.procs\nexec %s "$@"\n' % (limited_cgroup, gotape_binary))
    wrapper.chmod(0o755)
    k = Kernel(str(wrapper), tmp_path)
    try:
        assert str(k.pid) in (limited_cgroup / "cgroup.procs").read_text().split()
        kc = k.client()

        def run(code):
            mid = kc.execute(code, allow_stdin=False, stop_on_error=False)
            reply = shell_reply(kc, mid, 120)
            return reply["content"], collect(kc, mid, 120)

        c, _ = run("kept := 41")
        assert c["status"] == "ok", c
        # 40000 x 40000 float32 = 6.4 GB: fits this machine's memory, not the cgroup's 2 GiB.
        c, _ = run("big := tape.Ones(40000, 40000)\nbig")
        assert c["status"] == "error" and c["ename"] != "FatalError", c
        assert "cgroup" in c["evalue"] and "2.0 GiB" in c["evalue"], c
        # The evaluator lived on: its state is intact.
        c, msgs = run("kept + 1")
        assert c["status"] == "ok", c
        results = [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]
        assert results == ["42"], results
        assert k.alive()
    finally:
        k.close()
