package nn_test

import (
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/tapetest"
)

// f64 is a float64 tensor of the given shape holding standard normal draws from rng.
func f64(rng *rand.Rand, shape ...int) *tape.Tensor {
	return tapetest.RandomInputs([][]int{shape}, rng.NormFloat64)[0]
}

// refConv is a direct NHWC/HWIO convolution with TensorFlow's padding rule.
func refConv(x []float64, xs []int, k []float64, ks []int, stride int, same bool) ([]float64, []int) {
	n, h, w, c := xs[0], xs[1], xs[2], xs[3]
	kh, kw, f := ks[0], ks[1], ks[3]
	var oh, ow, pt, pl int
	if same {
		oh, ow = (h+stride-1)/stride, (w+stride-1)/stride
		pt = max((oh-1)*stride+kh-h, 0) / 2
		pl = max((ow-1)*stride+kw-w, 0) / 2
	} else {
		oh, ow = (h-kh)/stride+1, (w-kw)/stride+1
	}
	out := make([]float64, n*oh*ow*f)
	for b := range n {
		for i := range oh {
			for j := range ow {
				for o := range f {
					s := 0.0
					for di := range kh {
						for dj := range kw {
							y, xx := i*stride+di-pt, j*stride+dj-pl
							if y < 0 || y >= h || xx < 0 || xx >= w {
								continue
							}
							for ci := range c {
								s += x[((b*h+y)*w+xx)*c+ci] * k[((di*kw+dj)*c+ci)*f+o]
							}
						}
					}
					out[((b*oh+i)*ow+j)*f+o] = s
				}
			}
		}
	}
	return out, []int{n, oh, ow, f}
}

func TestDenseForward(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	d := nn.Dense(3, nn.Activation("tanh"), nn.BiasInit(nn.RandomNormal(0, 1, 5)))
	x := f64(rng, 4, 5)
	y := d.Call(x, false)
	dl := d
	if !slices.Equal(dl.Kernel().Shape(), []int{5, 3}) || !slices.Equal(dl.Bias().Shape(), []int{3}) || dl.Kernel().DType() != tape.Float64 {
		t.Fatalf("kernel %v %v, bias %v", dl.Kernel().Shape(), dl.Kernel().DType(), dl.Bias().Shape())
	}
	W, b, xv := dl.Kernel().Floats(), dl.Bias().Floats(), x.Floats()
	want := make([]float64, 12)
	for i := range 4 {
		for j := range 3 {
			s := b[j]
			for k := range 5 {
				s += xv[i*5+k] * W[k*3+j]
			}
			want[i*3+j] = math.Tanh(s)
		}
	}
	tapetest.CloseAll(t, "dense", y.Floats(), want, 1e-12)
	if !slices.Equal(y.Shape(), []int{4, 3}) || len(d.TrainableVariables()) != 2 {
		t.Errorf("shape %v, %d variables", y.Shape(), len(d.TrainableVariables()))
	}
	// Rank-3 input: applied to the last axis.
	y3 := d.Call(tape.Reshape(x, 2, 2, 5), false)
	if !slices.Equal(y3.Shape(), []int{2, 2, 3}) {
		t.Fatalf("rank-3 shape %v", y3.Shape())
	}
	tapetest.CloseAll(t, "dense rank 3", y3.Floats(), want, 1e-12)
	// Wrong input width afterwards: a clear error.
	err := tape.Try(func() { d.Call(f64(rng, 4, 6), false) })
	if err == nil || !strings.HasPrefix(err.Error(), "nn: ") || !strings.Contains(err.Error(), "(4, 6)") {
		t.Errorf("error %v", err)
	}
}

