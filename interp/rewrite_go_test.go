package interp

import "testing"

func TestRewriteGoStatements(t *testing.T) {
	checkRewrite(t, stage(t, "go statements", false), map[string]string{
		"go f(x)":                "{ __gotape.Go(func() { f(x) }) }",
		"go func() { work() }()": "{ __gotape.Go(func() { work() }) }",
		"go func(n int) { }(3)":  "{ __gotape.Go(func() { func(n int) {}(3) }) }",
		"f(x)":                   "{ f(x) }",
		"if ok { go g() }":       "{ if ok { __gotape.Go(func() { g() }) } }",
	})
}

func TestRewriteAfterFunc(t *testing.T) {
	checkRewrite(t, stage(t, "time.AfterFunc callbacks", false), map[string]string{
		"time.AfterFunc(d, f)":      "{ time.AfterFunc(d, __gotape.Guard(f)) }",
		"t := time.AfterFunc(d, f)": "{ t := time.AfterFunc(d, __gotape.Guard(f)) }",
		"other.AfterFunc(d, f)":     "{ other.AfterFunc(d, f) }",
	})
}
