"""``python -m resnet_viz lesion``: the lesion study (Veit et al. 2016, arXiv:1605.06431) of the shipped plain and
residual Fashion-MNIST checkpoints, written to ``assets/why/lesion-fashion-mnist.json`` for the Concepts page.

Each block that keeps its shape is deleted alone (replaced by the identity), then k random ones for a dozen values of
k (``--draws`` draws each, the same draws for the plain net and the ResNet of a depth), on ``--images`` test images
of the embedded sample. About two minutes on 2 CPU cores for the 20- and 56-layer pairs (107 s measured).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from resnet_viz.paths import SHIPPED_CHECKPOINTS, WHY_DIR


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("lesion", help="the lesion study of the shipped checkpoints (Veit et al. 2016)",
                              description=__doc__.split("\n\n", 1)[1])
    p.add_argument("--depths", type=int, nargs="+", default=[20, 56])
    p.add_argument("--images", type=int, default=500)
    p.add_argument("--draws", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=WHY_DIR / "lesion-fashion-mnist.json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from resnet_viz.explain.checkpoints import load_checkpoint
    from resnet_viz.explain.responses import sample_batch
    from resnet_viz.files import write_atomic
    from resnet_viz.why.lesion import FORMAT, blocks, default_ks, lesion_study, to_dict

    networks = {}
    for depth in args.depths:
        for kind in ("plain", "resnet"):
            began = time.perf_counter()
            model, meta = load_checkpoint(SHIPPED_CHECKPOINTS / f"fashion-mnist_{kind}{depth}.pt")
            x, labels = sample_batch(meta, args.images)
            ks = default_ks(sum(b.deletable for b in blocks(model)))
            lesion = lesion_study(model, x, labels, draws=args.draws, seed=args.seed, ks=ks)
            networks[f"{kind}-{depth}"] = to_dict(lesion)
            print(f"{kind}-{depth}: intact {lesion.intact:.1%}, median rise {lesion.median_rise:+.1%} "
                  f"({time.perf_counter() - began:.0f} s)", flush=True)
    doc = {"format": FORMAT, "dataset": "fashion-mnist-sample", "images": args.images, "draws": args.draws,
           "seed": args.seed, "networks": networks}
    write_atomic(args.out, json.dumps(doc, indent=1).encode())
    print(f"written: {args.out}")
    return 0
