"""Splits a CPU profile of gobench's cnn workload by where the step's time goes (the table of
bench/README.md, "Where the time goes"): each pprof sample is put in one category by the
frames of its stack (the GEMMs by the kernel that calls them, the element loops by name).

usage: cnn_profile.py GOBENCH_BINARY PROFILE[,PROFILE...] STEPS

PROFILE comes from `gobench -threads 1 -reps R -cpuprofile PROFILE cnn`; STEPS is the number
of steps it ran (R + 2 warm-up steps; profiles separated by commas are merged, STEPS is then
their sum). Prints milliseconds of CPU per step and shares of the step.
"""
import collections
import re
import subprocess
import sys

# (category, frame patterns that must all appear in the stack), first match wins; the GEMM
# categories only for samples in cgo (OpenBLAS)
GEMMS = [
    ("conv2 backward GEMMs (dK, dX)", ["convPoolBack"]),
    ("conv2 forward GEMM", ["convPoolForward"]),
    ("conv1 forward GEMM", ["convForwardFused"]),
    ("conv1 backward GEMM (dK)", ["convBackMasked"]),
    ("dense GEMMs", ["(?i)matmul|gemmSplitK"]),
]
LOOPS = [
    ("zeroing fresh tensors (memclr)", ["^runtime.memclrNoHeapPointers"]),
    ("im2col", ["im2col"]),
    ("col2im", ["col2im"]),
    ("Adam", ["tape/optim"]),
    ("max-pool forward (+ bias, ReLU)", ["convPoolForward"]),
    ("pooled gradient: ReLU mask, scatter, bias sum", ["convPoolBack"]),
    ("conv1 ReLU gradient mask, bias sum", ["convBackMasked"]),
    ("conv1 bias + ReLU", ["convForwardFused"]),
]


def seconds(s):
    m = re.match(r"\s*([\d.]+)(ms|s|us|µs)\b", s)
    if not m:
        return None
    return float(m.group(1)) * {"s": 1, "ms": 1e-3, "us": 1e-6, "µs": 1e-6}[m.group(2)]


def category(frames):
    if not any("CNNStep.func1" in f for f in frames):
        return None  # set-up, not the step
    table = GEMMS if re.search(r"cgocall|_ExternalCode", frames[0]) else LOOPS
    for name, pats in table:
        if all(any(re.search(p, f) for f in frames) for p in pats):
            return name
    return "other cgo" if table is GEMMS else "other"


def main():
    binary, profiles, steps = sys.argv[1], sys.argv[2].split(","), float(sys.argv[3])
    out = subprocess.run(["go", "tool", "pprof", "-traces", binary, *profiles],
                         capture_output=True, text=True, check=True).stdout
    cats = collections.Counter()
    for block in out.split("-----------+-------------------------------------------------------"):
        lines = [l.strip() for l in block.strip().split("\n") if l.strip()]
        if not lines or seconds(lines[0]) is None:
            continue
        first = lines[0].split(None, 1)
        c = category([first[1] if len(first) > 1 else ""] + lines[1:])
        if c:
            cats[c] += seconds(lines[0])
    total = sum(cats.values())
    for name, v in cats.most_common():
        print(f"{name:48s} {1e3 * v / steps:7.1f} ms {100 * v / total:5.1f} %")
    print(f"{'total':48s} {1e3 * total / steps:7.1f} ms")


if __name__ == "__main__":
    main()
