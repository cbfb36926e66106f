"""Kernel side of the gotape benchmark suite: start latency, trivial-cell round trip, and the
workloads of bench/gobench run as notebook cells (interpreted loops calling compiled ops),
and interpreted Go alone (loop, funcall, funcall_branch), also in stock yaegi v0.16.1 (--stock-yaegi), the two
alternating.

usage: /usr/bin/python3 bench/kernel_bench.py --gotape bin/gotape [--reps 3] [--only NAMES]
Prints JSON lines like bench/torch_bench.py with impl "gotape-kernel" (threads 0 = default).
"""
import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time

clock = time.perf_counter

# Setup cell and timed cell per workload. The timed cell prints "BENCH <seconds per unit>".
PRELUDE = 'import (\n\t"fmt"\n\t"math/rand"\n\t"time"\n)\n'
CELLS = {
    "scalar": ("""
sx := tape.NewVariable(3.0)
""", """
t0 := time.Now()
for i := 0; i < 20000; i++ {
	tp := tape.NewGradientTape()
	tp.Start()
	y := sx.Sub(4).Pow(2)
	tp.Stop()
	_ = tp.Gradient(y, sx)
}
fmt.Println("BENCH", time.Since(t0).Seconds()/20000)
"""),
    "linreg": ("""
xs := tape.Range(0, 11, 1)
ys := xs.Mul(10).Add(5)
rng := rand.New(rand.NewSource(0))
""", """
a := tape.NewVariable(rng.Float64())
b := tape.NewVariable(rng.Float64())
vars := []*tape.Variable{a, b}
opt := optim.NewSGD(0.001)
t0 := time.Now()
for i := 0; i < 100000; i++ {
	tp := tape.NewGradientTape()
	tp.Start()
	loss := ys.Sub(a.Mul(xs).Add(b)).Abs()
	tp.Stop()
	opt.MinimizeTape(loss, vars, tp)
}
fmt.Println("BENCH", time.Since(t0).Seconds(), a.Float(), b.Float())
"""),
    "matmul32": ("""
tape.SetSeed(0)
ma := tape.RandomNormal([]int{1024, 1024}, 0, 1)
mb := tape.RandomNormal([]int{1024, 1024}, 0, 1)
_ = tape.MatMul(ma, mb)
""", """
t0 := time.Now()
for i := 0; i < 10; i++ {
	_ = tape.MatMul(ma, mb)
}
fmt.Println("BENCH", time.Since(t0).Seconds()/10)
"""),
    "jacobian": ("""
tape.SetSeed(0)
W := tape.RandomNormal([]int{100, 100}, 0, 0.1)
x := tape.RandomNormal([]int{100}, 0, 1)
f := func(v *tape.Tensor) *tape.Tensor {
	return tape.Tanh(tape.Reshape(tape.MatMul(W, tape.Reshape(v, 100, 1)), 100))
}
jac := func() *tape.Tensor {
	tp := tape.NewGradientTape()
	tp.Watch(x)
	var y *tape.Tensor
	tp.Record(func() { y = f(x) })
	return tp.Jacobian(y, x)
}
hess := func() *tape.Tensor {
	outer := tape.NewGradientTape()
	outer.Watch(x)
	var grad *tape.Tensor
	outer.Record(func() {
		inner := tape.NewGradientTape()
		inner.Watch(x)
		var g *tape.Tensor
		inner.Record(func() { g = tape.ReduceSum(tape.Square(f(x)), nil, false) })
		grad = inner.Gradient(g, x)
	})
	return outer.Jacobian(grad, x)
}
_ = jac()
_ = hess()
""", """
t0 := time.Now()
for i := 0; i < 20; i++ {
	_ = jac()
}
fmt.Println("BENCH", time.Since(t0).Seconds()/20)
"""),
    "hessian": (None, """
t0 := time.Now()
for i := 0; i < 20; i++ {
	_ = hess()
}
fmt.Println("BENCH", time.Since(t0).Seconds()/20)
"""),
    "mlp128": ("""
tape.SetSeed(0)
n := 60000
X := tape.RandomNormal([]int{n, 784}, 0, 1)
lrng := rand.New(rand.NewSource(0))
labels := make([]int, n)
for i := range labels {
	labels[i] = lrng.Intn(10)
}
Y := tape.Constant(labels)
model := nn.NewSequential(nn.Dense(128, nn.Activation("relu"), nn.InputShape(784)), nn.Dense(10))
opt := optim.NewAdam(1e-3)
var mvars []*tape.Variable
perm := tape.Constant(lrng.Perm(n))
step := func(i, batch int) {
	idx := tape.Slice(perm, []int{i * batch}, []int{batch})
	xb, yb := tape.Gather(X, idx, 0), tape.Gather(Y, idx, 0)
	tp := tape.NewGradientTape()
	var loss *tape.Tensor
	tp.Record(func() {
		loss = tape.ReduceMean(nn.SparseCategoricalCrossentropy(yb, model.Call(xb, true), true), nil, false)
	})
	if mvars == nil {
		mvars = model.TrainableVariables()
	}
	opt.ApplyGradients(tp.Gradients(loss, mvars), mvars)
}
for i := 0; i < 5; i++ {
	step(i, 128)
}
""", """
t0 := time.Now()
perm = tape.Constant(lrng.Perm(n))
for i := 0; i < n/128; i++ {
	step(i, 128)
}
fmt.Println("BENCH", time.Since(t0).Seconds())
"""),
    "mlp32": (None, """
t0 := time.Now()
perm = tape.Constant(lrng.Perm(n))
for i := 0; i < n/32; i++ {
	step(i, 32)
}
fmt.Println("BENCH", time.Since(t0).Seconds())
"""),
    "cnn": ("""
tape.SetSeed(0)
cn := 6400
cX := tape.RandomUniform([]int{cn, 28, 28, 1}, 0, 1)
crng := rand.New(rand.NewSource(0))
clabels := make([]int, cn)
for i := range clabels {
	clabels[i] = crng.Intn(10)
}
cY := tape.Constant(clabels)
kinit := func(seed int64) nn.LayerOption { return nn.KernelInit(nn.RandomNormal(0, 0.05, seed)) }
cnn := nn.NewSequential(
	nn.Conv2D(32, 3, nn.Activation("relu"), nn.InputShape(28, 28, 1), kinit(1)),
	nn.Conv2D(64, 3, nn.Activation("relu"), kinit(2)),
	nn.MaxPool2D(2),
	nn.Flatten(),
	nn.Dense(128, nn.Activation("relu"), kinit(3)),
	nn.Dense(10, nn.Activation("softmax"), kinit(4)),
)
copt := optim.NewAdam(1e-3)
var cvars []*tape.Variable
cperm, ck := tape.Constant(crng.Perm(cn)), 0
cstep := func() {
	if ck == cn/128 {
		cperm, ck = tape.Constant(crng.Perm(cn)), 0
	}
	idx := tape.Slice(cperm, []int{ck * 128}, []int{128})
	ck++
	cx := tape.Gather(cX, idx, 0)
	cy := tape.OneHot(tape.Gather(cY, idx, 0), 10)
	tp := tape.NewGradientTape()
	var loss *tape.Tensor
	tp.Record(func() {
		loss = tape.ReduceMean(nn.CategoricalCrossentropy(cy, cnn.Call(cx, true), false), nil, false)
	})
	if cvars == nil {
		cvars = cnn.TrainableVariables()
	}
	copt.ApplyGradients(tp.Gradients(loss, cvars), cvars)
}
cstep()
cstep()
""", """
t0 := time.Now()
for i := 0; i < 10; i++ {
	cstep()
}
fmt.Println("BENCH", time.Since(t0).Seconds()/10)
"""),
    # Interpreted Go alone (no tape): also run in stock yaegi v0.16.1 (bench/stockyaegi).
    "loop": (None, """
t0 := time.Now()
s := 0
for i := 0; i < 10000000; i++ {
	s += i * i
}
fmt.Println("BENCH", time.Since(t0).Seconds(), s)
"""),
    "funcall": ("""
func sq(x int) int { return x*x + 1 }
""", """
t0 := time.Now()
s := 0
for i := 0; i < 1000000; i++ {
	s += sq(i)
}
fmt.Println("BENCH", time.Since(t0).Seconds(), s)
"""),
    # The same with a function that branches (no frameless call: the general call path).
    "funcall_branch": ("""
func collatz(x int) int {
	if x%2 == 0 {
		return x / 2
	}
	return 3*x + 1
}
""", """
t0 := time.Now()
s := 0
for i := 0; i < 1000000; i++ {
	s += collatz(i)
}
fmt.Println("BENCH", time.Since(t0).Seconds(), s)
"""),
}
# Workloads that stock yaegi runs too (standard library only).
INTERP = ["loop", "funcall", "funcall_branch"]
# Workloads sharing one kernel (the later ones reuse the first one's setup).
GROUPS = [["scalar"], ["linreg"], ["matmul32"], ["jacobian", "hessian"], ["mlp128", "mlp32"], ["cnn"],
          ["loop", "funcall", "funcall_branch"]]


