package interp

import (
	"reflect"
	"strconv"
	"sync"
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
		p.f.data = p.d[:length:length]
		return &p.f
	case length <= 8:
		p := &frame8{}
		p.f.data = p.d[:length:length]
		return &p.f
	case length <= 16:
		p := &frame16{}
		p.f.data = p.d[:length:length]
		return &p.f
	}
	return &frame{data: make([]reflect.Value, length)}
}

// localsLayout is the struct type holding the frame values of a function, from index from,
// and the current chunk of such structs that calls take their locals from.
type localsLayout struct {
	from     int
	typ      reflect.Type // nil: allocate each value by itself
	sliceTyp reflect.Type

	mu    sync.Mutex
	chunk reflect.Value // []typ
	next  int
}

// localsChunk is the number of calls' locals allocated at once. Allocating one struct per
// call cost an allocation and a lookup of the struct's pointer type (reflect.New goes
// through a sync.Map for types made by StructOf); a chunk costs neither on most calls. A
// chunk stays in memory while any of its locals is referenced (a local whose address
// escaped), which bounds the cost at localsChunk times the function's locals.
const localsChunk = 32

// initLocals sets d[i] for i >= from to new zero values of types[i], all in one block.
// cache holds the block's layout for the function (computed on first use).
func initLocals(cache *atomic.Pointer[localsLayout], types []reflect.Type, d []reflect.Value, from int) {
	l := cache.Load()
	if l == nil || l.from != from {
		l = &localsLayout{from: from, typ: localsStruct(types[from:])}
		if l.typ != nil {
			l.sliceTyp = reflect.SliceOf(l.typ)
		}
		cache.Store(l)
	}
	if l.typ == nil {
		for i := from; i < len(types); i++ {
			d[i] = reflect.New(types[i]).Elem()
		}
		return
	}
	l.mu.Lock()
	if !l.chunk.IsValid() || l.next == localsChunk {
		l.chunk, l.next = reflect.MakeSlice(l.sliceTyp, localsChunk, localsChunk), 0
	}
	s := l.chunk.Index(l.next)
	l.next++
	l.mu.Unlock()
	for i := from; i < len(types); i++ {
		d[i] = s.Field(i - from)
	}
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
