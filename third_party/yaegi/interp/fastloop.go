package interp

import (
	"reflect"
	"strconv"
	"unsafe"
)

// Native integer loops. A loop whose condition and body are all fast integer nodes
// (fastint.go), such as `for i := 0; i < n; i++ { s += i * i }`, runs as a whole in the
// condition's exec: on entry it resolves the variables to *int and then runs the loop over
// them, as compiled code would, checking for cancellation every 1024 iterations. If a
// variable is not an addressable int (or int64 on 64-bit platforms), the loop runs node by
// node as usual. Intermediate results are not stored in their frame slots between
// iterations, which nothing can observe: no other node runs until the loop exits, and the
// condition's boolean slot is written at exit.

// fastOp describes a fast node for fastLoop.
type fastOp struct {
	kind fastKind
	op   action
	dst  slot       // arith, compare: result; assign: the variable
	a, b intOperand // assign: a is the variable
}

type fastKind uint8

const (
	fastArith fastKind = iota + 1
	fastCompare
	fastAssign
)

// maxLoopOps bounds the body of a native loop (its ops stay on the stack).
const maxLoopOps = 16

// boundOp is a fastOp with its operands resolved to memory.
type boundOp struct {
	kind    fastKind
	op      action
	d, a, b *int
}

// fastLoop makes the loop condition n (its exec already generated) run the loop natively
// when its body qualifies.
func fastLoop(n *node, exit succ) {
	if n.interp.debugger != nil {
		return
	}
	var body []*fastOp
	for m := n.tnext; m != n; m = m.tnext {
		if m != nil && m.action == aNop && m.fast == nil && m.fnext == nil {
			continue // a block: its exec only goes on to the next node
		}
		if m == nil || m.fast == nil || m.fast.kind == fastCompare || m.fnext != nil || len(body) == maxLoopOps {
			return
		}
		if m.fast.op == aQuo || m.fast.op == aRem {
			return // may panic: node by node, so that the panic names its statement
		}
		body = append(body, m.fast)
	}
	cond := n.fast
	slow := n.exec
	n.exec = func(f *frame) bltn {
		var ops [maxLoopOps]boundOp
		var c boundOp
		if !bindOp(f, cond, &c) {
			return slow(f)
		}
		for i, o := range body {
			if !bindOp(f, o, &ops[i]) {
				return slow(f)
			}
		}
		if !runLoop(f, n.interp, &c, ops[:len(body)]) {
			return nil // cancelled: runCfg stops
		}
		cond.dst.value(f).SetBool(false)
		return exit.run(f)
	}
}

// runLoop runs the loop until its condition is false (true) or the run is cancelled (false).
func runLoop(f *frame, interp *Interpreter, c *boundOp, body []boundOp) bool {
	for iter := 1; compareInt(c.op, int64(*c.a), int64(*c.b)); iter++ {
		for k := range body {
			o := &body[k]
			var r int
			switch o.op {
			case aAdd, aAddAssign, aInc:
				r = *o.a + *o.b
			case aSub, aSubAssign, aDec:
				r = *o.a - *o.b
			default:
				r = *o.a * *o.b
			}
			*o.d = r
		}
		if iter&1023 == 0 && f.runid() != interp.runid() {
			return false
		}
	}
	return true
}

// bindOp resolves the operands of o in frame f; false if one is not an addressable int.
func bindOp(f *frame, o *fastOp, b *boundOp) bool {
	b.kind, b.op = o.kind, o.op
	var ok bool
	if b.a, ok = bindOperand(f, &o.a); !ok {
		return false
	}
	if b.b, ok = bindOperand(f, &o.b); !ok {
		return false
	}
	if o.kind == fastCompare {
		return true // the result is a bool, written at exit
	}
	b.d, ok = bindSlot(f, o.dst)
	return ok
}

func bindOperand(f *frame, o *intOperand) (*int, bool) {
	if !o.isConst {
		return bindSlot(f, o.s)
	}
	if int64(o.ci) != o.c {
		return nil, false
	}
	return &o.ci, true
}

func bindSlot(f *frame, s slot) (*int, bool) {
	v := s.value(f)
	if !v.IsValid() || !v.CanSet() {
		return nil, false
	}
	switch v.Kind() {
	case reflect.Int:
	case reflect.Int64:
		if strconv.IntSize != 64 {
			return nil, false
		}
	default:
		return nil, false
	}
	return (*int)(unsafe.Pointer(v.UnsafeAddr())), true
}
