"""Fixtures of the reliability and security tests (issue 8).

The kernel is started by hand (``gotape kernel CONN_FILE``) with a connection file the tests
write, so that they know its pid, read its standard error and can give it keys and ips that
a KernelManager would not. ``RawClient`` speaks the wire protocol with plain zmq sockets, so
tests can send what no well-behaved client sends (bad signatures, broken frames, huge
messages); ``Kernel.client()`` gives a jupyter_client BlockingKernelClient for the rest.

Tests marked ``stress`` take minutes; they are skipped unless ``-m stress`` selects them
(``make stress``).
"""
import pytest

from relkit import IMPORTS, Kernel


def pytest_configure(config):
    config.addinivalue_line("markers", "stress: long-running load test, run by `make stress` (-m stress)")


def pytest_collection_modifyitems(config, items):
    if "stress" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="stress test: run with `make stress` (pytest -m stress)")
    for item in items:
        if "stress" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def start_kernel(gotape_binary, tmp_path):
    """start_kernel(**kw) starts a Kernel; every kernel is stopped at the end of the test."""
    started = []

    def start(**kw):
        k = Kernel(gotape_binary, tmp_path, **kw)
        started.append(k)
        return k

    yield start
    for k in started:
        k.close()


@pytest.fixture
def kern(start_kernel):
    """A started kernel with a raw client that has run the usual imports."""
    k = start_kernel()
    raw = k.raw()
    r = raw.execute(IMPORTS, timeout=60)
    assert r["content"]["status"] == "ok", r["content"]
    k.raw0 = raw
    return k
