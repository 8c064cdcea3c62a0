"""Do the engines train alike on this device? Eager, stacked and graph-captured runs from one seed, compared per step.

Each variant trains the same networks on the same batches for a few iterations, logging every iteration; printed is,
per iteration, the largest relative difference of any network's training loss from the eager engine's. Rounding
alone (bf16 autocast on CUDA, fp32 summation order elsewhere) gives small differences at first, which training
then amplifies (this CPU, depth 20: 1e-7, 2e-7, then 2e-4 and ~3e-3 from the fourth iteration); a wrong step
(a member reading another's channels, a replay on a stale batch, a learning rate not refreshed) shows as differences
of a percent or more in the first two iterations. Printed, not asserted (tests/test_twins.py asserts the CPU case):
``python -m benchmarks.engine_check --device cuda`` (part of benchmarks/gpu_session.sh).
"""

from __future__ import annotations

import argparse
import dataclasses

from resnet_viz.train.config import PRESETS
from resnet_viz.train.engine import device_setup
from resnet_viz.train.trainer import train

VARIANTS = {"stacked": {"engine": "stacked", "graphs": False}, "eager + graphs": {"engine": "eager", "graphs": True},
            "stacked + graphs": {"engine": "stacked", "graphs": True}}


def losses(config) -> tuple[list[dict[str, float]], dict]:
    """Every logged training loss of a run, and its environment."""
    events = list(train(config))
    return [e["train_loss"] for e in events if e["type"] == "log"], events[0]["environment"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default=None)
    parser.add_argument("--depths", default="20")
    parser.add_argument("--iterations", type=int, default=8)
    args = parser.parse_args()
    depths = tuple(int(d) for d in args.depths.split(","))
    config = dataclasses.replace(PRESETS["paper"], dataset="fashion-mnist-sample", depths=depths,
                                 iterations=args.iterations, log_every=1, evals=1, device=args.device)
    cuda = device_setup(config).cuda
    reference, env = losses(dataclasses.replace(config, engine="eager", graphs=False))
    print(f"{list(config.depths)} plain+ResNet, paper width, {env['device']}, {env['precision']}; "
          f"largest relative training-loss difference from eager, per iteration:")
    for name, engine in VARIANTS.items():
        if engine["graphs"] and not cuda:
            print(f"  {name:<17} CUDA only")
            continue
        mine, env = losses(dataclasses.replace(config, **engine))
        gaps = [max(abs(m[k] - r[k]) / abs(r[k]) for k in r) for m, r in zip(mine, reference)]
        note = f"   ({env['engine']}{'; ' + env['engine_note'] if env.get('engine_note') else ''})"
        print(f"  {name:<17} " + " ".join(f"{g:.0e}" for g in gaps) + note)


if __name__ == "__main__":
    main()
