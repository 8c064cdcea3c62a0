#!/usr/bin/env bash
# Run ResNet Explorer on its embedded, offline default. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh app
exec .venv/bin/python -m streamlit run app.py "$@"
