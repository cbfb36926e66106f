package display

import (
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// fakeClock advances by step on every call.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time { c.t = c.t.Add(c.step); return c.t }

func TestProgressRefreshAndFinal(t *testing.T) {
	r := record(t)
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: 10 * time.Millisecond}
	p := newProgress(100, clk.now, Epochs(4), Caption("training"))
	for i := 0; i < 100; i++ {
		p.Step(1 / float64(i+1))
	}
	p.Done()
	p.Step(5) // ignored after Done
	if p.Steps() != 100 {
		t.Errorf("Steps = %d", p.Steps())
	}
	// Step calls now() once to decide and once more when it draws: 20–40 ms a step, so
	// with a 250 ms refresh there are far fewer draws than steps but more than one.
	n := len(r.msgs)
	if n < 5 || n > 20 {
		t.Errorf("%d draws for 100 steps", n)
	}
	first, last := r.msgs[0], r.msgs[n-1]
	if first.update || first.id == "" {
		t.Errorf("first draw: update=%v id=%q", first.update, first.id)
	}
	for i, m := range r.msgs[1:] {
		if !m.update || m.id != first.id {
			t.Errorf("draw %d: update=%v id=%q", i+1, m.update, m.id)
		}
	}
	// Live draws are HTML; the last one is a figure (SVG and PNG), which an untrusted
	// notebook still shows.
	if html, _ := r.msgs[n/2].b[MIMEHTML].(string); !strings.Contains(html, "<svg") || !strings.Contains(html, barRunning) {
		t.Errorf("live draw is not HTML with a running bar and a curve: %.80q", html)
	}
	if _, ok := last.b[MIMEHTML]; ok {
		t.Error("final picture is HTML: an untrusted notebook drops its SVG curve")
	}
	svg, _ := last.b[MIMESVG].(string)
	png, _ := base64.StdEncoding.DecodeString(fmt.Sprint(last.b[MIMEPNG]))
	if !strings.HasPrefix(svg, "<svg") || string(png[:4]) != "\x89PNG" || !strings.Contains(strings.ToLower(svg), barComplete) {
		t.Errorf("final picture: svg %.40q, png %d bytes", svg, len(png))
	}
	text := last.b[MIMEText].(string)
	for _, s := range []string{"training\n[==============================] 100% epoch 4/4 · step 100/100 · loss 0.0100",
		"loss curve: 100 steps, 1.0000 → 0.0100"} {
		if !strings.Contains(text, s) || !strings.Contains(svg, escape(s[strings.LastIndex(s, "\n")+1:])) {
			t.Errorf("final text/plain (and SVG title) lack %q: %q", s, text)
		}
	}
	if strings.Contains(text, "ETA") {
		t.Error("final picture still shows an ETA")
	}
}

// A view stopped before its last step is not drawn in the "complete" green.
func TestProgressStoppedEarly(t *testing.T) {
	r := record(t)
	clk := &fakeClock{t: time.Unix(0, 0), step: 10 * time.Microsecond}
	p := newProgress(100, clk.now)
	for i := 0; i < 24; i++ {
		p.Step(1)
	}
	p.Done()
	svg := r.msgs[len(r.msgs)-1].b[MIMESVG].(string)
	if svg = strings.ToLower(svg); !strings.Contains(svg, barStopped) || strings.Contains(svg, barComplete) {
		t.Error("a view stopped at 24% is drawn as complete")
	}
	if s := p.status(); !strings.Contains(s, "µs/step") {
		t.Errorf("status %q: a step under 1 ms is not in µs", s)
	}
}

func TestProgressETA(t *testing.T) {
	record(t)
	clk := &fakeClock{t: time.Unix(0, 0), step: 0}
	p := newProgress(10, clk.now)
	clk.t = clk.t.Add(4 * time.Second)
	for i := 0; i < 4; i++ {
		p.Step(2)
	}
	p.Metric("accuracy", 0.5)
	p.Metric("accuracy", 0.75)
	// 4 steps in 4 s: 6 steps left take 6 s.
	if s := p.status(); s != "step 4/10 · loss 2.0000 · accuracy 0.7500 · 4.0s · ETA 6.0s" {
		t.Errorf("status = %q", s)
	}
	if f := p.fraction(); f != 0.4 {
		t.Errorf("fraction = %v", f)
	}
}

func TestProgressGolden(t *testing.T) {
	r := record(t)
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: 50 * time.Millisecond}
	p := newProgress(40, clk.now, StepsPerEpoch(10), Caption("MNIST"))
	for i := 0; i < 40; i++ {
		p.Step(2 * math.Exp(-float64(i)/10))
	}
	p.Done()
	last := r.msgs[len(r.msgs)-1]
	golden(t, "progress_final.svg", []byte(last.b[MIMESVG].(string)))
	golden(t, "progress_final.txt", []byte(last.b[MIMEText].(string)))
}
