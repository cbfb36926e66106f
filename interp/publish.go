package interp

import (
	"github.com/gotape/gotape/kernel"
	"reflect"
	"strings"
)

// repr is a value with a REPL form, shown for it as a cell's result: a tensor's
// `<tf.Tensor: shape=(), dtype=float32, numpy=6.0>`, as TensorFlow shows a bare value
// in a notebook (fmt, and so fmt.Println, keeps String's `tf.Tensor(6.0, ...)`).
type repr interface{ Repr() string }

var reprType = reflect.TypeFor[repr]()

// reprList is TensorFlow's look for a list of values with a REPL form (a
// []*tape.Tensor or []*tape.Variable): [<tf.Tensor: ...>, None]; ok is false for
// other values.
func reprList(v any) (s string, ok bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array) || !rv.Type().Elem().Implements(reprType) {
		return "", false
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		parts[i] = rv.Index(i).Interface().(repr).Repr()
	}
	return "[" + strings.Join(parts, ", ") + "]", true
}

// resultBundle renders a cell result: rich forms from the display hook, text/plain from
// Repr (for each element of a list of them), or from fmt in interpreted code (which sees the String methods of interpreted
// types).
func (e *Evaluator) resultBundle(v any, text string) *kernel.Bundle {
	b := &kernel.Bundle{Data: map[string]any{}, Metadata: map[string]any{}}
	compiled := false
	if t := reflect.TypeOf(v); t != nil {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		compiled = t.Name() != "" && t.PkgPath() != ""
	}
	for _, h := range hooks {
		if h.render == nil {
			continue
		}
		for k, x := range h.render(v) {
			if k != "text/plain" || compiled {
				b.Data[k] = x
			}
		}
	}
	if r, ok := v.(repr); ok && compiled {
		b.Data["text/plain"] = r.Repr()
	} else if s, ok := reprList(v); ok {
		b.Data["text/plain"] = s
	}
	if _, ok := b.Data["text/plain"]; !ok {
		b.Data["text/plain"] = text
	}
	return b
}
