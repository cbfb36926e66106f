package interp

// Checkpoint is the state of some of the main package's symbols (declared names, and
// imports keyed "name/file") at one moment; Restore brings it back.
//
// gotape patch: a REPL compiles a cell's chunks one by one, and each compiled chunk
// declares its names in the main package at once, before anything runs. When a later
// chunk fails to compile, the cell must declare nothing: otherwise its names stay
// declared with zero values (a later `f()` says "call of nil function"). Taking a
// Checkpoint of the names a cell declares before compiling it and restoring it after a
// compile error makes a cell all-or-nothing; the cost is in the number of names, not in
// the size of the package. Only symbols are restored: the frame slots and types the failed
// compilation added stay allocated, unused, and methods it attached to existing types
// stay attached.
type Checkpoint struct {
	syms map[string]savedSymbol
}

type savedSymbol struct {
	ptr *symbol // nil: the name was not declared
	val symbol
}

// Checkpoint records the main package's symbols of the given names.
func (interp *Interpreter) Checkpoint(names ...string) *Checkpoint {
	interp.mutex.RLock()
	defer interp.mutex.RUnlock()
	c := &Checkpoint{syms: make(map[string]savedSymbol, len(names))}
	sc := interp.scopes[mainID]
	for _, name := range names {
		var saved savedSymbol
		if sc != nil {
			if s := sc.sym[name]; s != nil {
				saved = savedSymbol{ptr: s, val: *s}
			}
		}
		c.syms[name] = saved
	}
	return c
}

// Restore makes the recorded symbols what they were at c: names declared since are
// forgotten, and names redeclared since get their earlier definition back.
func (interp *Interpreter) Restore(c *Checkpoint) {
	interp.mutex.Lock()
	defer interp.mutex.Unlock()
	sc := interp.scopes[mainID]
	if sc == nil {
		return
	}
	for name, s := range c.syms {
		if s.ptr == nil {
			delete(sc.sym, name)
			continue
		}
		*s.ptr = s.val
		sc.sym[name] = s.ptr
	}
}
