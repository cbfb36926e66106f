"""`go install github.com/gotape/gotape@latest && gotape install` works from the module, as a
Go user without the repository runs it: the tree is packed into a module zip served by a
local file GOPROXY (as the public module proxy would serve a release); the dependencies come from
the Go module cache's download directory, then the real proxy. No network beyond the proxy,
no replace directive, nothing from the working tree but the module zip.

Run from the repository root:  /usr/bin/python3 -m pytest -q tests/install
"""
import json
import os
import shutil
import subprocess
import zipfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODULE = "github.com/gotape/gotape"
VERSION = "v0.1.0"


def go():
    return shutil.which("go") or "/usr/local/go/bin/go"


def machine_proxy():
    """The module proxy this machine is configured for (`go env GOPROXY`)."""
    return subprocess.run([go(), "env", "GOPROXY"], check=True, capture_output=True, text=True).stdout.strip()


def tracked_files():
    """The tracked files a module zip holds: as `go mod download` packs a module, a folder
    with a go.mod of its own (a nested module, e.g. bench/stockyaegi) is left out."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    files = [p for p in out.decode().split("\0") if p and os.path.isfile(os.path.join(ROOT, p))]
    nested = [os.path.dirname(p) + "/" for p in files if os.path.basename(p) == "go.mod" and "/" in p]
    return [p for p in files if not any(p.startswith(n) for n in nested)]


def write_proxy(proxy):
    """Lays out a GOPROXY directory holding the tree as MODULE@VERSION."""
    d = os.path.join(proxy, *MODULE.split("/"), "@v")
    os.makedirs(d)
    with open(os.path.join(d, "list"), "w") as f:
        f.write(VERSION + "\n")
    with open(os.path.join(d, VERSION + ".info"), "w") as f:
        json.dump({"Version": VERSION, "Time": "2026-01-01T00:00:00Z"}, f)
    shutil.copy(os.path.join(ROOT, "go.mod"), os.path.join(d, VERSION + ".mod"))
    with zipfile.ZipFile(os.path.join(d, VERSION + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for p in tracked_files():
            z.write(os.path.join(ROOT, p), f"{MODULE}@{VERSION}/{p}")


def test_go_install_then_gotape_install(tmp_path):
    proxy = tmp_path / "proxy"
    write_proxy(str(proxy))
    modcache = subprocess.run([go(), "env", "GOMODCACHE"], check=True, capture_output=True,
                              text=True).stdout.strip()
    env = dict(os.environ, GOPATH=str(tmp_path / "gopath"), GOMODCACHE=str(tmp_path / "modcache"),
               GOBIN=str(tmp_path / "bin"), GOFLAGS="-mod=mod", GOTOOLCHAIN="local",
               GONOSUMDB=MODULE,
               GOPROXY=f"file://{proxy},file://{modcache}/cache/download,{machine_proxy()}")
    env.pop("GOWORK", None)
    p = subprocess.run([go(), "install", MODULE + "@latest"], cwd=str(tmp_path), env=env,
                       capture_output=True, text=True, timeout=1200)
    assert p.returncode == 0, p.stderr[-4000:]
    gotape = tmp_path / "bin" / "gotape"
    v = subprocess.run([str(gotape), "version"], capture_output=True, text=True, check=True).stdout
    assert v.startswith("gotape "), v
    # gotape install, with jupyter's flags for a second configuration beside the default.
    prefix = tmp_path / "prefix"
    for extra in ([], ["--name", "gotape-1thread", "--display-name", "Go (gotape, 1 thread)",
                       "--env", "OPENBLAS_NUM_THREADS=1"]):
        subprocess.run([str(gotape), "install", "--prefix", str(prefix)] + extra, check=True,
                       capture_output=True)
    jenv = dict(os.environ, JUPYTER_PATH=str(prefix / "share" / "jupyter"))
    specs = json.loads(subprocess.run(["/usr/bin/jupyter", "kernelspec", "list", "--json"], env=jenv,
                                      check=True, capture_output=True, text=True).stdout)["kernelspecs"]
    assert specs["gotape"]["spec"]["argv"][0] == str(gotape)
    one = specs["gotape-1thread"]["spec"]
    assert one["display_name"] == "Go (gotape, 1 thread)" and one["env"] == {"OPENBLAS_NUM_THREADS": "1"}


def test_go_mod_tidy():
    """go.mod lists the direct dependencies as direct (go mod tidy leaves it unchanged)."""
    before = open(os.path.join(ROOT, "go.mod")).read()
    p = subprocess.run([go(), "mod", "tidy", "-diff"], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local"))
    assert p.returncode == 0, "go.mod/go.sum are not tidy:\n" + p.stdout[-3000:] + p.stderr[-2000:]
    assert open(os.path.join(ROOT, "go.mod")).read() == before
