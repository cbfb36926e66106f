package interp

import (
	"reflect"
	"unsafe"
)

// callbackFrame returns the frame for a call of an interpreted function through its
// reflect.MakeFunc wrapper, which is how compiled code (strings.Map, sort.Slice, any
// binary package given a function value) calls it.
//
// gotape patch: upstream gives that frame the run id and cancellation channel of the
// frame the function value was made in. After Interpreter.stop (an interrupted
// EvalWithContext/ExecuteWithContext), that id never matches the interpreter's again,
// so every later call of a function value made before the interrupt returned zero
// values at once: its body's loop `for f.runid() == interp.runid()` never ran. The call
// belongs to the run in progress when it is made, so it takes the interpreter's current
// run id and done channel; a stop still stops it.
func (interp *Interpreter) callbackFrame(anc *frame, length int) *frame {
	f := newFrame(anc, length, interp.runid())
	interp.mutex.RLock()
	done := interp.done
	interp.mutex.RUnlock()
	f.done = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(done)}
	return f
}

// closurePointer returns the address of a function value's closure: unlike
// reflect.Value.Pointer (the address of its code), it tells apart the exec functions of
// different nodes made by the same generator.
func closurePointer(b bltn) uintptr {
	return uintptr(*(*unsafe.Pointer)(unsafe.Pointer(&b)))
}
