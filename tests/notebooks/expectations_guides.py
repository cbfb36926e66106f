"""Expectations of the notebooks that follow TensorFlow's guides (autodiff_guide,
advanced_autodiff_guide) and of beyond_tensorflow, keyed like expectations.py.

Deterministic values are TensorFlow's printed text exactly (its tf.Tensor print form, NumPy's
text for .numpy()); values from random initialisations are checked by shape and tolerance.
Where Go prints a Python value its own way the expectation says so: a []string prints
[x0:0] (Python ['x0:0']), %T of a value prints *tape.Variable (Python's ResourceVariable).
"""
from expectations import HTML, NUM, PNG, SVG, Expect, tf

INT_WARNING = ("WARNING:tensorflow:The dtype of the watched tensor must be floating "
               "(e.g. tf.float32), got tf.int32\n")



def repr_scalar(value):
    """TensorFlow's repr of a float32 scalar (what a cell shows for a tensor result)."""
    return f"<tf.Tensor: shape=(), dtype=float32, numpy={value}>"


# The repr of a float32 vector of two values, any values.
ANY_VECTOR2 = (r"<tf\.Tensor: shape=\(2,\), dtype=float32, numpy=array\(\[ *" + NUM + r", +" + NUM
               + r"\], dtype=float32\)>")

AUTODIFF = {
    "autodiff.setup": Expect(quiet=True),
    "autodiff.first_tape": Expect(quiet=True),
    "autodiff.first_gradient": Expect(result="6.0"),
    "autodiff.w_b": Expect(quiet=True),
    "autodiff.w_b_gradients": Expect(quiet=True),
    "autodiff.shapes": Expect(stdout="(3, 2)\n(3, 2)\n"),
    "autodiff.dict": Expect(result_re=ANY_VECTOR2, mimes=(HTML,)),
    "autodiff.layer": Expect(quiet=True),
    "autodiff.layer_shapes": Expect(stdout="dense/kernel:0, shape: (3, 2)\ndense/bias:0, shape: (2,)\n"),
    "autodiff.watch_defaults": Expect(stdout=tf("6.0") + "\nNone\nNone\nNone\n"),
    "autodiff.watched_variables": Expect(result="[x0:0]"),
    "autodiff.watch_constant": Expect(stdout="6.0\n"),
    "autodiff.no_auto_watch": Expect(quiet=True),
    "autodiff.no_auto_watch_grads": Expect(stdout="dy/dx0: None\ndy/dx1: 0.9999546\n"),
    "autodiff.intermediate": Expect(stdout="18.0\n"),
    "autodiff.persistent": Expect(stdout="[  4. 108.]\n[2. 6.]\n"),
    "autodiff.release": Expect(quiet=True),
    "autodiff.two_targets": Expect(stdout="4.0\n-0.25\n"),
    "autodiff.sum_of_targets": Expect(stdout="3.75\n"),
    "autodiff.vector_target": Expect(stdout="7.0\n"),
    "autodiff.sigmoid": Expect(quiet=True),
    "autodiff.sigmoid_plot": Expect(mimes=(SVG, PNG)),
    "autodiff.control_flow": Expect(stdout=tf("1.0") + "\nNone\n"),
    "autodiff.control_flow_x": Expect(stdout="None\n"),
    "autodiff.unconnected": Expect(stdout="None\n"),
    "autodiff.replaced_variable": Expect(stdout="*tape.Variable : " + tf("1.0") + "\n*tape.Tensor : None\n"),
    "autodiff.outside": Expect(stdout="None\n"),
    "autodiff.integer": Expect(stdout="None\n", stderr=INT_WARNING),
    "autodiff.stateful": Expect(stdout="None\n"),
    "autodiff.no_gradient_registered": Expect(stdout=tf("[[[1. 1. 1.]]]", "(1, 1, 3)") + "\n" + tf("0.0") + "\n"),
    "autodiff.zeros": Expect(stdout=tf("[0. 0.]", "(2,)") + "\n"),
}

DZ = "dz/dx: " + tf("4.0") + "\ndz/dy: None\n"
SMALL = r"(?P<d>" + NUM + r")"  # a small non-negative float32 (NumPy text)

