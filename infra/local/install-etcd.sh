#!/usr/bin/env bash
# etcd server and etcdctl from Debian's packages. The package's own service does not run here:
# our scripts and test fixtures start etcd processes themselves.
set -euo pipefail
if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" etcd-server etcd-client
# The package may start its own member on the default ports; stop it so it cannot collide with ours.
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd systemctl stop etcd 2>/dev/null || true
$sudo_cmd service etcd stop 2>/dev/null || true
etcd --version | head -1
