package tape

// mark says that a tensor is node `node` on tape `tape` (valid while the tape's generation is gen).
type mark struct {
	tape *GradientTape
	gen  uint32
	node int32
}

func (m mark) stale() bool {
	return m.tape == nil || m.tape.gen != m.gen || m.tape.released || (m.tape.used && !m.tape.persistent)
}

func (t *Tensor) addMark(m mark) {
	if t.m0.stale() {
		t.m0 = m
		return
	}
	if t.ms == nil {
		t.ms = &[]mark{m}
		return
	}
	ms := *t.ms
	for i := range ms {
		if ms[i].stale() {
			ms[i] = m
			return
		}
	}
	*t.ms = append(ms, m)
}

type nodeKind uint8

const (
	kindOp nodeKind = iota
	kindWatched
	kindVariable
)

type node struct {
	op   string
	kind nodeKind
	nin  uint8
	// batched: the VJP accepts a gradient with an extra leading (batch) dimension and
	// returns gradients with it (see batching)
	batched bool
	in      [2]int32    // node ids of the first inputs (-1: not recorded on this tape)
	ins     [2]*Tensor  // the first inputs
	more    *moreInputs // ops with more than two inputs (Concat, Where, CustomGradient)
	out     *Tensor
	vjp     vjpFunc   // the op's reverse-mode rules (its JVP is used when it is recorded)
	d       derivFunc // (see rules)
}

type moreInputs struct {
	ids []int32   // node ids of inputs 2, 3, ...
	xs  []*Tensor // all inputs
}

func (n *node) input(i int) (int32, *Tensor) {
	if i < 2 {
		return n.in[i], n.ins[i]
	}
	return n.more.ids[i-2], n.more.xs[i]
}

// inputs returns the node's inputs, stored in place (no copy).
func (n *node) inputs() []*Tensor {
	if n.more != nil {
		return n.more.xs
	}
	return n.ins[:n.nin]
}

func (n *node) numIn() int {
	if n.nin <= 2 {
		return int(n.nin)
	}
	return 2 + len(n.more.ids)
}

// GradientTape records operations to differentiate them, like tf.GradientTape. The Go form
// of `with tf.GradientTape() as t:` is t.Record(func() { ... }).
type GradientTape struct {
	// 696 bytes: with the GC's 8-byte header a 704-byte size class; a field more costs the
	// next class (768) on every tape. The bools share the first word.
	persistent    bool
	watchAccessed bool
	stopped       bool // a non-persistent tape stops recording at its Gradient call
	used          bool
	released      bool
	inBackward    bool // a backward pass runs (dxBuf is taken)
	gen           uint32
	nodes         []node
	maxIn         int                 // the most inputs of a recorded op (beyond 2)
	vars          []*Variable         // watched variables, in order
	varIDs        []int32             // their node ids
	varMap        map[*Variable]int32 // index when there are many
	depth         int                 // nesting of Record blocks and Starts on this tape
	starts        int                 // Starts not yet Stopped (a Stop needs its own Start)
	paused        int                 // StopRecording nesting
	grads         []*Tensor           // node gradients of the last Gradient call (for Graph)
	dxBuf         [2]*Tensor          // one op's input gradients in a backward pass (two inputs or fewer)
	varBuf        [4]*Variable        // first storage of vars and varIDs
	varIDBuf      [4]int32
	nodeBuf       [6]node // first storage of nodes (small steps allocate the tape only)
}

// TapeOption configures NewGradientTape.
type TapeOption func(*GradientTape)

// Persistent makes a tape usable for several Gradient/Jacobian calls (persistent=True).
func Persistent(on bool) TapeOption { return func(t *GradientTape) { t.persistent = on } }

// WatchAccessedVariables(false) stops the tape from watching trainable variables read while
// it records (watch_accessed_variables=False); then only Watch-ed sources get gradients.
func WatchAccessedVariables(on bool) TapeOption {
	return func(t *GradientTape) { t.watchAccessed = on }
}

