package data_test

import (
	"fmt"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/data"
)

func ExampleBatches() {
	x := tape.Reshape(tape.Range(0, 10, 1), 5, 2)
	y := tape.Constant([]int{0, 1, 2, 3, 4})
	for _, b := range data.Batches(x, y, 2) {
		fmt.Println(b.X.Shape(), b.Y.Numpy())
	}
	// Output:
	// (2, 2) [0 1]
	// (2, 2) [2 3]
	// (1, 2) [4]
}

// The checked-in sample has 100 digits (10 per class); the full set of `make data` has 10,000.
func ExampleLoadMNIST() {
	ds, err := data.LoadMNIST("testdata") // "" for the data fetched by `make data`
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.TrainImages.Shape(), ds.TrainLabels.Shape(), ds.TestImages.Shape(), ds.TestLabels.Shape())
	// Output:
	// (80, 28, 28, 1) (80,) (20, 28, 28, 1) (20,)
}
