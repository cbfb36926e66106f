"""gotape through real frontends: jupyter console, jupyter kernelspec, nbconvert."""
import json
import os
import subprocess
import sys

import nbformat
import pexpect

JUPYTER = "/usr/bin/jupyter"


def test_kernelspec_list_shows_gotape(gotape_bin):
    out = subprocess.run([JUPYTER, "kernelspec", "list", "--json"], check=True, capture_output=True, text=True).stdout
    specs = json.loads(out)["kernelspecs"]
    assert "gotape" in specs
    spec = specs["gotape"]["spec"]
    assert spec["argv"] == [str(gotape_bin), "kernel", "--history", "auto", "{connection_file}"]
    assert spec["display_name"] == "Go (gotape)"
    assert spec["language"] == "go"
    assert spec["interrupt_mode"] == "message"
    res = specs["gotape"]["resource_dir"]
    assert {"kernel.json", "logo-32x32.png", "logo-64x64.png"} <= set(os.listdir(res))


def test_console_runs_a_cell(gotape_bin, tmp_path):
    env = dict(os.environ, TERM="dumb", JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    child = pexpect.spawn(JUPYTER, ["console", "--kernel", "gotape", "--simple-prompt"],
                          env=env, encoding="utf-8", timeout=60)
    try:
        child.expect(r"In \[1\]: ")
        child.sendline('import "fmt"')
        child.expect(r"In \[2\]: ")
        child.sendline("fmt.Println(6 * 7, \"from console\")")
        child.expect("42 from console")
        child.expect(r"In \[3\]: ")
        child.sendline("20 + 22")
        child.expect(r"Out\[3\]: 42")
        child.expect(r"In \[4\]: ")
        child.sendline("exit")
        child.expect(pexpect.EOF, timeout=30)
    finally:
        child.close(force=True)


def test_nbconvert_executes_notebook(gotape_bin, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "gotape", "display_name": "Go (gotape)", "language": "go"}
    nb.cells = [
        nbformat.v4.new_code_cell('import "fmt"\n\nmsg := "nbconvert ok"\nfmt.Println(msg)'),
        nbformat.v4.new_code_cell("6 * 7"),
        nbformat.v4.new_code_cell('display.HTML("<i>rich</i>")'),
    ]
    src = tmp_path / "small.ipynb"
    nbformat.write(nb, src)
    subprocess.run([JUPYTER, "nbconvert", "--to", "notebook", "--execute", "--output", "out.ipynb",
                    "--ExecutePreprocessor.timeout=120", str(src)], check=True, cwd=tmp_path)
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    c0, c1, c2 = out.cells
    assert c0.outputs[0].output_type == "stream" and c0.outputs[0].text == "nbconvert ok\n"
    assert c1.outputs[0].output_type == "execute_result" and c1.outputs[0].data["text/plain"] == "42"
    assert c1.execution_count == 2
    assert c2.outputs[0].output_type == "display_data" and c2.outputs[0].data["text/html"] == "<i>rich</i>"