// NewGradientTape returns a tape; it records inside Record.
func NewGradientTape(opts ...TapeOption) *GradientTape {
	t := &GradientTape{watchAccessed: true, gen: 1}
	t.vars, t.varIDs = t.varBuf[:0], t.varIDBuf[:0]
	t.nodes = t.nodeBuf[:0]
	for _, o := range opts {
		o(t)
	}
	return t
}

// Persistent reports whether the tape was made with Persistent(true).
func (t *GradientTape) Persistent() bool { return t.persistent }

func (t *GradientTape) onStack() int {
	for i, s := range tapeStack {
		if s == t {
			return i
		}
	}
	return -1
}

func (t *GradientTape) removeFromStack() {
	if i := t.onStack(); i >= 0 {
		tapeStack = append(tapeStack[:i], tapeStack[i+1:]...)
	}
}

// Record runs f with the tape recording: the Go form of a `with` block. Blocks nest (an outer
// tape records what inner tapes compute, including their gradients) and a tape may Record
// again later, continuing the same recording. Recording ends when f returns or panics.
func (t *GradientTape) Record(f func()) {
	if t.released {
		panic(&Error{Op: "Record", Msg: "tape: Record: the tape was released"})
	}
	t.depth++
	if t.depth == 1 && !t.stopped && t.paused == 0 {
		tapeStack = append(tapeStack, t)
	}
	defer func() {
		t.depth--
		if t.depth == 0 {
			t.removeFromStack()
		}
	}()
	f()
}

// Start begins recording and Stop ends it: the closure-free form of Record, cheaper in a
// hot interpreted loop. Starts nest like Record blocks (each Start needs its Stop); in a
// function, t.Start(); defer t.Stop() ends the recording on a panic too. A cell that fails
// stops the tapes it left recording (see StopAll).
func (t *GradientTape) Start() {
	if t.released {
		panic(&Error{Op: "Start", Msg: "tape: Start: the tape was released"})
	}
	t.depth++
	t.starts++
	if t.depth == 1 && !t.stopped && t.paused == 0 {
		tapeStack = append(tapeStack, t)
	}
}

// Stop ends the recording begun by the matching Start (see Start).
func (t *GradientTape) Stop() {
	if t.starts == 0 {
		panic(&Error{Op: "Stop", Msg: "tape: Stop without Start (each Stop ends the recording of its own Start)"})
	}
	t.starts--
	t.depth--
	if t.depth == 0 {
		t.removeFromStack()
	}
}

// StopAll stops every tape and forward accumulator that is recording, as if each left its Record blocks and got its
// Stops; the kernel calls it when a cell fails, so a Start without Stop records no further.
func StopAll() {
	for _, t := range tapeStack {
		t.depth, t.starts = 0, 0
	}
	for _, a := range accStack {
		a.depth, a.starts = 0, 0
	}
	tapeStack, accStack = nil, nil
}

// StopRecording runs f without this tape recording (`with t.stop_recording():`).
// Other tapes keep recording.
func (t *GradientTape) StopRecording(f func()) {
	i := t.onStack()
	if i >= 0 {
		tapeStack = append(tapeStack[:i], tapeStack[i+1:]...)
	}
	t.paused++
	defer func() {
		t.paused--
		if i >= 0 && t.paused == 0 && t.depth > 0 && !t.stopped && t.onStack() < 0 {
			if i > len(tapeStack) {
				i = len(tapeStack)
			}
			tapeStack = append(tapeStack[:i], append([]*GradientTape{t}, tapeStack[i:]...)...)
		}
	}()
	f()
}

// nodeOf returns x's node id on t, or -1.
func (t *GradientTape) nodeOf(x *Tensor) int32 {
	if x == nil {
		return -1
	}
	if x.vr != nil {
		if id := t.varNode(x.vr); id >= 0 {
			return id
		}
	}
	if x.m0.tape == t && x.m0.gen == t.gen {
		return x.m0.node
	}
	if x.ms != nil {
		for _, m := range *x.ms {
			if m.tape == t && m.gen == t.gen {
				return m.node
			}
		}
	}
	return -1
}

