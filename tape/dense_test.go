package tape_test

import (
	"fmt"
	"testing"

	"github.com/gotape/gotape/tape"
	"gonum.org/v1/gonum/mat"
)

func ExampleFromDense() {
	m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	fmt.Println(tape.FromDense(m))
	fmt.Println(tape.FromDense(m.T(), tape.Float32).Shape())
	// Output:
	// tf.Tensor(
	// [[1. 2. 3.]
	//  [4. 5. 6.]], shape=(2, 3), dtype=float64)
	// (3, 2)
}

func ExampleTensor_Dense() {
	x := tape.Constant([][]float64{{1, 2}, {3, 4}})
	var p mat.Dense
	p.Mul(x.Dense(), x.Dense().T())
	fmt.Println(mat.Formatted(&p))
	fmt.Println(tape.Constant([]float64{1, 2, 3}).Dense().Dims())
	// Output:
	// ⎡ 5  11⎤
	// ⎣11  25⎦
	// 3 1
}

func TestDenseRoundTrip(t *testing.T) {
	x := tape.Constant([][]float64{{1.5, -2}, {0, 7}}, tape.Float64)
	got := tape.FromDense(x.Dense())
	if got.String() != x.String() {
		t.Errorf("round trip: %v, want %v", got, x)
	}
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"rank 3", func() { tape.Zeros(2, 2, 2).Dense() }, "tape: Dense: tensor of shape (2, 2, 2) has rank 3; a matrix needs rank 2 (reshape it first)"},
		{"empty", func() { tape.Zeros(0, 2).Dense() }, "tape: Dense: tensor of shape (0, 2) is empty; gonum has no empty matrix"},
		{"nil", func() { tape.FromDense(nil) }, "tape: FromDense: nil matrix"},
	} {
		err := tape.Try(c.f)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}
