"""What every code cell of notebooks/*.ipynb must output, keyed by the cell's
metadata["gotape_expect"] (set by notebooks/build.py).

Fields of Expect (all optional; a cell must never produce an error output unless error= is set):
  stdout       exact text of the cell's stdout (all stream outputs joined)
  stdout_re    regular expression the whole stdout must match (re.fullmatch, DOTALL)
  ranges       {group: (lo, hi)}: named groups of stdout_re parsed as numbers, lo <= v <= hi
  result       exact text/plain of the execute_result (the value of a trailing expression)
  result_re    regular expression the execute_result's text/plain must match (fullmatch)
  mimes        MIME types that must appear in the cell's rich outputs (execute_result or
               display_data); figures (plots, tape graphs, a display.Progress view's final
               picture) are FIGURE: SVG and PNG
  stderr       exact text of the cell's stderr (TensorFlow's warnings)
  quiet        True: the cell produces no output at all

The rows of the TensorFlow guides' notebooks (autodiff_guide, advanced_autodiff_guide,
beyond_tensorflow) are in expectations_guides.py.

Sources of the numbers: ../../../shared/reference/EXAMPLES.md (exact values and ranges) and
the three seed tutorials.
"""
from dataclasses import dataclass, field

NUM = r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?"  # a printed number (Go %v or %f)

REUSE = "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)"
SVG = "image/svg+xml"
PNG = "image/png"
HTML = "text/html"
FIGURE = (SVG, PNG)  # a figure: SVG and, for front ends that do not trust the notebook, PNG


def tf(value, shape="()", dtype="float32"):
    """TensorFlow's print() form of a tensor."""
    return f"tf.Tensor({value}, shape={shape}, dtype={dtype})"


@dataclass
class Expect:
    stdout: str = None
    stderr: str = None
    stdout_re: str = None
    ranges: dict = field(default_factory=dict)
    result: str = None
    result_re: str = None
    mimes: tuple = ()
    quiet: bool = False


EIGHTS = tf("\n[[8. 8.]\n [8. 8.]]", "(2, 2)")
NONE_ERR = r"tape: .*None.*"  # using a nil gradient as a number

