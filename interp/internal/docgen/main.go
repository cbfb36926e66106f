// Command docgen writes the documentation index of gotape's preloaded packages (those in
// interp/symbols) as JSON, for the evaluator's inspect requests: go generate runs it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gotape/gotape/interp/internal/godoc"
)

func main() {
	out := flag.String("o", "docindex.json", "output file")
	flag.Parse()
	b, err := godoc.Index()
	if err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}
