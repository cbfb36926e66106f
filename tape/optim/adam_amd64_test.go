package optim

import "testing"

// eachKernel runs f with every float32 Adam kernel this machine has (AVX, then SSE).
func eachKernel(t *testing.T, f func(t *testing.T)) {
	saved := useAVX
	defer func() { useAVX = saved }()
	if hasAVX() {
		useAVX = true
		t.Run("AVX", f)
	}
	useAVX = false
	t.Run("SSE", f)
}
