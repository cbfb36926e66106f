package optim

import "math"

// The per-element update rules, compiled once for float32 and float64. Every operation is
// rounded to T (the explicit T(...) conversions also forbid fused multiply-add), so a float32
// variable follows the float32 arithmetic of TensorFlow/Keras.

type float interface{ ~float32 | ~float64 }

func sqrtT[T float](x T) T { return T(math.Sqrt(float64(x))) }

func powT[T float](x T, n int) T { return T(math.Pow(float64(x), float64(n))) }

// sgdStep: x ← x − lr·g.
func sgdStep[T float](x, g []T, lr T) {
	for i := range x {
		x[i] = T(x[i] - T(lr*g[i]))
	}
}

// momentumStep (Keras): m ← −lr·g + μ·m; x ← x + m, or x ← x − lr·g + μ·m with Nesterov.
func momentumStep[T float](x, g, m []T, lr, mu T, nesterov bool) {
	for i := range x {
		step := T(-lr * g[i])
		m[i] = T(step + T(mu*m[i]))
		if nesterov {
			x[i] = T(x[i] + T(step+T(mu*m[i])))
		} else {
			x[i] = T(x[i] + m[i])
		}
	}
}

// adamStep (Keras): m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); x ← x − α·m/(√v + ε)
// with α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) computed by the caller (adamAlpha).
func adamStep[T float](x, g, m, v []T, alpha, b1, b2, eps T) {
	c1, c2 := T(1-b1), T(1-b2)
	for i := range x {
		gi := g[i]
		m[i] = T(m[i] + T(T(gi-m[i])*c1))
		v[i] = T(v[i] + T(T(T(gi*gi)-v[i])*c2))
		x[i] = T(x[i] - T(T(m[i]*alpha)/T(sqrtT(v[i])+eps)))
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
func rmspropStep[T float](x, g, a, mg, mom []T, lr, rho, mu, eps T) {
	c := T(1 - rho)
	for i := range x {
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
		x[i] = T(x[i] - inc)
	}
}

// adagradStep (Keras 3): a ← a + g²; x ← x − lr·g/√(a + ε).
func adagradStep[T float](x, g, a []T, lr, eps T) {
	for i := range x {
		gi := g[i]
		a[i] = T(a[i] + T(gi*gi))
		x[i] = T(x[i] - T(T(lr*gi)/sqrtT(T(a[i]+eps))))
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
