package interp

import "reflect"

// Fast paths for signed integer arithmetic, comparisons, ++/-- and op-assignments whose
// operands are variables or constants: the generic code reaches each operand through two or
// three nested closures (genValueInt → genValue → valueGenerator) and the result through
// another; these read and write the frame slots directly, within one closure per node. They
// apply only where the generic generator would do exactly the same (same slots, Int/SetInt),
// and fall back to it otherwise.
//
// A fast node whose successor is also a fast node, already generated, calls it directly
// instead of returning it to runCfg's dispatch loop: a straight run of such nodes (a loop
// body of integer statements) then costs one dispatch, and each call site has one target.
// Back edges (the successor still being generated) and nodes under a debugger are not
// chained, so loops still return to runCfg, which checks for cancellation.

func init() {
	for _, a := range []action{aAdd, aSub, aMul, aQuo, aRem} {
		builtin[a] = withFastInt(builtin[a], fastIntArith)
	}
	for _, a := range []action{aEqual, aNotEqual, aLower, aLowerEqual, aGreater, aGreaterEqual} {
		builtin[a] = withFastInt(builtin[a], fastIntCompare)
	}
	for _, a := range []action{aInc, aDec, aAddAssign, aSubAssign, aMulAssign} {
		builtin[a] = withFastInt(builtin[a], fastIntAssign)
	}
}

func withFastInt(gen bltnGenerator, fast func(n *node) bool) bltnGenerator {
	return func(n *node) {
		if !fast(n) {
			gen(n)
		}
	}
}

// succ is the continuation of a fast node: its successor's exec, returned to runCfg, or
// called directly when it is chainable.
type succ struct {
	exec bltn
	call bool
}

func succOf(n, next *node) succ {
	t := next
	for k := 0; k < 8 && t != nil && t.action == aNop && t.fast == nil && t.fnext == nil; k++ {
		t = t.tnext // a block: its exec only goes on to the next node
	}
	if t != nil && t.fast != nil && t.exec != nil && n.interp.debugger == nil {
		return succ{exec: t.exec, call: true}
	}
	return succ{exec: getExec(next)}
}

func (s succ) run(f *frame) bltn {
	if s.call {
		return s.exec(f)
	}
	return s.exec
}

// slot is where genValue finds a node's value: data[index] of the root frame (global) or of
// the frame level frames up.
type slot struct {
	global       bool
	level, index int
}

func (s slot) value(f *frame) reflect.Value {
	switch {
	case s.global:
		return f.root.data[s.index]
	case s.level == 0:
		return valueOf(f.data, s.index)
	}
	for l := s.level; l > 0; l-- {
		f = f.anc
	}
	return valueOf(f.data, s.index)
}

// slotOf mirrors genValue for values held in a frame; false for any other value.
func slotOf(n *node) (slot, bool) {
	if n.kind == basicLit || n.kind == funcDecl || n.rval.IsValid() {
		return slot{}, false
	}
	if n.sym != nil {
		i := n.sym.index
		if i < 0 && n != n.sym.node {
			return slotOf(n.sym.node)
		}
		if i < 0 {
			return slot{}, false
		}
		return slot{global: n.sym.global || n.level == globalFrame, level: n.level, index: i}, true
	}
	if n.findex == notInFrame || n.findex < 0 {
		return slot{}, false
	}
	return slot{global: n.level == globalFrame, level: n.level, index: n.findex}, true
}

// intOperand is a signed integer operand: a constant or a frame slot.
type intOperand struct {
	isConst bool
	c       int64
	ci      int // c as an int, for fastLoop
	s       slot
}

func (o *intOperand) get(f *frame) int64 {
	if o.isConst {
		return o.c
	}
	return o.s.value(f).Int()
}

func isSignedInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// intOperandOf returns n as an operand when it is a signed integer variable or a constant
// (as genValueInt and vInt read them).
func intOperandOf(n *node) (intOperand, bool) {
	if n.typ == nil || n.typ.TypeOf() == nil || !isSignedInt(n.typ.TypeOf()) {
		return intOperand{}, false
	}
	if n.rval.IsValid() {
		c := vInt(n.rval)
		return intOperand{isConst: true, c: c, ci: int(c)}, true
	}
	s, ok := slotOf(n)
	return intOperand{s: s}, ok
}

