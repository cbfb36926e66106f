package display

import (
	"bytes"
	"testing"
	"time"
)

// BenchmarkProgressDraw measures one redraw of a Progress with 10,000 recorded losses.
func BenchmarkProgressDraw(b *testing.B) {
	SetPublisher(TextPublisher{W: &bytes.Buffer{}})
	defer SetPublisher(nil)
	p := newProgress(20000, time.Now)
	for i := 0; i < 10000; i++ {
		p.losses = append(p.losses, 1/float64(i+1))
	}
	p.steps = 10000
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.draw()
	}
}

// BenchmarkProgressStep measures a step that does not redraw.
func BenchmarkProgressStep(b *testing.B) {
	SetPublisher(TextPublisher{W: &bytes.Buffer{}})
	defer SetPublisher(nil)
	p := newProgress(0, time.Now, Refresh(time.Hour))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.Step(1)
	}
}
