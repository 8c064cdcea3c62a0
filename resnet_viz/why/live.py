"""The lesion study and a coarse loss landscape of one Lab checkpoint, computed on the server (a job of the queue):
smaller than the shipped study (fewer images, a 7×7 grid) so that it takes seconds, not minutes, on a CPU."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from resnet_viz.why.landscape import grid_coords, landscape_grids
from resnet_viz.why.lesion import blocks, default_ks, lesion_study

LIVE_IMAGES = 200  # test images for the lesion study (the shipped one: 500)
LIVE_DRAWS = 2  # random draws per k
LIVE_POINTS = 7  # landscape grid points per axis (the shipped one: 21)
LIVE_LANDSCAPE_IMAGES = 128  # training images for the landscape (the shipped one: 256)


def network_key(path: str | Path) -> str | None:
    """'fashion-mnist-sample_resnet20.pt' (a Lab checkpoint's name) -> 'resnet-20'; None for another name or a
    checkpoint of another dataset (the study tests on the embedded Fashion-MNIST sample)."""
    found = re.fullmatch(r"fashion-mnist[\w-]*_(resnet|plain)(\d+)", Path(path).stem)
    return f"{found[1]}-{found[2]}" if found else None


def live_study(model, meta: dict[str, Any], progress: Callable[[str, int, int], None] | None = None,
               seed: int = 0) -> dict[str, Any]:
    """``lesion`` (a :class:`~resnet_viz.why.lesion.Lesion` on :data:`LIVE_IMAGES` test images) and ``landscape``
    (``coords``, ``loss``, ``accuracy`` on a :data:`LIVE_POINTS`² grid over :data:`LIVE_LANDSCAPE_IMAGES` training
    images) of ``model``; ``progress(part, done, total)`` with part "lesion" or "landscape" (it may raise to stop)."""
    from resnet_viz.explain.responses import sample_batch

    tell = (lambda part: (lambda done, total: progress(part, done, total))) if progress else (lambda part: None)
    x, labels = sample_batch(meta, LIVE_IMAGES)
    ks = default_ks(sum(b.deletable for b in blocks(model)))
    study = lesion_study(model, x, labels, draws=LIVE_DRAWS, seed=seed, ks=ks, progress=tell("lesion"))
    coords = grid_coords(LIVE_POINTS)
    x, labels = sample_batch(meta, LIVE_LANDSCAPE_IMAGES, split="train")
    loss, accuracy = landscape_grids(model, x, labels, coords, seed=seed, progress=tell("landscape"))
    return {"lesion": study, "landscape": {"coords": coords, "loss": loss, "accuracy": accuracy,
                                           "images": len(x), "seed": seed}}
