package kernel

import (
	"reflect"
	"testing"
)

func TestColourTraceback(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"panic", []string{"panic: boom", "cell:3: f()", "cell:1:20: in f: panic(\"boom\")"},
			[]string{"\x1b[0;31mpanic\x1b[0m: boom", "\x1b[0;32mcell:3\x1b[0m: f()", "\x1b[0;32mcell:1:20\x1b[0m: in f: panic(\"boom\")"}},
		{"CompileError", []string{"cell:2:1: undefined: x"}, []string{"\x1b[0;32mcell:2:1\x1b[0m: undefined: x"}},
		{"Error", []string{"tape: shapes (2,) and (3,) do not broadcast", "cell:4: y := a.Add(b)"},
			[]string{"\x1b[0;31mtape: shapes (2,) and (3,) do not broadcast\x1b[0m", "\x1b[0;32mcell:4\x1b[0m: y := a.Add(b)"}},
		{"RecursionError", []string{"RecursionError: too deep", "(a note)"}, []string{"\x1b[0;31mRecursionError\x1b[0m: too deep", "(a note)"}},
		{"X", []string{"\x1b[1mcoloured\x1b[0m"}, []string{"\x1b[1mcoloured\x1b[0m"}},
	} {
		if got := colourTraceback(tc.name, tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
