"""Output and panics of a cell's goroutines after the cell ended (issue 13 item 12): shown on the
stderr of the cell that runs next, tagged with the cell that started the goroutine, displays
tagged in their metadata; nothing dropped, and the later cell does not fail for them."""
import time

from relkit import stdout_of


def stderr_of(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")


def test_late_goroutine_output_is_shown(kern):
    raw = kern.raw0
    r, msgs = raw.run('// background\ngo func() {\n\ttime.Sleep(300 * time.Millisecond)\n\tfmt.Println("tick")\n'
                      '\tdisplay.Markdown("**late**")\n\tvar m map[string]int\n\tm["x"] = 1\n}()\nfmt.Println("started")')
    assert r["content"]["status"] == "ok" and stdout_of(msgs) == "started\n", r["content"]
    time.sleep(1.0)
    r, msgs = raw.run('fmt.Println("next")')
    assert r["content"]["status"] == "ok", r["content"]
    err = stderr_of(msgs)
    assert err.startswith("[goroutine of «// background»] tick\n"), err
    assert "[goroutine of «// background»] panic in goroutine: assignment to entry in nil map" in err, err
    shown = [m for m in msgs if m["msg_type"] == "display_data"]
    assert len(shown) == 1 and shown[0]["content"]["metadata"]["gotape_from_cell"] == "// background", shown
    assert shown[0]["content"]["data"]["text/markdown"] == "**late**"
    assert stdout_of(msgs) == "next\n"
