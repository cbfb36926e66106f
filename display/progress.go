package display

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// DefaultRefresh is the minimum time between two redraws of a Progress (at most 4 per
// second), so a fast training loop is not slowed down by its display.
const DefaultRefresh = 250 * time.Millisecond

// Progress is a live training view: a bar with epoch and step, the latest loss, elapsed
// time and ETA, and a loss curve. It is displayed once under its own display ID and
// redrawn in place (update_display_data) at most every DefaultRefresh as HTML; the last
// step and Done draw the complete picture as a figure (SVG and PNG, see figureBundle),
// which is what a saved notebook keeps.
//
//	p := display.NewProgress(steps, display.Epochs(5))
//	for ... { ...; p.Step(loss.Float()) }
//	p.Done()
type Progress struct {
	total, perEpoch int
	caption         string
	logLoss         bool
	refresh         time.Duration
	now             func() time.Time

	id       string
	steps    int
	losses   []float64
	start    time.Time
	lastDraw time.Time
	shown    bool
	done     bool
	elapsed  time.Duration // fixed at Done
	metrics  []metric
}

type metric struct {
	name string
	v    float64
}

// ProgressOption configures NewProgress.
type ProgressOption func(*Progress)

// Epochs sets the number of epochs the total steps are split into (shown as "epoch e/n").
func Epochs(n int) ProgressOption {
	return func(p *Progress) {
		if n > 0 && p.total > 0 {
			p.perEpoch = (p.total + n - 1) / n
		}
	}
}

// StepsPerEpoch sets the number of steps in one epoch.
func StepsPerEpoch(n int) ProgressOption { return func(p *Progress) { p.perEpoch = n } }

// Caption sets a line of text shown above the bar.
func Caption(s string) ProgressOption { return func(p *Progress) { p.caption = s } }

// LogLoss draws the loss curve with a logarithmic y axis.
func LogLoss() ProgressOption { return func(p *Progress) { p.logLoss = true } }

// Refresh sets the minimum time between redraws (default DefaultRefresh).
func Refresh(d time.Duration) ProgressOption { return func(p *Progress) { p.refresh = d } }

// NewProgress displays a progress view for total steps (0 if unknown) and returns it.
func NewProgress(total int, opts ...ProgressOption) *Progress {
	return newProgress(total, time.Now, opts...)
}

func newProgress(total int, now func() time.Time, opts ...ProgressOption) *Progress {
	p := &Progress{total: total, refresh: DefaultRefresh, now: now, id: NewDisplayID()}
	for _, o := range opts {
		o(p)
	}
	p.start = p.now()
	p.draw()
	return p
}

// Step records one finished step with its loss and redraws if the refresh interval has
// passed or this was the last step.
func (p *Progress) Step(loss float64) {
	if p.done {
		return
	}
	p.steps++
	p.losses = append(p.losses, loss)
	if p.steps == p.total || p.now().Sub(p.lastDraw) >= p.refresh {
		p.draw()
	}
}

// Done ends the view with its final, complete picture. Further steps are ignored.
func (p *Progress) Done() {
	if p.done {
		return
	}
	p.elapsed = p.now().Sub(p.start)
	p.done = true
	p.draw()
}

// Metric sets a named value shown after the loss (e.g. "accuracy"), kept until it is set
// again; it appears at the next redraw.
func (p *Progress) Metric(name string, v float64) {
	for i := range p.metrics {
		if p.metrics[i].name == name {
			p.metrics[i].v = v
			return
		}
	}
	p.metrics = append(p.metrics, metric{name, v})
}

// Steps returns the number of steps recorded so far.
func (p *Progress) Steps() int { return p.steps }

// Losses returns a copy of the recorded losses.
func (p *Progress) Losses() []float64 { return append([]float64(nil), p.losses...) }

// DisplayID returns the display ID the view is drawn under.
func (p *Progress) DisplayID() string { return p.id }

func (p *Progress) draw() {
	p.lastDraw = p.now()
	b := MIMEBundle{MIMEHTML: p.HTML(), MIMEText: p.String()}
	if p.final() {
		b = p.figureBundle()
	}
	publish(b, p.id, p.shown)
	p.shown = true
}

func (p *Progress) timeSoFar() time.Duration {
	if p.done {
		return p.elapsed
	}
	return p.now().Sub(p.start)
}

