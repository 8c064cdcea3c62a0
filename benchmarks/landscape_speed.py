"""How long one point of the loss landscape takes (the loss and accuracy of a perturbed network on the training
images), for the shipped plain-56 and ResNet-56 on 1,000 images of 28×28: by batch size and memory layout, side by
side in one run. Picks ``resnet_viz.why.landscape.BATCH`` and its channels-last layout.

Run: ``.venv/bin/python -m benchmarks.landscape_speed``; the last line is one JSON object (seconds per point, the
best of ``--repeats``).
"""

import argparse
import copy
import json
import time

import torch

from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.explain.responses import sample_batch
from resnet_viz.paths import SHIPPED_CHECKPOINTS
from resnet_viz.why.landscape import BATCH, filter_normalised_direction, measure_at


def point_seconds(kind: str, images: int, batches: tuple[int, ...], repeats: int) -> dict[str, float]:
    model, meta = load_checkpoint(SHIPPED_CHECKPOINTS / f"fashion-mnist_{kind}56.pt")
    x, labels = sample_batch(meta, images, split="train")
    private = copy.deepcopy(model).eval()
    direction = filter_normalised_direction(private, torch.Generator().manual_seed(0))
    params = {n: p.detach() + 0.3 * direction[n] for n, p in private.named_parameters()}
    last = copy.deepcopy(private).to(memory_format=torch.channels_last)
    last_params = {n: v.contiguous(memory_format=torch.channels_last) if v.dim() == 4 else v
                   for n, v in params.items()}
    last_x = x.contiguous(memory_format=torch.channels_last)
    times: dict[str, float] = {}
    for _ in range(repeats):
        for batch in batches:
            for layout, args in (("contiguous", (private, params, x)), ("channels_last", (last, last_params, last_x))):
                began = time.perf_counter()
                measure_at(*args, labels, batch)
                key = f"{layout}_batch{batch}"
                times[key] = min(times.get(key, float("inf")), round(time.perf_counter() - began, 3))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    batches = tuple(sorted({BATCH, 500, args.images}))
    report = {"images": args.images, "threads": torch.get_num_threads(), "shipped_batch": BATCH}
    for kind in ("plain", "resnet"):
        report[f"{kind}-56"] = point_seconds(kind, args.images, batches, args.repeats)
        shipped, old = report[f"{kind}-56"][f"channels_last_batch{BATCH}"], report[f"{kind}-56"]["contiguous_batch500"]
        report[f"{kind}-56_speedup_vs_contiguous_batch500"] = round(old / shipped, 2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
