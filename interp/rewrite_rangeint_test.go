package interp

import "testing"

func TestRewriteIntegerRanges(t *testing.T) {
	checkRewrite(t, stage(t, "integer ranges", false), map[string]string{
		"for i := range 10 { f(i) }": "{ for i := 10 - 10; i < 10; i++ { f(i) } }",
		"for range 3 { f() }":        "{ for __gotape_i1 := 3 - 3; __gotape_i1 < 3; __gotape_i1++ { f() } }",
		"for i := range n { f(i) }":  "{ for i := range n { f(i) } }", // only with rangeAll
		"for i, v := range s { }":    "{ for i, v := range s { } }",
	})
	checkRewrite(t, stage(t, "integer ranges", true), map[string]string{
		"for i := range n { f(i) }":    "{ for i := n - n; i < n; i++ { f(i) } }",
		"for i := range g() { f(i) }":  "{ for i, __gotape_n2 := 0, g(); i < __gotape_n2; i++ { f(i) } }",
		"for k, v := range m { f(k) }": "{ for k, v := range m { f(k) } }",
	})
}
