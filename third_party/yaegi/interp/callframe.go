package interp

import (
	"reflect"
	"strconv"
	"sync/atomic"
)

// Allocation of call frames. A call used to cost one allocation for the frame, one for its
// data and one per local variable or temporary (reflect.New each): here the frame and its
// data come in one allocation for frames of up to 16 values, and the locals of a function
// in one block (a struct of all their types, built once per function), so that a call to a
// small function allocates twice instead of six or more times.

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

// localsLayout is the struct type holding the frame values of a function, from index from.
type localsLayout struct {
	from int
	typ  reflect.Type // nil: allocate each value by itself
}

// initLocals sets d[i] for i >= from to new zero values of types[i], all in one block.
// layout caches the block's type for the function (nil: compute it).
func initLocals(cache *atomic.Pointer[localsLayout], types []reflect.Type, d []reflect.Value, from int) {
	l := cache.Load()
	if l == nil || l.from != from {
		l = &localsLayout{from: from, typ: localsStruct(types[from:])}
		cache.Store(l)
	}
	if l.typ == nil {
		for i := from; i < len(types); i++ {
			d[i] = reflect.New(types[i]).Elem()
		}
		return
	}
	s := reflect.New(l.typ).Elem()
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
