"""Executes every notebook in notebooks/ with the gotape kernel (jupyter nbconvert --execute)
and compares each code cell's outputs with its row in expectations.py.

Run from the repository root:  /usr/bin/python3 -m pytest -q tests/notebooks
MNIST training is shortened with GOTAPE_MNIST_EPOCHS / GOTAPE_MNIST_SAMPLES (set below unless
already set); the MNIST cell needs the data from `make data`.
"""
import glob
import os
import re
import subprocess

import nbformat
import pytest

from expectations import EXPECTATIONS
from expectations_guides import GUIDES

EXPECTATIONS = {**EXPECTATIONS, **GUIDES}

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
KERNELSPEC = {"name": "gotape", "display_name": "Go (gotape)", "language": "go"}

SHORT_MNIST = {"GOTAPE_MNIST_EPOCHS": "2", "GOTAPE_MNIST_SAMPLES": "3000"}  # ~0.89 accuracy


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_notebooks_exist():
    names = {os.path.basename(p) for p in NOTEBOOKS}
    assert {"basic_gradient_tape.ipynb", "gradient_tape_explained.ipynb",
            "minimize_vs_gradient_tape.ipynb", "autodiff_guide.ipynb",
            "advanced_autodiff_guide.ipynb", "beyond_tensorflow.ipynb"} <= names


def test_every_cell_has_an_expectation():
    """Each code cell names its row in the table; every row belongs to exactly one cell."""
    seen = {}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata.get("kernelspec") == KERNELSPEC, path
        assert nb.metadata.get("language_info", {}).get("name") == "go", path
        for cell in code_cells(nb):
            key = cell.metadata.get("gotape_expect")
            assert key, f"{os.path.basename(path)}: code cell without gotape_expect:\n{cell.source}"
            assert key in EXPECTATIONS, f"{key}: no row in expectations.py"
            assert key not in seen, f"{key}: used by two cells"
            seen[key] = path
    assert set(EXPECTATIONS) == set(seen), f"rows without a cell: {sorted(set(EXPECTATIONS) - set(seen))}"


def test_figures_survive_untrusted_notebooks():
    """Notebook 6.4 drops SVG, and HTML with SVG inside, from notebooks it does not trust
    (any notebook that comes from elsewhere): every committed figure also carries a PNG,
    and no HTML output holds an SVG."""
    problems = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(code_cells(nb)):
            for o in cell.get("outputs", []):
                data = o.get("data", {})
                where = f"{os.path.basename(path)} code cell {i} ({cell.metadata.get('gotape_expect')})"
                if "image/svg+xml" in data and "image/png" not in data:
                    problems.append(f"{where}: SVG without PNG")
                if "<svg" in data.get("text/html", ""):
                    problems.append(f"{where}: HTML with an SVG inside")
                if ({"image/svg+xml", "image/png"} & set(data)) and not data.get("text/plain", "").strip():
                    problems.append(f"{where}: a figure without text/plain")
    assert not problems, "\n".join(problems)


def test_no_volatile_metadata():
    """Committed notebooks hold no execution timestamps (`make notebooks` strips them), so
    they change only when what they show changes."""
    stamped = [f"{os.path.basename(p)} cell {i}" for p in NOTEBOOKS
               for i, c in enumerate(nbformat.read(p, as_version=4).cells) if "execution" in c.metadata]
    assert not stamped, f"execution timestamps in {stamped[:5]}: run scripts/nbclean.py"


def stream_text(cell, name):
    return "".join(o.get("text", "") for o in cell.outputs
                   if o.output_type == "stream" and o.get("name") == name)


def check_cell(cell, exp):
    """Returns the list of ways cell's outputs differ from exp (empty when they agree)."""
    problems = []
    errors = [o for o in cell.outputs if o.output_type == "error"]
    for e in errors:
        problems.append(f"error {e.get('ename')}: {e.get('evalue')}")
    if errors:
        return problems
    stdout = stream_text(cell, "stdout")
    rich = [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
    results = [o for o in cell.outputs if o.output_type == "execute_result"]

    if exp.quiet and cell.outputs:
        problems.append(f"expected no output, got {[o.output_type for o in cell.outputs]}: {stdout!r}")
    if exp.stdout is not None and stdout != exp.stdout:
        problems.append(f"stdout {stdout!r}, want {exp.stdout!r}")
    stderr = stream_text(cell, "stderr")
    if exp.stderr is not None and stderr != exp.stderr:
        problems.append(f"stderr {stderr!r}, want {exp.stderr!r}")
    if exp.stdout_re is not None:
        m = re.fullmatch(exp.stdout_re, stdout, re.S)
        if not m:
            problems.append(f"stdout {stdout[:2000]!r} does not match {exp.stdout_re!r}")
        else:
            for group, (lo, hi) in exp.ranges.items():
                v = float(m.group(group))
                if not lo <= v <= hi:
                    problems.append(f"{group} = {v}, want it in [{lo}, {hi}]")
    if exp.result is not None or exp.result_re is not None:
        if len(results) != 1:
            problems.append(f"want one execute_result, got {len(results)}")
        else:
            text = results[0].get("data", {}).get("text/plain", "")
            if exp.result is not None and text != exp.result:
                problems.append(f"result {text!r}, want {exp.result!r}")
            if exp.result_re is not None and not re.fullmatch(exp.result_re, text, re.S):
                problems.append(f"result {text!r} does not match {exp.result_re!r}")
    for mime in exp.mimes:
        if not any(mime in o.get("data", {}) for o in rich):
            problems.append(f"no {mime} output (have {[sorted(o.get('data', {})) for o in rich]})")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=os.path.basename)
def test_notebook_outputs(path, gotape_env, tmp_path):
    env = dict(gotape_env)
    for k, v in SHORT_MNIST.items():
        env.setdefault(k, v)
    name = os.path.basename(path)
    proc = subprocess.run(
        ["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
         "--ExecutePreprocessor.kernel_name=gotape", "--ExecutePreprocessor.timeout=600",
         "--output-dir", str(tmp_path), "--output", name, path],
        env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, f"nbconvert failed:\n{proc.stderr[-4000:]}"
    nb = nbformat.read(str(tmp_path / name), as_version=4)
    failures = []
    for cell in code_cells(nb):
        key = cell.metadata.get("gotape_expect")
        for p in check_cell(cell, EXPECTATIONS[key]):
            failures.append(f"[{key}] {p}")
    assert not failures, f"{name}:\n" + "\n".join(failures)
