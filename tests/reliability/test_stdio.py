"""Small things that must say what happened (issue 13 item 15): reading stdin when the
frontend does not allow input, and closing os.Stdout, in a cell run by jupyter_client."""


def run(kc, code, **kw):
    mid = kc.execute(code, **kw)
    reply = kc.get_shell_msg(timeout=60)
    assert reply["parent_header"]["msg_id"] == mid
    streams = {"stdout": "", "stderr": ""}
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") != mid:
            continue
        if m["msg_type"] == "stream":
            streams[m["content"]["name"]] += m["content"]["text"]
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return reply["content"], streams


def test_stdin_not_allowed_says_so(kern):
    kc = kern.client()
    c, out = run(kc, 'var name string\n_, err := fmt.Scanln(&name)\nfmt.Println("err:", err)', allow_stdin=False)
    assert c["status"] == "ok", c
    assert "does not allow input requests" in out["stderr"], out
    assert out["stdout"].startswith("err: kernel: reading stdin: this frontend does not allow input"), out
    assert "EOF" not in out["stdout"]


def test_closing_stdout_says_why_and_output_goes_on(kern):
    kc = kern.client()
    c, out = run(kc, 'os.Stdout.Close()\nfmt.Println("still here")')
    assert c["status"] == "ok", c
    assert "os.Stdout is the notebook's stream in gotape and stays open" in out["stderr"], out
    assert out["stdout"] == "still here\n"
    c, out = run(kc, 'fmt.Println("next cell")')
    assert out["stdout"] == "next cell\n"
