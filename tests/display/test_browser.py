"""Rich output end to end: a notebook that displays every MIME type package display makes
is executed by nbconvert with the gotape kernel; the executed notebook must hold each MIME
type, and its HTML export, opened in headless Chromium, must show the tensor table, the SVG
plot, the tape graph and the PNG image grid. The screenshot is kept in tests/artifacts/.

Run from the repository root:  /usr/bin/python3 -m pytest -q tests/display
"""
import base64
import os
import re
import shutil
import subprocess

import nbformat
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACTS = os.path.join(ROOT, "tests", "artifacts")
JUPYTER = "/usr/bin/jupyter"
CHROMIUM = "/usr/bin/chromium"
TEMPLATES = os.path.join(ROOT, "scripts", "templates")
KERNELSPEC = {"name": "gotape", "display_name": "Go (gotape)", "language": "go"}

# (key, source): the key names the cell in the checks below.
CELLS = [
    ("table", 't := tape.Constant([][]float64{{1, 2, 3}, {4, 5, 6}})\nt'),
    ("bigtable", "tape.Reshape(tape.Range(0, 600, 1), 30, 20)"),
    ("plot", 'losses := []float64{2.0, 1.2, 0.8, 0.5, 0.4, 0.35, 0.3}\n'
             'display.LinePlot(losses).Title("loss per step")'),
    ("grid", 'imgs := tape.Reshape(tape.Range(0, 6*64, 1), 6, 8, 8)\n'
             'display.ImageGrid(imgs, []string{"0", "1", "2", "3", "4", "5"}, 3)'),
    ("tape", 'x := tape.Constant(3.0)\n'
             'g := tape.NewGradientTape(tape.Persistent(true))\n'
             'var y *tape.Tensor\n'
             'g.Record(func() {\n\tg.Watch(x)\n\ty = x.Mul(x).Add(x.Sin())\n})\n'
             '_ = g.Gradient(y, x)\n'
             'g'),
    ("explicit", 'display.HTML("<b id=\\"gotape-bold\\">bold</b>")\n'
                 'display.Markdown("# A heading")\n'
                 'display.LaTeX(`\\frac{dy}{dx} = 2x`)\n'
                 'display.JSON(map[string]any{"lr": 0.01, "steps": []int{1, 2}})\n'
                 'display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                 '<rect id="gotape-rect" width="40" height="20" fill="teal"/></svg>`)'),
    ("imports", 'import (\n\t"bytes"\n\t"image"\n\t"image/color"\n\t"image/jpeg"\n\t"image/png"\n)'),
    ("images", 'img := image.NewRGBA(image.Rect(0, 0, 30, 20))\n'
               'for i := 0; i < 30; i++ {\n\timg.Set(i, i*2/3, color.RGBA{200, 30, 30, 255})\n}\n'
               'var jb, pb bytes.Buffer\n'
               '_ = jpeg.Encode(&jb, img, nil)\n'
               '_ = png.Encode(&pb, img)\n'
               'display.JPEG(jb.Bytes())\n'
               'display.PNG(pb.Bytes())\n'
               'display.Image(img)'),
    ("progress", 'p := display.NewProgress(50, display.Epochs(5), display.Caption("training"))\n'
                 'for i := 0; i < 50; i++ {\n\tp.Step(1.0 / float64(i+1))\n}\n'
                 'p.Done()'),
    ("update", 'id := display.NewDisplayID()\n'
               'display.ShowWithID("first", id)\n'
               'display.Update("second", id)'),
]


def run(cmd, env, timeout):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-4000:]}")


def outputs_by_key(nb):
    return {c.metadata["key"]: c.outputs for c in nb.cells if c.cell_type == "code"}


def data_outputs(outputs):
    return [o for o in outputs if o.output_type in ("display_data", "execute_result")]


@pytest.fixture(scope="module")
def executed(gotape_env, tmp_path_factory):
    """The notebook executed by nbconvert, and the path of its HTML export."""
    tmp = tmp_path_factory.mktemp("display-nb")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    for key, src in CELLS:
        cell = nbformat.v4.new_code_cell(src)
        cell.metadata["key"] = key
        nb.cells.append(cell)
    path = tmp / "display.ipynb"
    nbformat.write(nb, str(path))
    # --allow-errors: a failing cell is reported by test_no_errors with its traceback.
    run([JUPYTER, "nbconvert", "--to", "notebook", "--execute", "--inplace", "--allow-errors",
         "--ExecutePreprocessor.timeout=120", "--ExecutePreprocessor.kernel_name=gotape",
         str(path)], gotape_env, 300)
    # The stock lab template blanks SVG outputs (see scripts/templates/gotape_svg/index.html.j2).
    run([JUPYTER, "nbconvert", "--to", "html", "--template", "gotape_svg",
         "--TemplateExporter.extra_template_basedirs=" + TEMPLATES, str(path)], gotape_env, 120)
    return nbformat.read(str(path), as_version=4), str(tmp / "display.html")


def test_no_errors(executed):
    nb, _ = executed
    for key, outs in outputs_by_key(nb).items():
        errs = [f"{o.ename}: {o.evalue}" for o in outs if o.output_type == "error"]
        assert not errs, f"cell {key}: {errs}"


def test_tensor_table(executed):
    outs = data_outputs(outputs_by_key(executed[0])["table"])
    assert len(outs) == 1 and outs[0].output_type == "execute_result"
    data = outs[0].data
    assert data["text/plain"].startswith("<tf.Tensor: shape=(2, 3), dtype=float32, numpy=")
    html = data["text/html"]
    assert "shape=(2, 3) dtype=float32" in html
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells == ["1.0", "2.0", "3.0", "4.0", "5.0", "6.0"]


def test_big_table_is_elided(executed):
    html = data_outputs(outputs_by_key(executed[0])["bigtable"])[0].data["text/html"]
    rows = re.findall(r"<tr>", html)
    # header + 5 + ⋮ + 5 rows; 4 + … + 4 columns.
    assert len(rows) == 12
    assert "599.0" in html and "⋮" in html and "…" in html and "300.0" not in html


def test_plot_svg_and_png(executed):
    data = data_outputs(outputs_by_key(executed[0])["plot"])[0].data
    assert data["image/svg+xml"].lstrip().startswith("<svg")
    assert "loss per step" in data["image/svg+xml"]
    png = base64.b64decode(data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_image_grid_png(executed):
    data = data_outputs(outputs_by_key(executed[0])["grid"])[0].data
    assert set(data) == {"image/png", "text/plain"}
    assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"


def test_tape_graph(executed):
    data = data_outputs(outputs_by_key(executed[0])["tape"])[0].data
    svg = data["image/svg+xml"]
    for op in ("Mul", "Sin", "Add", "watched"):
        assert op in svg, op
    # dy/dx of x² + sin x at 3 is 2·3 + cos 3 = 5.01001
    assert "∂ 5.01" in svg


def test_every_mime_type(executed):
    outs = data_outputs(outputs_by_key(executed[0])["explicit"])
    kinds = [sorted(k for k in o.data if k != "text/plain") for o in outs]
    assert kinds == [["text/html"], ["text/markdown"], ["text/latex"], ["application/json"],
                     ["image/svg+xml"]]
    assert outs[3].data["application/json"] == {"lr": 0.01, "steps": [1, 2]}
    assert outs[2].data["text/latex"] == r"$$\frac{dy}{dx} = 2x$$"


def test_images(executed):
    outs = data_outputs(outputs_by_key(executed[0])["images"])
    assert [sorted(o.data) for o in outs] == [["image/jpeg", "text/plain"], ["image/png", "text/plain"],
                                              ["image/png", "text/plain"]]
    assert base64.b64decode(outs[0].data["image/jpeg"])[:2] == b"\xff\xd8"
    assert outs[0].data["text/plain"] == "<JPEG image 30x20>"
    # display.PNG passes the bytes through; display.Image encodes the same picture.
    assert outs[1].data["image/png"] == outs[2].data["image/png"]
    assert outs[1].data["text/plain"] == "<PNG image 30x20>"


def test_progress_final_picture(executed):
    outs = data_outputs(outputs_by_key(executed[0])["progress"])
    # One display, updated in place: the saved notebook holds the final picture, a figure
    # (SVG and PNG, no HTML: an untrusted notebook would drop the SVG curve inside HTML).
    assert len(outs) == 1
    data = outs[0].data
    assert set(data) == {"image/svg+xml", "image/png", "text/plain"}
    text = data["text/plain"]
    assert "step 50/50" in text and "epoch 5/5" in text and "100%" in text and "ETA" not in text
    assert "loss curve: 50 steps, 1.0000 → 0.0200" in text
    assert base64.b64decode(data["image/png"])[:4] == b"\x89PNG"


def test_figures_have_png(executed):
    """Every figure's bundle carries a PNG beside its SVG (the front end's fallback)."""
    for key, outs in outputs_by_key(executed[0]).items():
        for o in data_outputs(outs):
            if "image/svg+xml" in o.data and key != "explicit":  # display.SVG shows what it is given
                assert "image/png" in o.data, key


def test_update_display(executed):
    outs = data_outputs(outputs_by_key(executed[0])["update"])
    assert [o.data["text/plain"] for o in outs] == ["second"]


def chromium(args, tmp):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={tmp}", "--virtual-time-budget=3000"] + args
    return subprocess.run(cmd, capture_output=True, timeout=120, text=True)


def test_browser(executed, tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: run `make setup`")
    _, html_path = executed
    url = "file://" + html_path
    dom = chromium(["--dump-dom", url], tmp_path / "profile1").stdout
    # The tensor table, the SVG plot and graph, the PNG image grid are in the rendered page.
    assert re.search(r'<table class="gotape-tensor"', dom)
    assert "shape=(2, 3) dtype=float32" in dom
    assert re.search(r"<svg[^>]*>.*?loss per step", dom, re.S)
    assert re.search(r"<svg[^>]*>.*?watched", dom, re.S)
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', dom)) >= 3
    assert re.search(r'<img[^>]+src="data:image/jpeg;base64,', dom)
    assert 'id="gotape-bold"' in dom and 'id="gotape-rect"' in dom
    os.makedirs(ARTIFACTS, exist_ok=True)
    shot = os.path.join(ARTIFACTS, "display.png")
    if os.path.exists(shot):
        os.remove(shot)
    chromium(["--window-size=1100,3000", "--hide-scrollbars", f"--screenshot={shot}", url],
             tmp_path / "profile2")
    assert os.path.getsize(shot) > 10000
    shutil.copy(html_path, os.path.join(ARTIFACTS, "display.html"))
