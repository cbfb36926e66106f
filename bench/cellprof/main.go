// Command cellprof runs notebook cells in gotape's interpreter (package interp, no kernel) and
// writes a CPU profile of the last one, to find where interpreted cells spend their time.
//
//	go run -tags "$(bash scripts/gotags.sh)" ./bench/cellprof -cpuprofile cell.prof setup.go cell.go
//
// -memprofile writes the allocations of the last cell (go tool pprof -sample_index=alloc_space).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
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
	memProf := flag.String("memprofile", "", "allocation profile of the last cell (every allocation sampled)")
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
		if last && *memProf != "" {
			runtime.MemProfileRate = 1
		}
		t, c := time.Now(), cpuSeconds()
		_, err = e.Execute(ctx, string(code), output{})
		if last && *prof != "" {
			pprof.StopCPUProfile()
		}
		if last && *memProf != "" {
			if f, err := os.Create(*memProf); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "cellprof: %s: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "cellprof: %s: %v (CPU %.3fs)\n", name, time.Since(t), cpuSeconds()-c)
	}
}

// cpuSeconds is the process's user+sys CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
