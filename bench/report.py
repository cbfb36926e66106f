"""Writes bench/RESULTS.md (stdout) from the JSON lines of bench/run.sh.

usage: report.py results.jsonl --blas INFO --torch-core CORE
"""
import argparse
import collections
import datetime
import json
import os
import platform
import statistics
import subprocess

UNITS = {
    "scalar": "per step", "linreg": "100k steps", "mlp32": "per epoch", "mlp128": "per epoch",
    "matmul32": "per product", "matmul64": "per product", "jacobian": "per Jacobian",
    "hessian": "per Hessian", "cnn": "per step",
}
TITLES = {
    "scalar": "scalar (x−4)² forward+backward",
    "linreg": "seed linear regression, 100k steps",
    "mlp32": "MLP 784-128-10 shuffled epoch (60k, batch 32, f32, Adam)",
    "mlp128": "MLP 784-128-10 shuffled epoch (60k, batch 128, f32, Adam)",
    "matmul32": "matmul 1024² float32",
    "matmul64": "matmul 1024² float64",
    "jacobian": "Jacobian 100→100 (tanh(Wx))",
    "hessian": "Hessian, 100 inputs (Σ tanh(Wx)²)",
    "cnn": "seed CNN training step, shuffled batch of 128 (Adam)",
}
TARGETS = {"scalar": 10.0, "linreg": 5.0, "mlp32": 1.2, "mlp128": 1.2, "jacobian": 1.0,
           "hessian": 1.0, "cnn": 1.2}
# Interpreted Go alone, gotape's kernel cell vs stock yaegi v0.16.1.
INTERP_TITLES = {
    "loop": "loop cell `s += i * i`, 10M iterations",
    "funcall": "cell `func sq(x int) int { return x*x + 1 }` called 10^6 times from a loop",
    "funcall_branch": "cell `func collatz(x int) int` (an if, two returns) called 10^6 times",
}
INTERP_TARGET = 2.0
ORDER = ["scalar", "linreg", "mlp32", "mlp128", "matmul32", "matmul64", "jacobian", "hessian", "cnn"]


def fmt(s):
    if s is None:
        return "—"
    if s < 1e-3:
        return f"{s * 1e6:.2f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return ""


def machine(blas, core, load):
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    mem = sh("free -g | awk '/Mem:/{print $2}'")
    osname = sh(". /etc/os-release && echo $PRETTY_NAME")
    torch = sh("/usr/bin/python3 -c 'import torch; print(torch.__version__)'")
    return "\n".join([
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- CPU: {cpu}, {os.cpu_count()} logical CPUs; RAM {mem} GB; {osname}; kernel {platform.release()}",
        f"- {sh('go version')}; gotape BLAS: {blas}",
        f"- PyTorch {torch} (Debian python3-torch; its BLAS is libblas.so.3 = OpenBLAS, run with "
        + (f"OPENBLAS_CORETYPE={core}" if core else "OpenBLAS's own core detection")
        + " and OMP_WAIT_POLICY=PASSIVE, its best settings here)",
        f"- Machine load: {load} (other processes share the CPUs; ratios come from alternating runs)",
    ])


class Results:
    """The records of one run, grouped by (impl, workload, threads), with medians."""

    def __init__(self, recs):
        self.recs = recs
        self.by = collections.defaultdict(list)
        self.cpu = collections.defaultdict(list)
        self.extra = collections.defaultdict(list)
        for r in recs:
            key = (r["impl"], r["workload"], r.get("threads", 0))
            if "seconds" in r:
                self.by[key].append(r["seconds"])
            if r.get("cpu_seconds"):
                self.cpu[key].append(r["cpu_seconds"])
            self.extra[key].append(r)
        self.threads = sorted({k[2] for k in self.by if k[0] in ("gotape", "torch")})

    def med(self, impl, w, t):
        v = self.by.get((impl, w, t))
        return statistics.median(v) if v else None

    def cmed(self, impl, w, t):
        v = self.cpu.get((impl, w, t))
        return statistics.median(v) if v else None

    def n(self, impl, w, t):
        return len(self.by.get((impl, w, t), []))


def speedup(sp):
    return "—" if sp is None else f"{sp:.2f}×"