func TestConv2DForward(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, tc := range []struct {
		h, w, c, f, k, s int
		pad              string
	}{
		{6, 5, 2, 3, 3, 1, "valid"},
		{6, 5, 2, 3, 3, 1, "same"},
		{7, 8, 3, 2, 3, 2, "valid"},
		{7, 8, 3, 2, 3, 2, "same"},
		{5, 5, 1, 4, 2, 2, "same"},
		{4, 4, 2, 1, 1, 1, "valid"},
	} {
		l := nn.Conv2D(tc.f, tc.k, nn.Strides(tc.s), nn.Padding(tc.pad), nn.BiasInit(nn.RandomUniform(-1, 1, 3)))
		x := f64(rng, 2, tc.h, tc.w, tc.c)
		y := l.Call(x, false)
		cl := l
		want, ws := refConv(x.Floats(), x.Shape(), cl.Kernel().Floats(), cl.Kernel().Shape(), tc.s, tc.pad == "same")
		b := cl.Bias().Floats()
		for i := range want {
			want[i] += b[i%tc.f]
		}
		if !slices.Equal(y.Shape(), ws) || !slices.Equal(l.OutputShape([]int{-1, tc.h, tc.w, tc.c}), append([]int{-1}, ws[1:]...)) {
			t.Fatalf("%+v: shape %v, OutputShape %v, want %v", tc, y.Shape(), l.OutputShape([]int{-1, tc.h, tc.w, tc.c}), ws)
		}
		tapetest.CloseAll(t, "conv", y.Floats(), want, 1e-12)
	}
}

func TestMaxPoolForward(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, tc := range []struct {
		h, w, size, s int
		pad           string
	}{{4, 6, 2, 2, "valid"}, {5, 5, 2, 2, "valid"}, {5, 5, 2, 2, "same"}, {6, 6, 3, 1, "valid"}} {
		opts := []nn.LayerOption{nn.Padding(tc.pad)}
		if tc.s != tc.size {
			opts = append(opts, nn.Strides(tc.s))
		}
		l := nn.MaxPool2D(tc.size, opts...)
		x := f64(rng, 2, tc.h, tc.w, 3)
		y := l.Call(x, false)
		// Reference: max over the window (TF SAME pads with −∞).
		os := l.OutputShape([]int{2, tc.h, tc.w, 3})
		oh, ow := os[1], os[2]
		pt, pl := 0, 0
		if tc.pad == "same" {
			pt = max((oh-1)*tc.s+tc.size-tc.h, 0) / 2
			pl = max((ow-1)*tc.s+tc.size-tc.w, 0) / 2
		}
		xv := x.Floats()
		var want []float64
		for b := range 2 {
			for i := range oh {
				for j := range ow {
					for c := range 3 {
						m := math.Inf(-1)
						for di := range tc.size {
							for dj := range tc.size {
								yy, xx := i*tc.s+di-pt, j*tc.s+dj-pl
								if yy >= 0 && yy < tc.h && xx >= 0 && xx < tc.w {
									m = math.Max(m, xv[((b*tc.h+yy)*tc.w+xx)*3+c])
								}
							}
						}
						want = append(want, m)
					}
				}
			}
		}
		if !slices.Equal(y.Shape(), os) {
			t.Fatalf("%+v: shape %v, want %v", tc, y.Shape(), os)
		}
		tapetest.CloseAll(t, "maxpool", y.Floats(), want, 0)
	}
}

