package nn

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gotape/gotape/tape"
)

// Layer is one step of a model: it maps a batch to a batch and owns its variables.
type Layer interface {
	// Call applies the layer to a batch x; training turns on training-only behaviour (Dropout).
	Call(x *tape.Tensor, training bool) *tape.Tensor
	// TrainableVariables returns the layer's weights (empty before the layer is built).
	TrainableVariables() []*tape.Variable
	// Name is the layer's name, unique in the process ("dense", "dense_1", ...).
	Name() string
	// OutputShape maps an input shape (batch dimension first, −1 when unknown) to the output's.
	OutputShape(in []int) []int
}

// Builder is implemented by layers that create their variables from the input shape. Build is
// called on the first Call, or by Sequential.Build; calling it again does nothing.
type Builder interface {
	Build(inputShape []int, dtype tape.DType)
	Built() bool
}

// LayerOption configures a layer. Options that do not apply to a layer are ignored.
type LayerOption func(*layerConfig)

type layerConfig struct {
	name       string
	activation string
	actFunc    func(*tape.Tensor) *tape.Tensor
	kernelInit Initializer
	biasInit   Initializer
	noBias     bool
	inputShape []int
	strides    int
	padding    string
	seed       []int64
}

// Activation sets a layer's activation by name: "linear" (or ""), "relu", "sigmoid", "tanh",
// "softmax" (over the last axis), "exp", "softplus", "elu", "selu", "gelu", "leaky_relu"
// (slope 0.2 below zero, Keras' default) and "swish" (or "silu").
func Activation(name string) LayerOption {
	activationFunc(name) // validate now
	return func(c *layerConfig) { c.activation = name }
}

// ActivationFunc sets a layer's activation to any tensor function.
func ActivationFunc(f func(*tape.Tensor) *tape.Tensor) LayerOption {
	return func(c *layerConfig) { c.actFunc = f }
}

// KernelInit sets the kernel initialiser (default GlorotUniform()).
func KernelInit(i Initializer) LayerOption { return func(c *layerConfig) { c.kernelInit = i } }

// BiasInit sets the bias initialiser (default Zeros()).
func BiasInit(i Initializer) LayerOption { return func(c *layerConfig) { c.biasInit = i } }

// UseBias(false) makes a layer without bias.
func UseBias(on bool) LayerOption { return func(c *layerConfig) { c.noBias = !on } }

// InputShape gives the shape of one input sample (no batch dimension), so that a Sequential
// model starting with this layer is built at once (and its summary shows shapes).
func InputShape(dims ...int) LayerOption {
	return func(c *layerConfig) { c.inputShape = append([]int(nil), dims...) }
}

// Strides sets the step of a convolution or pooling window (same in both directions).
func Strides(n int) LayerOption { return func(c *layerConfig) { c.strides = n } }

// Padding sets "valid" (no padding, the default) or "same" (output size = ⌈input/stride⌉).
func Padding(p string) LayerOption { return func(c *layerConfig) { c.padding = p } }

// Name sets a layer's name instead of the automatic one.
func Name(name string) LayerOption { return func(c *layerConfig) { c.name = name } }

// Seed fixes the random masks of a Dropout layer.
func Seed(seed int64) LayerOption { return func(c *layerConfig) { c.seed = []int64{seed} } }

func configure(kind string, opts []LayerOption) layerConfig {
	c := layerConfig{strides: 0, padding: "valid"}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.name == "" {
		c.name = autoName(kind)
	}
	c.padding = strings.ToLower(c.padding)
	if c.padding != "valid" && c.padding != "same" {
		fail("%s: padding must be \"valid\" or \"same\", got %q", kind, c.padding)
	}
	if c.kernelInit == nil {
		c.kernelInit = GlorotUniform()
	}
	if c.biasInit == nil {
		c.biasInit = Zeros()
	}
	return c
}

var names struct {
	sync.Mutex
	n map[string]int
}

// autoName returns Keras-style unique names: "dense", "dense_1", "dense_2", ...
func autoName(kind string) string {
	names.Lock()
	defer names.Unlock()
	if names.n == nil {
		names.n = map[string]int{}
	}
	k := names.n[kind]
	names.n[kind] = k + 1
	if k == 0 {
		return kind
	}
	return fmt.Sprintf("%s_%d", kind, k)
}

