package interp

import (
	"reflect"
	"unsafe"
)

// forgetCompiled drops two lists yaegi v0.16.1 keeps only for its debugger, which
// otherwise keep the compiled tree of every cell reachable (yaegi issue #1678):
// Interpreter.roots (every compiled root) and scope.child of the universe and package
// scopes (every function and block scope, each pointing at its nodes). It relies on
// yaegi's field layout and does nothing where a field is missing.
func forgetCompiled(i any) {
	v := reflect.ValueOf(i)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	in := v.Elem()
	if f := field(in, "roots"); f.IsValid() && f.Kind() == reflect.Slice {
		f.SetZero()
	}
	clearChildren := func(sc reflect.Value) {
		if sc.Kind() != reflect.Pointer || sc.IsNil() {
			return
		}
		if c := field(sc.Elem(), "child"); c.IsValid() && c.Kind() == reflect.Slice {
			c.SetZero()
		}
	}
	clearChildren(field(in, "universe"))
	if m := field(in, "scopes"); m.IsValid() && m.Kind() == reflect.Map {
		for it := m.MapRange(); it.Next(); {
			clearChildren(it.Value())
		}
	}
}

// field returns a settable view of struct field name (exported or not), or an invalid
// Value.
func field(s reflect.Value, name string) reflect.Value {
	f := s.FieldByName(name)
	if !f.IsValid() || !f.CanAddr() {
		return reflect.Value{}
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}
