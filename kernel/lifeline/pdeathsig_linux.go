package lifeline

import (
	"os"
	"syscall"
)

// deathSignal is the signal the kernel asks for when its parent dies. Not SIGTERM or
// SIGKILL: Linux sends it when the parent *thread* that started the kernel ends, which a
// live parent process may do (a Python frontend starting kernels from a worker thread), so
// the kernel checks the parent process before leaving.
const haveDeathSignal = true

var deathSignal os.Signal = syscall.SIGUSR2

// setDeathSignal asks Linux for sig when the parent dies (prctl PR_SET_PDEATHSIG).
func setDeathSignal(sig os.Signal) error {
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(sig.(syscall.Signal)), 0); errno != 0 {
		return errno
	}
	return nil
}
