#!/usr/bin/env bash
# Prints the Go build tags for this machine: "openblas" when OpenBLAS and its headers are
# installed (Debian: libopenblas-dev) and cgo works, nothing otherwise (pure-Go build).
# Usage: go build -tags "$(bash scripts/gotags.sh)" ...   GOTAPE_PUREGO=1 forces no tags.
set -u
tags=()
if [ "${GOTAPE_PUREGO:-}" != "1" ] && [ "$(${GO:-go} env CGO_ENABLED 2>/dev/null)" = "1" ]; then
	if pkg-config --exists openblas 2>/dev/null \
		|| compgen -G '/usr/include/x86_64-linux-gnu/openblas*' >/dev/null \
		|| compgen -G '/usr/include/*-linux-gnu/openblas*' >/dev/null \
		|| compgen -G '/usr/lib/*-linux-gnu/libopenblas.so' >/dev/null \
		|| [ -e /usr/lib/libopenblas.so ] || [ -e /usr/local/lib/libopenblas.so ]; then
		tags+=(openblas)
	fi
fi
(IFS=,; echo "${tags[*]:-}")
