package interp

import "testing"

func TestRewriteLoopVariables(t *testing.T) {
	checkRewrite(t, stage(t, "per-iteration loop variables", false), map[string]string{
		// No closure: nothing to do.
		"for i := 0; i < 3; i++ { f(i) }": "{ for i := 0; i < 3; i++ { f(i) } }",
		// A closure over the loop variable: the body runs in a literal with a copy.
		"for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }": "{ for i := 0; i < 3; i++ { func() { i := i fs = append(fs, func() int { return i }) }() } }",
		// break and continue become result codes.
		"for _, v := range s { if v { break }; g(func() { h(v) }) }": "{ for _, v := range s { if __gotape_c1 := func() int { v := v if v { return 2 } g(func() { h(v) }) return 0 }(); __gotape_c1 == 3 { return } else if __gotape_c1 == 2 { break } } }",
		// defer keeps yaegi's shared variable.
		"for _, v := range s { defer func() { h(v) }() }": "{ for _, v := range s { defer func() { h(v) }() } }",
		// A body that assigns the loop variable keeps it shared.
		"for i := 0; i < 3; i++ { i++; g(func() { h(i) }) }": "{ for i := 0; i < 3; i++ { i++ g(func() { h(i) }) } }",
	})
}
