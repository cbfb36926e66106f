package interp

import "reflect"

// Direct method calls. A call x.m(args) of an interpreted method with a receiver used to
// evaluate the selector x.m into a method value first (getMethod: a copy of the method's
// node, its receiver closure and a reflect.MakeFunc wrapper, made again on every call) and
// then call that value through reflect.Value.Call, so a method call cost several times a
// function call. When the selector is only the callee of an ordinary call (not go, not
// defer, not variadic), the call now sets up the method's frame itself, as call does for
// a function: the receiver is copied into the frame exactly as the wrapper copied it
// (genFunctionWrapper), at the same moment (after the arguments: the wrapper read the
// receiver when called), and the selector does nothing.

// directMethod returns the method declaration the call n runs directly, or nil.
func directMethod(n *node) *node {
	if n == nil || n.kind != callExpr || n.action != aCall || len(n.child) == 0 || n.gen == nil ||
		reflect.ValueOf(n.gen).Pointer() != reflect.ValueOf(call).Pointer() {
		return nil
	}
	if a := n.anc; a == nil || a.kind == goStmt || a.kind == deferStmt {
		return nil
	}
	c0 := n.child[0]
	if c0.kind != selectorExpr || c0.action != aGetMethod || c0.recv == nil || c0.gen == nil ||
		reflect.ValueOf(c0.gen).Pointer() != reflect.ValueOf(getMethod).Pointer() || variadicPos(n) >= 0 {
		return nil
	}
	def, ok := c0.val.(*node)
	if !ok || def.kind != funcDecl || len(def.child) < 4 || def.child[3] == nil || def.typ == nil ||
		len(def.types) <= len(def.typ.ret) {
		return nil
	}
	return def
}

// callMethod returns the exec function of a direct method call (see directMethod).
func callMethod(n, def *node, values, rvalues []func(*frame) reflect.Value, tnext, fnext bltn) bltn {
	rcvr := genValueRecv(n.child[0])
	numRet := len(def.typ.ret)
	start := def.child[3].start
	return func(f *frame) bltn {
		reuse := n.interp.debugger == nil
		var nf *frame
		if reuse {
			nf = f.callFrame(len(def.types))
		} else {
			nf = newFrame(f, len(def.types), f.runid())
		}
		for i, v := range rvalues {
			if v != nil {
				nf.data[i] = v(f)
			} else {
				nf.data[i] = reflect.New(def.types[i]).Elem()
			}
		}
		initLocals(localsCache(def), def.types, nf.data, numRet)
		dest := nf.data[numRet+1:]
		for i, v := range values {
			if i >= len(dest) {
				break // an unused parameter may have no slot (as in genFunctionWrapper)
			}
			copyArg(f, dest, i, v(f))
		}
		setReceiver(nf.data[numRet], rcvr(f))

		runCfg(start, nf, def, n)

		next := tnext
		if fnext != nil && !nf.data[0].Bool() {
			next = fnext
		}
		if reuse {
			f.release(nf)
		}
		return next
	}
}

// setReceiver copies a method's receiver into its frame slot, as genFunctionWrapper does:
// through valueInterface wrappers, dereferencing or taking the address as the method's
// receiver type needs.
func setReceiver(dest, src reflect.Value) {
	for src.Kind() == reflect.Interface || src.Type() == valueInterfaceType {
		vs, ok := src.Interface().(valueInterface)
		if !ok {
			break
		}
		src = vs.value
	}
	sk, dk := src.Kind(), dest.Kind()
	switch {
	case sk == reflect.Ptr && dk != reflect.Ptr:
		dest.Set(src.Elem())
	case sk != reflect.Ptr && dk == reflect.Ptr:
		dest.Set(src.Addr())
	default:
		dest.Set(src)
	}
}

// copyArg copies the call argument val into dest[i], the callee's frame.
func copyArg(f *frame, dest []reflect.Value, i int, val reflect.Value) {
	if setIntArg(dest[i], val) { // gotape patch (callframe.go)
		return
	}
	if val.IsZero() && dest[i].Kind() != reflect.Interface {
		// Work around a recursive struct zero interface issue.
		// Once there is a better way to handle this case, the dest can just be set.
		return
	}
	if nod, ok := nodeOf(val); ok && nod.recv != nil {
		// An interpreted method is passed as value in a function call.
		// It must be wrapped now, otherwise the receiver will be missing
		// at the method call (#1332).
		// TODO (marc): wrapping interpreted functions should be always done
		// everywhere at runtime to simplify the whole code,
		// but it requires deeper refactoring.
		dest[i] = genFunctionWrapper(nod)(f)
		return
	}
	dest[i].Set(val)
}
