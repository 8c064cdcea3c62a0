#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian: Chromium for the browser tests, CJK fonts so 简体中文 renders, Fashion-MNIST for the data tests.
missing=()
for pkg in chromium fonts-noto-cjk dataset-fashion-mnist; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
scripts/venv.sh dev
exec .venv/bin/python -m pytest -q "$@"
