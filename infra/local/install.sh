#!/usr/bin/env bash
# Installs what the local stack needs and is missing: etcd, the DejaVu fonts and chromium with its driver (Debian packages) and Azurite (npm, into
# the git-ignored .local/ folder). Safe to run again: it does nothing when everything is there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-etcd.sh"
"$here/install-azurite.sh"
"$here/install-fonts.sh"
"$here/install-browser.sh"
