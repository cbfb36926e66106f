package tape

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

// TestNumpyFormat compares printing with NumPy's str and repr of the same arrays
// (testdata/numpy_format.json, made by testdata/gen_format.py with NumPy 1.24).
func TestNumpyFormat(t *testing.T) {
	raw, err := os.ReadFile("testdata/numpy_format.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			DType string
			Shape []int
			Data  []any
			Str   string
			Repr  string
		}
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	dts := map[string]DType{"float32": Float32, "float64": Float64, "int32": Int32, "int64": Int64, "bool": Bool}
	for i, c := range file.Cases {
		data := make([]float64, len(c.Data))
		for j, v := range c.Data {
			switch x := v.(type) {
			case float64:
				data[j] = x
			case string:
				switch x {
				case "nan":
					data[j] = math.NaN()
				case "inf":
					data[j] = math.Inf(1)
				case "-inf":
					data[j] = math.Inf(-1)
				}
			}
		}
		x := fromFlat(dts[c.DType], copyShape(c.Shape), data)
		if got := x.NumpyString(); got != c.Str {
			t.Errorf("case %d %s %v str:\ngot  %q\nwant %q", i, c.DType, c.Shape, got, c.Str)
		}
		wantRepr := c.Repr
		if strings.Contains(wantRepr, "\n") {
			wantRepr = "\n" + wantRepr
		}
		if got := numpyText(x, true); got != wantRepr {
			t.Errorf("case %d %s %v repr:\ngot  %q\nwant %q", i, c.DType, c.Shape, got, wantRepr)
		}
	}
	if len(file.Cases) < 50 {
		t.Errorf("only %d cases", len(file.Cases))
	}
}

func TestTensorString(t *testing.T) {
	cases := []struct {
		x    *Tensor
		want string
	}{
		{Scalar(108), "tf.Tensor(108.0, shape=(), dtype=float32)"},
		{Ones(2, 2).Mul(8), "tf.Tensor(\n[[8. 8.]\n [8. 8.]], shape=(2, 2), dtype=float32)"},
		{nil, "None"},
		{Constant([]int{1, 2}, Int64), "tf.Tensor([1 2], shape=(2,), dtype=int64)"},
	}
	for _, c := range cases {
		if got := c.x.String(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	v := NewVariable(1.0)
	if got, want := v.String(), "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	v = NewVariable([][]float64{{1, 2}, {3, 4}}, Name("w"), AsDType(Float64))
	if got, want := v.String(), "<tf.Variable 'w:0' shape=(2, 2) dtype=float64, numpy=\narray([[1., 2.],\n       [3., 4.]])>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
