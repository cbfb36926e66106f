// Package supervise runs a kernel.Evaluator in a child process, so that the faults the Go
// runtime cannot recover (out of memory, concurrent map writes, a goroutine's stack
// overflow, an unrecovered panic in a goroutine of compiled code) end the child, not the
// kernel.
//
// The kernel process owns the Jupyter sockets, the execution count and the history; its
// evaluator is a Supervisor, which forwards Execute, Complete, Inspect, IsComplete and
// interrupts (the cancellation of Execute's context) to the child over two pipes (fds 3
// and 4 of the child), in frames of a kind byte and a JSON or binary body. The child runs
// ServeChild with the real evaluator (package interp). Each output call of a cell (stream
// text, display, clear, input request) is one frame written at once, so everything the
// child wrote before dying reaches the frontend; the parent delivers it to the cell's
// kernel.Output from the goroutine that reads the pipe, in order, without queueing.
//
// When the child dies, the running cell's error is the runtime's own reason, read from
// the child's standard error ("fatal error: concurrent map writes", "fatal error:
// runtime: out of memory", "fatal error: stack overflow"), with a note that the
// variables of earlier cells are lost; a fresh child starts at once. A child that dies
// between cells is reported on the next cell's stderr. An interrupt is the cancellation
// of Execute's context, forwarded as a message; a cell that has not stopped StopTimeout
// (10s) later is stuck, and its child is killed and restarted the same way.
//
// It does not know how cells are run (no yaegi, no tape), and it does not restart the
// kernel: the protocol server stays up and keeps its sockets.
package supervise
