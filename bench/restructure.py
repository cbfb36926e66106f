"""Measures tape's micro-benchmarks before and after the tape restructure of issue 12 and
writes bench/tape_restructure.json, which bench/report.py renders in RESULTS.md.

usage: /usr/bin/python3 bench/restructure.py [--rounds 5] [--also [LABEL=]REV ...] [--out FILE]

Each build is a `go test -c` binary of ./tape (scripts/gotags.sh's tags) of a git revision:
"before" is 6a8228d^ (the tree before the restructure), "after" is the working tree; --also
adds revisions in between. Every benchmark runs with a fixed iteration count at GOMAXPROCS=1,
one fresh process per run, the builds taking turns (the order alternates from round to round),
and each run's CPU time (user+sys, from getrusage of the child), wall time and the benchmark's
B/op and allocs/op are kept: on a shared machine CPU time is the steadier of the two. Then
valgrind counts each build's instructions per iteration (without the GC), which no load
disturbs. It takes a few minutes; it is not part of `make bench`, which only renders the file.
"""
import argparse
import datetime
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

BEFORE = "6a8228d^"
# name, iterations: ~0.2-0.8 s each on the 2-core Xeon of RESULTS.md
BENCHMARKS = [("ScalarOp", 1000000), ("ScalarChain", 20000), ("LinearRegressionStep", 300000),
              ("Jacobian100", 3000), ("MLPStep", 100)]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def git(*args, cwd=ROOT):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def build(src, out, tags):
    subprocess.run(["go", "test", "-c", "-tags", tags, "-o", out, "./tape/"], cwd=src, check=True)


ENV = {**os.environ, "GOMAXPROCS": "1", "OPENBLAS_NUM_THREADS": "1"}


def bench_args(binary, name, iters):
    return [binary, "-test.run=^$", f"-test.bench=^Benchmark{name}$", f"-test.benchtime={iters}x",
            "-test.cpu=1", "-test.benchmem"]


def run_once(binary, name, iters):
    """One benchmark process: its CPU seconds (user+sys), wall seconds, and the benchmark's
    B/op and allocs/op."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    out = subprocess.run(bench_args(binary, name, iters), env=ENV, check=True,
                         capture_output=True, text=True).stdout
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    mem = re.search(r"(\d+) B/op\s+(\d+) allocs/op", out)
    run = {"cpu": round(cpu, 3), "wall": round(wall, 3)}
    if mem:
        run["bytes_per_op"], run["allocs_per_op"] = int(mem.group(1)), int(mem.group(2))
    return run


def measure(builds, rounds):
    """builds: [(label, binary)]; returns {name: {label: [run]}} (see run_once)."""
    runs = {name: {label: [] for label, _ in builds} for name, _ in BENCHMARKS}
    for r in range(rounds):
        order = builds if r % 2 == 0 else builds[::-1]
        for name, iters in BENCHMARKS:
            for label, binary in order:
                run = run_once(binary, name, iters)
                runs[name][label].append(run)
                print(f"round {r + 1}: {name} {label} cpu {run['cpu']:.2f} s wall {run['wall']:.2f} s", file=sys.stderr)
    return runs


def instructions(binary, name, iters):
    """Instructions per iteration, counted by valgrind (callgrind) with GOGC=off: the work of
    the code itself, deterministic on a loaded machine (the GC's share is left out; it follows
    the bytes allocated, which run_once reports). Two runs, k and 2k iterations, so the
    set-up cancels."""
    k = max(1, iters // 10)
    counts = []
    for n in (k, 2 * k):
        with tempfile.NamedTemporaryFile() as out:
            res = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}",
                                  *bench_args(binary, name, n)],
                                 env={**ENV, "GOGC": "off", "GODEBUG": "asyncpreemptoff=1"},
                                 check=True, capture_output=True, text=True)
        counts.append(int(re.search(r"Collected : (\d+)", res.stderr).group(1)))
    return round((counts[1] - counts[0]) / k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--also", action="append", default=[], metavar="[LABEL=]REV",
                    help="a build between before and after (LABEL: its column's name)")
    ap.add_argument("--no-instructions", action="store_true",
                    help="skip the instruction counts (valgrind, ~1 min per build)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "tape_restructure.json"))
    args = ap.parse_args()
    tags = subprocess.run(["bash", "scripts/gotags.sh"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD")
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    with tempfile.TemporaryDirectory() as tmp:
        builds, revs = [], []
        for label, rev in [("before", BEFORE)] + [tuple(a.split("=", 1)) if "=" in a else (a, a) for a in args.also]:
            wt = os.path.join(tmp, f"wt{len(builds)}")
            git("worktree", "add", "--detach", wt, rev)
            try:
                build(wt, os.path.join(tmp, f"{len(builds)}.test"), tags)
            finally:
                git("worktree", "remove", "--force", wt)
            builds.append((label, os.path.join(tmp, f"{len(builds)}.test")))
            revs.append({"label": label, "rev": rev, "commit": git("rev-parse", "--short", rev)})
        build(ROOT, os.path.join(tmp, "after.test"), tags)
        builds.append(("after", os.path.join(tmp, "after.test")))
        revs.append({"label": "after", "rev": "HEAD" + (" + uncommitted changes" if dirty else ""), "commit": head})
        load0 = open("/proc/loadavg").read().split()[:3]
        runs = measure(builds, args.rounds)
        load1 = open("/proc/loadavg").read().split()[:3]
        instr = {}
        if not args.no_instructions and shutil.which("valgrind"):
            for name, iters in BENCHMARKS:
                instr[name] = {label: instructions(binary, name, iters) for label, binary in builds}
                print(f"instructions: {name} {instr[name]}", file=sys.stderr)
    doc = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "builds": revs,
        "method": (f"go test -c ./tape (tags: {tags or 'none'}), one process per run with "
                   f"-test.benchtime=Nx -test.cpu=1 at GOMAXPROCS=1 (OPENBLAS_NUM_THREADS=1); {args.rounds} rounds, the builds "
                   "taking turns (order alternating per round); CPU = user+sys of the process"),
        "go": subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip(),
        "load": f"{' '.join(load0)} at the start, {' '.join(load1)} at the end (1, 5, 15 min)",
        "benchmarks": [{"name": n, "iterations": i, "runs": runs[n], "instructions": instr.get(n)}
                       for n, i in BENCHMARKS],
    }
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
