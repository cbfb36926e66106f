//go:build !linux

package lifeline

import (
	"errors"
	"os"
)

// deathSignal is unused where the parent-death signal does not exist: polling only.
const haveDeathSignal = false

var deathSignal os.Signal = os.Interrupt

func setDeathSignal(os.Signal) error { return errors.ErrUnsupported }
