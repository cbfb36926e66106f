//go:build !amd64

package optim

import "testing"

func eachKernel(t *testing.T, f func(t *testing.T)) { f(t) }