// status is the one-line summary: epoch, step, loss, time, ETA.
func (p *Progress) status() string {
	var parts []string
	if p.perEpoch > 0 {
		epochs := 0
		if p.total > 0 {
			epochs = (p.total + p.perEpoch - 1) / p.perEpoch
		}
		e := 1
		if p.steps > 0 {
			e = (p.steps-1)/p.perEpoch + 1
		}
		if epochs > 0 {
			parts = append(parts, fmt.Sprintf("epoch %d/%d", e, epochs))
		} else {
			parts = append(parts, fmt.Sprintf("epoch %d", e))
		}
	}
	if p.total > 0 {
		parts = append(parts, fmt.Sprintf("step %d/%d", p.steps, p.total))
	} else {
		parts = append(parts, fmt.Sprintf("step %d", p.steps))
	}
	if n := len(p.losses); n > 0 {
		parts = append(parts, "loss "+formatLoss(p.losses[n-1]))
	}
	for _, m := range p.metrics {
		parts = append(parts, m.name+" "+formatLoss(m.v))
	}
	el := p.timeSoFar()
	parts = append(parts, formatDuration(el))
	switch {
	case p.done:
		if p.steps > 0 {
			parts = append(parts, fmt.Sprintf("%s/step", formatDuration(el/time.Duration(p.steps))))
		}
	case p.total > 0 && p.steps > 0:
		eta := time.Duration(float64(el) / float64(p.steps) * float64(p.total-p.steps))
		parts = append(parts, "ETA "+formatDuration(eta))
	}
	return strings.Join(parts, " · ")
}

func (p *Progress) fraction() float64 {
	if p.total <= 0 {
		if p.done {
			return 1
		}
		return 0
	}
	return math.Min(1, float64(p.steps)/float64(p.total))
}

// String is the text/plain form: a text bar and the status line.
func (p *Progress) String() string {
	const width = 30
	n := int(p.fraction() * width)
	bar := strings.Repeat("=", n)
	if n < width {
		bar += ">" + strings.Repeat(" ", width-n-1)
	}
	s := fmt.Sprintf("[%s] %3.0f%% %s", bar, 100*p.fraction(), p.status())
	if p.caption != "" {
		s = p.caption + "\n" + s
	}
	return s
}

// HTML is the bar, the status line and the loss curve.
func (p *Progress) HTML() string {
	var b strings.Builder
	b.WriteString(`<div class="gotape-progress" style="font-family:sans-serif;font-size:13px;line-height:1.5">`)
	if p.caption != "" {
		fmt.Fprintf(&b, `<div style="font-weight:bold">%s</div>`, escape(p.caption))
	}
	colour := p.barColour()
	fmt.Fprintf(&b, `<div style="display:flex;align-items:center;gap:8px">`+
		`<div style="flex:none;width:260px;height:12px;background:#e6e6e6;border-radius:3px;overflow:hidden">`+
		`<div style="width:%.1f%%;height:100%%;background:%s"></div></div>`+
		`<span style="font-variant-numeric:tabular-nums">%.0f%% · %s</span></div>`,
		100*p.fraction(), colour, 100*p.fraction(), escape(p.status()))
	if len(p.losses) > 1 {
		b.WriteString(`<div>`)
		b.WriteString(p.curve())
		b.WriteString(`</div>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// maxCurvePoints bounds the points drawn in the loss curve (bucket means beyond it).
const maxCurvePoints = 600

// curve draws the loss curve as SVG.
func (p *Progress) curve() string { return p.curvePlot(5, 2.2).SVG() }

// curvePlot is the loss curve, w×h inches.
func (p *Progress) curvePlot(w, h float64) *Plot {
	xs, ys := downsample(p.losses, maxCurvePoints)
	pl := NewPlot().Line(xs, ys, "").XLabel("step").YLabel("loss").Size(w, h)
	if p.logLoss {
		pl.LogY()
	}
	return pl
}

// downsample returns at most n points (x = step number, from 1) averaging buckets of ys.
func downsample(ys []float64, n int) (xs, out []float64) {
	if len(ys) <= n {
		return indexesFrom1(len(ys)), ys
	}
	size := float64(len(ys)) / float64(n)
	for i := 0; i < n; i++ {
		lo, hi := int(float64(i)*size), int(float64(i+1)*size)
		sum := 0.0
		for _, y := range ys[lo:hi] {
			sum += y
		}
		xs = append(xs, float64(lo+hi+1)/2)
		out = append(out, sum/float64(hi-lo))
	}
	return xs, out
}

func indexesFrom1(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	return xs
}

func formatLoss(v float64) string {
	a := math.Abs(v)
	if a != 0 && (a < 1e-3 || a >= 1e5) {
		return fmt.Sprintf("%.4e", v)
	}
	return fmt.Sprintf("%.4f", v)
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}
