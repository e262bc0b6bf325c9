#!/usr/bin/env bash
# Debian's chromium and chromium-driver: the dashboard's browser test (tests/Mao.Site.Tests/Insights/DashboardBrowserTests.cs)
# drives a headless chromium through /usr/bin/chromedriver with Selenium. Both come from the same Debian release, so
# their versions match.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
echo "installing chromium and chromium-driver (Debian packages)..."
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
