"""The committed notebooks as a user first sees them: opened in Debian's Notebook 6.4 under
headless Chromium, *untrusted* (they come from elsewhere), so the front end drops SVG and
HTML with SVG inside. Every figure must still show, from the PNG its bundle carries beside
the SVG. Screenshots are kept in tests/artifacts/notebook-NAME.png.

Run from the repository root:  /usr/bin/python3 -m pytest -q tests/display -k notebook_ui
"""
import glob
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request

import nbformat
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACTS = os.path.join(ROOT, "tests", "artifacts")
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
JUPYTER = "/usr/bin/jupyter"
CHROMIUM = "/usr/bin/chromium"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(gotape_env, tmp_path_factory):
    """A Notebook 6.4 server on a copy of notebooks/ (nothing signed: all untrusted)."""
    if not os.path.exists(os.path.join(os.path.dirname(JUPYTER), "jupyter-notebook")):
        pytest.fail("Notebook 6.4 is missing: run `make setup` (Debian's jupyter-notebook)")
    tmp = tmp_path_factory.mktemp("notebook-ui")
    nbdir = tmp / "notebooks"
    nbdir.mkdir()
    for p in NOTEBOOKS:
        shutil.copy(p, nbdir)
    env = dict(gotape_env, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               HOME=str(tmp))
    port = free_port()
    log = open(tmp / "server.log", "w")
    proc = subprocess.Popen([JUPYTER, "notebook", "--no-browser", "--allow-root", f"--port={port}",
                             "--ip=127.0.0.1", "--NotebookApp.token=", "--NotebookApp.password=",
                             f"--notebook-dir={nbdir}"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/api/status", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the notebook server did not start: " + (tmp / "server.log").read_text()[-2000:])
        yield url, tmp
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def chromium(args, profile):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=10000"] + args
    return subprocess.run(cmd, capture_output=True, timeout=180, text=True)


def figures(nb):
    """The number of outputs that are pictures (SVG or PNG)."""
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if {"image/png", "image/svg+xml"} & set(o.get("data", {})))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=os.path.basename)
def test_notebook_ui_untrusted_shows_every_figure(server, path):
    url, tmp = server
    name = os.path.basename(path)
    nb = nbformat.read(path, as_version=4)
    want = figures(nb)
    page = f"{url}/notebooks/{name}"
    dom = chromium(["--dump-dom", page], tmp / ("dom-" + name)).stdout
    assert 'id="notification_trusted"' in dom and "Not Trusted" in dom, "the page is not the untrusted notebook"
    shown = re.findall(r'<div class="output_subarea output_png[^"]*"[^>]*><img src="data:image/png;base64,', dom)
    assert len(shown) == want, f"{name}: {len(shown)} of {want} figures shown"
    # Nothing falls back to the SVG's bare text (what an untrusted HTML-with-SVG output shows).
    assert not re.search(r"output_html[^>]*>[^<]*<svg", dom)
    os.makedirs(ARTIFACTS, exist_ok=True)
    shot = os.path.join(ARTIFACTS, "notebook-" + name.replace(".ipynb", ".png"))
    if os.path.exists(shot):
        os.remove(shot)
    height = max(2000, min(30000, 220 * len(nb.cells) + 600 * want))
    chromium([f"--window-size=1100,{height}", f"--screenshot={shot}", page], tmp / ("shot-" + name))
    assert os.path.getsize(shot) > 50000
