// Package interp is gotape's kernel evaluator: it runs notebook cells written in Go with
// yaegi (github.com/traefik/yaegi), with the standard library and gotape's packages
// (tape, optim, nn, data, display) preloaded, and implements kernel.Evaluator.
//
// It parses each cell with go/parser, rewrites what yaegi handles badly (goroutine panics,
// Go 1.22 loop variables, range over int), streams stdout/stderr while the cell runs,
// returns a trailing expression as the cell's result, and turns compile errors and panics
// into *kernel.ExecError with the cell's line. It also answers completion, inspection and
// is-complete requests.
//
// It does not speak the Jupyter protocol (package kernel does) and does not render values
// beyond text (package display does).
package interp
