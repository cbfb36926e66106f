package interp

import (
	"reflect"
	"strconv"
	"sync/atomic"
)

// Allocation of call frames. A call used to cost one allocation for the frame, one for its
// data and one per local variable or temporary (reflect.New each): here the frame and its
// data come in one allocation for frames of up to 16 values, and the locals of a function
// in one block (a struct of all their types, built once per function, allocated
// localsChunk at a time), so that a call to a small function allocates once instead of six
// or more times.

type frame4 struct {
	f frame
	d [4]reflect.Value
}

type frame8 struct {
	f frame
	d [8]reflect.Value
}

type frame16 struct {
	f frame
	d [16]reflect.Value
}

// allocFrame returns a frame with data of the given length (zero values), in one
// allocation for small lengths.
func allocFrame(length int) *frame {
	switch {
	case length <= 4:
		p := &frame4{}
		p.f.data = p.d[:length]
		return &p.f
	case length <= 8:
		p := &frame8{}
		p.f.data = p.d[:length]
		return &p.f
	case length <= 16:
		p := &frame16{}
		p.f.data = p.d[:length]
		return &p.f
	}
	return &frame{data: make([]reflect.Value, length)}
}

// Frame reuse. A call from interpreted code used to allocate its callee's frame (and
// leave it to the GC); now the frame of a call that returned is kept in the caller's frame
// (spare) and handed to the next call made from it. A recursion reuses the whole chain
// of frames: each reused frame keeps its own spare.
//
// A frame may be reused only when nothing holds it once its call has returned. The only
// ways a frame is held past its call are (the interpreter stores *frame nowhere else):
//   - a function value made in it: genFunctionWrapper's reflect.MakeFunc and getFunc's
//     closure keep the frame they were made in (as the ancestor of the callback's frame,
//     and to write a closure's variable back);
//   - a goroutine started from it: the goroutine's frame has it as ancestor;
//   - a clone (getFunc), which keeps the cloned frame's ancestor;
//   - the debugger's events (no frame is reused while a debugger is attached).
// Each of those marks the frame it holds, and the frame's ancestors (a held frame reaches
// them), escaped, and an escaped frame is never reused. The global frame and clones are
// escaped from the start. The locals a frame's values point to are not reused: they come
// fresh from initLocals on every call, so a closure or pointer that captured a local keeps
// its own copy whatever happens to the frame.

// escape marks f and its ancestors as held past their calls (see above).
func (f *frame) escape() {
	for ; f != nil && !f.escaped.Load(); f = f.anc {
		f.escaped.Store(true)
	}
}

// callFrame returns a frame for a call from f with data of the given length: f's spare
// frame when there is one large enough, else a new one. Every value of its data is set
// again by the call (results, locals, arguments) before the body runs.
func (f *frame) callFrame(length int) *frame {
	nf := f.spare.Swap(nil)
	if nf == nil || cap(nf.data) < length {
		return newFrame(f, length, f.runid())
	}
	nf.data = nf.data[:length]
	nf.id = f.runid()
	nf.anc, nf.root, nf.done = f, f.root, f.done
	nf.deferred, nf.recovered = nil, nil
	return nf
}

// release gives f the frame of a call it made that has returned, for its next call,
// unless something holds that frame (it escaped).
func (f *frame) release(nf *frame) {
	if !nf.escaped.Load() {
		f.spare.Store(nf)
	}
}

// localsLayout is the struct type holding the frame values of a function, from index from,
// and the current chunk of such structs that calls take their locals from.
type localsLayout struct {
	from     int
	typ      reflect.Type // nil: allocate each value by itself
	sliceTyp reflect.Type
	chunked  bool          // typ holds no pointers: calls take their locals from chunks
	other    *localsLayout // the layout from the other index, if any (set once)

	chunk atomic.Pointer[localsBlock]
}

// localsBlock is a chunk of locals structs, handed out in order by an atomic counter.
type localsBlock struct {
	structs reflect.Value // []typ of length localsChunk
	next    atomic.Int32
}