def make_spec(gotape):
    d = tempfile.mkdtemp(prefix="gotape-bench-")
    os.makedirs(os.path.join(d, "kernels", "gotape-bench"))
    with open(os.path.join(d, "kernels", "gotape-bench", "kernel.json"), "w") as f:
        json.dump({"argv": [os.path.abspath(gotape), "kernel", "{connection_file}"],
                   "display_name": "gotape (bench)", "language": "go"}, f)
    os.environ["JUPYTER_PATH"] = d + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    return d


class Kernel:
    """A gotape kernel started by jupyter_client's KernelManager, driven through plain
    synchronous zmq sockets and the manager's Session (jupyter_client 7's clients are async)."""

    def __init__(self, name="gotape-bench"):
        import zmq
        from jupyter_client.manager import KernelManager
        self.km = KernelManager(kernel_name=name)
        # Retry refused connects every 2 ms instead of zmq's 100 ms, so the start time measures
        # the kernel rather than the client's reconnect timer.
        self.km.context.setsockopt(zmq.RECONNECT_IVL, 2)
        t = clock()
        if name == "gotape-bench":
            self.km.start_kernel()
        else:
            import subprocess
            self.km.start_kernel(stderr=subprocess.DEVNULL)
        self.session = self.km.session
        self.shell = self.km.connect_shell()
        self.iopub = self.km.connect_iopub()
        self.poller = zmq.Poller()
        self.poller.register(self.shell, zmq.POLLIN)
        self.poller.register(self.iopub, zmq.POLLIN)
        msg = self.session.send(self.shell, "kernel_info_request", {})
        while True:
            if not self.poller.poll(60000):
                raise TimeoutError("kernel_info_reply")
            m = self._recv(self.shell, block=False)
            if m and m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                break
        self.start_seconds = clock() - t
        # Wait until iopub is connected (slow joiner): a kernel_info makes the kernel publish status.
        time.sleep(0.2)
        while self._recv(self.iopub, block=False):
            pass

    def _recv(self, sock, block=True):
        """Receives one message and decodes only what the benchmark reads (header, parent
        header, content) with json, without the Session's signature check and full
        deserialisation (~150 µs per message here), so the round trip measures the kernel."""
        import zmq
        try:
            frames = sock.recv_multipart(0 if block else zmq.NOBLOCK)
        except zmq.Again:
            return None
        i = frames.index(b"<IDS|MSG>")
        header = json.loads(frames[i + 2])
        return {"msg_type": header["msg_type"], "header": header,
                "parent_header": json.loads(frames[i + 3]), "content": json.loads(frames[i + 5])}

    def run(self, code, timeout=3600):
        """Executes code; returns (seconds until both execute_reply and status idle arrived,
        stdout text, error or None)."""
        t = clock()
        msg = self.session.send(self.shell, "execute_request",
                                {"code": code, "silent": False, "store_history": False,
                                 "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        mid = msg["header"]["msg_id"]
        out, err, idle, reply = [], None, False, False
        while not (idle and reply):
            ready = dict(self.poller.poll(1000))
            if not ready and clock() - t > timeout:
                raise TimeoutError(code[:40])
            if self.shell in ready:
                m = self._recv(self.shell, block=False)
                if m and m["parent_header"].get("msg_id") == mid:
                    reply = True
                    if m["content"]["status"] != "ok":
                        err = m["content"].get("evalue") or m["content"].get("ename")
            if self.iopub in ready:
                m = self._recv(self.iopub, block=False)
                if not m or m["parent_header"].get("msg_id") != mid:
                    continue
                ty = m["msg_type"]
                if ty == "stream":
                    out.append(m["content"]["text"])
                elif ty == "error":
                    err = m["content"].get("evalue")
                elif ty == "status" and m["content"]["execution_state"] == "idle":
                    idle = True
        return clock() - t, "".join(out), err

    def close(self):
        self.shell.close(linger=0)
        self.iopub.close(linger=0)
        self.km.shutdown_kernel(now=True)


def emit(workload, samples, impl="gotape-kernel", **extra):
    r = {"impl": impl, "workload": workload, "threads": 0,
         "seconds": statistics.median(samples), "samples": samples}
    r.update(extra)
    print(json.dumps(r), flush=True)


def latency(reps_start=10, reps_cell=200, name="gotape-bench", impl="gotape-kernel"):
    starts = []
    for _ in range(reps_start):
        k = Kernel(name)
        starts.append(k.start_seconds)
        k.close()
    emit("latency_start", starts, impl=impl)
    k = Kernel(name)
    for _ in range(20):
        k.run("1")
    cells = [k.run("1")[0] for _ in range(reps_cell)]
    k.close()
    emit("latency_cell", cells, impl=impl)


def bench_value(w, out):
    mm = re.search(r"BENCH ([0-9.eE+-]+)", out)
    if not mm:
        raise RuntimeError(f"{w}: no BENCH line in {out!r}")
    return float(mm.group(1))


def run_stock(binary, setup, timed):
    """Runs PRELUDE, setup and the timed cell in stock yaegi (a fresh process); the cell's time."""
    import subprocess
    with tempfile.TemporaryDirectory() as d:
        files = []
        for i, code in enumerate([PRELUDE, setup, timed]):
            if code:
                files.append(os.path.join(d, f"cell{i}.go"))
                with open(files[-1], "w") as f:
                    f.write(code)
        out = subprocess.run([binary] + files, capture_output=True, text=True, timeout=3600)
        if out.returncode != 0:
            raise RuntimeError(f"stock yaegi: {out.stderr.strip()}")
        return bench_value("stock yaegi", out.stdout)


def workloads(names, reps, stock_bin=None):
    for group in GROUPS:
        todo = [w for w in group if w in names]
        if not todo:
            continue
        k = Kernel()
        try:
            _, _, err = k.run(PRELUDE)
            if err:
                raise RuntimeError(f"prelude: {err}")
            for w in group:
                setup, timed = CELLS[w]
                if setup:
                    _, _, err = k.run(setup)
                    if err:
                        raise RuntimeError(f"{w} setup: {err}")
                if w not in todo:
                    continue
                samples, walls, stock = [], [], []
                for rep in range(reps):
                    if w in INTERP and stock_bin and rep % 2 == 1:
                        stock.append(run_stock(stock_bin, setup, timed))
                    wall, out, err = k.run(timed)
                    if err:
                        raise RuntimeError(f"{w}: {err}")
                    samples.append(bench_value(w, out))
                    walls.append(wall)
                    if w in INTERP and stock_bin and rep % 2 == 0:
                        stock.append(run_stock(stock_bin, setup, timed))
                emit(w, samples, wall_seconds=walls)
                if stock:
                    emit(w, stock, impl="stock-yaegi")
        except Exception as e:  # report and go on with the next group
            print(f"kernel_bench: {group}: {e}", file=sys.stderr)
        finally:
            k.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gotape", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--stock-yaegi", default="", help="bench/stockyaegi binary (stock yaegi v0.16.1)")
    ap.add_argument("--only", default="latency " + " ".join(CELLS))
    args = ap.parse_args()
    make_spec(args.gotape)
    names = set(args.only.split())
    if "latency" in names:
        latency()
        try:  # reference: Debian's IPython kernel, same client, same machine
            os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
            latency(5, 200, name="python3", impl="ipykernel")
        except Exception as e:
            print(f"kernel_bench: ipykernel reference: {e}", file=sys.stderr)
    workloads(names, args.reps, args.stock_yaegi or None)


if __name__ == "__main__":
    main()
