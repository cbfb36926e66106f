"""State that must survive interrupts and runaway recursion, through jupyter_client (issue 13
items 9 and 12): function values made before an interrupt or a RecursionError keep working
when compiled code calls them, and the recursion limit counts one goroutine's calls."""
import time

from relkit import IMPORTS


def execute(kc, code, timeout=60):
    """Runs code; returns (reply content, stdout, text/plain result)."""
    out, res = [], []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "execute_result":
            res.append(msg["content"]["data"]["text/plain"])

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return reply["content"], "".join(out), "".join(res)


def interrupt_running(kc, code):
    """Starts code, interrupts it on the control channel and returns the error reply."""
    mid = kc.execute(code)
    time.sleep(0.5)
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    while True:
        msg = kc.get_shell_msg(timeout=20)
        if msg["parent_header"].get("msg_id") == mid:
            return msg["content"]


def check_closures(kc, after):
    c, _, res = execute(kc, 'strings.Map(shift, "abc")')
    assert (c["status"], res) == ("ok", "bcd"), (after, c, res)
    c, _, res = execute(kc, "data = []int{3, 1, 2}\nsort.Slice(data, byData)\ndata")
    assert (c["status"], res) == ("ok", "[1 2 3]"), (after, c, res)
    c, _, res = execute(kc, "h := model.Fit(xs, ys, optim.NewSGD(0.1), loss, 5, 4)\nlen(h.Loss)")
    assert (c["status"], res) == ("ok", "5"), (after, c, res)


def test_closures_survive_interrupt_and_recursion_error(start_kernel):
    k = start_kernel()
    kc = k.client()
    assert execute(kc, IMPORTS + '\nimport "sort"')[0]["status"] == "ok"
    setup = ("shift := func(r rune) rune { return r + 1 }\n"
             "data := []int{}\nbyData := func(i, j int) bool { return data[i] < data[j] }\n"
             "xs := tape.Ones(8, 2)\nys := tape.Ones(8, 1)\n"
             "model := nn.NewSequential(nn.Dense(1))\n"
             "loss := func(yTrue, yPred *tape.Tensor) *tape.Tensor { return tape.ReduceMean(yTrue.Sub(yPred).Square(), nil, false) }")
    c = execute(kc, setup)[0]
    assert c["status"] == "ok", c
    check_closures(kc, "setup")
    c = interrupt_running(kc, "for {}")
    assert c["status"] == "error" and c["ename"] == "Interrupted", c
    check_closures(kc, "an interrupt")
    c = execute(kc, "func down(n int) int { return down(n+1) + 1 }\ndown(0)")[0]
    assert c["status"] == "error" and c["ename"] == "RecursionError", c
    check_closures(kc, "a RecursionError")


def test_recursion_limit_is_per_goroutine(start_kernel):
    k = start_kernel()
    kc = k.client()
    assert execute(kc, IMPORTS)[0]["status"] == "ok"
    code = ('import "sync"\nvar wg sync.WaitGroup\nrelease := make(chan bool)\n'
            "wait := func() { <-release; wg.Done() }\n"
            "for i := 0; i < 20000; i++ {\n\twg.Add(1)\n\tgo func() { wait() }()\n}\n"
            'close(release)\nwg.Wait()\n"20000 goroutines done"')
    c, _, res = execute(kc, code, timeout=120)
    assert (c["status"], res) == ("ok", '20000 goroutines done'), c
    c = execute(kc, "func down(n int) int { return down(n+1) + 1 }\nfin := make(chan bool)\n"
                    "go func() { defer close(fin); down(0) }()\n<-fin")[0]
    assert c["status"] == "error" and "recursion" in (c["ename"] + c["evalue"]).lower(), c
    c, out, _ = execute(kc, 'fmt.Println("alive")')
    assert (c["status"], out) == ("ok", "alive\n"), c