// localsChunk is the number of calls' locals allocated at once. Allocating one struct per
// call cost an allocation and a lookup of the struct's pointer type (reflect.New goes
// through a sync.Map for types made by StructOf); a chunk costs neither on most calls. A
// chunk stays in memory while any of its locals is referenced (the current call's, or one
// whose address escaped), so only locals without pointers are chunked: the locals of the
// last 31 calls, dead but kept by the chunk, would otherwise keep whatever they point to
// (a training step's tensors: 32 steps' activations and gradients, 1.4 GB, retained).
const localsChunk = 32

// initLocals sets d[i] for i >= from to new zero values of types[i], all in one block.
// cache holds the block's layout for the function (computed on first use). Concurrent
// calls take distinct structs of a chunk by one atomic add (no lock).
func initLocals(cache *atomic.Pointer[localsLayout], types []reflect.Type, d []reflect.Value, from int) {
	l := cache.Load()
	if l != nil && l.from != from {
		l = l.other // a function called both directly (from its results) and as a value (from 0)
	}
	if l == nil || l.from != from {
		l = &localsLayout{from: from, typ: localsStruct(types[from:]), other: cache.Load()}
		if l.typ != nil {
			l.sliceTyp = reflect.SliceOf(l.typ)
			l.chunked = !hasPointers(l.typ)
		}
		cache.Store(l)
	}
	if l.typ == nil {
		for i := from; i < len(types); i++ {
			d[i] = reflect.New(types[i]).Elem()
		}
		return
	}
	var s reflect.Value
	for l.chunked {
		c := l.chunk.Load()
		if c != nil {
			if i := c.next.Add(1) - 1; i < localsChunk {
				s = c.structs.Index(int(i))
				break
			}
		}
		nc := &localsBlock{structs: reflect.MakeSlice(l.sliceTyp, localsChunk, localsChunk)}
		nc.next.Store(1)
		if l.chunk.CompareAndSwap(c, nc) {
			s = nc.structs.Index(0)
			break
		}
	}
	if !l.chunked {
		// a slice of one rather than reflect.New: no lookup of the struct's pointer type
		s = reflect.MakeSlice(l.sliceTyp, 1, 1).Index(0)
	}
	for i := from; i < len(types); i++ {
		d[i] = s.Field(i - from)
	}
}

// localsCache returns where the locals layout of the function def is cached: in its body
// node, which the copies of a method's node made for every method value (getMethod,
// genInterfaceWrapper) share, so that the layout (a reflect.StructOf) is built once per
// function rather than once per method call.
func localsCache(def *node) *atomic.Pointer[localsLayout] {
	if len(def.child) > 3 {
		return &def.child[3].locals
	}
	return &def.locals
}

// localsStruct returns a struct type with one exported field per type, or nil when there is
// nothing to gain (fewer than two values) or reflect refuses a field type.
func localsStruct(types []reflect.Type) (t reflect.Type) {
	if len(types) < 2 {
		return nil
	}
	defer func() {
		if recover() != nil {
			t = nil
		}
	}()
	fields := make([]reflect.StructField, len(types))
	for i, ft := range types {
		if ft == nil {
			return nil
		}
		fields[i] = reflect.StructField{Name: "F" + strconv.Itoa(i), Type: ft}
	}
	return reflect.StructOf(fields)
}

// hasPointers reports whether values of type t hold pointers the garbage collector follows
// (strings, slices, maps, channels, functions and interfaces included).
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	case reflect.Pointer, reflect.UnsafePointer, reflect.String, reflect.Slice, reflect.Map,
		reflect.Chan, reflect.Func, reflect.Interface:
		return true
	}
	return false
}

// nodeOf returns the interpreted function a value holds, without boxing values of other
// kinds (val.Interface() allocates for most non-pointer values).
func nodeOf(val reflect.Value) (*node, bool) {
	if val.Kind() != reflect.Pointer || !val.CanInterface() {
		return nil, false
	}
	n, ok := val.Interface().(*node)
	return n, ok
}

// setIntArg copies an int call argument into the callee's frame, as the generic path does
// (Set, after checks that only other kinds need) at a fraction of the cost; false for
// other arguments.
func setIntArg(dest, val reflect.Value) bool {
	if val.Kind() != reflect.Int || dest.Kind() != reflect.Int || dest.Type() != val.Type() || !dest.CanSet() {
		return false
	}
	dest.SetInt(val.Int())
	return true
}
