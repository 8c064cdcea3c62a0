"""``python -m resnet_viz explain IMAGE [--model ...] [--weights FILE] [--layer layer4] [--target CLASS] [--out PNG]``.

Prints the top-5 classes and writes the Grad-CAM overlay. Any problem (a bad image, a missing or mismatched weights
file, weights that cannot be downloaded) ends with exit code 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from resnet_viz.explain import default_layer, explain
from resnet_viz.explain.checkpoints import CheckpointError
from resnet_viz.explain.images import ImageError, load_image
from resnet_viz.explain.sources import (
    DEFAULT_CHECKPOINT,
    WeightsUnavailable,
    classifier_for,
    default_checkpoint,
    resolve_class,
)
from resnet_viz.nets.models import MODEL_NAMES
from resnet_viz.plots import overlay_image, percent, png_bytes


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "explain", help="top-5 prediction and Grad-CAM overlay for an image",
        description="Classify an image, print the top-5 classes and write a Grad-CAM overlay as a PNG.")
    p.add_argument("image", help="a JPEG, PNG, WebP, BMP, GIF or TIFF file")
    p.add_argument("--model", default=None,
                   help=f"a checkpoint file (.pt), or one of {', '.join(MODEL_NAMES)} (torchvision names use their "
                        f"ImageNet weights unless --weights is given); default: {DEFAULT_CHECKPOINT}, else resnet18")
    p.add_argument("--weights", default=None, help="a weights file (state dict) for --model's architecture")
    p.add_argument("--plain", action="store_true", help="with --weights: the plain twin of --model")
    p.add_argument("--layer", default=None, help="the layer to explain (default: the last stage, e.g. layer4)")
    p.add_argument("--target", default=None, help="class index or name to explain (default: the top-1 class)")
    p.add_argument("--out", default=None, help="where to write the overlay PNG (default: IMAGE-gradcam.png here)")
    p.add_argument("--opacity", type=float, default=0.5, help="heat-map opacity in the overlay, 0..1")
    p.set_defaults(func=run)


def _default_model() -> str:
    """The offline default checkpoint (:func:`resnet_viz.explain.sources.default_checkpoint`), else resnet18 (ImageNet)."""
    path = default_checkpoint()
    return str(path) if path is not None else "resnet18"


def _progress(done: int, total: int) -> None:
    if total:
        print(f"\rdownloading weights: {done / 2**20:.0f} / {total / 2**20:.0f} MB", end="", file=sys.stderr)
        if done >= total:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        if not 0 <= args.opacity <= 1:
            raise ValueError(f"--opacity must be between 0 and 1, not {args.opacity}")
        if args.weights and not args.model:
            raise ValueError("--weights needs --model ARCHITECTURE (e.g. --model resnet18)")
        image = load_image(args.image)  # first: a bad image fails fast, before any model is loaded
        classifier = classifier_for(args.model or _default_model(), args.weights, residual=not args.plain,
                                    progress=_progress)
        target = resolve_class(classifier, args.target)
        layer = args.layer or default_layer(classifier.model)
        seen, x = classifier.preprocess(image)
        result = explain(classifier.model, x, target=target, layer=layer)
    except (ImageError, CheckpointError, WeightsUnavailable, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{classifier.name}: top-5 for {Path(args.image).name}")
    for rank, (label, p) in enumerate(result.prediction.labelled(list(classifier.classes)), 1):
        print(f"  {rank}. {label:<32} {percent(p):>6}")
    out = Path(args.out) if args.out else Path(f"{Path(args.image).stem}-gradcam.png")
    try:
        out.write_bytes(png_bytes(overlay_image(seen, result.cam, opacity=args.opacity)))
    except OSError as e:
        print(f"error: cannot write {out}: {e.strerror or e}", file=sys.stderr)
        return 2
    h, w = result.resolution
    print(f"Grad-CAM for {classifier.classes[result.target]!r} at {layer} ({h}×{w}) written to {out}")
    return 0
