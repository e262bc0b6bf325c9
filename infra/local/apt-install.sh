#!/usr/bin/env bash
# Installs Debian packages (no recommends, quietly), with sudo when not root. The one place the install scripts
# talk to apt, so each refreshes the package lists and installs the same way.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: apt-install.sh PACKAGE..." >&2; exit 2; }
echo "installing $* (Debian packages)..."
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >/dev/null
