package supervise

import "syscall"

// sysProcAttr makes the child die with the supervisor (SIGKILL when its parent exits), so
// a killed kernel leaves no evaluator behind.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
