"""The training engines side by side in one process: eager, stacked twins, and the step recorded as a CUDA graph.

- eager: ``TrainConfig(engine="eager", graphs=False)``: each network steps on its own (the engine before stacking);
- stacked: ``engine="stacked"``: each depth's plain and residual twins as one batched model (resnet_viz.nets.twins), so
  one kernel launch serves both;
- eager + graphs, stacked + graphs (CUDA only): the whole training step of every network recorded once as a CUDA graph
  and replayed (``graphs=True``); the first separates what capture buys from what stacking buys.

Each variant is ``Trainer.run`` timed between its first log point after a warm-up and its last (evaluation after
it), in alternating rounds; the best round counts. Nothing is asserted: only the ratios are compared, absolute
numbers depend on the machine and on what else runs on it. ``python -m benchmarks.engine_throughput`` (the classroom
preset); on a GPU: ``python -m benchmarks.engine_throughput --preset paper --dataset fashion-mnist-sample --device
cuda`` (benchmarks/gpu_session.sh).

Evidence (2-core Intel Xeon VM with AVX-512 ("Intel(R) Xeon(R) Processor"; this repository's machine this time),
torch 2.14.1 CPU; the classroom preset: plain/ResNet 20 and 56, width 8, 16x16 Fashion-MNIST sample, batch 128, each
image through all four networks; 2026-11-28, while another engineer's jobs shared the two cores, so single rounds
were sometimes 2-20x slow; best of 3 rounds of 60 iterations):
    python -m benchmarks.engine_throughput (2 threads)   eager 475  stacked 551 images/s   stacked / eager = 1.16
    the same, an earlier run                             eager 443  stacked 522 images/s   stacked / eager = 1.18
    the same at 1 thread, 4 rounds                       eager 280  stacked 318 images/s   stacked / eager = 1.13
                                                         (stacked faster in each of the 4 rounds)
    depth 20 only, 1 thread, best of 2 short rounds:     width 8: 1.17 (16 px), 1.19 (28 px);
                                                         width 16: 1.03 (16 px), 0.95 (28 px), 0.88 (paper preset)
On a CPU the stack pays for narrow nets only. Our reading (not profiled): narrow layers are overhead-bound and one
grouped call per layer halves the calls; at the paper's width the arithmetic dominates and a grouped convolution is no
faster than two dense ones. Hence ``engine="auto"`` on a CPU: stacked below width 16, eager from 16
(resnet_viz.train.engine.engine_plan). Graph capture needs CUDA. On an H100 the eager engine is launch-bound (1,646
images/s for these four networks at the paper's width: assets/runs/paper-share-fashion-mnist-h100.json); the CUDA
numbers come from benchmarks/gpu_session.sh and are not recorded here yet.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import torch

from resnet_viz.train.config import PRESETS, TrainConfig
from resnet_viz.train.engine import device_setup
from resnet_viz.train.trainer import Trainer

VARIANTS = {
    "eager": {"engine": "eager", "graphs": False},
    "stacked": {"engine": "stacked", "graphs": False},
    "eager + graphs": {"engine": "eager", "graphs": True},
    "stacked + graphs": {"engine": "stacked", "graphs": True},
}


def throughput(config: TrainConfig, warmup: int) -> tuple[float, dict]:
    """Images/s of Trainer.run between its log point after ``warmup`` iterations and its last; and its environment."""
    trainer = Trainer(config)
    times, environment = {}, {}
    for event in trainer.run():
        if event["type"] == "start":
            environment = event["environment"]
        elif event["type"] == "log":
            times[event["iteration"]] = time.perf_counter()
    return config.batch_size * (config.iterations - warmup) / (times[config.iterations] - times[warmup]), environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--preset", default="classroom", choices=sorted(PRESETS))
    parser.add_argument("--dataset", default=None, help="override the preset's dataset (e.g. fashion-mnist-sample)")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--depths", default=None, help="comma-separated depths (default: the preset's)")
    parser.add_argument("--iterations", type=int, default=60, help="timed iterations per round (after warm-up)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--device", default=None)
    args = parser.parse_args()
    base = PRESETS[args.preset]
    changes = {"iterations": args.warmup + args.iterations, "log_every": args.warmup, "evals": 1, "epochs": None,
               "device": args.device, "dataset": args.dataset or base.dataset, "data_dir": args.data_dir}
    if args.depths:
        changes["depths"] = tuple(int(d) for d in args.depths.split(","))
    config = dataclasses.replace(base, **changes)
    cuda = device_setup(config).cuda
    variants = {k: v for k, v in VARIANTS.items() if cuda or not v["graphs"]}
    torch.set_flush_denormal(True)  # as the engine does on CPU, for every variant alike
    results: dict[str, list[float]] = {name: [] for name in variants}
    notes: dict[str, str] = {}
    for _ in range(args.rounds):
        for name, engine in variants.items():
            speed, env = throughput(dataclasses.replace(config, **engine), args.warmup)
            results[name].append(speed)
            print(f"  round {len(results[name])}: {name:<17} {speed:9.1f} images/s", flush=True)
            if env.get("engine_note"):
                notes[name] = env["engine_note"]
            if env.get("graph_capture_s") is not None:
                notes.setdefault(name, f"graph captured in {env['graph_capture_s']:.1f} s")
            device = env.get("device", "?")
    best = {k: max(v) for k, v in results.items()}
    print(f"{list(config.depths)} plain+ResNet, width {config.width}, {config.image_size or 'native'} px, "
          f"{config.dataset}, batch {config.batch_size}, augment {config.augment}, {device}, "
          f"torch {torch.__version__}, {args.rounds} rounds of {args.iterations} iterations")
    for name, values in results.items():
        note = f"   ({notes[name]})" if name in notes else ""
        print(f"  {name:<17} best {best[name]:9.1f} images/s   median {statistics.median(values):9.1f}{note}")
    if not cuda:
        print("  eager + graphs, stacked + graphs: CUDA only")
    for name in best:
        if name != "eager":
            print(f"{name} / eager = {best[name] / best['eager']:.2f}")


if __name__ == "__main__":
    main()