func TestDropout(t *testing.T) {
	x := tape.Ones(200, 50)
	d := nn.Dropout(0.25, nn.Seed(7))
	if y := d.Call(x, false); y != x {
		t.Error("Dropout changes its input when not training")
	}
	y := d.Call(x, true).Floats()
	zeros := 0
	for _, v := range y {
		switch {
		case v == 0:
			zeros++
		case math.Abs(v-1/0.75) > 1e-6:
			t.Fatalf("kept value %v, want %v", v, 1/0.75)
		}
	}
	if frac := float64(zeros) / float64(len(y)); math.Abs(frac-0.25) > 0.02 {
		t.Errorf("dropped %.3f of the inputs, want 0.25", frac)
	}
	// Same seed, same masks; the gradient flows through the kept inputs only.
	y2 := nn.Dropout(0.25, nn.Seed(7)).Call(x, true).Floats()
	if !slices.Equal(y, y2) {
		t.Error("same seed, different masks")
	}
	if y3 := d.Call(x, true).Floats(); slices.Equal(y, y3) {
		t.Error("two calls gave the same mask")
	}
	xs := f64(rand.New(rand.NewSource(1)), 4, 10)
	tp := tape.NewGradientTape()
	tp.Watch(xs)
	var out *tape.Tensor
	tp.Record(func() { out = nn.Dropout(0.5, nn.Seed(3)).Call(xs, true) })
	g := tp.Gradient(out, xs).Floats()
	for i, o := range out.Floats() {
		if want := o / xs.Floats()[i]; math.Abs(g[i]-want) > 1e-12 {
			t.Fatalf("dropout gradient %v, want %v", g[i], want)
		}
	}
	// Unseeded layers draw from tape's global source: tape.SetSeed makes them repeat.
	g1 := nn.Dropout(0.4)
	tape.SetSeed(11)
	m1 := g1.Call(x, true).Floats()
	tape.SetSeed(11)
	m2 := g1.Call(x, true).Floats()
	zeros = 0
	for _, v := range m1 {
		if v == 0 {
			zeros++
		}
	}
	if !slices.Equal(m1, m2) || math.Abs(float64(zeros)/float64(len(m1))-0.4) > 0.02 {
		t.Errorf("global-source dropout: repeatable %v, dropped %.3f (want 0.4)", slices.Equal(m1, m2), float64(zeros)/float64(len(m1)))
	}
	if err := tape.Try(func() { nn.Dropout(1) }); err == nil {
		t.Error("rate 1 accepted")
	}
}

func TestFlatten(t *testing.T) {
	x := tape.Reshape(tape.Range(0, 24, 1), 2, 3, 4, 1)
	y := nn.Flatten().Call(x, false)
	if !slices.Equal(y.Shape(), []int{2, 12}) || !slices.Equal(y.Floats(), x.Floats()) {
		t.Errorf("flatten: %v %v", y.Shape(), y.Floats())
	}
}

// gradCheck compares the tape gradient of L = Σ f()·R with central differences, for each
// variable and for the input x (float64 throughout).
func gradCheck(t *testing.T, name string, f func(x *tape.Tensor) *tape.Tensor, x *tape.Tensor, vars []*tape.Variable) {
	t.Helper()
	rng := rand.New(rand.NewSource(9))
	out := f(x)
	r := f64(rng, out.Shape()...)
	loss := func(x *tape.Tensor) float64 { return tape.ReduceSum(tape.Mul(f(x), r), nil, false).Float() }
	tp := tape.NewGradientTape(tape.Persistent(true))
	tp.Watch(x)
	var l *tape.Tensor
	tp.Record(func() { l = tape.ReduceSum(tape.Mul(f(x), r), nil, false) })
	const h = 1e-6
	for k, v := range vars {
		g := tp.Gradient(l, v).Floats()
		val := v.Floats()
		for i := range val {
			orig := val[i]
			val[i] = orig + h
			v.Assign(tape.Reshape(tape.Constant(val, tape.Float64), v.Shape()...))
			up := loss(x)
			val[i] = orig - h
			v.Assign(tape.Reshape(tape.Constant(val, tape.Float64), v.Shape()...))
			down := loss(x)
			val[i] = orig
			v.Assign(tape.Reshape(tape.Constant(val, tape.Float64), v.Shape()...))
			if num := (up - down) / (2 * h); math.Abs(num-g[i]) > 1e-6*(1+math.Abs(num)) {
				t.Fatalf("%s: d/d%s[%d] tape %.10g, numerical %.10g", name, v.Name(), i, g[i], num)
			}
			_ = k
		}
	}
	gx := tp.Gradient(l, x).Floats()
	xv := x.Floats()
	for i := range xv {
		orig := xv[i]
		xv[i] = orig + h
		up := loss(tape.Reshape(tape.Constant(xv, tape.Float64), x.Shape()...))
		xv[i] = orig - h
		down := loss(tape.Reshape(tape.Constant(xv, tape.Float64), x.Shape()...))
		xv[i] = orig
		if num := (up - down) / (2 * h); math.Abs(num-gx[i]) > 1e-6*(1+math.Abs(num)) {
			t.Fatalf("%s: d/dx[%d] tape %.10g, numerical %.10g", name, i, gx[i], num)
		}
	}
}

