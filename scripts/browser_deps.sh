#!/usr/bin/env bash
# Install what the browser tests need: Debian's Chromium and axe-core from npm.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium for the browser tests"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "ERROR: could not install chromium with apt-get (needs root and Debian's package mirror)" >&2
    exit 1
  fi
fi
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules/axe-core ]; then
  echo "==> installing axe-core from npm for the accessibility tests"
  (cd tests/browser && npm ci --silent --no-audit --no-fund 2>/dev/null || npm install --silent --no-audit --no-fund) \
    || { echo "ERROR: npm install in tests/browser failed (needs the npm registry)" >&2; exit 1; }
fi
echo "==> browser test dependencies ready"
