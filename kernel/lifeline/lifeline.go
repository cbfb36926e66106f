// Package lifeline ends a kernel whose parent has died, so that a killed frontend (a
// `jupyter console` ended with SIGKILL, a crashed notebook server) leaves no orphan kernel
// behind. As ipykernel does, it watches only kernels that jupyter_client started as its
// children, which it tells by JPY_PARENT_PID (the starting process's pid; absent for
// kernels started by hand or as independent): once a second it checks that process and the
// kernel's own parent, and on Linux it also asks for a signal when the parent dies
// (PR_SET_PDEATHSIG), so the common case is noticed at once.
//
// It does not stop the kernel itself: it calls the function it is given, once.
package lifeline

import (
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"time"
)

// Interval is how often the parents are polled.
const Interval = time.Second

// Watch starts watching the kernel's parents and calls gone once, with the reason, when one
// of them has died: the live process JPY_PARENT_PID names, or the parent process (the
// kernel was re-parented: a wrapper between them died). Call it early: the parent is the
// one at the time of the call. Without a JPY_PARENT_PID naming a live process (a kernel
// started by hand, an independent kernel, a stale value inherited from elsewhere) it
// watches nothing. stop ends the watch.
func Watch(gone func(reason string)) (stop func()) {
	ppid := os.Getppid()
	jpy := jpyParent()
	if jpy == 0 {
		return func() {}
	}
	done := make(chan struct{})
	var once sync.Once
	fire := func(reason string) { once.Do(func() { gone(reason) }) }
	check := func() bool {
		if ppid > 1 && os.Getppid() != ppid {
			fire(fmt.Sprintf("parent process %d died", ppid))
			return true
		}
		if jpy > 0 && !alive(jpy) {
			fire(fmt.Sprintf("parent process %d (JPY_PARENT_PID) died", jpy))
			return true
		}
		return false
	}
	sig := make(chan os.Signal, 1)
	if ppid > 1 && haveDeathSignal {
		signal.Notify(sig, deathSignal)                                 // before prctl: the signal's default action ends the process
		if setDeathSignal(deathSignal) == nil && os.Getppid() != ppid { // died before prctl
			fire(fmt.Sprintf("parent process %d died", ppid))
		}
	}
	go func() {
		defer signal.Stop(sig)
		tick := time.NewTicker(Interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-sig: // the parent thread that started us ended: is the process gone?
			case <-tick.C:
			}
			if check() {
				return
			}
		}
	}()
	var stopOnce sync.Once
	return func() { stopOnce.Do(func() { close(done) }) }
}

// jpyParent returns the live process JPY_PARENT_PID names, or 0.
func jpyParent() int {
	pid, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	if err != nil || pid <= 1 || pid == os.Getpid() || !alive(pid) {
		return 0
	}
	return pid
}
