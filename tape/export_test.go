package tape

import "github.com/gotape/gotape/tape/internal/rawmem"

// SetJacobianBatching switches batched Jacobian passes on or off and sets their element
// budget (0 keeps it); it returns a function restoring the previous settings.
func SetJacobianBatching(on bool, budget int) (restore func()) {
	on0, b0 := jacobianBatching, jacobianBudget
	jacobianBatching = on
	if budget > 0 {
		jacobianBudget = budget
	}
	return func() { jacobianBatching, jacobianBudget = on0, b0 }
}

// PoisonRawMem makes unzeroed allocations hold NaN (see rawmem.Poison) until the returned
// function restores them.
func PoisonRawMem() func() {
	rawmem.Poison = true
	return func() { rawmem.Poison = false }
}
