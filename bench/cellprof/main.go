// Command cellprof runs notebook cells in gotape's interpreter (package interp, no kernel) and
// writes a CPU profile of the last one, to find where interpreted cells spend their time.
//
//	go run -tags "$(bash scripts/gotags.sh)" ./bench/cellprof -cpuprofile cell.prof setup.go cell.go
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/gotape/gotape/interp"
	"github.com/gotape/gotape/kernel"
	_ "github.com/gotape/gotape/tape/openblas" // OpenBLAS with -tags openblas
)

type output struct{}

func (output) Stream(name, text string)                            { fmt.Fprint(os.Stdout, text) }
func (output) Display(kernel.Bundle, string, bool)                 {}
func (output) ClearOutput(bool)                                    {}
func (output) Input(context.Context, string, bool) (string, error) { return "", fmt.Errorf("no stdin") }

func main() {
	prof := flag.String("cpuprofile", "", "CPU profile of the last cell")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: cellprof [-cpuprofile FILE] CELL.go...")
		os.Exit(2)
	}
	e := interp.New()
	ctx := context.Background()
	for i, name := range flag.Args() {
		code, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cellprof:", err)
			os.Exit(1)
		}
		last := i == flag.NArg()-1
		if last && *prof != "" {
			f, err := os.Create(*prof)
			if err != nil {
				fmt.Fprintln(os.Stderr, "cellprof:", err)
				os.Exit(1)
			}
			pprof.StartCPUProfile(f)
		}
		t := time.Now()
		_, err = e.Execute(ctx, string(code), output{})
		if last && *prof != "" {
			pprof.StopCPUProfile()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "cellprof: %s: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "cellprof: %s: %v\n", name, time.Since(t))
	}
}
