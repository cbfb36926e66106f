"""Ops and optimizer steps are all-or-nothing under interrupt, through jupyter_client (issue 13
item 10): an interrupted MatMul does not assign its result once it finishes in the
background, and an interrupted training loop leaves every variable updated or none."""
import time

import pytest

from relkit import IMPORTS


def execute(kc, code, timeout=120):
    """Runs code; returns (reply content, text/plain result)."""
    res = []

    def hook(msg):
        if msg["msg_type"] == "execute_result":
            res.append(msg["content"]["data"]["text/plain"])

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return reply["content"], "".join(res)


def interrupt_after(kc, code, seconds):
    """Starts code, interrupts it after seconds and returns the reply."""
    mid = kc.execute(code)
    time.sleep(seconds)
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    while True:
        msg = kc.get_shell_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == mid:
            return msg["content"]


def test_interrupted_matmul_assigns_nothing(start_kernel):
    kc = start_kernel().client()
    assert execute(kc, IMPORTS)[0]["status"] == "ok"
    c, ms = execute(kc, "a := tape.Ones(3000, 3000)\nb := a.Mul(2)\nt0 := time.Now()\nc := tape.MatMul(a, a)\n"
                        "took := time.Since(t0)\ntook.Milliseconds()")
    assert c["status"] == "ok", c
    took = int(ms) / 1000
    c = interrupt_after(kc, "c = tape.MatMul(a, b)", min(0.3, took / 3))
    assert c["status"] == "error" and c["ename"] == "Interrupted", c
    # the MatMul runs on in the background (BLAS cannot stop); once it is surely done, c is
    # still the old product (3000 everywhere), not the new one (6000)
    c, res = execute(kc, f"time.Sleep({int(2000 * took) + 1000} * time.Millisecond)\nc.At(0, 0)")
    assert (c["status"], res) == ("ok", "3000"), (c, res)


# Optimizers whose state (slots, iteration count) drives the next step: a step half applied to
# the state would show in the replay below even when the variables look consistent.
OPTIMIZERS = {"adam": "optim.NewAdam(0.5)", "sgd_momentum": "optim.NewSGD(0.1, optim.Momentum(0.9))"}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_interrupted_training_updates_all_or_none(start_kernel, name):
    kc = start_kernel().client()
    assert execute(kc, IMPORTS)[0]["status"] == "ok"
    setup = ("newVars := func() []*tape.Variable {\n\tvs := make([]*tape.Variable, 40)\n\tfor i := range vs {\n"
             "\t\tvs[i] = tape.NewVariable(tape.Zeros(20000))\n\t}\n\treturn vs\n}\n"
             "vars := newVars()\ngrads := make([]*tape.Tensor, 40)\n"
             "for i := range grads {\n\tgrads[i] = tape.Fill([]int{20000}, -1)\n}\n"
             "opt := " + OPTIMIZERS[name])
    assert execute(kc, setup)[0]["status"] == "ok"
    check = ("bad := 0\nfor _, v := range vars {\n\tif v.At(0) != vars[0].At(0) || v.At(19999) != vars[0].At(0) {\n"
             "\t\tbad++\n\t}\n}\nbad")
    # A fresh optimizer given as many steps as opt counted reaches the same values, and one
    # more step of each agrees too: the slots and the count match the variables.
    replay = ("ref, refOpt := newVars(), " + OPTIMIZERS[name] + "\n"
              "for i := 0; i < opt.Iterations(); i++ {\n\trefOpt.ApplyGradients(grads, ref)\n}\n"
              "same := ref[0].At(0) == vars[0].At(0)\n"
              "opt.ApplyGradients(grads, vars)\nrefOpt.ApplyGradients(grads, ref)\n"
              "fmt.Sprint(opt.Iterations() > 0, same, ref[0].At(0) == vars[0].At(0))")
    for delay in (0.2, 0.35, 0.5):
        c = interrupt_after(kc, "for {\n\topt.ApplyGradients(grads, vars)\n}", delay)
        assert c["status"] == "error" and c["ename"] == "Interrupted", c
        c, res = execute(kc, check)
        assert (c["status"], res) == ("ok", "0"), (delay, c, res)
        c, res = execute(kc, replay)
        assert (c["status"], res) == ("ok", "true true true"), (delay, c, res)
