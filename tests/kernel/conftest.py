"""Fixtures for the gotape end-to-end kernel tests.

The binary and its kernelspec come from tests/conftest.py; here they are also put on this
process's JUPYTER_PATH, for jupyter_client's KernelManager.
"""
import os

import pytest

from gotape_kernel_cells import IMPORTS

KERNEL_NAME = "gotape"


@pytest.fixture(scope="session", autouse=True)
def gotape_bin(gotape_binary, gotape_env):
    """Path of the gotape binary, with its kernelspec on JUPYTER_PATH in this process too."""
    keys = ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR")
    old = {k: os.environ.get(k) for k in keys}
    os.environ.update({k: gotape_env[k] for k in keys})
    yield gotape_binary
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
