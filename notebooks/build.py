#!/usr/bin/python3
"""Writes the gotape notebooks (notebooks/*.ipynb) from the cell sources of the modules it imports.

Usage (Debian's Python, from the repository root):

    /usr/bin/python3 notebooks/build.py            # write the notebooks, without outputs
    /usr/bin/python3 notebooks/build.py --execute  # ... then run them in place with the gotape kernel
    /usr/bin/python3 notebooks/build.py autodiff_guide.ipynb --execute   # only the named notebooks

The committed notebooks are saved with their outputs (`make notebooks` executes them in place), so
they read well on GitHub. Each code cell carries a "gotape_expect" key in its metadata; the
notebook tests (tests/notebooks/) look up what the cell must print under that key.

The notebooks follow three tutorials and TensorFlow's two autodiff guides step by step (see
README.md in this directory); the tutorials' cells live in tutorial_basic.py,
tutorial_explained.py (tutorial_explained_uses.py holds its second half) and
tutorial_minimize.py, the guides' cells in guides_*.py (guides_none.py,
guides_jacobians.py and guides_forward.py hold their later sections), beyond_tensorflow's in
beyond.py:
  basic_gradient_tape.ipynb        DeepLearning.AI lab "Basic Gradient Tape"
  gradient_tape_explained.ipynb    "tf.GradientTape Explained for Keras Users" (Theiler)
  minimize_vs_gradient_tape.ipynb  "From minimize to tf.GradientTape" (Ernst)
  autodiff_guide.ipynb             tensorflow.org/guide/autodiff
  advanced_autodiff_guide.ipynb    tensorflow.org/guide/advanced_autodiff (+ the custom_gradient
                                   and ForwardAccumulator API docs' examples)
  beyond_tensorflow.ipynb          JAX-style function transforms, HVPs, the gradient checker
"""
import os
import subprocess
import sys

import nbformat
from nbformat.v4 import new_notebook

from beyond import BEYOND
from guides_advanced import ADVANCED
from guides_autodiff import AUTODIFF
from tutorial_basic import BASIC
from tutorial_explained import EXPLAINED
from tutorial_minimize import MINIMIZE

HERE = os.path.dirname(os.path.abspath(__file__))

METADATA = {
    "kernelspec": {"name": "gotape", "display_name": "Go (gotape)", "language": "go"},
    "language_info": {"name": "go"},
}


NOTEBOOKS = {
    "basic_gradient_tape.ipynb": BASIC,
    "gradient_tape_explained.ipynb": EXPLAINED,
    "minimize_vs_gradient_tape.ipynb": MINIMIZE,
    "autodiff_guide.ipynb": AUTODIFF,
    "advanced_autodiff_guide.ipynb": ADVANCED,
    "beyond_tensorflow.ipynb": BEYOND,
}


def build(name, cells):
    nb = new_notebook(cells=cells, metadata=METADATA)
    # Stable cell ids keep regenerated notebooks diff-friendly.
    for i, c in enumerate(nb.cells):
        c["id"] = c.metadata.get("gotape_expect", "md-%d" % i).replace(".", "-").replace("_", "-")
        if c.cell_type == "markdown":
            c["id"] = "%s-md-%d" % (name.split("_")[0], i)
    nbformat.validate(nb)
    path = os.path.join(HERE, name)
    nbformat.write(nb, path)
    return path


def main(argv):
    names = [a for a in argv if a.endswith(".ipynb")] or list(NOTEBOOKS)
    paths = [build(name, NOTEBOOKS[name]) for name in names]
    for p in paths:
        print("wrote", os.path.relpath(p))
    if "--execute" in argv:
        for p in paths:
            print("executing", os.path.relpath(p), flush=True)
            subprocess.run(
                ["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                 "--ExecutePreprocessor.timeout=3600", "--ExecutePreprocessor.kernel_name=gotape",
                 "--ExecutePreprocessor.record_timing=False", p],
                check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
