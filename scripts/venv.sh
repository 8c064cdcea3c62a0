#!/usr/bin/env bash
# Build or reuse the virtual environment at .venv. Usage: scripts/venv.sh [app|dev]
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-app}"
req=requirements.txt
[ "$kind" = dev ] && req=requirements-dev.txt
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=".venv/.installed-$kind"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(cat requirements*.txt | sha256sum)" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$req"
  cat requirements*.txt | sha256sum > "$stamp"
fi
