#!/usr/bin/python3
"""Regenerates numpy_format.json: NumPy's str/repr of many arrays, the reference for
tape's TensorFlow-style printing. Run with Debian's /usr/bin/python3 (numpy 1.24)."""
import json
import numpy as np

rng = np.random.default_rng(7)
cases = []

def add(a):
    a = np.asarray(a)
    if a.shape == ():
        s = str(a[()])
        r = repr(a[()])
    else:
        s = str(a)
        r = repr(a)
    data = [float(v) for v in a.astype(np.float64).ravel()] if a.dtype != np.bool_ else [float(v) for v in a.ravel()]
    cases.append({"dtype": str(a.dtype), "shape": list(a.shape), "data": [d if np.isfinite(d) else str(d) for d in data], "str": s, "repr": r})

f32, f64 = np.float32, np.float64
for dt in (f32, f64):
    for v in [0.0, -0.0, 1.0, 108.0, 0.1, 1/3, 2/3, 1e-5, 1.5e-5, 123456789.0, 1e16, 1.0e-4, 9.99e-5, 12345.678, -2.5, 1e20, 3e-9, np.inf, -np.inf, np.nan]:
        add(dt(v))
    add(np.array([1.5, 2, 3], dtype=dt))
    add(np.array([[8, 8], [8, 8]], dtype=dt))
    add(np.array([1e-5, 1, 1000], dtype=dt))
    add(np.array([0.001, 1, 2], dtype=dt))
    add(np.array([1e-4, 0.5], dtype=dt))
    add(np.array([0, 0, 0], dtype=dt))
    add(np.array([-1.25, 0, 3.5], dtype=dt))
    add(np.array([1e8, 1], dtype=dt))
    add(np.array([np.nan, 1, -np.inf], dtype=dt))
    add(np.array([np.inf, 2.5], dtype=dt))
    add(np.linspace(0, 1, 30).astype(dt))
    add(np.arange(2000, dtype=dt).reshape(2, 1000))
    add(np.arange(1001, dtype=dt))
    add(rng.standard_normal((3, 4)).astype(dt))
    add(rng.standard_normal((2, 3, 4)).astype(dt))
    add((rng.standard_normal((40, 40)) * 100).astype(dt))
    add(rng.standard_normal((2, 2, 2, 2)).astype(dt))
    add((rng.standard_normal((5, 7)) * 1e-6).astype(dt))
    add(np.array([[1.0]], dtype=dt))
    add(np.zeros((0,), dtype=dt))
    add(np.zeros((2, 0), dtype=dt))
for dt in (np.int32, np.int64):
    add(dt(3))
    add(dt(-42))
    add(np.array([1, -20, 3], dtype=dt))
    add(np.arange(30, dtype=dt))
    add(np.arange(1200, dtype=dt).reshape(3, 400))
    add(np.array([[1, 2], [3, 40]], dtype=dt))
add(np.bool_(True))
add(np.bool_(False))
add(np.array([True, False, True]))
add(np.array([True, True]))
add(np.array([[True], [False]]))

with open("numpy_format.json", "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, indent=0)
