#!/usr/bin/env bash
# Azurite (the Azure Storage emulator) from npm, pinned, into the repository's git-ignored .local/ folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=3.37.0
dir="$root/.local/azurite"
if [ -x "$dir/node_modules/.bin/azurite" ] && grep -q "\"version\": \"$version\"" "$dir/node_modules/azurite/package.json" 2>/dev/null; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or later (Debian: apt-get install nodejs npm)" >&2; exit 1; }
echo "installing azurite@$version (npm) into $dir..."
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"name":"mao-local-azurite","private":true}' > "$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "azurite@$version" >/dev/null
"$dir/node_modules/.bin/azurite" --version
