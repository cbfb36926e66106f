package interp

import (
	"fmt"
	"reflect"
	"strings"
)

// gotape patch: panics of the reflect calls that run interpreted code become the Go
// runtime's errors, in its words. Upstream lets reflect's own panics through, so an
// interpreted program saw "reflect: slice index out of range" where Go says "runtime
// error: index out of range [5] with length 2", and "reflect: call of
// reflect.Value.Field on zero Value" for a nil pointer dereference.

// runtimeError is a run-time panic of interpreted code; like the Go runtime's errors it
// implements runtime.Error.
type runtimeError struct {
	msg   string
	plain bool // the message has no "runtime error: " prefix
}

func (e *runtimeError) Error() string {
	if e.plain {
		return e.msg
	}
	return "runtime error: " + e.msg
}

// RuntimeError marks runtimeError as a runtime.Error.
func (e *runtimeError) RuntimeError() {}

// goRuntimeError returns the Go runtime's error for a panic value r that node n of frame
// f raised through reflect, or r itself.
func goRuntimeError(r any, n *node, f *frame) any {
	switch v := r.(type) {
	case *cfgError:
		// A failed type assertion: Go's *runtime.TypeAssertionError says it without
		// a position or "runtime error: ".
		if i := strings.Index(v.Error(), "interface conversion: "); i >= 0 {
			return &runtimeError{msg: v.Error()[i:], plain: true}
		}
	case string:
		if v == "reflect: Method on nil interface value" || v == "reflect.Value.Call: call of nil function" {
			return nilDereference(n)
		}
		if strings.HasPrefix(v, "reflect: ") && strings.HasSuffix(v, "index out of range") {
			return indexError(n, f)
		}
		if strings.HasPrefix(v, "reflect.Value.Slice") && strings.Contains(v, "out of bounds") {
			return sliceError(n, f)
		}
	case *reflect.ValueError:
		if v.Kind == reflect.Invalid {
			return nilDereference(n)
		}
	}
	return r
}

// nilDereference is Go's error for a nil pointer dereference (a nil function called, a
// method called on a nil interface), naming the nil operand of n where it can.
func nilDereference(n *node) error {
	msg := "invalid memory address or nil pointer dereference"
	if x := nilOperand(n); x != "" {
		msg += " (" + x + " is nil)"
	}
	return &runtimeError{msg: msg}
}

// indexError reads the index and the length of the index expression n again, to say
// "index out of range [i] with length n" as Go does.
func indexError(n *node, f *frame) (err any) {
	err = &runtimeError{msg: "index out of range"}
	if n == nil || n.kind != indexExpr || len(n.child) < 2 {
		return err
	}
	defer func() {
		if recover() != nil {
			err = &runtimeError{msg: "index out of range"}
		}
	}()
	x := genValue(n.child[0])(f)
	for x.Kind() == reflect.Pointer {
		x = x.Elem()
	}
	_, i := genValueInt(n.child[1])(f)
	return &runtimeError{msg: fmt.Sprintf("index out of range [%d] with length %d", i, x.Len())}
}

// sliceError reads the operand and bounds of the slice expression n again, to say
// "slice bounds out of range [:5] with capacity 3" as Go does.
func sliceError(n *node, f *frame) (err any) {
	err = &runtimeError{msg: "slice bounds out of range"}
	if n == nil || n.kind != sliceExpr || len(n.child) < 2 || len(n.child) > 3 {
		return err
	}
	defer func() {
		if recover() != nil {
			err = &runtimeError{msg: "slice bounds out of range"}
		}
	}()
	x := genValue(n.child[0])(f)
	for x.Kind() == reflect.Pointer {
		x = x.Elem()
	}
	limit, what := x.Len(), "length"
	if x.Kind() == reflect.Slice {
		limit, what = x.Cap(), "capacity"
	}
	var low, high int64 = 0, int64(x.Len())
	switch {
	case n.action == aSlice0:
		_, high = genValueInt(n.child[1])(f)
	case len(n.child) == 2:
		_, low = genValueInt(n.child[1])(f)
	default:
		_, low = genValueInt(n.child[1])(f)
		_, high = genValueInt(n.child[2])(f)
	}
	if high > int64(limit) || high < 0 {
		return &runtimeError{msg: fmt.Sprintf("slice bounds out of range [:%d] with %s %d", high, what, limit)}
	}
	return &runtimeError{msg: fmt.Sprintf("slice bounds out of range [%d:%d]", low, high)}
}

// nilOperand names the operand of n that was nil (the x of x.f, *x or x[i]), in source
// form where it is a name or a selector chain, or "".
func nilOperand(n *node) string {
	if n == nil || len(n.child) == 0 {
		return ""
	}
	switch n.kind {
	case selectorExpr, starExpr, indexExpr:
		return exprString(n.child[0])
	case callExpr:
		if n.child[0].kind == selectorExpr { // x.M() with x a nil interface
			return exprString(n.child[0].child[0])
		}
		return exprString(n.child[0]) // f() with f a nil function
	}
	for _, c := range n.child { // an assignment of *x or x.f
		if c.kind == starExpr || c.kind == selectorExpr || c.kind == callExpr {
			return nilOperand(c)
		}
	}
	return ""
}

func exprString(n *node) string {
	switch n.kind {
	case identExpr:
		return n.ident
	case selectorExpr:
		if x := exprString(n.child[0]); x != "" && len(n.child) > 1 {
			return x + "." + n.child[1].ident
		}
	case starExpr:
		if x := exprString(n.child[0]); x != "" {
			return "*" + x
		}
	}
	return ""
}

// callDescription is "call to NAME" for a call of fun, or "call" when fun has no name
// the user would recognise.
func callDescription(fun *node) string {
	name := fun.name()
	if name == "" {
		name = exprString(fun)
	}
	if name == "" && fun.kind == selectorExpr && len(fun.child) > 1 {
		name = fun.child[1].ident // a method of a composite literal or call result
	}
	if name == "" {
		return "call"
	}
	return "call to " + name
}
