"""PyTorch side of the gotape benchmark suite (see bench/README.md for the workloads).

Usage: /usr/bin/python3 bench/torch_bench.py WORKLOAD [--threads N] [--reps R]
Prints one JSON object: {"impl": "torch", "workload", "threads", "seconds" (median of the
inner repetitions, in the workload's unit), "samples", plus RSS figures for the MLP}.
Set OPENBLAS_NUM_THREADS to the same N: torch.set_num_threads does not reach OpenBLAS.

PyTorch at its best on this machine, set here before torch is imported (the caller's
environment wins): OMP_WAIT_POLICY=PASSIVE (GNU OpenMP's spinning workers starve OpenBLAS's
threads on few cores) and OPENBLAS_CORETYPE for the CPU when OpenBLAS 0.3.21 does not know it
and falls back to its Prescott (SSE3) kernels, the same choice tape/openblas makes for gotape.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def openblas_core():
    """The OPENBLAS_CORETYPE to use: None when OpenBLAS's own detection is right (or unknown)."""
    probe = ("import ctypes, ctypes.util; lib = ctypes.CDLL('libblas.so.3'); "
             "f = lib.openblas_get_corename; f.restype = ctypes.c_char_p; print(f().decode())")
    try:
        core = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if core.lower() != "prescott":
        return None
    flags = _cpu_flags()
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= flags:
        return "SKYLAKEX"
    if {"avx2", "fma"} <= flags:
        return "HASWELL"
    if "avx" in flags:
        return "SANDYBRIDGE"
    return None


def best_environment(argv):
    """Sets the environment unless the caller set it, or asked for the defaults with
    --omp-default-wait (GNU OpenMP's spinning) or --openblas-default-core (OpenBLAS's own
    CPU detection), which run.sh uses to show what the settings are worth."""
    if "--omp-default-wait" not in argv:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if "OPENBLAS_CORETYPE" not in os.environ and "--openblas-default-core" not in argv:
        core = openblas_core()
        if core:
            os.environ["OPENBLAS_CORETYPE"] = core


if __name__ == "__main__":
    best_environment(sys.argv)

import torch  # noqa: E402  (after best_environment: OpenBLAS reads it when loaded)
import torch.nn.functional as F  # noqa: E402

clock = time.perf_counter
cpu_clock = time.process_time  # user+sys CPU time of the process, all threads
CPU_SAMPLES = []  # CPU time of each sample taken by timed() (and the MLP epochs)


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
        t, c = clock(), cpu_clock()
        fn()
        out.append(clock() - t)
        CPU_SAMPLES.append(cpu_clock() - c)
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
    samples = [s / n for s in timed(run, reps)]
    CPU_SAMPLES[:] = [c / n for c in CPU_SAMPLES]
    return samples, {"steps": n}


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
        t, c = clock(), cpu_clock()
        for _ in range(steps):
            loss = torch.abs(ys - (a * xs + b))
            ga, gb = torch.autograd.grad(loss, (a, b), grad_outputs=torch.ones_like(loss))
            with torch.no_grad():
                a -= 0.001 * ga
                b -= 0.001 * gb
        res.append(clock() - t)
        CPU_SAMPLES.append(cpu_clock() - c)
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
        t, c = clock(), cpu_clock()
        script(xs, ys, a, b, steps)
        res.append(clock() - t)
        CPU_SAMPLES.append(cpu_clock() - c)
    return res, {"a": a.item(), "b": b.item()}


def _mlp_epoch(batch, reps):
    """One epoch in batches gathered from a fresh random permutation (a shuffled epoch)."""
    torch.manual_seed(0)
    n = 60000
    X = torch.randn(n, 784)
    labels = torch.randint(0, 10, (n,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    steps = n // batch
    perm = torch.randperm(n)

    def step(i):
        idx = perm[i * batch:(i + 1) * batch]
        xb, yb = X[idx], labels[idx]
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
        t, c = clock(), cpu_clock()
        perm = torch.randperm(n)
        for i in range(steps):
            step(i)
            if i % 100 == 99:
                rss.append(rss_kb())
        samples.append(clock() - t)
        CPU_SAMPLES.append(cpu_clock() - c)
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


CNN_SAMPLES = 6400  # 50 batches of 128 per permutation


def cnn(reps):
    """Seed CNN training step at batch 128 (no dropout), Adam, cross-entropy, on batches gathered
    from a random permutation of CNN_SAMPLES random images; seconds per step."""
    torch.manual_seed(0)
    model = CNN()
    for p in model.parameters():
        if p.dim() > 1:
            torch.nn.init.normal_(p, 0.0, 0.05)
        else:
            torch.nn.init.zeros_(p)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    batch, n = 128, CNN_SAMPLES
    X = torch.rand(n, 1, 28, 28)
    Y = torch.randint(0, 10, (n,))
    state = {"perm": torch.randperm(n), "k": 0}

    def step():
        k = state["k"]
        if k == n // batch:
            state["perm"], k = torch.randperm(n), 0
        state["k"] = k + 1
        idx = state["perm"][k * batch:(k + 1) * batch]
        x, y = X[idx], Y[idx]
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
    ap.add_argument("--omp-default-wait", action="store_true", help="leave OMP_WAIT_POLICY unset")
    ap.add_argument("--openblas-default-core", action="store_true", help="leave OPENBLAS_CORETYPE unset")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    samples, extra = WORKLOADS[args.workload](args.reps)
    out = {"impl": "torch", "workload": args.workload, "threads": args.threads,
           "seconds": statistics.median(samples), "samples": samples}
    if CPU_SAMPLES:
        out["cpu_samples"] = CPU_SAMPLES
        out["cpu_seconds"] = statistics.median(CPU_SAMPLES)
    out.update(extra)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