// outputSlot is the slot genValueOutput writes n's result to, false where it would wrap it
// (results stored into interfaces).
func outputSlot(n *node) (slot, bool) {
	if a := n.anc; a != nil {
		if a.action == aAssign && a.typ != nil && a.typ.cat == interfaceT {
			return slot{}, false
		}
		if a.kind == returnStmt {
			fn, ok := a.val.(*node)
			if !ok || fn.typ == nil || len(fn.typ.ret) == 0 || fn.typ.ret[0].cat == interfaceT {
				return slot{}, false
			}
		}
	}
	return slotOf(n)
}

// binaryIntOperands returns the operands of a binary node when both are signed integers.
func binaryIntOperands(n *node) (a, b intOperand, ok bool) {
	if len(n.child) != 2 || n.typ == nil || n.typ.TypeOf() == nil || n.typ.TypeOf().Kind() == reflect.Interface {
		return a, b, false
	}
	if a, ok = intOperandOf(n.child[0]); !ok {
		return a, b, false
	}
	b, ok = intOperandOf(n.child[1])
	return a, b, ok && !(a.isConst && b.isConst)
}

// fastIntArith handles a + b, a - b, a * b, a / b and a % b on signed integers.
func fastIntArith(n *node) bool {
	a, b, ok := binaryIntOperands(n)
	if !ok || !isSignedInt(n.typ.concrete().TypeOf()) {
		return false
	}
	dest, ok := outputSlot(n)
	if !ok {
		return false
	}
	next := succOf(n, n.tnext)
	op := n.action
	n.fast = &fastOp{kind: fastArith, op: op, dst: dest, a: a, b: b}
	n.exec = func(f *frame) bltn {
		x, y := a.get(f), b.get(f)
		var r int64
		switch op {
		case aAdd:
			r = x + y
		case aSub:
			r = x - y
		case aQuo:
			r = x / y // panics on zero as the generic code does
		case aRem:
			r = x % y
		default:
			r = x * y
		}
		dest.value(f).SetInt(r)
		return next.run(f)
	}
	return true
}

func compareInt(op action, x, y int64) bool {
	switch op {
	case aEqual:
		return x == y
	case aNotEqual:
		return x != y
	case aLower:
		return x < y
	case aLowerEqual:
		return x <= y
	case aGreater:
		return x > y
	}
	return x >= y
}

// fastIntCompare handles ==, !=, <, <=, >, >= on signed integers, as a value or as the
// condition of a branch.
func fastIntCompare(n *node) bool {
	a, b, ok := binaryIntOperands(n)
	if !ok {
		return false
	}
	dest, ok := outputSlot(n)
	if !ok {
		return false
	}
	tnext := succOf(n, n.tnext)
	op := n.action
	n.fast = &fastOp{kind: fastCompare, op: op, dst: dest, a: a, b: b}
	if n.fnext != nil {
		fnext := succOf(n, n.fnext)
		n.exec = func(f *frame) bltn {
			if compareInt(op, a.get(f), b.get(f)) {
				dest.value(f).SetBool(true)
				return tnext.run(f)
			}
			dest.value(f).SetBool(false)
			return fnext.run(f)
		}
		fastLoop(n, fnext)
		return true
	}
	n.exec = func(f *frame) bltn {
		dest.value(f).SetBool(compareInt(op, a.get(f), b.get(f)))
		return tnext.run(f)
	}
	return true
}

// fastIntAssign handles v++, v--, v += x, v -= x and v *= x on signed integer variables.
func fastIntAssign(n *node) bool {
	if len(n.child) == 0 || n.typ == nil || n.typ.TypeOf() == nil || !isSignedInt(n.typ.TypeOf()) {
		return false
	}
	c0 := n.child[0]
	if isMapEntry(c0) || c0.typ == nil || c0.typ.TypeOf() == nil || !isSignedInt(c0.typ.TypeOf()) {
		return false
	}
	v, ok := slotOf(c0)
	if !ok {
		return false
	}
	x := intOperand{isConst: true, c: 1, ci: 1}
	op := n.action
	switch op {
	case aInc, aDec:
		if len(n.child) != 1 {
			return false
		}
	default:
		if len(n.child) != 2 {
			return false
		}
		if x, ok = intOperandOf(n.child[1]); !ok {
			return false
		}
	}
	next := succOf(n, n.tnext)
	n.fast = &fastOp{kind: fastAssign, op: op, dst: v, a: intOperand{s: v}, b: x}
	n.exec = func(f *frame) bltn {
		d := v.value(f)
		i, j := d.Int(), x.get(f)
		switch op {
		case aInc, aAddAssign:
			d.SetInt(i + j)
		case aDec, aSubAssign:
			d.SetInt(i - j)
		default:
			d.SetInt(i * j)
		}
		return next.run(f)
	}
	return true
}
