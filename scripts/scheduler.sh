#!/usr/bin/env bash
# The scheduler of a school's cluster, on the teacher's server (README, "A school's cluster"): listens on port 8786
# of every interface, for the workers of the school's network. Then start the app with
# RESNET_VIZ_CLUSTER=tcp://localhost:8786 scripts/run-app.sh. Extra arguments go to `dask scheduler` (TLS: README).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh app
# The scheduler unpickles each job's description, so it imports the project too.
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" exec .venv/bin/dask scheduler --port 8786 --no-dashboard "$@"
