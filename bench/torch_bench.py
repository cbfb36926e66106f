"""PyTorch side of the gotape benchmark suite (see bench/README.md for the workloads).

Usage: /usr/bin/python3 bench/torch_bench.py WORKLOAD [--threads N] [--reps R]
Prints one JSON object: {"impl": "torch", "workload", "threads", "seconds" (median of the
inner repetitions, in the workload's unit), "samples", plus RSS figures for the MLP}.
Set OPENBLAS_NUM_THREADS to the same N: torch.set_num_threads does not reach OpenBLAS.
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

clock = time.perf_counter


def rss_kb(field="VmRSS"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def timed(fn, reps, warmup=1):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(reps):
        t = clock()
        fn()
        out.append(clock() - t)
    return out


# --- workloads: each returns (samples in seconds, extra dict) ---

def scalar(reps):
    """(x-4)^2 forward + backward on a float32 scalar leaf; seconds per step."""
    x = torch.tensor(3.0, requires_grad=True)
    n = 20000

    def run():
        for _ in range(n):
            y = (x - 4.0) ** 2
            (g,) = torch.autograd.grad(y, x)
    return [s / n for s in timed(run, reps)], {"steps": n}


def _linreg_data():
    torch.manual_seed(0)
    xs = torch.arange(0, 11, dtype=torch.float32)
    ys = 10 * xs + 5
    a = torch.rand((), requires_grad=True)
    b = torch.rand((), requires_grad=True)
    return xs, ys, a, b


def linreg(reps, steps=100_000):
    """Seed linear regression, 100k steps of p -= 0.001*grad of |y-(a*x+b)| (not reduced)."""
    res = []
    last = None
    for _ in range(reps):
        xs, ys, a, b = _linreg_data()
        t = clock()
        for _ in range(steps):
            loss = torch.abs(ys - (a * xs + b))
            ga, gb = torch.autograd.grad(loss, (a, b), grad_outputs=torch.ones_like(loss))
            with torch.no_grad():
                a -= 0.001 * ga
                b -= 0.001 * gb
        res.append(clock() - t)
        last = (a.item(), b.item())
    return res, {"a": last[0], "b": last[1]}


def _linreg_loop(xs: torch.Tensor, ys: torch.Tensor, a: torch.Tensor, b: torch.Tensor, steps: int):
    for _ in range(steps):
        loss = torch.abs(ys - (a * xs + b))
        grads = torch.autograd.grad([loss.sum()], [a, b])
        ga = grads[0]
        gb = grads[1]
        assert ga is not None and gb is not None
        with torch.no_grad():
            a.sub_(0.001 * ga)
            b.sub_(0.001 * gb)
    return a, b


def linreg_script(reps, steps=100_000):
    """linreg with the whole loop in TorchScript (torch 1.13 has no torch.compile)."""
    script = torch.jit.script(_linreg_loop)
    xs, ys, a, b = _linreg_data()
    script(xs, ys, a, b, 10)  # compile/profile
    res = []
    for _ in range(reps):
        xs, ys, a, b = _linreg_data()
        t = clock()
        script(xs, ys, a, b, steps)
        res.append(clock() - t)
    return res, {"a": a.item(), "b": b.item()}


def _mlp_epoch(batch, reps):
    torch.manual_seed(0)
    n = 60000
    X = torch.randn(n, 784)
    labels = torch.randint(0, 10, (n,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    steps = n // batch

    def step(i):
        xb = X[i * batch:(i + 1) * batch]
        yb = labels[i * batch:(i + 1) * batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    for i in range(5):
        step(i)
    base = rss_kb()
    samples, rss = [], []
    for _ in range(reps):
        t = clock()
        for i in range(steps):
            step(i)
            if i % 100 == 99:
                rss.append(rss_kb())
        samples.append(clock() - t)
    growth = (rss[-1] - rss[0]) / (100 * (len(rss) - 1)) if len(rss) > 1 else 0.0
    h = len(rss) // 2
    late = (rss[-1] - rss[h]) / (100 * (len(rss) - 1 - h)) if len(rss) - 1 > h else 0.0
    return samples, {"steps": steps, "rss_before_kb": base, "peak_rss_kb": rss_kb("VmHWM"),
                     "rss_growth_kb_per_step": growth, "rss_growth_late_kb_per_step": late}


def mlp32(reps):
    return _mlp_epoch(32, reps)


def mlp128(reps):
    return _mlp_epoch(128, reps)


def _matmul(dtype, reps):
    torch.manual_seed(0)
    a = torch.randn(1024, 1024, dtype=dtype)
    b = torch.randn(1024, 1024, dtype=dtype)
    return timed(lambda: a @ b, max(reps, 10)), {}


def matmul32(reps):
    return _matmul(torch.float32, reps)


def matmul64(reps):
    return _matmul(torch.float64, reps)


def _wx():
    torch.manual_seed(0)
    return torch.randn(100, 100) * 0.1, torch.randn(100)


def jacobian(reps):
    """Jacobian of f(x) = tanh(W x), 100 -> 100, vectorized (vmap-style) reverse mode."""
    W, x = _wx()
    f = lambda v: torch.tanh(W @ v)
    return timed(lambda: torch.autograd.functional.jacobian(f, x, vectorize=True), max(reps, 20)), {}


def hessian(reps):
    """Hessian of g(x) = sum(tanh(W x)^2), 100 inputs, vectorized."""
    W, x = _wx()
    g = lambda v: (torch.tanh(W @ v) ** 2).sum()
    return timed(lambda: torch.autograd.functional.hessian(g, x, vectorize=True), max(reps, 20)), {}


class CNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(1, 32, 3)
        self.c2 = torch.nn.Conv2d(32, 64, 3)
        self.d1 = torch.nn.Linear(12 * 12 * 64, 128)
        self.d2 = torch.nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.c1(x))
        x = F.relu(self.c2(x))
        x = F.max_pool2d(x, 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.d1(x))
        return self.d2(x)


def cnn(reps):
    """Seed CNN training step at batch 128 (no dropout), Adam, cross-entropy; seconds per step."""
    torch.manual_seed(0)
    model = CNN()
    for p in model.parameters():
        if p.dim() > 1:
            torch.nn.init.normal_(p, 0.0, 0.05)
        else:
            torch.nn.init.zeros_(p)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    x = torch.rand(128, 1, 28, 28)
    y = torch.randint(0, 10, (128,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return timed(step, max(reps, 10), warmup=2), {}


WORKLOADS = {f.__name__: f for f in [scalar, linreg, linreg_script, mlp32, mlp128, matmul32,
                                       matmul64, jacobian, hessian, cnn]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", choices=sorted(WORKLOADS))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    samples, extra = WORKLOADS[args.workload](args.reps)
    out = {"impl": "torch", "workload": args.workload, "threads": args.threads,
           "seconds": statistics.median(samples), "samples": samples}
    out.update(extra)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
