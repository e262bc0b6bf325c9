#!/usr/bin/env bash
# DejaVu Sans from Debian's fonts-dejavu-core: `mao chart` and its tests draw text with it (SkiaSharp's
# no-dependency build cannot ask fontconfig for a system font).
set -euo pipefail
if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  exit 0
fi
echo "installing fonts-dejavu-core (Debian package)..."
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