ADVANCED = {
    "advanced.setup": Expect(quiet=True),
    "advanced.stop_recording": Expect(stdout=DZ),
    "advanced.reset": Expect(stdout=DZ),
    "advanced.stop_gradient": Expect(stdout=DZ),
    "advanced.clip_gradients": Expect(stdout=tf("2.0") + "\n"),
    "advanced.log1pexp_naive": Expect(stdout=tf("nan") + "\n"),
    "advanced.log1pexp_custom": Expect(stdout=tf("1.0") + "\n"),
    "advanced.softplus": Expect(stdout=tf("100.0") + "\n" + tf("1.0") + "\n"),
    "advanced.multiple_tapes": Expect(quiet=True),
    "advanced.tape0": Expect(result="1.0"),
    "advanced.tape1": Expect(result="0.25"),
    "advanced.higher_order": Expect(stdout="dy_dx: 3.0\nd2y_dx2: 6.0\n"),
    "advanced.igr_setup": Expect(quiet=True),
    "advanced.igr": Expect(quiet=True),
    "advanced.igr_shapes": Expect(result="[(5, 10) (10,)]"),
    "advanced.scalar_source": Expect(quiet=True),
    "advanced.scalar_source_shapes": Expect(stdout="(201,)\n(201,)\n"),
    "advanced.scalar_source_plot": Expect(mimes=(SVG, PNG)),
    "advanced.tensor_source": Expect(result="(7, 10)"),
    "advanced.kernel_shape": Expect(result="(5, 10)"),
    "advanced.kernel_jacobian": Expect(result="(7, 10, 5, 10)"),
    "advanced.kernel_jacobian_sum": Expect(stdout_re=r"g\.shape: \(5, 10\)\ndelta: " + SMALL + r"\n",
                                           ranges={"d": (0, 1e-3)}),
    "advanced.hessian": Expect(quiet=True),
    "advanced.hessian_shapes": Expect(stdout="layer.kernel.shape: (5, 8)\nh.shape: (5, 8, 5, 8)\n"),
    "advanced.hessian_flatten": Expect(quiet=True),
    "advanced.imshow": Expect(quiet=True),
    "advanced.imshow_hessian": Expect(mimes=(HTML,)),
    "advanced.eye": Expect(quiet=True),
    "advanced.newton": Expect(quiet=True),
    "advanced.batch_setup": Expect(result="(7, 6)"),
    "advanced.batch_full": Expect(result="(7, 6, 7, 5)"),
    "advanced.batch_slice": Expect(mimes=(HTML,)),
    "advanced.batch_patches": Expect(mimes=(HTML,)),
    "advanced.batch_sum_select": Expect(stdout="(7, 6, 5)\n(7, 6, 5)\n"),
    "advanced.batch_jacobian": Expect(result="(7, 6, 5)"),
    "advanced.batch_error": Expect(stdout_re=SMALL + r"\n", ranges={"d": (0, 1e-3)}),
    "advanced.batch_norm": Expect(stdout="j.shape: (7, 6, 7, 5)\n"),
    "advanced.batch_norm_patches": Expect(mimes=(HTML,)),
    "advanced.batch_norm_jacobian": Expect(stdout="jb.shape: (7, 6, 5)\n"),
}

FORWARD = {
    "forward.linear_regression": Expect(result_re=r"<tf\.Tensor: shape=\(\), dtype=float32, numpy=" + NUM + ">",
                                       mimes=(HTML,)),
    "forward.columns": Expect(quiet=True),
    "forward.nested_inner": Expect(result=repr_scalar("4.4417057"), mimes=(HTML,)),
    "forward.nested_outer": Expect(result=repr_scalar("10.094786"), mimes=(HTML,)),
    "forward.hvp": Expect(stdout=tf("[ 3. 12.]", "(2,)") + "\n" + tf("[6. 0.]", "(2,)") + "\n"),
}

TABLE_HEAD = r"element +analytic +numerical +rel\. error\n"
TABLE_ROW = r"\(\d,\) +" + NUM + r" +" + NUM + r" +" + NUM + r"\n"

BEYOND = {
    "beyond.setup": Expect(quiet=True),
    "beyond.grad_orders": Expect(stdout=tf("0.7615942") + "\n" + tf("0.41997433") + "\n" + tf("-0.6397") + "\n"
                                 + tf("0.6216267") + "\n"),
    "beyond.grad_plot": Expect(mimes=(SVG, PNG)),
    "beyond.activations": Expect(mimes=(SVG, PNG)),
    "beyond.value_and_grad": Expect(stdout_re=r"slope 2\.0000, intercept 1\.0000, loss (?P<loss>" + NUM
                                    + r"), \|gradient\| (?P<g>" + NUM + r")\n",
                                    ranges={"loss": (0, 1e-8), "g": (0, 1e-4)}),
    "beyond.vjp_jvp": Expect(stdout="y:        " + tf("[ 3.  7. 11.]", "(3,)") + "\nrow 0:    " + tf("[1. 2.]", "(2,)")
                             + "\nrow 2:    " + tf("[5. 6.]", "(2,)") + "\ncolumn 1: " + tf("[2. 4. 6.]", "(3,)") + "\n"),
    "beyond.hessian": Expect(result="<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[ 802., -400.],\n"
                                    "       [-400.,  200.]], dtype=float32)>", mimes=(HTML,)),
    "beyond.hvp": Expect(stdout_re=r"Hessian: \(300, 300\)  HVP: \(300,\)\nmax \|HVP - H·v\| = (?P<d>" + NUM
                         + r")\nHessian then product: \S+, HVP: \S+\n", ranges={"d": (0, 1e-9)}),
    "beyond.check_ok": Expect(stdout_re=TABLE_HEAD + "(" + TABLE_ROW + "){5}max relative error (?P<e>" + NUM
                              + r") over 5 elements \(float64, central differences, eps 1e-06\)\n",
                              ranges={"e": (0, 1e-7)}, result_re=NUM),
    "beyond.check_wrong": Expect(stdout_re=TABLE_HEAD + "(" + TABLE_ROW + "){5}max relative error (?P<e>" + NUM
                                 + r") over 5 elements \(float64, central differences, eps 1e-06\)\n",
                                 ranges={"e": (0.5, 1)}, result_re=NUM),
    "beyond.graph": Expect(stdout="Hv: " + tf("[6. 0.]", "(2,)") + "\nd(ΣHv)/dx: " + tf("[6. 0.]", "(2,)") + "\n"),
    "beyond.graph_show": Expect(mimes=(SVG,)),
}

GUIDES = {**AUTODIFF, **ADVANCED, **FORWARD, **BEYOND}
