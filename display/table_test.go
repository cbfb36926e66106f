package display

import (
	"regexp"
	"strings"
	"testing"
)

func seq(n int) []float64 {
	d := make([]float64, n)
	for i := range d {
		d[i] = float64(i)
	}
	return d
}

var cellRE = regexp.MustCompile(`<td[^>]*>([^<]*)</td>`)

func cells(html string) []string {
	var out []string
	for _, m := range cellRE.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestTableSmall(t *testing.T) {
	h := tensorHTML(tableData{shape: []int{2, 3}, dtype: "float32", data: []float64{1, 2.5, -3, 1e-7, 123456789, 0}, header: "cap"})
	want := []string{"1.0", "2.5", "-3.0", "1e-07", "1.23457e+08", "0.0"}
	if got := cells(h); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("cells = %q, want %q", got, want)
	}
	if !strings.Contains(h, "<caption") || !strings.Contains(h, ">cap</caption>") {
		t.Error("no caption")
	}
	golden(t, "table_2x3.html", []byte(h))
}

func TestTableElided(t *testing.T) {
	h := tensorHTML(tableData{shape: []int{30, 20}, dtype: "int32", data: seq(600), header: "shape=(30, 20) dtype=int32"})
	c := cells(h)
	// 5 + 1 + 5 rows of 4 + 1 + 4 columns.
	if len(c) != 11*9 {
		t.Fatalf("%d cells", len(c))
	}
	// Row 0: 0 1 2 3 … 16 17 18 19; row 29 ends in 599; the middle row is ⋮ with ⋱.
	if got := strings.Join(c[:9], " "); got != "0 1 2 3 … 16 17 18 19" {
		t.Errorf("row 0 = %s", got)
	}
	if got := strings.Join(c[5*9:6*9], " "); got != "⋮ ⋮ ⋮ ⋮ ⋱ ⋮ ⋮ ⋮ ⋮" {
		t.Errorf("gap row = %s", got)
	}
	if last := c[len(c)-1]; last != "599" {
		t.Errorf("last = %s", last)
	}
	if first := c[6*9]; first != "500" {
		t.Errorf("row 25 starts with %s", first)
	}
	golden(t, "table_30x20.html", []byte(h))
}

func TestTable1DScalarBool(t *testing.T) {
	h := tensorHTML(tableData{shape: []int{3}, dtype: "bool", data: []float64{1, 0, 1}})
	if got := strings.Join(cells(h), " "); got != "True False True" {
		t.Errorf("bool cells = %s", got)
	}
	if strings.Count(h, "<tr>") != 2 {
		t.Errorf("1-D table has %d rows, want header + 1", strings.Count(h, "<tr>"))
	}
	s := tensorHTML(tableData{shape: []int{}, dtype: "float32", data: []float64{108}, header: "tf.Tensor shape=() dtype=float32"})
	if s != `<span class="gotape-scalar" title="tf.Tensor shape=() dtype=float32" style="font-family:monospace">108.0</span>` {
		t.Errorf("scalar = %s", s)
	}
	long := tensorHTML(tableData{shape: []int{100}, dtype: "float32", data: seq(100)})
	if got := strings.Join(cells(long), " "); got != "0.0 1.0 2.0 3.0 … 96.0 97.0 98.0 99.0" {
		t.Errorf("1-D elided = %s", got)
	}
}

func TestTableHigherRank(t *testing.T) {
	h := tensorHTML(tableData{shape: []int{2, 8, 2, 2}, dtype: "float32", data: seq(64), header: "shape=(2, 8, 2, 2)"})
	// Leading dims (2, 8): 2 × (2 + 2) slices, each 2×2, with a ⋮ between the 8s.
	caps := regexp.MustCompile(`<caption[^>]*>([^<]*)</caption>`).FindAllStringSubmatch(h, -1)
	var got []string
	for _, c := range caps {
		got = append(got, c[1])
	}
	want := "[0, 0, :, :] [0, 1, :, :] [0, 6, :, :] [0, 7, :, :] [1, 0, :, :] [1, 1, :, :] [1, 6, :, :] [1, 7, :, :]"
	if strings.Join(got, " ") != want {
		t.Errorf("slices = %s", strings.Join(got, " "))
	}
	// Slice [1, 7] holds the last four values.
	c := cells(h)
	if strings.Join(c[len(c)-4:], " ") != "60.0 61.0 62.0 63.0" {
		t.Errorf("last slice = %v", c[len(c)-4:])
	}
	golden(t, "table_2x8x2x2.html", []byte(h))
}

func TestShapeString(t *testing.T) {
	for _, tc := range []struct {
		s    []int
		want string
	}{{nil, "()"}, {[]int{3}, "(3,)"}, {[]int{2, 3}, "(2, 3)"}} {
		if got := shapeString(tc.s); got != tc.want {
			t.Errorf("shapeString(%v) = %q", tc.s, got)
		}
	}
}

func TestGraphLayout(t *testing.T) {
	ns := []gnode{
		{title: "x", sub: "() float32 · watched", grad: "∂ 13.0", kind: "watched"},
		{title: "w", sub: "(2, 3) float32", grad: "∂ [0.5, 1.5, …]", kind: "variable"},
		{title: "Square", sub: "() float32", inputs: []int{0}, kind: "op"},
		{title: "Sin", sub: "() float32", inputs: []int{0}, kind: "op"},
		{title: "c", sub: "() float32", kind: "constant"},
		{title: "Mul", sub: "() float32", inputs: []int{3, 4}, kind: "op"},
		{title: "MatMul", sub: "(2, 3) float32", inputs: []int{1, 1}, kind: "op"},
		{title: "Add", sub: "() float32", inputs: []int{2, 5}, kind: "op"},
	}
	svg, _ := graphPictures(ns, "test graph")
	// Layers: x, w at 0; Square, Sin, MatMul at 1; c sits just above Mul (1); Mul 2; Add 3.
	wantLayer := []int{0, 0, 1, 1, 1, 2, 1, 3}
	for i, l := range wantLayer {
		if ns[i].layer != l {
			t.Errorf("%s: layer %d, want %d", ns[i].title, ns[i].layer, l)
		}
	}
	// Every op is below its inputs, and boxes in a layer do not overlap.
	for i := range ns {
		for _, j := range ns[i].inputs {
			if ns[j].y+ns[j].h >= ns[i].y {
				t.Errorf("%s is not below its input %s", ns[i].title, ns[j].title)
			}
		}
		for j := range ns {
			if i != j && ns[i].layer == ns[j].layer && ns[i].x < ns[j].x && ns[i].x+ns[i].w > ns[j].x {
				t.Errorf("%s overlaps %s", ns[i].title, ns[j].title)
			}
		}
	}
	if !ns[7].output || ns[5].output || !ns[6].output {
		t.Error("outputs: want Add and MatMul only")
	}
	if n := strings.Count(svg, "<path d=\"M") - strings.Count(svg, "z\" fill="); n != 8 {
		t.Errorf("%d edges, want 8", n)
	}
	golden(t, "graph.svg", []byte(svg))
}
