package interp

import "reflect"

// gotape patch: Go's rules for compiled interfaces with unexported methods, and Go's reason
// when a value does not implement an interface.
//
// A compiled interface with an unexported method (type TensorLike interface{ tensor() *Tensor })
// is implemented only by its own package's types: a method of the same name declared in
// interpreted code is another method (its package differs), so upstream's check by method
// name wrongly accepted it, and the call then panicked in reflect ("Call using
// _pkg_TensorLike as type pkg.TensorLike"). Upstream also gave an untyped constant to any
// interface; Go requires its default type to implement it.

// unexportedMethod returns the name of an unexported method of the compiled interface it,
// or "" when it has none or is not a compiled interface.
func unexportedMethod(it *itype) string {
	if it == nil || it.cat != valueT || it.rtype == nil || it.rtype.Kind() != reflect.Interface {
		return ""
	}
	for i := range it.rtype.NumMethod() {
		if m := it.rtype.Method(i); m.PkgPath != "" {
			return m.Name
		}
	}
	return ""
}

// cannotImplement reports whether t, a type of interpreted code, meets a compiled interface
// it with an unexported method, which only it's own package's types implement.
func cannotImplement(t, it *itype) bool { return !isBin(t) && unexportedMethod(it) != "" }

// notImplementedReason returns Go's reason why t does not implement the interface it
// ("T does not implement I (missing method M)"), or "" when it is not an interface or
// no method is found missing.
func notImplementedReason(t, it *itype) string {
	if t == nil || it == nil || !isInterface(it) || isInterface(t) {
		return ""
	}
	have := t.methods()
	want := it.methods()
	if isBin(t) && t.TypeOf() != nil {
		have = methodSet{}
		rt := t.TypeOf()
		for i := range rt.NumMethod() {
			have[rt.Method(i).Name] = ""
		}
	}
	missing, unexported := "", ""
	for name := range want {
		if _, ok := have[name]; !ok && (missing == "" || name < missing) {
			missing = name
		}
	}
	if missing == "" && !isBin(t) {
		unexported = unexportedMethod(it)
	}
	switch {
	case missing != "":
		return t.id() + " does not implement " + it.id() + " (missing method " + missing + ")"
	case unexported != "":
		return t.id() + " does not implement " + it.id() + " (unexported method " + unexported + ")"
	}
	return ""
}
