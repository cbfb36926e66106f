// Command stockyaegi runs notebook cells in stock yaegi v0.16.1 (from the module proxy, not
// gotape's patched copy), one Eval per file in one interpreter, with the standard library:
// bench/kernel_bench.py runs the interpreter workloads in it for the "stock yaegi" column.
// It is a module of its own so that gotape's module does not depend on upstream yaegi.
//
//	cd bench/stockyaegi && go build -o ../out/stockyaegi . && ../out/stockyaegi cell1.go cell2.go
package main

import (
	"fmt"
	"os"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func main() {
	i := interp.New(interp.Options{Stdout: os.Stdout, Stderr: os.Stderr})
	if err := i.Use(stdlib.Symbols); err != nil {
		fmt.Fprintln(os.Stderr, "stockyaegi:", err)
		os.Exit(1)
	}
	for _, name := range os.Args[1:] {
		src, err := os.ReadFile(name)
		if err == nil {
			_, err = i.Eval(string(src))
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "stockyaegi: %s: %v\n", name, err)
			os.Exit(1)
		}
	}
}
