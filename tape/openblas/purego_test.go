//go:build !openblas || !cgo

package openblas

import "testing"

func TestPureGo(t *testing.T) {
	if Enabled() {
		t.Fatal("Enabled() = true without the openblas tag")
	}
}
