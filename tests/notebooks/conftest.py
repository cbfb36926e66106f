"""Fixtures of the notebook tests: a gotape binary built from this tree (or GOTAPE_BIN, as in
tests/kernel) with its kernelspec installed into a temporary prefix put first on JUPYTER_PATH,
so nothing is installed for the user. Go's build cache makes the second build of a session
(tests/kernel builds too) a quick link."""
import os
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="session")
def gotape_env(tmp_path_factory):
    """Environment (for subprocesses) in which Jupyter finds the gotape kernel as "gotape"."""
    tmp = tmp_path_factory.mktemp("gotape-notebooks")
    binary = os.environ.get("GOTAPE_BIN")
    if binary:
        binary = os.path.abspath(binary)
    else:
        binary = str(tmp / "gotape")
        go = shutil.which("go") or "/usr/local/go/bin/go"
        subprocess.run([go, "build", "-o", binary, "."], cwd=ROOT, check=True)
    prefix = str(tmp / "prefix")
    subprocess.run([binary, "install", "--prefix", prefix], check=True, capture_output=True)
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [os.path.join(prefix, "share", "jupyter")] + ([env["JUPYTER_PATH"]] if env.get("JUPYTER_PATH") else []))
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    env["PATH"] = "/usr/bin:" + env.get("PATH", "")
    return env
