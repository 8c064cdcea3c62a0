"""Does one stacked model of more networks train each of them faster on a CPU? G CIFAR nets of one depth as one
StackedCifarResNet (resnet_viz.nets.twins), one SGD step on a batch of 128, milliseconds per network-step for
G = 2, 4, 8, 16. The class experiment's design rests on it (README, "The class experiment at class size"): on a CPU
the answer is no, so the server trains the class's parts in turns instead of as one stack.

    python -m benchmarks.stack_scaling --threads 1 --depth 20

Prints the timings, and as its last line one JSON object: ``ms_per_network`` by G and the ratio G=16 / G=2.
"""

from __future__ import annotations

import argparse
import json
import time

import torch
import torch.nn.functional as F

from resnet_viz.nets.models import build_model
from resnet_viz.nets.twins import StackedCifarResNet


def ms_per_network(groups: int, depth: int, width: int, size: int, steps: int) -> float:
    nets = [build_model(f"cifar_resnet{depth}", residual=bool(i % 2), num_classes=10, in_channels=1, width=width)
            for i in range(groups)]
    model = StackedCifarResNet(nets)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    x, y = torch.randn(128, 1, size, size), torch.randint(0, 10, (128,))

    def step() -> None:
        loss = F.cross_entropy(model(x).flatten(0, 1), y.repeat(groups))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(3):
        step()
    began = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - began) / steps / groups * 1000


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--depth", type=int, default=20)
    p.add_argument("--width", type=int, default=8, help="the classroom preset's width (default 8)")
    p.add_argument("--size", type=int, default=16, help="image size (the classroom preset's 16)")
    p.add_argument("--steps", type=int, default=15)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    found = {}
    for groups in (2, 4, 8, 16):
        found[groups] = round(ms_per_network(groups, args.depth, args.width, args.size, args.steps), 1)
        print(f"G = {groups:2d}: {found[groups]} ms per network-step", flush=True)
    result = {"threads": args.threads, "depth": args.depth, "width": args.width, "ms_per_network": found,
              "g16_over_g2": round(found[16] / found[2], 2)}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
