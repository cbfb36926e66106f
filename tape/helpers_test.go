package tape_test

import (
	"errors"

	"github.com/gotape/gotape/tape"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// watched returns a tape (made with opts) that watched x while it recorded y = f(x).
func watched(x *tape.Tensor, f func(x *tape.Tensor) *tape.Tensor, opts ...tape.TapeOption) (*tape.GradientTape, *tape.Tensor) {
	tp := tape.NewGradientTape(opts...)
	var y *tape.Tensor
	tp.Record(func() {
		tp.Watch(x)
		y = f(x)
	})
	return tp, y
}
