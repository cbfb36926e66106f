package interp

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gotape/gotape/interp/internal/godoc"
	"github.com/gotape/gotape/kernel"
)

//go:generate go run ./internal/docgen -o docindex.json

// docIndex is the documentation of gotape's preloaded packages, extracted at generate
// time (the sources are not around when the kernel runs elsewhere).
//
//go:embed docindex.json
var docIndex []byte

var (
	docsMu    sync.Mutex
	docsCache map[string]godoc.Package // import path -> docs (nil: not available)
	goroot    string
)

// packageDocs returns the documentation of a package: gotape's from the embedded index,
// the standard library's from GOROOT's sources when present.
func packageDocs(path string) godoc.Package {
	docsMu.Lock()
	defer docsMu.Unlock()
	if docsCache == nil {
		docsCache = map[string]godoc.Package{}
		var idx map[string]godoc.Package
		if err := json.Unmarshal(docIndex, &idx); err == nil {
			for p, d := range idx {
				docsCache[p] = d
			}
		}
	}
	if d, ok := docsCache[path]; ok {
		return d
	}
	if goroot == "" {
		goroot = runtime.GOROOT()
		if !godoc.Exists(filepath.Join(goroot, "src", "fmt")) {
			if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
				goroot = strings.TrimSpace(string(out))
			}
		}
	}
	d, err := godoc.Extract(filepath.Join(goroot, "src", filepath.FromSlash(path)), path)
	if err != nil {
		d = nil
	}
	docsCache[path] = d
	return d
}

// Inspect documents the symbol at cursor (or the function whose call the cursor is in):
// a package, pkg.Name, pkg.Type.Method, a global variable (its type, value and the
// type's docs), v.Method / v.Field, a function declared by a cell, or a builtin.
func (e *Evaluator) Inspect(code string, cursor, detailLevel int) (*kernel.Bundle, bool) {
	if text := magicDoc(code, cursor); text != "" {
		return &kernel.Bundle{Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}}, true
	}
	chain := chainAt(code, runeToByte(code, cursor))
	if len(chain) == 0 {
		return nil, false
	}
	e.metaMu.RLock()
	text := e.describe(chain)
	e.metaMu.RUnlock()
	if text == "" {
		return nil, false
	}
	return &kernel.Bundle{Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}}, true
}

// chainAt returns the selector chain around byte offset b, e.g. ["tape", "Tensor", "Add"];
// when b is not on an identifier, the chain before the innermost open call.
func chainAt(code string, b int) []string {
	isChain := func(r rune) bool { return isIdentRune(r) || r == '.' }
	start, end := b, b
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	if start == end {
		// Not on an identifier: find the unclosed '(' before b and use what precedes it.
		depth := 0
		i := b
		for i > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:i])
			if isIdentRune(r) && depth == 0 && i == b {
				break
			}
			i -= n
			if r == ')' {
				depth++
			} else if r == '(' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
		start, end = i, i
	}
	start = runStart(code, start, isChain)
	s := strings.Trim(code[start:end], ".")
	if s == "" {
		return nil
	}
	return strings.Split(s, ".")
}

// describe returns the documentation text for a chain, or "".
func (e *Evaluator) describe(chain []string) string {
	entry := func(path, key string) string {
		d := packageDocs(path)
		if en, ok := d[key]; ok {
			return strings.TrimSpace(en.Sig + "\n\n" + en.Doc)
		}
		return ""
	}
	if path := e.packagePath(chain[0]); path != "" {
		key := strings.Join(chain[1:], ".")
		if s := entry(path, key); s != "" {
			return s
		}
		if len(chain) == 2 {
			if v, ok := e.symbolTable(path)[chain[1]]; ok {
				return fmt.Sprintf("%s.%s: %s", chain[0], chain[1], v.Type())
			}
		}
		return ""
	}
	if v, ok := e.global(chain[0]); ok {
		t := v.Type()
		if len(chain) == 1 {
			s := fmt.Sprintf("%s: %s", chain[0], t)
			if v.CanInterface() {
				val := fmt.Sprint(v.Interface())
				if len(val) > 500 {
					val = val[:500] + "..."
				}
				s += "\nvalue: " + val
			}
			if d := typeDoc(t, "", entry); d != "" {
				s += "\n\n" + d
			}
			return s
		}
		for _, f := range chain[1 : len(chain)-1] {
			ft, ok := fieldType(t, f)
			if !ok {
				return ""
			}
			t = ft
		}
		last := chain[len(chain)-1]
		if d := typeDoc(t, last, entry); d != "" {
			return d
		}
		if ft, ok := fieldType(t, last); ok {
			return fmt.Sprintf("field %s %s", last, ft)
		}
		if m, ok := reflect.PointerTo(t).MethodByName(last); ok {
			return fmt.Sprintf("method %s%s", last, strings.TrimPrefix(m.Type.String(), "func"))
		}
		return ""
	}
	if len(chain) == 1 {
		if sig, ok := e.funcSigs[chain[0]]; ok {
			return sig
		}
		return entry("builtin", chain[0])
	}
	return ""
}

// typeDoc documents t (member "") or its method or field named member from the docs of
// t's package.
func typeDoc(t reflect.Type, member string, entry func(path, key string) string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return ""
	}
	key := t.Name()
	if member != "" {
		key += "." + member
	}
	return entry(t.PkgPath(), key)
}
