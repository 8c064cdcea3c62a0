#!/usr/bin/env bash
# The project's one GPU session: ONE unattended command on a lent NVIDIA H100 (no internet there) that ends within
# BUDGET_S seconds (default 540: the device tool allows 600 s per command and about 15 minutes per session, start-up
# included). In order (step 5 only if time is left; every step bounded by `timeout`):
#   1. benchmarks/engine_check.py: eager, stacked and graph-captured training compared step by step on CUDA (~30 s);
#   2. benchmarks/engine_throughput.py: their images/s side by side (paper width, 28x28, depths 20 and 56; ~90 s);
#   3. a 300-iteration probe of the engine "auto" picks on CUDA (stacked twins + CUDA graph) on full Fashion-MNIST;
#      resnet_viz.train.estimate.estimate_seconds turns its images/s into the time any share of the paper's run takes;
#   4. the paper's schedule (--preset paper: batch 128, lr 0.1 divided by 10 at 32k and 48k, 64k iterations,
#      He et al. 2015 Sec. 4.2) on full Fashion-MNIST for depths 20 and 56, plain and residual, with checkpoints:
#      all 64,000 iterations if the estimate fits the time left, else the largest of 1/2, 1/4, 1/8, 1/16 that does
#      (the step schedule scales with it) -- the log and the run's label say which;
#   5. if time is left: Table 6's depths (20, 32, 44, 56, 110; their plain twins come along) at the largest share
#      that fits, with 400 iterations of warm-up for every net (the paper warms ResNet-110 up at lr 0.01 for ~400);
#      otherwise it says it was skipped.
# Training runs under `timeout -s INT`: the command line saves a run stopped that way (status "cancelled"), so a run
# that the estimate misjudged still leaves its file. Everything lands in $OUT: session.txt (the log), *.txt (the
# benchmarks' output), paper-fashion-mnist-gpu.json, table6-fashion-mnist-gpu.json, ckpt-paper/, ckpt-table6/.
#
# Needs .gpu/fmnist: the four raw .gz files of Fashion-MNIST, and .gpu/whl: wheels of what the machine's Python lacks
# (captum, psutil), installed with --no-index; both git-ignored and carried to the machine. The script stops at once,
# saying why, if the library does not import. Run it from the repository root:
#   OUT=/tmp/gpu-out bash benchmarks/gpu_session.sh
# With the device tool: run(command="bash benchmarks/gpu_session.sh", carry=[".gpu"], timeout_s=600); $OUT is set
# there. Optional: BUDGET_S=<seconds>; EXTRA_CHECKS=1 adds, time allowing, the torchrun/NCCL check and
# benchmarks/gpu_check.py (the Inspector's GPU path) at the end.
set -uo pipefail
START=$(date +%s)
BUDGET_S="${BUDGET_S:-540}"
OUT="${OUT:-/tmp/gpu-out}"
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
left() { echo $((BUDGET_S - ($(date +%s) - START))); }
limit() { local s=$(($(left) - $1)); echo $((s < 5 ? 5 : s)); }  # seconds left minus a reserve, at least 5
cap() { local s; s=$(limit "$2"); echo $(($1 < s ? $1 : s)); }  # at most $1 s, and no more than limit $2
say() { echo "[$(($(date +%s) - START)) s] $*" | tee -a "$OUT/session.txt"; }

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee -a "$OUT/session.txt"
if compgen -G ".gpu/whl/*.whl" >/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .gpu/whl/*.whl \
    && export PYTHONPATH="/tmp/site${PYTHONPATH:+:$PYTHONPATH}"
fi
python3 -c "import torch, torchvision, sys; print(torch.__version__, torchvision.__version__, sys.version.split()[0])" \
  | tee -a "$OUT/session.txt"
if ! python3 -c "import resnet_viz.train.trainer" 2>>"$OUT/session.txt"; then
  say "the library does not import here (see above): stopping"
  exit 1
fi
data=(--dataset fashion-mnist --data-dir .gpu/fmnist --device cuda)

say "1. engines compared step by step"
timeout -k 10 "$(cap 60 300)" python3 -m benchmarks.engine_check --device cuda 2>&1 | tee "$OUT/engine_check.txt"

say "2. engine throughput"
timeout -k 10 "$(cap 150 300)" python3 -m benchmarks.engine_throughput --preset paper --dataset fashion-mnist-sample \
  --depths 20,56 --device cuda --iterations 100 --warmup 20 --rounds 2 2>&1 | tee "$OUT/engine_throughput.txt"

say "3. probe: 300 iterations, depths 20 and 56"
timeout -s INT -k 10 "$(cap 120 200)" python3 -m resnet_viz train --preset paper "${data[@]}" --depths 20,56 \
  --iterations 300 --log-every 100 --evals 1 --out "$OUT/probe.json" --quiet 2>&1 | tail -3

# share DEPTHS SECONDS: the largest share of the paper's 64k iterations (1, 2, 4, 8, 16 for 1/1 ... 1/16) that the
# probe says fits in SECONDS, or 0 if none does; the reasoning goes to the log.
share() {
  python3 - "$1" "$2" "$OUT/probe.json" <<'PY' 2>>"$OUT/session.txt"
import dataclasses, sys
from resnet_viz.train.runs import load_run
from resnet_viz.train.config import PRESETS
from resnet_viz.train.engine import engine_plan
from resnet_viz.train.estimate import estimate_seconds
depths, seconds = tuple(int(d) for d in sys.argv[1].split(",")), float(sys.argv[2])
try:
    probe = load_run(sys.argv[3])
except Exception as e:
    print(f"  no probe ({e}): 0", file=sys.stderr)
    print(0)
    raise SystemExit
config = dataclasses.replace(PRESETS["paper"], dataset="fashion-mnist", data_dir=".gpu/fmnist", device="cuda",
                             depths=depths)
# the probe ran what this run will run, even where a failed capture relabelled its engine
probe["environment"]["engine"] = engine_plan(config, "cuda").label
chosen = 0
for share in (1, 2, 4, 8, 16):
    need = estimate_seconds(dataclasses.replace(config, iterations=64000 // share), [probe])
    if need is None:
        print("  the probe gives no estimate (no images/s recorded)", file=sys.stderr)
        break
    print(f"  depths {sys.argv[1]}, 1/{share} of 64k iterations: estimated {need:.0f} s; {seconds:.0f} s to spend",
          file=sys.stderr)
    if need <= seconds:
        chosen = share
        break
print(chosen)
PY
}

say "4. the paper's schedule, depths 20 and 56"
n=$(share 20,56 "$(limit 45)")
if [ "${n:-0}" = 0 ]; then
  n=16
  say "   by the probe, no share fits the time left (or the probe failed): running 1/16 until the time is up"
fi
iters=$((64000 / n))
say "   1/$n of the paper's 64k iterations: $iters iterations"
timeout -s INT -k 20 "$(limit 20)" python3 -m resnet_viz train --preset paper "${data[@]}" --depths 20,56 \
  --iterations "$iters" --label "Paper schedule, 1/$n of 64k iterations, full Fashion-MNIST, GPU" \
  --out "$OUT/paper-fashion-mnist-gpu.json" --save-checkpoints "$OUT/ckpt-paper" 2>&1 | tail -30 | tee "$OUT/paper.txt"

say "5. Table 6 depths 20, 32, 44, 56, 110"
n=0
[ "$(left)" -gt 90 ] && n=$(share 20,32,44,56,110 "$(limit 30)")
if [ "${n:-0}" = 0 ]; then
  say "   skipped: by the probe, not even 1/16 of 64k iterations fits the $(left) s left"
else
  iters=$((64000 / n))
  say "   1/$n of the paper's 64k iterations: $iters iterations"
  timeout -s INT -k 20 "$(limit 15)" python3 -m resnet_viz train --preset paper "${data[@]}" \
    --depths 20,32,44,56,110 --warmup 400 --iterations "$iters" \
    --label "Table 6 depths, 1/$n of 64k iterations, full Fashion-MNIST, GPU" \
    --out "$OUT/table6-fashion-mnist-gpu.json" --save-checkpoints "$OUT/ckpt-table6" 2>&1 | tail -30 \
    | tee "$OUT/table6.txt"
fi

if [ -n "${EXTRA_CHECKS:-}" ] && [ "$(left)" -gt 90 ]; then
  say "6. torchrun/NCCL and the Inspector's GPU path"
  timeout -k 10 60 python3 -m torch.distributed.run --nproc_per_node=1 -m resnet_viz train --preset paper "${data[@]}" \
    --depths 20 --iterations 60 --evals 1 --out /tmp/ddp.json --quiet 2>&1 | tail -5
  timeout -k 10 "$(limit 10)" python3 -m benchmarks.gpu_check 2>&1 | tee "$OUT/gpu_check.txt"
fi
say "done, $(left) s of the budget left"
