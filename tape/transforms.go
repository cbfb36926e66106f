package tape

import "slices"

// Function transforms in the style of JAX: they turn a function of one tensor into the
// function computing its derivative, run on fresh tapes each call. They compose
// (Grad(Grad(f)) is the second derivative) because the inner tape's gradient is computed while
// the outer tape records. A function whose output is not a scalar is differentiated through
// the sum of its elements, as GradientTape.Gradient does.

// Grad returns the function x ↦ d(Σ f(x))/dx (jax.grad), zeros where f does not depend on x.
func Grad(f func(*Tensor) *Tensor) func(*Tensor) *Tensor {
	return func(x *Tensor) *Tensor {
		_, g := valueAndGrad("Grad", f, x)
		return g
	}
}

// ValueAndGrad returns the function x ↦ (f(x), d(Σ f(x))/dx) (jax.value_and_grad): one
// forward pass for both.
func ValueAndGrad(f func(*Tensor) *Tensor) func(*Tensor) (*Tensor, *Tensor) {
	return func(x *Tensor) (*Tensor, *Tensor) { return valueAndGrad("ValueAndGrad", f, x) }
}

func valueAndGrad(op string, f func(*Tensor) *Tensor, x *Tensor) (*Tensor, *Tensor) {
	mustNotNil(x, op)
	t := NewGradientTape()
	var y *Tensor
	t.Record(func() {
		t.Watch(x)
		y = f(x)
	})
	mustNotNil(y, op)
	return y, t.Gradient(y, x, UnconnectedZero)
}

// VJP evaluates y = f(x) once and returns y with the function g ↦ gᵀ·∂f/∂x, the
// vector-Jacobian product (jax.vjp); g has y's shape, the result x's. The returned function
// may be called many times.
func VJP(f func(*Tensor) *Tensor, x *Tensor) (*Tensor, func(g *Tensor) *Tensor) {
	mustNotNil(x, "VJP")
	t := NewGradientTape(Persistent(true))
	var y *Tensor
	t.Record(func() {
		t.Watch(x)
		y = f(x)
	})
	mustNotNil(y, "VJP")
	return y, func(g *Tensor) *Tensor {
		mustNotNil(g, "VJP")
		if !slices.Equal(g.shape, y.shape) {
			errorf("VJP", "the cotangent has shape %s, the output %s", shapeStr(g.shape), shapeStr(y.shape))
		}
		return t.Gradient(y, x, OutputGradients(g), UnconnectedZero)
	}
}

// Hessian returns the function x ↦ ∂²(Σ f(x))/∂x², of shape x.Shape()+x.Shape()
// (jax.hessian): the Jacobian of Grad(f), computed with nested tapes.
func Hessian(f func(*Tensor) *Tensor) func(*Tensor) *Tensor {
	return func(x *Tensor) *Tensor {
		mustNotNil(x, "Hessian")
		t := NewGradientTape()
		var g *Tensor
		t.Record(func() {
			t.Watch(x)
			g = Grad(f)(x)
		})
		return t.Jacobian(g, x, UnconnectedZero)
	}
}

// GradientMap is Gradient with named sources (TensorFlow's dict of sources): each value is a
// *Tensor or *Variable and the result has the same keys (nil where unconnected, unless
// UnconnectedZero).
func (t *GradientTape) GradientMap(target *Tensor, sources map[string]any, opts ...GradOption) map[string]*Tensor {
	keys := make([]string, 0, len(sources))
	for k := range sources {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	srcs := make([]any, len(keys))
	for i, k := range keys {
		switch s := sources[k].(type) {
		case *Tensor:
			if s == nil {
				errorf("GradientMap", "source %q is a nil *Tensor", k)
			}
		case *Variable:
			if s == nil {
				errorf("GradientMap", "source %q is a nil *Variable", k)
			}
		default:
			errorf("GradientMap", "source %q must be a *Tensor or *Variable, got %T", k, s)
		}
		srcs[i] = sources[k]
	}
	gs := t.GradientsOf([]*Tensor{target}, srcs, opts...)
	out := make(map[string]*Tensor, len(keys))
	for i, k := range keys {
		out[k] = gs[i]
	}
	return out
}
