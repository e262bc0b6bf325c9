#!/usr/bin/env bash
# Debian's chromium and chromium-driver: the dashboard's browser test (tests/Mao.Site.Tests/Insights/DashboardBrowserTests.cs)
# drives a headless chromium through /usr/bin/chromedriver with Selenium. Both come from the same Debian release, so
# their versions match.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" chromium chromium-driver