def compiled_section(res):
    """Compiled Go vs PyTorch eager, with the reference rows without PyTorch's best settings."""
    med = res.med
    out = ["## Compiled Go vs PyTorch eager", "",
           "| workload | unit | threads | gotape | PyTorch | speed-up | CPU speed-up | target | met |",
           "|---|---|---|---|---|---|---|---|---|"]
    for w in ORDER:
        for t in res.threads:
            g, p = med("gotape", w, t), med("torch", w, t)
            if g is None and p is None:
                continue
            sp = p / g if g and p else None
            tgt = TARGETS.get(w)
            label = TITLES[w]
            if w == "linreg":
                tgt = None  # the target is against TorchScript, below
            met = "—" if tgt is None or sp is None else ("yes" if sp >= tgt else "**no**")
            cg, cp = res.cmed("gotape", w, t), res.cmed("torch", w, t)
            csp = f"{cp / cg:.2f}×" if cg and cp else "—"
            out.append(f"| {label} | {UNITS[w]} | {t} | {fmt(g)} | {fmt(p)} | "
                       f"{speedup(sp)} | {csp} | {'—' if tgt is None else f'≥ {tgt:g}×'} | {met} |")
            if w == "linreg":
                ps = med("torch", "linreg_script", t)
                sp2 = ps / g if g and ps else None
                met2 = "—" if sp2 is None else ("yes" if sp2 >= 5 else "**no**")
                out.append(f"| {label}, vs TorchScript loop (no torch.compile in 1.13) | {UNITS[w]} | {t} | {fmt(g)} | "
                           f"{fmt(ps)} | {speedup(sp2)} | — | ≥ 5× | {met2} |")
    dc = med("torch-default-core", "matmul32", 2)
    if dc is not None:
        out += ["", f"- PyTorch matmul 1024² float32 at 2 threads *without* OPENBLAS_CORETYPE "
                    f"(OpenBLAS 0.3.21's own CPU detection picks Prescott kernels): {fmt(dc)} "
                    f"(with it: {fmt(med('torch', 'matmul32', 2))})."]
    oa = med("torch-omp-active", "mlp128", 2)
    if oa is not None:
        out += [f"- PyTorch MLP epoch (batch 128) at 2 threads with OpenMP's default spin-waiting "
                f"(no OMP_WAIT_POLICY): {fmt(oa)} (with PASSIVE: {fmt(med('torch', 'mlp128', 2))})."]
    return out


def kernel_section(res, kernel_blas):
    """gotape as notebook cells vs PyTorch, then the interpreter rows and kernel latency."""
    med = res.med
    out = ["", "## gotape as notebook cells (through the kernel, jupyter_client) vs PyTorch", "",
           "Cell time measured inside the cell (time.Now), default threads (all cores); "
           f"PyTorch at 2 threads. Kernel binary BLAS: {kernel_blas or 'unknown'}.", "",
           "| workload | unit | gotape cell | PyTorch eager | speed-up | vs TorchScript | target | met |",
           "|---|---|---|---|---|---|---|---|"]
    kt = max(res.threads) if res.threads else 2
    for w in ORDER:
        k = med("gotape-kernel", w, 0)
        if k is None:
            continue
        p = med("torch", w, kt)
        sp = p / k if p else None
        ps = med("torch", "linreg_script", kt) if w == "linreg" else None
        sp2 = ps / k if ps else None
        tgt, met = "—", "—"
        if w == "linreg":
            tgt = "≥ 2× (vs TorchScript)"
            met = "—" if sp2 is None else ("yes" if sp2 >= 2 else "**no**")
        out.append(f"| {TITLES[w]} | {UNITS[w]} | {fmt(k)} | {fmt(p)} | "
                   f"{speedup(sp)} | {speedup(sp2)} | {tgt} | {met} |")
    return out + interp_section(res) + latency_section(res)


def interp_section(res):
    """The same interpreted cells in gotape's kernel and in stock yaegi."""
    rows = []
    for w, title in INTERP_TITLES.items():
        k, y = res.med("gotape-kernel", w, 0), res.med("stock-yaegi", w, 0)
        if k is None and y is None:
            continue
        sp = y / k if k and y else None
        met = "—" if sp is None else ("yes" if sp >= INTERP_TARGET else "**no**")
        rows.append(f"| {title} | {fmt(k)} | {fmt(y)} | {speedup(sp)} | "
                    f"≥ {INTERP_TARGET:g}× | {met} |")
    if not rows:
        return []
    return ["", "### Interpreted Go: gotape's cell vs stock yaegi", "",
            "The same cell in gotape's kernel (its patched yaegi, third_party/yaegi/PATCHES.md) "
            "and in stock yaegi v0.16.1 with the standard library and no kernel around it "
            "(bench/stockyaegi, a fresh process each time, alternating with the kernel); time "
            "measured inside the cell. **Speed-up = stock yaegi time ÷ gotape time.**", "",
            "| cell | gotape (kernel) | stock yaegi v0.16.1 | speed-up | target | met |",
            "|---|---|---|---|---|---|"] + rows


