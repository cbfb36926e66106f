"""Fixtures for the gotape end-to-end kernel tests.

A session fixture builds the gotape binary (``go build -o <tmp>/gotape .``) and installs its
kernelspec into a temporary prefix that is put first on JUPYTER_PATH, so the tests work on a
fresh machine and never touch the user's Jupyter set-up. Set GOTAPE_BIN to test a binary
that is already built.
"""
import os
import pathlib
import shutil
import subprocess

import pytest

from gotape_kernel_cells import IMPORTS

REPO = pathlib.Path(__file__).resolve().parents[2]
KERNEL_NAME = "gotape"


def _go():
    go = shutil.which("go") or "/usr/local/go/bin/go"
    return go


@pytest.fixture(scope="session", autouse=True)
def gotape_bin(tmp_path_factory):
    """Path of the gotape binary, with its kernelspec installed on JUPYTER_PATH."""
    tmp = tmp_path_factory.mktemp("gotape")
    binary = os.environ.get("GOTAPE_BIN")
    if binary:
        binary = pathlib.Path(binary).resolve()
    else:
        binary = tmp / "gotape"
        subprocess.run([_go(), "build", "-o", str(binary), "."], cwd=REPO, check=True)
    prefix = tmp / "prefix"
    subprocess.run([str(binary), "install", "--prefix", str(prefix)], check=True)
    old = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR")}
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(prefix / "share" / "jupyter")] + ([old["JUPYTER_PATH"]] if old["JUPYTER_PATH"] else [])
    )
    os.environ["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    yield binary
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def kernel(gotape_bin):
    """A started gotape kernel: (KernelManager, BlockingKernelClient)."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=60)
    reply = kc.execute_interactive(IMPORTS, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)
