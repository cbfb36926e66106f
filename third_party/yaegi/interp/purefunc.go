package interp

import "reflect"

// Pure integer functions. A function whose body is only integer arithmetic on its int
// parameters and constants ending in `return` of an int, such as
// `func sq(x int) int { return x*x + 1 }`, is called without a frame: its fast nodes
// (fastint.go) are evaluated over a small array on the Go stack. Such a body cannot call
// anything, loop, panic or observe its frame, so the result is the same; the call skips the
// embedder's call guard (GuardCalls), which only matters for calls that can nest.

// pureFunc is the straight-line body of a pure integer function.
type pureFunc struct {
	nargs int
	ops   []pureOp
}

type pureOp struct {
	op     action
	dst    int
	a, b   int // frame indices, or -1 for the constant
	ac, bc int
}

// notPure marks a function checked and found not pure.
var notPure = &pureFunc{}

const maxPureSlots = 16

// pureOf returns the pure body of def (nil: not pure), computed once.
func pureOf(def *node) *pureFunc {
	if p := def.pure.Load(); p != nil {
		if p == notPure {
			return nil
		}
		return p
	}
	p := analyzePure(def)
	if p == nil {
		def.pure.Store(notPure)
		return nil
	}
	def.pure.Store(p)
	return p
}

func analyzePure(def *node) *pureFunc {
	if def.kind != funcDecl || def.interp.debugger != nil || def.typ == nil || len(def.typ.ret) != 1 ||
		len(def.types) > maxPureSlots || len(def.child) < 4 || def.child[3] == nil || def.child[3].start == nil {
		return nil
	}
	if r := def.child[0]; r != nil && len(r.child) > 0 {
		return nil // a method: its receiver takes a frame slot
	}
	for _, t := range def.types {
		if t == nil || t.Kind() != reflect.Int {
			return nil
		}
	}
	p := &pureFunc{nargs: len(def.typ.arg)}
	if 1+p.nargs > len(def.types) {
		return nil
	}
	m := def.child[3].start
	for k := 0; ; k++ {
		if m == nil || k > 64 {
			return nil
		}
		if m.kind == returnStmt {
			if m.exec != nil || len(p.ops) == 0 || p.ops[len(p.ops)-1].dst != 0 {
				return nil // only `return <binary expression>` writes slot 0 without an exec
			}
			return p
		}
		o := m.fast
		if o == nil || o.kind != fastArith || o.op == aQuo || o.op == aRem || m.fnext != nil || o.dst.global || o.dst.level != 0 {
			return nil
		}
		op := pureOp{op: o.op, dst: o.dst.index}
		var ok bool
		if op.a, op.ac, ok = pureOperand(o.a); !ok {
			return nil
		}
		if op.b, op.bc, ok = pureOperand(o.b); !ok {
			return nil
		}
		p.ops = append(p.ops, op)
		m = m.tnext
	}
}

func pureOperand(o intOperand) (index, c int, ok bool) {
	if o.isConst {
		return -1, o.ci, int64(o.ci) == o.c
	}
	if o.s.global || o.s.level != 0 || o.s.index >= maxPureSlots {
		return 0, 0, false
	}
	return o.s.index, 0, true
}

// callPure runs a call of def if it is pure and its arguments are ints; false otherwise
// (nothing was done).
func callPure(def *node, f *frame, values, rvalues []func(*frame) reflect.Value) bool {
	p := pureOf(def)
	if p == nil || len(values) != p.nargs || len(rvalues) != 1 {
		return false
	}
	var regs [maxPureSlots]int
	for i, v := range values {
		a := v(f)
		if a.Kind() != reflect.Int {
			return false
		}
		regs[1+i] = int(a.Int())
	}
	for k := range p.ops {
		o := &p.ops[k]
		x, y := o.ac, o.bc
		if o.a >= 0 {
			x = regs[o.a]
		}
		if o.b >= 0 {
			y = regs[o.b]
		}
		switch o.op {
		case aAdd:
			regs[o.dst] = x + y
		case aSub:
			regs[o.dst] = x - y
		default:
			regs[o.dst] = x * y
		}
	}
	if r := rvalues[0]; r != nil {
		r(f).SetInt(int64(regs[0]))
	}
	return true
}

