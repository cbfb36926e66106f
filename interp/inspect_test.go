package interp

import (
	"strings"
	"testing"
)

func TestInspect(t *testing.T) {
	e := New()
	run(t, e, "import \"fmt\"\nx := tape.Constant(1.0)\nfunc twice(n int) int { return 2 * n }")
	for _, c := range []cursorCase{
		{"fmt.Println", -1, []string{"func Println(a ...any) (n int, err error)", "Println formats"}},
		{"fmt.Println(", -1, []string{"func Println("}},
		{"fmt.Println(1, ", -1, []string{"func Println("}},
		{"tape.NewGradientTape()", 8, []string{"func NewGradientTape(", "GradientTape"}},
		{"tape.GradientTape.Gradient", -1, []string{"func (t *GradientTape) Gradient("}},
		{"x.Reshape", -1, []string{"Reshape("}},
		{"x", -1, []string{"x: *tape.Tensor", "tf.Tensor(1.0"}},
		{"twice", -1, []string{"func twice(n int) int"}},
		{"len", -1, []string{"func len(v Type) int"}},
		{"optim.NewAdam", -1, []string{"func NewAdam("}},
	} {
		cur := c.at()
		b, found := e.Inspect(c.code, cur, 0)
		if !found {
			t.Errorf("Inspect(%q, %d): not found", c.code, cur)
			continue
		}
		text := b.Data["text/plain"].(string)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("Inspect(%q, %d) = %q; want it to contain %q", c.code, cur, text, w)
			}
		}
	}
	if _, found := e.Inspect("nosuchname", 3, 0); found {
		t.Errorf("Inspect found an undefined name")
	}
}
