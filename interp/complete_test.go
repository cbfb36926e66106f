package interp

import (
	"slices"
	"strconv"
	"testing"
)

func TestIsComplete(t *testing.T) {
	e := New()
	for _, c := range []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"", "complete", ""},
		{"func f() {", "incomplete", "    "},
		{"func f() {\n\tif true {", "incomplete", "        "},
		{"x := []int{1,\n", "incomplete", "    "},
		{"s := `raw", "incomplete", ""},
		{"/* comment", "incomplete", ""},
		{"x := 1 +", "incomplete", "    "},
		{"y := a.", "incomplete", "    "},
		{"x := 1)", "invalid", ""},
		{"x := \"abc", "invalid", ""},
		{"x := := 2", "invalid", ""},
		{"for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}", "complete", ""},
	} {
		st, ind := e.IsComplete(c.code)
		if st != c.status || ind != c.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", c.code, st, ind, c.status, c.indent)
		}
	}
}

func TestComplete(t *testing.T) {
	e := New()
	run(t, e, "import \"fmt\"\nx := tape.Constant(1.0)\ntype Pt struct{ X, Y int }\npt := Pt{1, 2}\npts := []Pt{pt, pt}\nmodel := nn.NewSequential(nn.Dense(3))\nfunc myHelper() {}\nmyVariable := 3")
	for _, c := range []struct {
		cursorCase
		start int // where the completed word starts
	}{
		{cursorCase{"fmt.Printl", -1, []string{"Println"}}, 4},
		{cursorCase{"tape.NewGra", -1, []string{"NewGradientTape"}}, 5},
		{cursorCase{"x.Resh", -1, []string{"Reshape"}}, 2},
		{cursorCase{"x.Sq", -1, []string{"Sqrt", "Square"}}, 2},
		{cursorCase{"pt.", -1, []string{"X", "Y"}}, 3},
		{cursorCase{"myH", -1, []string{"myHelper"}}, 0},
		{cursorCase{"myV", -1, []string{"myVariable"}}, 0},
		{cursorCase{"y := myV + 1", 8, []string{"myVariable"}}, 5},
		{cursorCase{"optim.NewAd", -1, []string{"NewAdagrad", "NewAdam", "NewAdamW"}}, 6},
		{cursorCase{"ret", -1, []string{"return"}}, 0},
		{cursorCase{"lengthy := 1; len", -1, []string{"len", "lengthy"}}, 14},
		{cursorCase{"héllo := 1; hé", -1, []string{"héllo"}}, 12},
		// Chains of calls, indexes and fields.
		{cursorCase{"model.Layers()[0].Outp", -1, []string{"OutputShape"}}, 18},
		{cursorCase{"model.Layers()[len(x.Shape())].Outp", -1, []string{"OutputShape"}}, 31},
		{cursorCase{"x.Reshape(2, 1).Sq", -1, []string{"Sqrt", "Square"}}, 16},
		{cursorCase{"tape.Constant([]float64{1, 2}).Resh", -1, []string{"Reshape"}}, 31},
		{cursorCase{"pts[1].", -1, []string{"X", "Y"}}, 7},
		{cursorCase{"fmt.Println(pt.", -1, []string{"X", "Y"}}, 15},
		{cursorCase{"nothing().", -1, nil}, 10},
	} {
		cur := c.at()
		got, start, end := e.Complete(c.code, cur)
		if !slices.Equal(got, c.want) || start != c.start || end != cur {
			t.Errorf("Complete(%q, %d) = %v [%d,%d); want %v [%d,%d)", c.code, cur, got, start, end, c.want, c.start, cur)
		}
	}
}

// TestConcurrentRequests runs completion, inspection and is-complete requests while
// cells execute (the kernel may answer them from another goroutine); run with -race.
func TestConcurrentRequests(t *testing.T) {
	e := New()
	done := make(chan bool)
	go func() {
		defer close(done)
		for i := 0; i < 30; i++ {
			run(t, e, "import \"fmt\"\nv"+strconv.Itoa(i)+" := tape.Scalar(1)\nfunc f"+strconv.Itoa(i)+"() {}\nfmt.Sprint(v"+strconv.Itoa(i)+")")
		}
	}()
	for {
		select {
		case <-done:
			if got, _, _ := e.Complete("v2", 2); !slices.Contains(got, "v29") {
				t.Errorf("completions of v2 after the cells: %v", got)
			}
			return
		default:
		}
		e.Complete("fmt.Pr", 6)
		e.Complete("v1.Ad", 5)
		e.Inspect("tape.Scalar", 8, 0)
		e.Inspect("v1", 2, 0)
		e.IsComplete("func f() {")
	}
}
