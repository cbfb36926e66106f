package optim

import "math"

// The per-element update rules, compiled once for float32 and float64. Every operation is
// rounded to T (the explicit T(...) conversions also forbid fused multiply-add), so a float32
// variable follows the float32 arithmetic of TensorFlow/Keras.
//
// The rules are out of place: they read the old value x and write the new one to dst (a fresh
// slice, or x itself), so a variable is streamed once per step and the tensor holding the old
// value never changes. dst, x, g and the slots all have the same length.

type float interface{ ~float32 | ~float64 }

func sqrtT[T float](x T) T { return T(math.Sqrt(float64(x))) }

func powT[T float](x T, n int) T { return T(math.Pow(float64(x), float64(n))) }

// sgdStep: x ← x − lr·g.
func sgdStep[T float](dst, x, g []T, lr T) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i := range dst {
		dst[i] = T(x[i] - T(lr*g[i]))
	}
}

// momentumStep (Keras): m ← −lr·g + μ·m; x ← x + m, or x ← x − lr·g + μ·m with Nesterov.
func momentumStep[T float](dst, x, g, m []T, lr, mu T, nesterov bool) {
	x, g, m = x[:len(dst)], g[:len(dst)], m[:len(dst)]
	for i := range dst {
		step := T(-lr * g[i])
		mi := T(step + T(mu*m[i]))
		m[i] = mi
		if nesterov {
			dst[i] = T(x[i] + T(step+T(mu*mi)))
		} else {
			dst[i] = T(x[i] + mi)
		}
	}
}

// adamStep (Keras): m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); x ← x − α·m/(√v + ε)
// with α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) computed by the caller (adamAlpha).
func adamStep[T float](dst, x, g, m, v []T, alpha, b1, b2, eps T) {
	adamLoop(dst, x, g, m, v, alpha, T(1-b1), T(1-b2), eps)
}

// adamLoop is adamStep's loop with c1 = 1 − β1 and c2 = 1 − β2 (the fallback of the vector
// kernel, and its tail).
func adamLoop[T float](dst, x, g, m, v []T, alpha, c1, c2, eps T) {
	x, g, m, v = x[:len(dst)], g[:len(dst)], m[:len(dst)], v[:len(dst)]
	for i := range dst {
		gi, mi, vi := g[i], m[i], v[i]
		mi = T(mi + T(T(gi-mi)*c1))
		vi = T(vi + T(T(T(gi*gi)-vi)*c2))
		m[i], v[i] = mi, vi
		dst[i] = T(x[i] - T(T(mi*alpha)/T(sqrtT(vi)+eps)))
	}
}

// adamAlpha is the bias-corrected step size lr·√(1 − β2ᵗ)/(1 − β1ᵗ), in T arithmetic.
func adamAlpha[T float](lr, b1, b2 T, t int) T {
	b1p, b2p := powT(b1, t), powT(b2, t)
	return T(T(lr*sqrtT(T(1-b2p))) / T(1-b1p))
}

// rmspropStep (Keras 3): a ← ρa + (1 − ρ)g²; (centered: ḡ ← ρḡ + (1 − ρ)g, d = a − ḡ²)
// Δ = lr·g/√(d + ε); with momentum μ: m ← μm + Δ, x ← x − m; else x ← x − Δ.
// mg is nil unless centered, mom nil unless μ > 0.
func rmspropStep[T float](dst, x, g, a, mg, mom []T, lr, rho, mu, eps T) {
	c := T(1 - rho)
	x, g, a = x[:len(dst)], g[:len(dst)], a[:len(dst)]
	for i := range dst {
		gi := g[i]
		a[i] = T(T(rho*a[i]) + T(c*T(gi*gi)))
		d := a[i]
		if mg != nil {
			mg[i] = T(T(rho*mg[i]) + T(c*gi))
			d = T(d - T(mg[i]*mg[i]))
		}
		inc := T(T(lr*gi) / sqrtT(T(d+eps)))
		if mom != nil {
			mom[i] = T(T(mu*mom[i]) + inc)
			inc = mom[i]
		}
		dst[i] = T(x[i] - inc)
	}
}

// adagradStep (Keras 3): a ← a + g²; x ← x − lr·g/√(a + ε).
func adagradStep[T float](dst, x, g, a []T, lr, eps T) {
	x, g, a = x[:len(dst)], g[:len(dst)], a[:len(dst)]
	for i := range dst {
		gi := g[i]
		ai := T(a[i] + T(gi*gi))
		a[i] = ai
		dst[i] = T(x[i] - T(T(lr*gi)/sqrtT(T(ai+eps))))
	}
}

// sumSquares returns Σg² accumulated in float64.
func sumSquares[T float](g []T) float64 {
	s := 0.0
	for _, v := range g {
		s += float64(v) * float64(v)
	}
	return s
}

// scale multiplies g by s in place (s rounded to T first).
func scale[T float](g []T, s float64) {
	st := T(s)
	for i := range g {
		g[i] = T(g[i] * st)
	}
}

// clipValues clamps every element of g to [−c, c].
func clipValues[T float](g []T, c float64) {
	ct := T(c)
	for i, v := range g {
		if v > ct {
			g[i] = ct
		} else if v < -ct {
			g[i] = -ct
		}
	}
}
