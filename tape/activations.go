package tape

import "math"

// The activations and special functions of tf.nn and tf.math. Each is one element-wise op
// whose derivative f'(x) is written with recorded ops (so higher orders work, in both modes).

const (
	seluAlpha = 1.6732632423543772848170429916717
	seluScale = 1.0507009873554804934193349852946
)

func softplus(v float64) float64 { return max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))) }

func elu(v float64) float64 {
	if v > 0 {
		return v
	}
	return math.Expm1(v)
}

func selu(v float64) float64 {
	if v > 0 {
		return seluScale * v
	}
	return seluScale * seluAlpha * math.Expm1(v)
}

func gelu(v float64) float64 { return 0.5 * v * (1 + math.Erf(v/math.Sqrt2)) }

func swish(v float64) float64 { return v * sigmoid(v) }

// positive returns x > 0 as a bool tensor (no gradient).
func positive(x *Tensor) *Tensor { return binaryValue("Greater", x, scalarLike(0, x), opGT) }

// Softplus returns log(1 + eˣ), computed without overflow (tf.nn.softplus). d/dx = σ(x).
func Softplus(x TensorLike) *Tensor {
	return unaryOp("Softplus", tensorOf(x), softplus, rules{d: dSoftplus})
}

// ELU returns x for x > 0, else eˣ - 1 (tf.nn.elu). d/dx = 1 for x > 0, else eˣ.
func ELU(x TensorLike) *Tensor { return unaryOp("ELU", tensorOf(x), elu, rules{d: dELU}) }

// SELU returns scale·x for x > 0, else scale·alpha·(eˣ - 1), with TensorFlow's constants
// (tf.nn.selu).
func SELU(x TensorLike) *Tensor { return unaryOp("SELU", tensorOf(x), selu, rules{d: dSELU}) }

// GELU returns x·Φ(x) = x/2·(1 + erf(x/√2)), the exact form (tf.nn.gelu, approximate=False).
func GELU(x TensorLike) *Tensor { return unaryOp("GELU", tensorOf(x), gelu, rules{d: dGELU}) }

// Swish returns x·σ(x) (tf.nn.silu, also called swish).
func Swish(x TensorLike) *Tensor { return unaryOp("Swish", tensorOf(x), swish, rules{d: dSwish}) }

// Log1p returns log(1 + x), accurate for small x. d/dx = 1/(1+x).
func Log1p(x TensorLike) *Tensor { return unaryOp("Log1p", tensorOf(x), math.Log1p, rules{d: dLog1p}) }

// Expm1 returns eˣ - 1, accurate for small x. d/dx = eˣ.
func Expm1(x TensorLike) *Tensor { return unaryOp("Expm1", tensorOf(x), math.Expm1, rules{d: dExpm1}) }

// Erf returns the error function. d/dx = 2/√π·e^(-x²).
func Erf(x TensorLike) *Tensor { return unaryOp("Erf", tensorOf(x), math.Erf, rules{d: dErf}) }

// LeakyReLU returns x for x > 0, else alpha·x (tf.nn.leaky_relu; TensorFlow's default alpha
// is 0.2).
func LeakyReLU(x TensorLike, alpha float64) *Tensor { return leakyReLU(tensorOf(x), alpha) }

// leakyReLU is LeakyReLU on a tensor.
func leakyReLU(x *Tensor, alpha float64) *Tensor {
	out := unaryValue("LeakyReLU", x, func(v float64) float64 {
		if v > 0 {
			return v
		}
		return alpha * v
	})
	if recording() {
		record("LeakyReLU", out, []*Tensor{x}, batched, rules{d: func(x, _ *Tensor) *Tensor { return dLeakyReLU(x, alpha) }})
	}
	return out
}

// ClipByValue limits x to [lo, hi] element-wise (tf.clip_by_value); the gradient passes where
// lo <= x <= hi and is zero elsewhere.
func ClipByValue(x TensorLike, lo, hi float64) *Tensor { return clipByValue(tensorOf(x), lo, hi) }

// clipByValue is ClipByValue on a tensor.
func clipByValue(x *Tensor, lo, hi float64) *Tensor {
	if lo > hi {
		errorf("ClipByValue", "lo %g is greater than hi %g", lo, hi)
	}
	out := unaryValue("ClipByValue", x, func(v float64) float64 { return min(max(v, lo), hi) })
	if recording() {
		record("ClipByValue", out, []*Tensor{x}, batched, rules{d: func(x, _ *Tensor) *Tensor { return dClipByValue(x, lo, hi) }})
	}
	return out
}

// ClipByNorm rescales x so that its L2 norm (over all elements) is at most clipNorm:
// x·clipNorm/max(‖x‖, clipNorm) (tf.clip_by_norm). A composite of recorded ops; a zero
// tensor stays zero with a finite gradient.
func ClipByNorm(x TensorLike, clipNorm float64) *Tensor { return clipByNorm(tensorOf(x), clipNorm) }

// clipByNorm is ClipByNorm on a tensor.
func clipByNorm(x *Tensor, clipNorm float64) *Tensor {
	mustNotNil(x, "ClipByNorm")
	if clipNorm <= 0 {
		errorf("ClipByNorm", "clipNorm must be positive, got %g", clipNorm)
	}
	sum := ReduceSum(Square(x), nil, true)
	pos := positive(sum)
	safe := Where(pos, sum, OnesLike(sum))
	norm := Where(pos, Sqrt(safe), sum)
	c := scalarLike(clipNorm, x)
	return Div(Mul(x, c), Maximum(norm, c))
}

// The derivatives f'(x) (out is f(x)): the VJP multiplies them by g, the JVP by the tangent.

func dSoftplus(x, _ *Tensor) *Tensor { return Sigmoid(x) }

func dELU(x, out *Tensor) *Tensor {
	return Where(positive(x), OnesLike(x), Add(out, scalarLike(1, out)))
}

func dSELU(x, out *Tensor) *Tensor {
	return Where(positive(x), scalarLike(seluScale, x), Add(out, scalarLike(seluScale*seluAlpha, out)))
}

func dGELU(x, _ *Tensor) *Tensor { // Φ(x) + x·φ(x)
	cdf := Mul(scalarLike(0.5, x), Add(scalarLike(1, x), Erf(Mul(x, scalarLike(1/math.Sqrt2, x)))))
	pdf := Mul(scalarLike(1/math.Sqrt(2*math.Pi), x), Exp(Mul(Square(x), scalarLike(-0.5, x))))
	return Add(cdf, Mul(x, pdf))
}

func dSwish(x, _ *Tensor) *Tensor { // σ(x)·(1 + x·(1 - σ(x)))
	s := Sigmoid(x)
	one := scalarLike(1, x)
	return Mul(s, Add(one, Mul(x, Sub(one, s))))
}

func dLog1p(x, _ *Tensor) *Tensor { return Div(scalarLike(1, x), Add(x, scalarLike(1, x))) }

func dExpm1(_, out *Tensor) *Tensor { return Add(out, scalarLike(1, out)) }

func dErf(x, _ *Tensor) *Tensor {
	return Mul(scalarLike(2/math.Sqrt(math.Pi), x), Exp(Neg(Square(x))))
}

func dLeakyReLU(x *Tensor, alpha float64) *Tensor {
	return unaryValue("LeakyReLUGrad", x, func(v float64) float64 {
		if v > 0 {
			return 1
		}
		return alpha
	})
}

func dClipByValue(x *Tensor, lo, hi float64) *Tensor {
	return unaryValue("ClipByValueGrad", x, func(v float64) float64 {
		if v >= lo && v <= hi {
			return 1
		}
		return 0
	})
}
