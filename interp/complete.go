package interp

import (
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Complete returns the names that can replace the identifier before cursor (a rune
// offset): after `pkg.` the package's exported members, after `v.` the fields and
// methods of the type of global v, following chains of fields, calls and indexes
// (`model.Layers()[0].`, `tape.Constant(1).`), otherwise
// keywords, predeclared names, packages and everything cells declared, plus the
// identifiers of code itself.
func (e *Evaluator) Complete(code string, cursor int) ([]string, int, int) {
	if m, s, t, ok := e.completeMagic(code, cursor); ok {
		return m, s, t
	}
	b := runeToByte(code, cursor)
	start := runStart(code, b, isIdentRune)
	prefix := code[start:b]
	e.metaMu.RLock()
	defer e.metaMu.RUnlock()
	var cands []string
	if start > 0 && code[start-1] == '.' {
		cands = e.members(chainBefore(code, start-1))
	} else {
		cands = e.names(code, start)
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !strings.HasPrefix(c, "__gotape") && c != "__fmt" {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out, byteToRune(code, start), cursor
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// runStart returns where the run of runes that satisfy in and end at byte end begins.
func runStart(code string, end int, in func(rune) bool) int {
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:end])
		if !in(r) {
			break
		}
		end -= n
	}
	return end
}

// link is one link of an expression chain: a name (x, .Field, .Method), a call (…) or an
// index […].
type link struct {
	name        string
	call, index bool
}

// chainBefore returns the expression chain that ends at byte dot (exclusive), e.g.
// model.Layers()[0] as [model, .Layers, (), [0]]; nil when it is not a chain.
func chainBefore(code string, dot int) []link {
	var rev []link
	i := dot
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:i])
		switch {
		case r == ')' || r == ']':
			open := matchingOpen(code, i-n)
			if open < 0 {
				return nil
			}
			rev = append(rev, link{call: r == ')', index: r == ']'})
			i = open
			continue
		case isIdentRune(r):
			j := runStart(code, i, isIdentRune)
			rev = append(rev, link{name: code[j:i]})
			if j > 0 && code[j-1] == '.' {
				i = j - 1
				continue
			}
		}
		break
	}
	if len(rev) == 0 || rev[len(rev)-1].name == "" {
		return nil
	}
	slices.Reverse(rev)
	return rev
}

// matchingOpen returns the byte offset of the bracket that the closing bracket at close
// matches, or -1.
func matchingOpen(code string, close int) int {
	depth := 0
	for k := close; k >= 0; k-- {
		switch code[k] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth--; depth == 0 {
				return k
			}
		}
	}
	return -1
}

// members lists what may follow chain + ".".
func (e *Evaluator) members(chain []link) []string {
	if len(chain) == 0 {
		return nil
	}
	var t reflect.Type
	rest := chain[1:]
	if path := e.packagePath(chain[0].name); path != "" {
		if len(rest) == 0 {
			return e.packageMembers(path)
		}
		v, ok := e.symbolTable(path)[rest[0].name]
		if !ok || !v.IsValid() || v.Kind() != reflect.Func {
			return nil
		}
		t, rest = v.Type(), rest[1:]
	} else {
		v, ok := e.global(chain[0].name)
		if !ok {
			return nil
		}
		t = v.Type()
	}
	for _, s := range rest {
		if t = linkType(t, s); t == nil {
			return nil
		}
	}
	return typeMembers(t)
}

// linkType is the type of one more link applied to a value of type t (nil if unknown).
func linkType(t reflect.Type, s link) reflect.Type {
	switch {
	case s.call:
		if t.Kind() == reflect.Func && t.NumOut() > 0 {
			return t.Out(0)
		}
	case s.index:
		for t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			return t.Elem()
		}
	default:
		if m, ok := t.MethodByName(s.name); ok {
			return methodFunc(m, t)
		}
		if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
			if m, ok := reflect.PointerTo(t).MethodByName(s.name); ok {
				return methodFunc(m, t)
			}
		}
		if ft, ok := fieldType(t, s.name); ok {
			return ft
		}
	}
	return nil
}

// methodFunc is the type of method m as a bound function (without its receiver).
func methodFunc(m reflect.Method, recv reflect.Type) reflect.Type {
	if recv.Kind() == reflect.Interface {
		return m.Type
	}
	in := make([]reflect.Type, 0, m.Type.NumIn()-1)
	for k := 1; k < m.Type.NumIn(); k++ {
		in = append(in, m.Type.In(k))
	}
	out := make([]reflect.Type, m.Type.NumOut())
	for k := range out {
		out[k] = m.Type.Out(k)
	}
	return reflect.FuncOf(in, out, m.Type.IsVariadic())
}

// packagePath returns the import path of the package name refers to in a cell: one
// imported, or one the auto-import stage would import (rewrite_autoimport.go), or "";
// e.metaMu is held.
func (e *Evaluator) packagePath(name string) string {
	path := e.imported[name]
	if path == "" && e.undeclared(name) {
		path = e.autoImportPath(name)
	}
	return path
}

// packageMembers returns the exported names of an imported package.
func (e *Evaluator) packageMembers(path string) []string {
	var out []string
	for name := range e.symbolTable(path) {
		if name != "" && unicode.IsUpper(rune(name[0])) {
			out = append(out, name)
		}
	}
	return out
}

// symbolTable returns the yaegi symbols of a compiled package.
func (e *Evaluator) symbolTable(path string) map[string]reflect.Value {
	return e.i.Symbols(path)[path]
}

func fieldType(t reflect.Type, name string) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	f, ok := t.FieldByName(name)
	if !ok {
		return nil, false
	}
	return f.Type, true
}

// typeMembers returns the exported methods (of T and *T) and fields of t.
func typeMembers(t reflect.Type) []string {
	var out []string
	add := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, t.Method(i).Name)
		}
	}
	add(t)
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		add(reflect.PointerTo(t))
	}
	s := t
	for s.Kind() == reflect.Pointer {
		s = s.Elem()
	}
	add(s)
	if s.Kind() == reflect.Struct {
		for i := 0; i < s.NumField(); i++ {
			if f := s.Field(i); f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// global returns the value of a global variable or constant of the cells, when no cell
// is running (yaegi's frame must not be read concurrently with execution).
func (e *Evaluator) global(name string) (reflect.Value, bool) {
	if !e.mu.TryLock() {
		return reflect.Value{}, false
	}
	defer e.mu.Unlock()
	v, ok := e.globals()[name]
	if !ok || !v.IsValid() {
		return reflect.Value{}, false
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	return v, true
}

// names lists every name a bare identifier could complete to.
func (e *Evaluator) names(code string, at int) []string {
	var out []string
	for tok := token.BREAK; tok <= token.VAR; tok++ {
		if tok.IsKeyword() {
			out = append(out, tok.String())
		}
	}
	out = append(out, types.Universe.Names()...)
	for n := range e.imported {
		out = append(out, n)
	}
	for n := range e.decls {
		out = append(out, n)
	}
	if e.mu.TryLock() {
		for n := range e.globals() {
			out = append(out, n)
		}
		e.mu.Unlock()
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	for {
		p, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT && file.Offset(p) != at {
			out = append(out, lit)
		}
	}
	return out
}

func runeToByte(s string, r int) int {
	if r <= 0 {
		return 0
	}
	i := 0
	for b := range s {
		if i == r {
			return b
		}
		i++
	}
	return len(s)
}

func byteToRune(s string, b int) int { return utf8.RuneCountInString(s[:b]) }
