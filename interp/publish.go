package interp

import (
	"github.com/gotape/gotape/kernel"
	"reflect"
)

// repr is a value with a REPL form, shown for it as a cell's result: a tensor's
// `<tf.Tensor: shape=(), dtype=float32, numpy=6.0>`, as TensorFlow shows a bare value
// in a notebook (fmt, and so fmt.Println, keeps String's `tf.Tensor(6.0, ...)`).
type repr interface{ Repr() string }

// resultBundle renders a cell result: rich forms from the display hook, text/plain from
// Repr, or from fmt in interpreted code (which sees the String methods of interpreted
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
	}
	if _, ok := b.Data["text/plain"]; !ok {
		b.Data["text/plain"] = text
	}
	return b
}