func (t *GradientTape) addNode(n node) int32 {
	id := int32(len(t.nodes))
	if len(t.nodes) == cap(t.nodes) && len(t.nodes) < 64 {
		// past the first few nodes a tape records a loop or a model: grow to 64 at once
		// rather than doubling through four copies
		t.nodes = append(make([]node, 0, 64), t.nodes...)
	}
	t.nodes = append(t.nodes, n)
	return id
}

// Watch makes the tape track tensors (*Tensor) and variables (*Variable); slices of them are
// accepted too. Integer and bool tensors are not watched: their gradient is nil.
func (t *GradientTape) Watch(xs ...any) {
	if t.released {
		panic(&Error{Op: "Watch", Msg: "tape: Watch: the tape was released"})
	}
	for _, x := range xs {
		switch v := x.(type) {
		case *Tensor:
			mustNotNil(v, "Watch")
			if v.vr != nil && v.vr.value == v { // a variable's current value: watch the variable
				t.Watch(v.vr)
				continue
			}
			if !v.dtype.IsFloat() {
				warnNotFloat(v.dtype)
				continue
			}
			if t.nodeOf(v) >= 0 {
				continue
			}
			id := t.addNode(node{op: "Watch", kind: kindWatched, out: v, in: [2]int32{-1, -1}})
			v.addMark(mark{t, t.gen, id})
		case *Variable:
			if !v.value.dtype.IsFloat() {
				warnNotFloat(v.value.dtype)
			}
			t.watchVar(v)
		case []*Tensor:
			for _, e := range v {
				t.Watch(e)
			}
		case []*Variable:
			for _, e := range v {
				t.Watch(e)
			}
		case []any:
			t.Watch(v...)
		default:
			errorf("Watch", "cannot watch %T (want *Tensor or *Variable)", x)
		}
	}
}

// warnNotFloat prints TensorFlow's warning for watching an integer or bool tensor (whose
// gradient is None).
func warnNotFloat(dt DType) {
	Warn("The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.%s", dt)
}

// varNode returns v's node id on t, or -1.
func (t *GradientTape) varNode(v *Variable) int32 {
	if t.varMap != nil {
		if id, ok := t.varMap[v]; ok {
			return id
		}
		return -1
	}
	for i, w := range t.vars {
		if w == v {
			return t.varIDs[i]
		}
	}
	return -1
}

func (t *GradientTape) watchVar(v *Variable) {
	if t.varNode(v) >= 0 || !v.value.dtype.IsFloat() {
		return
	}
	id := t.addNode(node{op: "ReadVariable", kind: kindVariable, out: v.value, in: [2]int32{-1, -1}})
	t.vars = append(t.vars, v)
	t.varIDs = append(t.varIDs, id)
	if t.varMap != nil {
		t.varMap[v] = id
	} else if len(t.vars) > 16 {
		t.varMap = make(map[*Variable]int32, 32)
		for i, w := range t.vars {
			t.varMap[w] = t.varIDs[i]
		}
	}
}

// WatchedVariables returns the variables the tape watches, in the order they were first watched.
func (t *GradientTape) WatchedVariables() []*Variable { return append([]*Variable{}, t.vars...) }

// Reset clears everything recorded; a tape inside Record keeps recording afresh.
func (t *GradientTape) Reset() {
	t.gen++
	t.nodeBuf = [6]node{}
	t.nodes, t.grads, t.maxIn = t.nodeBuf[:0], nil, 0
	t.varBuf = [4]*Variable{}
	t.vars, t.varIDs, t.varMap = t.varBuf[:0], t.varIDBuf[:0], nil
	t.used = false
	t.stopped = false
	if t.depth > 0 && t.paused == 0 && t.onStack() < 0 {
		tapeStack = append(tapeStack, t)
	}
}