func TestLayerGradients(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	for _, tc := range []struct {
		name string
		l    nn.Layer
		x    *tape.Tensor
	}{
		{"dense", nn.Dense(3, nn.Activation("tanh"), nn.BiasInit(nn.RandomNormal(0, 1, 1))), f64(rng, 4, 5)},
		{"dense softmax", nn.Dense(4, nn.Activation("softmax")), f64(rng, 3, 5)},
		{"conv valid", nn.Conv2D(3, 3, nn.Activation("sigmoid"), nn.BiasInit(nn.RandomNormal(0, 1, 2))), f64(rng, 2, 5, 6, 2)},
		{"conv same stride 2", nn.Conv2D(2, 3, nn.Strides(2), nn.Padding("same")), f64(rng, 2, 5, 6, 2)},
		{"maxpool", nn.MaxPool2D(2), f64(rng, 2, 4, 6, 3)},
		{"maxpool same", nn.MaxPool2D(2, nn.Padding("same")), f64(rng, 1, 5, 5, 2)},
		{"flatten", nn.Flatten(), f64(rng, 2, 3, 3, 2)},
	} {
		tc.l.Call(tc.x, false) // build
		gradCheck(t, tc.name, func(x *tape.Tensor) *tape.Tensor { return tc.l.Call(x, false) }, tc.x, tc.l.TrainableVariables())
		// and tapetest's random-direction dot-product test on the input
		f := func(xs []*tape.Tensor) *tape.Tensor { return tc.l.Call(xs[0], false) }
		if err := tapetest.CheckVJP(f, []*tape.Tensor{tc.x}, tape.NewRand(7), 1e-6, 1e-6); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// A small CNN end to end, with the loss of the MNIST notebook.
	m := nn.NewSequential(
		nn.Conv2D(2, 3, nn.Activation("tanh"), nn.KernelInit(nn.RandomNormal(0, 0.5, 1))),
		nn.MaxPool2D(2),
		nn.Flatten(),
		nn.Dense(3, nn.Activation("softmax")),
	)
	x := f64(rng, 2, 6, 6, 1)
	y := tape.Constant([][]float64{{0, 1, 0}, {1, 0, 0}}, tape.Float64)
	m.Call(x, false)
	gradCheck(t, "cnn+crossentropy", func(x *tape.Tensor) *tape.Tensor {
		return nn.CategoricalCrossentropy(y, m.Call(x, false), false)
	}, x, m.TrainableVariables())
}

// TestActivationNames checks that every activation name applies its tape op (Keras' names).
func TestActivationNames(t *testing.T) {
	x := tape.Constant([][]float64{{-1.5, -0.2, 0.3, 2}}, tape.Float64)
	for name, want := range map[string]*tape.Tensor{
		"elu":        tape.ELU(x),
		"selu":       tape.SELU(x),
		"gelu":       tape.GELU(x),
		"swish":      tape.Swish(x),
		"silu":       tape.Swish(x),
		"leaky_relu": tape.LeakyReLU(x, 0.2),
		"softplus":   tape.Softplus(x),
	} {
		d := nn.Dense(4, nn.Activation(name), nn.KernelInit(nn.InitFunc(func(s []int) []float64 {
			id := make([]float64, s[0]*s[1])
			for i := range s[0] {
				id[i*s[1]+i] = 1
			}
			return id
		})))
		got := d.Call(x, false).Floats()
		for i, w := range want.Floats() {
			if math.Abs(got[i]-w) > 1e-12 {
				t.Errorf("%s: element %d is %v, want %v", name, i, got[i], w)
			}
		}
	}
	if err := tape.Try(func() { nn.Activation("mish") }); err == nil || !strings.Contains(err.Error(), "leaky_relu") {
		t.Errorf("unknown activation: %v", err)
	}
}