def latency_section(res):
    """Kernel round trip and start-up latency beside ipykernel's."""
    lat = {r["workload"]: r for r in res.recs if r["impl"] == "gotape-kernel" and r["workload"].startswith("latency")}
    ipy = {r["workload"]: r for r in res.recs if r["impl"] == "ipykernel"}
    if not lat:
        return []
    out = ["", "Kernel latency, measured with plain zmq sockets: requests signed by jupyter_client's "
           "Session, replies decoded with json only (a full Session.deserialize costs ~150 µs "
           "per message here, ~0.7 ms per cell), client reconnect interval 2 ms; round trip = "
           "execute_request sent → execute_reply and status idle received; start = process "
           "launch → kernel_info_reply. IPython's kernel (Debian's python3-ipykernel, same client, same run) is the yardstick.", "",
           "| kernel latency | median | p90 | n | target | met | ipykernel median |",
           "|---|---|---|---|---|---|---|"]
    for name, label, frac in [("latency_cell", "trivial cell round trip (execute_request → idle)", 3),
                              ("latency_start", "start → kernel_info_reply", 10)]:
        r = lat.get(name)
        if r:
            s = sorted(r["samples"])
            p90 = s[min(len(s) - 1, int(0.9 * len(s)))]
            ref = ipy.get(name)
            met = "—" if not ref else ("yes" if r["seconds"] * frac <= ref["seconds"] else "**no**")
            out.append(f"| {label} | {fmt(r['seconds'])} | {fmt(p90)} | {len(s)} | ≤ 1/{frac} of ipykernel's | "
                       f"{met} | {fmt(ref['seconds']) if ref else '—'} |")
    return out


def memory_row(w, t, impl, rs):
    peak = statistics.median(r["peak_rss_kb"] for r in rs) / 1024
    before = statistics.median(r.get("rss_before_kb", 0) for r in rs) / 1024
    growth = statistics.median(r.get("rss_growth_kb_per_step", 0) for r in rs)
    late = statistics.median(r.get("rss_growth_late_kb_per_step", 0) for r in rs)
    live = "—"
    if rs[0].get("live_heap_before_kb"):
        d = statistics.median((r["live_heap_after_kb"] - r["live_heap_before_kb"]) / r["steps"] for r in rs)
        live = f"{d:+.3f} kB"
    return (f"| {w} | {t} | {impl} | {before:.0f} MB | {peak:.0f} MB | {peak - before:.0f} MB | "
            f"{growth:+.2f} kB | {late:+.2f} kB | {live} |")


def memory_section(res):
    """RSS and live-heap growth of the MLP epoch."""
    rows = []
    for w in ("mlp32", "mlp128"):
        for t in res.threads:
            for impl in ("gotape", "torch"):
                rs = [r for r in res.extra.get((impl, w, t), []) if r.get("peak_rss_kb")]
                if rs:
                    rows.append(memory_row(w, t, impl, rs))
    if not rows:
        return []
    return ["", "## Memory of the MLP epoch", "",
            "RSS before the epoch (data, model, libraries loaded, 5 warm-up steps), peak RSS (VmHWM) "
            "at the end, and RSS growth per step (sampled every 100 steps, from step 100 to the end "
            "of the epoch, and over its second half; ~0 means no step-over-step growth). For gotape also the Go heap in use after a forced GC, "
            "after minus before the epoch, per step: this is the leak test; RSS grows while "
            "Go's GC heap goal (GOGC=100: about twice the live heap, here the 188 MB data set) "
            "is reached, then stays flat.", "",
            "| workload | threads | impl | RSS before | peak RSS | peak − before | RSS growth/step | same, 2nd half of the epoch | live heap growth/step |",
            "|---|---|---|---|---|---|---|---|---|"] + rows


RESTRUCTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tape_restructure.json")


def span(runs, key):
    """'lo–hi s (median)' of one build's runs."""
    v = [r[key] for r in runs]
    return f"{min(v):.2f}–{max(v):.2f} s ({statistics.median(v):.2f})"


def pct(new, old):
    """new against old in per cent, signed ('±0 %' when it rounds to zero)."""
    p = round((new / old - 1) * 100)
    return "±0 %" if p == 0 else f"{p:+d} %".replace("-", "−")


