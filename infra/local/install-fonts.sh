#!/usr/bin/env bash
# DejaVu Sans from Debian's fonts-dejavu-core: `mao chart` and its tests draw text with it (SkiaSharp's
# no-dependency build cannot ask fontconfig for a system font).
set -euo pipefail
if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" fonts-dejavu-core
