"""Fixtures of the display browser test: a gotape binary built from this tree and installed
as the `gotape` kernelspec into a temporary prefix (nothing is installed for the user)."""
import os
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="session")
def gotape_env(tmp_path_factory):
    """Environment in which Jupyter finds the gotape kernel built from this tree."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    tmp = tmp_path_factory.mktemp("gotape-kernel")
    binary = str(tmp / "gotape")
    subprocess.run([go, "build", "-o", binary, "."], cwd=ROOT, check=True)
    prefix = str(tmp / "prefix")
    subprocess.run([binary, "install", "--prefix", prefix], check=True, capture_output=True)
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    env["PATH"] = "/usr/bin:" + env.get("PATH", "")
    return env
