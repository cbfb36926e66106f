// Command gobench runs one gotape benchmark workload (compiled Go) and prints its result as
// one JSON line; bench/run.sh alternates it with bench/torch_bench.py.
//
//	gobench [-threads N] [-reps R] WORKLOAD
//	gobench -info    # describes the BLAS in use
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"

	"github.com/gotape/gotape/bench"
	"github.com/gotape/gotape/tape/openblas"
)

func main() {
	threads := flag.Int("threads", runtime.NumCPU(), "GOMAXPROCS and OpenBLAS threads")
	reps := flag.Int("reps", 3, "measured repetitions")
	info := flag.Bool("info", false, "print the BLAS description and exit")
	blasThreads := flag.Int("blas-threads", 0, "OpenBLAS threads (default: -threads)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measured run to this file")
	flag.Parse()
	if *info {
		fmt.Println(openblas.Info())
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gobench [-threads N] [-reps R] WORKLOAD")
		os.Exit(2)
	}
	w, ok := bench.Workloads[flag.Arg(0)]
	if !ok {
		fmt.Fprintf(os.Stderr, "gobench: unknown workload %q\n", flag.Arg(0))
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*threads)
	if *blasThreads == 0 {
		*blasThreads = *threads
	}
	openblas.SetThreads(*blasThreads)
	r := bench.Result{Impl: "gotape", Workload: flag.Arg(0), Threads: *threads}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gobench:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "gobench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	bench.CPUTimes = &r.CPUSamples
	w(&r, *reps)
	s := append([]float64(nil), r.Samples...)
	sort.Float64s(s)
	r.Seconds = s[len(s)/2]
	if len(r.CPUSamples) > 0 {
		c := append([]float64(nil), r.CPUSamples...)
		sort.Float64s(c)
		r.CPUSeconds = c[len(c)/2]
	}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
	}
}
