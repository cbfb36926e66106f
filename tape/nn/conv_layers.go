package nn

import (
	"strings"

	"github.com/gotape/gotape/tape"
)

// Conv2DLayer is a 2-D convolution over NHWC images: activation(conv(x, kernel) + bias),
// computed by tape.FusedConv2D (bias and ReLU in the same pass).
type Conv2DLayer struct {
	filters, k int
	weighted
}

// Conv2D returns a convolution with filters output channels and a kernelSize×kernelSize
// window; its kernel is [k, k, in, filters], its bias [filters]. Options: Strides (1), Padding
// ("valid"), Activation, KernelInit (GlorotUniform), BiasInit (Zeros), UseBias, InputShape
// (h, w, channels), Name.
func Conv2D(filters, kernelSize int, opts ...LayerOption) *Conv2DLayer {
	if filters <= 0 || kernelSize <= 0 {
		fail("Conv2D: filters and kernel size must be positive, got %d and %d", filters, kernelSize)
	}
	c := configure("conv2d", opts)
	if c.strides == 0 {
		c.strides = 1
	}
	return &Conv2DLayer{filters: filters, k: kernelSize, weighted: weighted{cfg: c}}
}

func (l *Conv2DLayer) Build(in []int, dt tape.DType) {
	if l.kernel != nil {
		return
	}
	if len(in) != 4 || in[3] <= 0 {
		fail("%s: Conv2D needs NHWC input (batch, height, width, channels), got %s", l.cfg.name, shapeString(in))
	}
	l.build([]int{l.k, l.k, in[3], l.filters}, dt)
}

func (l *Conv2DLayer) OutputShape(in []int) []int {
	if len(in) != 4 {
		return nil
	}
	return []int{in[0], convOut(in[1], l.k, l.cfg.strides, l.cfg.padding),
		convOut(in[2], l.k, l.cfg.strides, l.cfg.padding), l.filters}
}

func (l *Conv2DLayer) Call(x *tape.Tensor, training bool) *tape.Tensor {
	l.Build(x.Shape(), x.DType())
	checkLast(l.cfg.name, x, l.kernel.Shape()[2])
	act, fused := l.fusedActivation()
	y := tape.FusedConv2D(x, l.kernel.Value(), l.biasValue(), l.cfg.strides, strings.ToUpper(l.cfg.padding), act)
	if !fused {
		y = l.cfg.activate(y)
	}
	return y
}

// fusedActivation returns the activation the fused convolution ops apply themselves ("relu",
// or "" for linear) and whether they can: not for other or custom activations.
func (l *Conv2DLayer) fusedActivation() (string, bool) {
	switch strings.ToLower(l.cfg.activationName()) {
	case "relu":
		return "relu", true
	case "linear":
		return "", true
	}
	return "", false
}

// biasValue is the bias's value, nil without a bias.
func (l *Conv2DLayer) biasValue() *tape.Tensor {
	if l.bias == nil {
		return nil
	}
	return l.bias.Value()
}

// callPooled is Call followed by the max-pooling layer p, as one fused op
// (tape.FusedConv2DMaxPool), or nil when the pair does not fuse: an activation other than
// ReLU or linear, or pooling windows that overlap or are padded.
func (l *Conv2DLayer) callPooled(x *tape.Tensor, p *MaxPool2DLayer) *tape.Tensor {
	act, fused := l.fusedActivation()
	if !fused || p.cfg.padding != "valid" || p.cfg.strides != p.size || x.Rank() != 4 || !x.DType().IsFloat() {
		return nil
	}
	l.Build(x.Shape(), x.DType())
	checkLast(l.cfg.name, x, l.kernel.Shape()[2])
	if s := l.OutputShape(x.Shape()); s[1] < p.size || s[2] < p.size {
		return nil // let MaxPool2D report it
	}
	return tape.FusedConv2DMaxPool(x, l.kernel.Value(), l.biasValue(), l.cfg.strides, strings.ToUpper(l.cfg.padding), act, p.size)
}

// convOut is the output length of a window of size k and stride s over n elements.
func convOut(n, k, s int, padding string) int {
	if n < 0 {
		return -1
	}
	if padding == "same" {
		return (n + s - 1) / s
	}
	if n < k {
		return 0
	}
	return (n-k)/s + 1
}

// MaxPool2DLayer takes the maximum over size×size windows of NHWC images.
type MaxPool2DLayer struct {
	size int
	cfg  layerConfig
}

// MaxPool2D returns a max-pooling layer with a size×size window. Options: Strides (default
// size), Padding ("valid"), Name.
func MaxPool2D(size int, opts ...LayerOption) *MaxPool2DLayer {
	if size <= 0 {
		fail("MaxPool2D: size must be positive, got %d", size)
	}
	c := configure("max_pooling2d", opts)
	if c.strides == 0 {
		c.strides = size
	}
	return &MaxPool2DLayer{size: size, cfg: c}
}

func (l *MaxPool2DLayer) Name() string                         { return l.cfg.name }
func (l *MaxPool2DLayer) TrainableVariables() []*tape.Variable { return nil }
func (l *MaxPool2DLayer) OutputShape(in []int) []int {
	if len(in) != 4 {
		return nil
	}
	return []int{in[0], convOut(in[1], l.size, l.cfg.strides, l.cfg.padding),
		convOut(in[2], l.size, l.cfg.strides, l.cfg.padding), in[3]}
}
func (l *MaxPool2DLayer) Call(x *tape.Tensor, training bool) *tape.Tensor {
	if x.Rank() != 4 {
		fail("%s: MaxPool2D needs NHWC input, got shape %s", l.cfg.name, shapeString(x.Shape()))
	}
	return tape.MaxPool2D(x, l.size, l.cfg.strides, strings.ToUpper(l.cfg.padding))
}
