#!/usr/bin/env bash
# Usage: bash scripts/apt-install.sh WHO PACKAGE...
# Installs the named Debian packages (quietly, without recommends; through sudo when not root),
# announcing "WHO: installing …". Nothing to install: does nothing. Used by
# scripts/setup-test.sh and bench/run.sh.
set -euo pipefail
who=$1
shift
[ $# -gt 0 ] || exit 0
echo "$who: installing $*"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