// elementwiseActivations are the activations that are one tape op, by Keras name.
var elementwiseActivations = map[string]func(tape.TensorLike) *tape.Tensor{
	"relu": tape.ReLU, "sigmoid": tape.Sigmoid, "tanh": tape.Tanh,
	"exp": tape.Exp, "exponential": tape.Exp, "softplus": tape.Softplus,
	"elu": tape.ELU, "selu": tape.SELU, "gelu": tape.GELU, "swish": tape.Swish, "silu": tape.Swish,
}

// activationFunc is the activation a Keras name stands for (nil: linear).
func activationFunc(name string) func(*tape.Tensor) *tape.Tensor {
	key := strings.ToLower(name)
	if f, ok := elementwiseActivations[key]; ok {
		return func(x *tape.Tensor) *tape.Tensor { return f(x) }
	}
	switch key {
	case "", "linear", "none":
		return nil
	case "softmax":
		return func(x *tape.Tensor) *tape.Tensor { return tape.Softmax(x, x.Rank()-1) }
	case "leaky_relu":
		return func(x *tape.Tensor) *tape.Tensor { return tape.LeakyReLU(x, 0.2) }
	}
	fail("unknown activation %q (use relu, sigmoid, tanh, softmax, exp, softplus, elu, selu, gelu, leaky_relu, swish or linear)", name)
	return nil
}

func (c *layerConfig) activate(x *tape.Tensor) *tape.Tensor {
	if c.actFunc != nil {
		return c.actFunc(x)
	}
	if f := activationFunc(c.activation); f != nil {
		return f(x)
	}
	return x
}

func (c *layerConfig) activationName() string {
	if c.actFunc != nil {
		return "custom"
	}
	if c.activation == "" {
		return "linear"
	}
	return c.activation
}

// DenseLayer is a fully connected layer: activation(x·kernel + bias). Its kernel is
// [in, units], its bias [units].
type DenseLayer struct {
	units int
	weighted
}

// Dense returns a fully connected layer with the given number of units, applied to the last
// axis of its input. Options: Activation, KernelInit (GlorotUniform), BiasInit (Zeros),
// UseBias, InputShape, Name.
func Dense(units int, opts ...LayerOption) *DenseLayer {
	if units <= 0 {
		fail("Dense: units must be positive, got %d", units)
	}
	return &DenseLayer{units: units, weighted: weighted{cfg: configure("dense", opts)}}
}

func (d *DenseLayer) Build(in []int, dt tape.DType) {
	if d.kernel != nil {
		return
	}
	if len(in) < 2 || in[len(in)-1] <= 0 {
		fail("%s: Dense needs an input of rank ≥ 2 with a known last dimension, got %s", d.cfg.name, shapeString(in))
	}
	d.build([]int{in[len(in)-1], d.units}, dt)
}

func (d *DenseLayer) OutputShape(in []int) []int {
	if len(in) == 0 {
		return nil
	}
	out := append([]int(nil), in...)
	out[len(out)-1] = d.units
	return out
}

func (d *DenseLayer) Call(x *tape.Tensor, training bool) *tape.Tensor {
	d.Build(x.Shape(), x.DType())
	checkLast(d.cfg.name, x, d.kernel.Shape()[0])
	shape := x.Shape()
	flat := x
	if len(shape) != 2 {
		flat = tape.Reshape(x, size(shape[:len(shape)-1]), shape[len(shape)-1])
	}
	y := tape.MatMul(flat, d.kernel.Value())
	if d.bias != nil {
		y = tape.Add(y, d.bias.Value())
	}
	if len(shape) != 2 {
		y = tape.Reshape(y, d.OutputShape(shape)...)
	}
	return d.cfg.activate(y)
}

func checkLast(name string, x *tape.Tensor, want int) {
	s := x.Shape()
	if len(s) == 0 || s[len(s)-1] != want {
		fail("%s: input shape %s does not match the layer, which was built for a last dimension of %d", name, shapeString(s), want)
	}
}

// weighted is what Dense and Conv2D share: their configuration, a kernel and an optional
// bias, made by Build from the input's shape.
type weighted struct {
	cfg          layerConfig
	kernel, bias *tape.Variable
}

func (w *weighted) Name() string { return w.cfg.name }

// Kernel returns the layer's kernel (nil before the layer is built).
func (w *weighted) Kernel() *tape.Variable { return w.kernel }

// Bias returns the bias vector, as long as the kernel's last dimension (nil before building,
// or without bias).
func (w *weighted) Bias() *tape.Variable { return w.bias }

func (w *weighted) Built() bool { return w.kernel != nil }

func (w *weighted) TrainableVariables() []*tape.Variable { return vars(w.kernel, w.bias) }