def restructure_section(path=RESTRUCTURE):
    """tape's micro-benchmarks before and after the restructure of issue 12, from the
    interleaved measurements bench/restructure.py wrote (a committed file: make bench does not
    rerun them)."""
    if not os.path.exists(path):
        return []
    doc = json.load(open(path))
    builds = doc["builds"]
    names = [b["label"] for b in builds]
    head = " | ".join(f"{b['label']} ({b['rev']}{'' if b['rev'] == b['commit'] else ' = ' + b['commit']})"
                      for b in builds)
    out = ["", "## The tape restructure (issue 12): before and after", "",
           "tape's micro-benchmarks (`go test -bench` in tape/: other workloads than the tables "
           "above), from bench/tape_restructure.json, written by `bench/restructure.py` on "
           f"{doc['date']} (not rerun by `make bench`): {doc['method']}. {doc['go']}. Machine load: "
           f"{doc['load']}. *before* is the tree before the restructure, *after* the tree "
           "measured. Per build: CPU seconds (user+sys) of one run, range over the runs (median), "
           "then the same for wall time; *change* compares the CPU medians with *before*.", "",
           f"| benchmark (iterations) | CPU: {head} | wall: {' | '.join(names)} | change |",
           "|---|" + "---|" * (2 * len(builds) + 1)]
    for b in doc["benchmarks"]:
        runs = b["runs"]
        med = [statistics.median(r["cpu"] for r in runs[n]) for n in names]
        cpu = " | ".join(span(runs[n], "cpu") for n in names)
        wall = " | ".join(span(runs[n], "wall") for n in names)
        out.append(f"| {b['name']} ({b['iterations']:,}) | {cpu} | {wall} | {pct(med[-1], med[0])} |")
    return out + restructure_work(doc, names)


def restructure_work(doc, names):
    """The same benchmarks' work per iteration: instructions (valgrind, GC left out) and
    allocations, which a loaded machine does not disturb."""
    rows = []
    for b in doc["benchmarks"]:
        ins = b.get("instructions")
        if not ins:
            continue
        first = {n: b["runs"][n][0] for n in names}
        mem = " | ".join(f"{first[n].get('bytes_per_op', '—')} B, {first[n].get('allocs_per_op', '—')}"
                         for n in names)
        rows.append(f"| {b['name']} | {' | '.join(f'{ins[n]:,}' for n in names)} | "
                    f"{pct(ins[names[-1]], ins[names[0]])} | {mem} |")
    if not rows:
        return []
    return ["", "Work per iteration: instructions counted by valgrind (callgrind, GOGC=off: the "
            "GC's work is left out; it follows the bytes allocated), the difference of two runs "
            "so set-up cancels; then bytes and allocations per iteration (`-benchmem`).", "",
            f"| benchmark | instructions: {' | '.join(names)} | change | B/op, allocs/op: {' | '.join(names)} |",
            "|---|" + "---|" * (2 * len(names) + 1)] + rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--blas", default="")
    ap.add_argument("--torch-core", default="")
    ap.add_argument("--load", default="")
    ap.add_argument("--kernel-blas", default="")
    args = ap.parse_args()
    res = Results([json.loads(l) for l in open(args.results) if l.strip().startswith("{")])
    out = ["# gotape vs PyTorch — benchmark results", "",
           "Regenerated by `make bench` (bench/run.sh); raw numbers in bench/results.jsonl.", "",
           machine(args.blas, args.torch_core, args.load), "",
           "Each number is the median over alternating runs (gotape and PyTorch take turns, "
           "each in a fresh process, after a warm-up). **Speed-up = PyTorch time ÷ gotape time** "
           "(> 1: gotape is faster). Threads = GOMAXPROCS and OpenBLAS threads for gotape; "
           "torch.set_num_threads, OMP and OpenBLAS threads for PyTorch. The MLP and CNN batches are "
           "gathered from a random permutation of the data set each epoch on both sides. "
           "*CPU speed-up* is the same ratio of process CPU time (user+sys, all threads): on a loaded "
           "machine it is the steadier of the two, though it also counts threads spinning or idle-time GC.", ""]
    out += compiled_section(res)
    if any(r["impl"] == "gotape-kernel" for r in res.recs):
        out += kernel_section(res, args.kernel_blas)
    out += memory_section(res)
    out += restructure_section()
    present = {k[1] for k in res.by}
    missing = [f"{impl} {w} (threads {t})" for w in ORDER if w in present for t in res.threads
               for impl in ("gotape", "torch") if res.n(impl, w, t) == 0]
    if missing:
        out += ["", "Not measured (failed or not built yet): " + ", ".join(missing) + "."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