// Release frees what the tape recorded (Python's `del t` on a persistent tape). Using the
// tape afterwards panics.
func (t *GradientTape) Release() {
	t.released = true
	t.nodes, t.grads = nil, nil
	t.vars, t.varIDs, t.varMap = nil, nil, nil
	t.removeFromStack()
}

// GradOption configures Gradient.
type GradOption func(*gradConfig)

type gradConfig struct {
	zero   bool
	noPfor bool // Jacobians: one backward pass per row
	seeds  []*Tensor
}

// UnconnectedZero makes Gradient return zeros instead of nil for unconnected sources
// (unconnected_gradients=tf.UnconnectedGradients.ZERO).
var UnconnectedZero GradOption = func(c *gradConfig) { c.zero = true }

// OutputGradients sets the initial gradients of the targets (output_gradients), one per target.
func OutputGradients(gs ...*Tensor) GradOption {
	return func(c *gradConfig) { c.seeds = gs }
}

const errReuse = "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)"

func (t *GradientTape) use(op string) {
	if t.released {
		panic(&Error{Op: op, Msg: "tape: " + op + ": the tape was released"})
	}
	if !t.persistent {
		if t.used {
			panic(&Error{Op: op, Msg: errReuse})
		}
		t.used = true
		t.stopped = true
		t.removeFromStack()
	}
}

// Gradient returns d(sum of target)/d(source), source a *Tensor or *Variable; nil when the
// source is not connected to the target (unless UnconnectedZero).
func (t *GradientTape) Gradient(target *Tensor, source any, opts ...GradOption) *Tensor {
	return t.GradientsOf([]*Tensor{target}, []any{source}, opts...)[0]
}

// Gradients returns the gradients of target with respect to each variable.
func (t *GradientTape) Gradients(target *Tensor, sources []*Variable, opts ...GradOption) []*Tensor {
	return t.gradients([]*Tensor{target}, len(sources), func(i int) (int32, *Tensor) {
		return t.varNode(sources[i]), sources[i].value
	}, opts)
}

func (t *GradientTape) sourceID(s any) (int32, *Tensor) {
	switch v := s.(type) {
	case *Tensor:
		mustNotNil(v, "Gradient")
		if !v.dtype.IsFloat() {
			return -1, v
		}
		return t.nodeOf(v), v
	case *Variable:
		return t.varNode(v), v.value
	}
	errorf("Gradient", "source must be a *Tensor or *Variable, got %T", s)
	return -1, nil
}

// GradientsOf returns, for each source (*Tensor or *Variable), the gradient of the sum of all
// targets (several targets are summed, like TensorFlow).
func (t *GradientTape) GradientsOf(targets []*Tensor, sources []any, opts ...GradOption) []*Tensor {
	return t.gradients(targets, len(sources), func(i int) (int32, *Tensor) { return t.sourceID(sources[i]) }, opts)
}

// gradients is GradientsOf with source i given by src(i) (its node id and value).
func (t *GradientTape) gradients(targets []*Tensor, n int, src func(i int) (int32, *Tensor), opts []GradOption) []*Tensor {
	var c gradConfig
	if len(opts) > 0 {
		p := new(gradConfig) // options are indirect calls: only then does the config escape
		for _, o := range opts {
			o(p)
		}
		c = *p
	}
	t.use("Gradient")
	if c.seeds != nil && len(c.seeds) != len(targets) {
		errorf("Gradient", "%d output gradients for %d targets", len(c.seeds), len(targets))
	}
	var idBuf [8]int32
	var valBuf [8]*Tensor
	ids, vals := idBuf[:0], valBuf[:0]
	for i := range n {
		id, v := src(i)
		ids, vals = append(ids, id), append(vals, v)
	}
	gs := t.backward(targets, c.seeds, ids, 0)
	for i, g := range gs {
		if g == nil && c.zero {
			gs[i] = ZerosLike(vals[i])
		}
	}
	return gs
}
