#!/usr/bin/env bash
# The project's one GPU session, prepared to run unattended on a lent NVIDIA machine (no internet there).
#   1. the "Paper Figure 6 (GPU)" preset on the full Fashion-MNIST for depths 20 and 56, plain and residual: a fixed
#      share of the paper's 64k iterations (the largest of 1/4, 1/8, 1/16 that a 300-iteration probe says fits in
#      about 200 s), with the paper's step schedule scaled to it; checkpoints of all four networks;
#   2. the same engine under torchrun with NCCL (one process), a few iterations;
#   3. the Inspector's GPU path against the CPU (benchmarks/gpu_check.py).
# Needs: .gpu/fmnist (the four raw .gz files of Fashion-MNIST) and .gpu/whl (captum's wheel), carried along.
set -uo pipefail
OUT="${OUT:-/tmp/gpu-out}"
mkdir -p "$OUT/ckpt"
export PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .gpu/whl/*.whl && export PYTHONPATH=/tmp/site
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import torch, torchvision, sys; print('torch', torch.__version__, 'torchvision', torchvision.__version__, 'python', sys.version.split()[0])"
common=(--preset paper --dataset fashion-mnist --data-dir .gpu/fmnist --depths 20,56 --device cuda)

python3 -m resnet_viz train "${common[@]}" --iterations 300 --evals 1 --out /tmp/probe.json --quiet
share=$(python3 - <<'PY'
import json
run = json.load(open("/tmp/probe.json"))
it_per_s = run["progress"]["images_per_s"] / run["config"]["batch_size"]
budget = 200  # seconds of training
for share in (4, 8, 16):
    if 64000 / share / it_per_s <= budget:
        break
print(share)
print(f"probe: {it_per_s:.1f} iterations/s over 4 networks -> share 1/{share}", file=__import__("sys").stderr)
PY
)
iters=$((64000 / share))
python3 -m resnet_viz train "${common[@]}" --iterations "$iters" --label "Paper Figure 6, 1/$share share, full Fashion-MNIST, H100" \
  --out "$OUT/paper-fashion-mnist-gpu.json" --save-checkpoints "$OUT/ckpt" 2>&1 | tail -25

python3 -m torch.distributed.run --nproc_per_node=1 -m resnet_viz train "${common[@]}" --iterations 60 --evals 1 \
  --out /tmp/ddp.json --quiet 2>&1 | tail -5
python3 -c "import json; d=json.load(open('/tmp/ddp.json')); print('torchrun/nccl run:', d['status'], d['environment'])"

[ -n "${SKIP_GPU_CHECK:-}" ] || python3 -m benchmarks.gpu_check 2>&1 | tee "$OUT/gpu_check.txt"
