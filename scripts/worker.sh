#!/usr/bin/env bash
# A worker of a school's cluster (README, "A school's cluster"): this project's environment, then one Dask worker
# that takes training and transfer jobs from the scheduler at ADDRESS. A machine with an NVIDIA GPU offers it, and
# the big jobs go there first. Usage: scripts/worker.sh tcp://TEACHER-SERVER:8786 [more `dask worker` options]
set -euo pipefail
cd "$(dirname "$0")/.."
address="${1:?usage: scripts/worker.sh tcp://TEACHER-SERVER:8786}"
shift
scripts/venv.sh app
gpu=()
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then gpu=(--resources GPU=1); fi
# One job at a time per worker, and that job's torch uses every core (Dask would give its processes one thread).
export DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__OMP_NUM_THREADS="$(nproc)"
export DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__MKL_NUM_THREADS="$(nproc)"
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" exec .venv/bin/dask worker "$address" --nthreads 1 \
  --name "$(hostname)" --no-dashboard "${gpu[@]}" "$@"
