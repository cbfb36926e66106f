package interp

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/gotape/gotape/kernel"
)

// %who and %reset: what the cells declared, and starting afresh.

func runWho(e *Evaluator, _ context.Context, m *magicCall) (*kernel.Bundle, error) {
	globals, types := e.globals(), e.i.GlobalTypes()
	e.metaMu.RLock()
	var names []string
	for n := range e.decls {
		if !strings.HasPrefix(n, "__gotape") && n != "_" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	rows := map[string]string{}
	for _, n := range names {
		switch {
		case e.funcSigs[n] != "":
			sig := strings.SplitN(e.funcSigs[n], "\n", 2)[0]
			rows[n] = "func" + strings.TrimPrefix(sig, "func "+n)
		case e.types[n] != "":
			rows[n] = "type"
		default:
			if t := types[n]; t != "" {
				rows[n] = strings.ReplaceAll(t, "main.", "")
			} else if v, ok := globals[n]; ok && v.IsValid() {
				rows[n] = v.Type().String()
			}
		}
	}
	e.metaMu.RUnlock()
	if len(names) == 0 {
		e.printf("Interactive namespace is empty.\n")
		return nil, nil
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 3, ' ', 0)
	fmt.Fprintln(tw, "Name\tType")
	fmt.Fprintln(tw, "----\t----")
	for _, n := range names {
		if t := rows[n]; t != "" {
			fmt.Fprintf(tw, "%s\t%s\n", n, t)
		}
	}
	tw.Flush()
	e.printf("%s", b.String())
	return nil, nil
}

// runReset replaces the interpreter: names, types and imports of earlier cells are gone;
// the kernel, its streams and the fetched modules stay.
func runReset(e *Evaluator, ctx context.Context, m *magicCall) (*kernel.Bundle, error) {
	if a := strings.TrimSpace(m.args); a != "" && a != "-f" {
		return nil, usage("%%reset takes no arguments (or -f): %%reset")
	}
	forgetCompiled(e.i)
	e.newInterpreter()
	if _, err := e.runGo(ctx, e.prelude()); err != nil {
		return nil, err
	}
	return nil, nil
}
