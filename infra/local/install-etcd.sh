#!/usr/bin/env bash
# etcd server and etcdctl from Debian's packages. The package's own service does not run here:
# our scripts and test fixtures start etcd processes themselves.
set -euo pipefail
if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then
  exit 0
fi
echo "installing etcd-server and etcd-client (Debian packages)..."
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends etcd-server etcd-client >/dev/null
# The package may start its own member on the default ports; stop it so it cannot collide with ours.
$sudo_cmd systemctl stop etcd 2>/dev/null || true
$sudo_cmd service etcd stop 2>/dev/null || true
etcd --version | head -1
