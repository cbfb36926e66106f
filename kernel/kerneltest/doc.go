// Package kerneltest drives a kernel.Kernel without sockets, like net/http/httptest: an
// in-memory Transport, a Client that signs, sends and receives Jupyter messages on it,
// and Evaluator, a tiny scripted evaluator for protocol tests.
//
// It does not test evaluation of Go code; package interp does.
package kerneltest
