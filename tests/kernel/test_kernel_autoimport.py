"""Standard-library auto-import through jupyter_client (issue 16): goimports' rule for cells,
completion of a package's members before its import, and the error for an unknown package."""
from cellout import execute, ok


def test_stdlib_packages_import_themselves(kernel):
    km, kc = kernel
    assert ok(kc, 'unicode.ToUpper(\'g\') == \'G\'').result == "true"
    assert ok(kc, "func hyp(a, b float64) float64 { return math.Sqrt(a*a + b*b) }\nhyp(3, 4)").result == "5"
    assert ok(kc, "sort := []int{3, 1}\nlen(sort)").result == "2"  # a cell's own name wins
    assert ok(kc, 'func parse(s string) int {\n\tn, _ := strconv.Atoi(s)\n\treturn n\n}\nparse("42")').result == "42"
    cell = execute(kc, "foo.Bar()")
    assert cell.status == "error"
    assert cell.error["evalue"] == "cell:1:1: undefined: foo (no package foo in the standard library; %go get it?)"


def test_completion_offers_members_before_import(kernel):
    km, kc = kernel
    code = "x := unicode.IsUp"
    msg_id = kc.complete(code, len(code))
    reply = kc.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    c = reply["content"]
    assert c["status"] == "ok" and any(m.endswith("IsUpper") for m in c["matches"]), c
    msg_id = kc.inspect("unicode.IsUpper", len("unicode.IsUpper"))
    reply = kc.get_shell_msg(timeout=30)
    assert reply["content"]["found"], reply["content"]
    assert "func IsUpper(r rune) bool" in reply["content"]["data"]["text/plain"]
