// Package yaegi provides a Go interpreter.
package yaegi

//go:generate go generate github.com/gotape/gotape/third_party/yaegi/internal/cmd/extract
//go:generate go generate github.com/gotape/gotape/third_party/yaegi/interp
//go:generate go generate github.com/gotape/gotape/third_party/yaegi/stdlib
//go:generate go generate github.com/gotape/gotape/third_party/yaegi/stdlib/syscall
//go:generate go generate github.com/gotape/gotape/third_party/yaegi/stdlib/unsafe
