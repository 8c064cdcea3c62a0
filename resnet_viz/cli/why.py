"""``python -m resnet_viz lesion`` and ``landscape``: the lesion study (Veit et al. 2016, arXiv:1605.06431) of the
shipped plain and residual Fashion-MNIST checkpoints, written to ``assets/why/lesion-fashion-mnist.json`` for the
Concepts page.

Each block that keeps its shape is deleted alone (replaced by the identity), then k random ones for a dozen values of
k (``--draws`` draws each, the same draws for the plain net and the ResNet of a depth), on ``--images`` test images
of the embedded sample. About two minutes on 2 CPU cores for the 20- and 56-layer pairs (107 s measured).

Given a CHECKPOINT (any CIFAR-style Fashion-MNIST checkpoint: a shipped one, a Lab run's), the study of that one
network is written to ``--out`` instead: ``baseline_error``, ``blocks`` (``name``, ``error``, ``downsampling``) and
the k-deletion curve ``deletions``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from resnet_viz.paths import SHIPPED_CHECKPOINTS, WHY_DIR


def register(subparsers: argparse._SubParsersAction) -> None:
    register_landscape(subparsers)
    p = subparsers.add_parser("lesion", help="the lesion study of the shipped checkpoints (Veit et al. 2016)",
                              description=__doc__.split("\n\n", 1)[1])
    p.add_argument("checkpoint", type=Path, nargs="?", help="one checkpoint to study (default: the shipped pairs)")
    p.add_argument("--depths", type=int, nargs="+", default=[20, 56], help="the shipped pairs' depths")
    p.add_argument("--images", type=int, default=500)
    p.add_argument("--draws", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, help="default: assets/why/lesion-fashion-mnist.json for the shipped pairs, "
                                            "CHECKPOINT's name + -lesion.json for one checkpoint")
    p.set_defaults(func=run)


def _fashion_checkpoint(path: Path):
    """A checkpoint the embedded Fashion-MNIST sample can test, or None (after saying why)."""
    from resnet_viz.explain.checkpoints import CheckpointError, load_checkpoint

    try:
        model, meta = load_checkpoint(path)
    except (CheckpointError, OSError) as e:
        print(f"error: {path}: {e}")
        return None
    if not str(meta.get("dataset") or "fashion-mnist").startswith("fashion-mnist"):
        print(f"error: {path} was trained on {meta.get('dataset')}: the study uses the embedded Fashion-MNIST sample")
        return None
    return model, meta


def run(args: argparse.Namespace) -> int:
    from resnet_viz.explain.checkpoints import load_checkpoint
    from resnet_viz.explain.responses import sample_batch
    from resnet_viz.files import write_atomic
    from resnet_viz.why.lesion import FORMAT, blocks, default_ks, lesion_study, to_dict, to_report

    if args.checkpoint is not None:
        loaded = _fashion_checkpoint(args.checkpoint)
        if loaded is None:
            return 2
        began = time.perf_counter()
        model, meta = loaded
        x, labels = sample_batch(meta, args.images)
        ks = default_ks(sum(b.deletable for b in blocks(model)))
        lesion = lesion_study(model, x, labels, draws=args.draws, seed=args.seed, ks=ks)
        out = args.out or Path(f"{args.checkpoint.stem}-lesion.json")
        write_atomic(out, json.dumps(to_report(lesion, args.checkpoint.name), indent=1).encode())
        print(f"{args.checkpoint.name}: intact {lesion.intact:.1%}, median rise {lesion.median_rise:+.1%}, "
              f"worst {lesion.worst:.1%} ({time.perf_counter() - began:.0f} s)\nwritten: {out}")
        return 0
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
    out = args.out or WHY_DIR / "lesion-fashion-mnist.json"
    write_atomic(out, json.dumps(doc, indent=1).encode())
    print(f"written: {out}")
    return 0


def register_landscape(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "landscape", help="the loss landscape of the shipped checkpoints (Li et al. 2018)",
        description="The training loss of the shipped plain and residual Fashion-MNIST checkpoints on a grid over "
                    "[-1, 1]² along two filter-normalised random directions (Li et al. 2018, arXiv:1712.09913), "
                    "written to assets/why/landscape-fashion-mnist.json for the Concepts page. Given a CHECKPOINT, "
                    "that one network's loss and accuracy grids (alphas, betas, loss, accuracy) go to --out instead.")
    p.add_argument("checkpoint", type=Path, nargs="?", help="one checkpoint (default: the shipped pairs)")
    p.add_argument("--depths", type=int, nargs="+", default=[20, 56], help="the shipped pairs' depths")
    p.add_argument("--grid", "--points", dest="points", type=int, default=41,
                   help="grid points per axis (odd: the centre is one; shipped: 41)")
    p.add_argument("--images", type=int, default=500, help="training images of the embedded sample (shipped: 500)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, help="default: assets/why/landscape-fashion-mnist.json for the shipped pairs, "
                                            "CHECKPOINT's name + -landscape.json for one checkpoint")
    p.set_defaults(func=run_landscape)


def run_landscape(args: argparse.Namespace) -> int:
    from resnet_viz.explain.checkpoints import load_checkpoint
    from resnet_viz.explain.responses import sample_batch
    from resnet_viz.files import write_atomic
    from resnet_viz.why.landscape import FORMAT, grid_coords, landscape_report, loss_grid, neighbour_ratio

    try:
        coords = grid_coords(args.points)
    except ValueError as e:
        print(f"error: --grid: {e}")
        return 2
    if args.checkpoint is not None:
        loaded = _fashion_checkpoint(args.checkpoint)
        if loaded is None:
            return 2
        began = time.perf_counter()
        model, meta = loaded
        x, labels = sample_batch(meta, args.images, split="train")
        report = {"checkpoint": args.checkpoint.name, "dataset": "fashion-mnist-sample", "split": "train",
                  **landscape_report(model, x, labels, args.points, seed=args.seed)}
        out = args.out or Path(f"{args.checkpoint.stem}-landscape.json")
        write_atomic(out, json.dumps(report).encode())
        c = len(coords) // 2
        print(f"{args.checkpoint.name}: centre loss {report['loss'][c][c]:.3f} (accuracy "
              f"{report['accuracy'][c][c]:.1%}), one step out {neighbour_ratio(report['loss']):.2f}x "
              f"({time.perf_counter() - began:.0f} s)\nwritten: {out}")
        return 0
    networks = {}
    for depth in args.depths:
        for kind in ("plain", "resnet"):
            began = time.perf_counter()
            model, meta = load_checkpoint(SHIPPED_CHECKPOINTS / f"fashion-mnist_{kind}{depth}.pt")
            x, labels = sample_batch(meta, args.images, split="train")
            grid = loss_grid(model, x, labels, coords, seed=args.seed)
            params = sum(p.numel() for p in model.parameters())
            networks[f"{kind}-{depth}"] = {"loss": [[round(v, 5) for v in row] for row in grid], "params": params}
            print(f"{kind}-{depth}: centre {grid[len(coords) // 2][len(coords) // 2]:.3f}, one step out "
                  f"{neighbour_ratio(grid):.2f}x ({time.perf_counter() - began:.0f} s)", flush=True)
    doc = {"format": FORMAT, "dataset": "fashion-mnist-sample", "split": "train", "images": args.images,
           "seed": args.seed, "coords": coords, "networks": networks}
    out = args.out or WHY_DIR / "landscape-fashion-mnist.json"
    write_atomic(out, json.dumps(doc).encode())
    print(f"written: {out}")
    return 0