// build makes the kernel of the given shape and, unless UseBias(false), the bias.
func (w *weighted) build(kernel []int, dt tape.DType) {
	w.kernel = tape.NewVariable(w.cfg.kernelInit.Init(kernel, dt), tape.Name(w.cfg.name+"/kernel"))
	if !w.cfg.noBias {
		w.bias = tape.NewVariable(w.cfg.biasInit.Init([]int{kernel[len(kernel)-1]}, dt), tape.Name(w.cfg.name+"/bias"))
	}
}

// DropoutLayer zeroes a random fraction of its inputs while training.
type DropoutLayer struct {
	rate float64
	cfg  layerConfig
	src  *source
}

// Dropout returns a layer that, when called with training = true, sets each input to 0 with
// probability rate and scales the others by 1/(1 − rate) (as Keras); otherwise it passes its
// input through. Masks come from tape's global source (tape.SetSeed) unless Seed is given.
func Dropout(rate float64, opts ...LayerOption) *DropoutLayer {
	if rate < 0 || rate >= 1 {
		fail("Dropout: rate must be in [0, 1), got %v", rate)
	}
	c := configure("dropout", opts)
	return &DropoutLayer{rate: rate, cfg: c, src: newSource(c.seed)}
}

func (l *DropoutLayer) Name() string                         { return l.cfg.name }
func (l *DropoutLayer) TrainableVariables() []*tape.Variable { return nil }
func (l *DropoutLayer) OutputShape(in []int) []int           { return append([]int(nil), in...) }

// Rate is the fraction of inputs dropped while training.
func (l *DropoutLayer) Rate() float64 { return l.rate }

func (l *DropoutLayer) Call(x *tape.Tensor, training bool) *tape.Tensor {
	if !training || l.rate == 0 {
		return x
	}
	shape := x.Shape()
	var u func(i int) float64 // uniform draws in [0, 1)
	if l.src.rng == nil {     // tape's global source (tape.SetSeed)
		us := tape.RandomUniform(shape, 0, 1).Float32s()
		u = func(i int) float64 { return float64(us[i]) }
	} else {
		l.src.mu.Lock()
		defer l.src.mu.Unlock()
		u = func(int) float64 { return l.src.rng.Float64() }
	}
	var mask *tape.Tensor
	if x.DType() == tape.Float64 {
		mask = tape.FromFloat64s(dropMask[float64](size(shape), l.rate, u))
	} else {
		mask = tape.FromFloat32s(dropMask[float32](size(shape), l.rate, u))
		if x.DType() != tape.Float32 {
			mask = tape.Cast(mask, x.DType())
		}
	}
	mask = tape.Reshape(mask, shape...)
	return tape.Mul(x, mask)
}

// dropMask returns n values: 0 where u(i) < rate, 1/(1 − rate) elsewhere.
func dropMask[T float32 | float64](n int, rate float64, u func(int) float64) []T {
	keep := T(1 / (1 - rate))
	m := make([]T, n)
	for i := range m {
		if u(i) >= rate {
			m[i] = keep
		}
	}
	return m
}

// FlattenLayer reshapes (batch, d1, d2, ...) to (batch, d1·d2·...).
type FlattenLayer struct{ cfg layerConfig }

// Flatten returns a layer that flattens each sample to a vector.
func Flatten(opts ...LayerOption) *FlattenLayer {
	return &FlattenLayer{cfg: configure("flatten", opts)}
}

func (l *FlattenLayer) Name() string                         { return l.cfg.name }
func (l *FlattenLayer) TrainableVariables() []*tape.Variable { return nil }
func (l *FlattenLayer) OutputShape(in []int) []int {
	if len(in) == 0 {
		return nil
	}
	n := 1
	for _, d := range in[1:] {
		if d < 0 {
			return []int{in[0], -1}
		}
		n *= d
	}
	return []int{in[0], n}
}
func (l *FlattenLayer) Call(x *tape.Tensor, training bool) *tape.Tensor {
	s := x.Shape()
	if len(s) == 0 {
		fail("%s: cannot flatten a scalar", l.cfg.name)
	}
	return tape.Reshape(x, s[0], size(s[1:]))
}

func vars(vs ...*tape.Variable) []*tape.Variable {
	var out []*tape.Variable
	for _, v := range vs {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

// shapeString prints a shape like Keras: (None, 26, 26, 32).
func shapeString(s []int) string {
	if s == nil {
		return "?"
	}
	parts := make([]string, len(s))
	for i, d := range s {
		if d < 0 {
			parts[i] = "None"
		} else {
			parts[i] = fmt.Sprint(d)
		}
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
