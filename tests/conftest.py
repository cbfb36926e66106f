"""Fixtures shared by every end-to-end test: one gotape binary per session (GOTAPE_BIN, as the
Makefile sets it, or built from this tree with scripts/gotags.sh's tags) and its kernelspec
installed into a temporary prefix that is put first on JUPYTER_PATH, so the tests work on a
fresh machine and never touch the user's Jupyter set-up."""
import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def gotape_binary(tmp_path_factory):
    """The gotape binary (GOTAPE_BIN, or built from this tree)."""
    b = os.environ.get("GOTAPE_BIN")
    if b:
        return pathlib.Path(b).resolve()
    out = tmp_path_factory.mktemp("gotape-bin") / "gotape"
    go = shutil.which("go") or "/usr/local/go/bin/go"
    tags = subprocess.run(["bash", "scripts/gotags.sh"], cwd=REPO, check=True,
                          capture_output=True, text=True).stdout.strip()
    subprocess.run([go, "build", "-tags", tags, "-o", str(out), "."], cwd=REPO, check=True)
    return out


@pytest.fixture(scope="session")
def gotape_env(gotape_binary, tmp_path_factory):
    """Environment (for subprocesses) in which Jupyter finds the kernel as "gotape"."""
    tmp = tmp_path_factory.mktemp("gotape-kernel")
    prefix = tmp / "prefix"
    subprocess.run([str(gotape_binary), "install", "--prefix", str(prefix)], check=True,
                   capture_output=True)
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(prefix / "share" / "jupyter")] + ([env["JUPYTER_PATH"]] if env.get("JUPYTER_PATH") else []))
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    env["JUPYTER_DATA_DIR"] = str(tmp / "data")  # the kernels' history file goes here
    env["PATH"] = "/usr/bin:" + env.get("PATH", "")
    return env
