// Package kernel is gotape's Jupyter kernel protocol server (messaging protocol 5.3).
//
// It reads a connection file, has package kernel/transport bind the shell, control, stdin,
// iopub and heartbeat sockets to the given ip only, signs and verifies every message with
// HMAC (hmac-sha256, -sha384 or -sha512; bad signatures are logged and dropped, and so is a
// signature already seen: a replayed message, also across a restart when Config.DigestFile
// is set, replay.go), decodes each message into a typed
// content struct and hands it to one handler per msg_type (a table). It answers
// kernel_info, execute, is_complete, complete, inspect, history, comm_* and, on the control
// channel (served while a cell runs), shutdown and interrupt. Cell output is streamed to
// iopub while the cell runs, with writes coalesced for at most a few ms. After a failed
// cell with stop_on_error, the execute_requests sent before the failure are answered
// "aborted", also those still in flight when it failed (abort.go).
// Two cells are handled by the kernel itself, as IPython does: `name?` pages the
// evaluator's documentation of name (payload "page"), and `exit` / `quit` ask the frontend
// to exit (payload "ask_exit", used by jupyter console).
//
// It does not run code: an Evaluator does (package interp is the production one), and it
// knows nothing of yaegi, tensors or rich display. Sockets are behind the small Socket
// interface so that package kerneltest can drive the kernel over an in-memory transport.
package kernel