EXPECTATIONS = {
    # ---- basic_gradient_tape.ipynb (seed 002) ----
    "basic.imports": Expect(quiet=True),
    "basic.ones": Expect(stdout=EIGHTS + "\n"),
    "basic.ones_result": Expect(result_re=r".*8\..*", mimes=(HTML,)),
    "basic.x4": Expect(stdout=tf("108.0") + "\n"),
    "basic.expired": Expect(stdout=REUSE + "\n"),
    "basic.persistent": Expect(stdout=tf("108.0") + "\n"),
    "basic.persistent_dy": Expect(result="<tf.Tensor: shape=(), dtype=float32, numpy=6.0>"),  # the lab's text
    "basic.graph": Expect(mimes=FIGURE),
    "basic.release": Expect(quiet=True),
    "basic.nested_ok": Expect(stdout=tf("3.0") + "\n" + tf("6.0") + "\n"),
    "basic.nested_outside": Expect(stdout=tf("3.0") + "\nNone\n"),
    "basic.nested_outside_persistent": Expect(stdout=tf("3.0") + "\nNone\n"),
    "basic.second_inner": Expect(stdout=tf("3.0") + "\n" + tf("6.0") + "\n"),
    "basic.second_outer": Expect(stdout=tf("3.0") + "\n" + tf("6.0") + "\n"),
    "basic.second_after": Expect(stdout=tf("3.0") + "\n" + tf("6.0") + "\n"),
    "basic.plot": Expect(mimes=FIGURE),

    # ---- gradient_tape_explained.ipynb (seed 001) ----
    "explained.imports": Expect(quiet=True),
    "explained.intro": Expect(stdout="27.0\n"),
    "explained.intro_graph": Expect(mimes=FIGURE),
    "explained.auto_watch": Expect(stdout="27.0\n"),
    "explained.constant_none": Expect(stdout_re=rf"None\n{NONE_ERR}\n"),
    "explained.untrainable_none": Expect(stdout_re=rf"None\n{NONE_ERR}\n"),
    "explained.no_auto_watch": Expect(stdout="None\n"),
    "explained.explicit_watch": Expect(stdout="27.0\n"),
    "explained.second_order": Expect(stdout="18.0\n"),
    "explained.not_persistent": Expect(stdout="12.0\n" + REUSE + "\n"),
    "explained.persistent": Expect(stdout="12.0\n12.0\n"),
    "explained.stop_recording": Expect(stdout="27.0\n"),
    "explained.stop_recording_twice": Expect(stdout="12.0\n12.0\n"),
    "explained.gradients_at_end": Expect(stdout="12.0\n12.0\n"),
    "explained.jacobian": Expect(stdout=tf("\n[[2. 0. 0.]\n [0. 4. 0.]\n [0. 0. 6.]]", "(3, 3)") + "\n"),
    "explained.batch_jacobian": Expect(
        stdout=tf("\n[[[2. 0.]\n  [0. 4.]]\n\n [[6. 0.]\n  [0. 8.]]]", "(2, 2, 2)") + "\n"),
    "explained.reset": Expect(stdout="d loss/da: None\nd loss/db: " + tf("4.0") + "\n"),
    "explained.watched_variables": Expect(
        stdout="<tf.Variable 'a:0' shape=() dtype=float32, numpy=6.0>\n"
               "<tf.Variable 'b:0' shape=() dtype=float32, numpy=2.0>\n"
               "c was not read, so it is not watched\n"),
    "explained.linear_data": Expect(
        stdout=tf("[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10.]", "(11,)") + "\n"
               + tf("[  5.  15.  25.  35.  45.  55.  65.  75.  85.  95. 105.]", "(11,)") + "\n"),
    "explained.linear_loss": Expect(quiet=True),
    "explained.linear_step": Expect(quiet=True),
    "explained.linear_train": Expect(stdout_re=rf"y ≈ (?P<a>{NUM})x \+ (?P<b>{NUM})\n",
                                     ranges={"a": (9.9, 10.1), "b": (4.95, 5.05)}, mimes=FIGURE),
    "explained.linear_plots": Expect(mimes=FIGURE),
    "explained.poly_data": Expect(quiet=True),
    "explained.poly_step": Expect(quiet=True),
    "explained.poly_train": Expect(stdout_re=rf"y ≈ (?P<a>{NUM})x\^2 \+ (?P<b>{NUM})x \+ (?P<c>{NUM})\n",
                                   ranges={"a": (5.9, 6.5), "b": (7.45, 7.7), "c": (1.98, 2.03)},
                                   mimes=FIGURE),
    "explained.poly_plots": Expect(mimes=FIGURE),
    "explained.mnist_data": Expect(stdout_re=r"train: \((?P<n>\d+), 28, 28, 1\) \((?P=n), 10\)\n"
                                             r"test:  \(2000, 28, 28, 1\) \(2000, 10\)\n"
                                             r"epochs: (?P<epochs>\d+) batch size: 128\n",
                                   ranges={"n": (1, 8000), "epochs": (1, 100)}),
    "explained.mnist_digits": Expect(mimes=(PNG,)),
    "explained.mnist_model": Expect(mimes=(HTML,)),
    "explained.mnist_step": Expect(quiet=True),
    # The tests train briefly (GOTAPE_MNIST_EPOCHS/SAMPLES, see test_notebooks.py): the floor is
    # for that short run; `make demo` trains the full run, which reaches >= 0.97.
    "explained.mnist_train": Expect(stdout_re=r"=+\nAccuracy: (?P<acc>[\d.]+)\n\(\d+ epochs on \d+ images in \S+\)\n",
                                    ranges={"acc": (0.80, 1.0)}, mimes=FIGURE),
    "explained.mnist_predictions": Expect(mimes=(PNG,)),

    # ---- minimize_vs_gradient_tape.ipynb (seed 000) ----
    "minimize.imports": Expect(quiet=True),
    "minimize.setup": Expect(quiet=True),
    "minimize.loss": Expect(quiet=True),
    "minimize.run": Expect(quiet=True),
    "minimize.run_minimize": Expect(
        stdout_re=r"Iteration: 1 Val: 9\.990000 Error: 0\.010000\n"
                  r"Iteration: 2 Val: 9\.980000 Error: 0\.0\d+\n"
                  r"(?:Iteration: \d+ Val: [\d.]+ Error: [\d.]+\n)+"
                  r"Iteration: (?P<iter>\d+) Val: (?P<val>[\d.]+) Error: [\d.]+\n"
                  rf"stopping at err={NUM}<1e-08\n",
        ranges={"iter": (2000, 2800), "val": (3.999, 4.001)}, mimes=FIGURE),
    "minimize.run_tape_def": Expect(quiet=True),
    "minimize.run_tape": Expect(
        stdout_re=r"Iteration: 1 Val: 9\.990000 Error: 0\.010000 Gradient: 12\.000000\n"
                  r"(?:Iteration: \d+ Val: [\d.]+ Error: [\d.]+ Gradient: -?[\d.]+\n)+"
                  r"Iteration: (?P<iter>\d+) Val: (?P<val>[\d.]+) Error: [\d.]+ Gradient: -?[\d.]+\n"
                  rf"stopping at err={NUM}<1e-08\n",
        ranges={"iter": (2000, 2800), "val": (3.999, 4.001)}, mimes=FIGURE),
    "minimize.compare": Expect(stdout_re=r"same trajectory: true - (?P<n>\d+) steps\n",
                               ranges={"n": (2000, 2800)}, mimes=FIGURE),
    "minimize.not_persistent": Expect(stdout=tf("1.0") + "\n" + REUSE + "\n"),
    "minimize.persistent": Expect(stdout=tf("1.0") + "\n" + tf("12.0") + "\n"),
}
