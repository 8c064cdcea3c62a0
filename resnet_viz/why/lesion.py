"""The lesion study of Veit, Wilber and Belongie, "Residual Networks Behave Like Ensembles of Relatively Shallow
Networks" (NeurIPS 2016, arXiv:1605.06431), on a trained CIFAR net: delete blocks at test time and measure the error.

Deleting a block replaces it by the identity: a ResNet block's output ReLU(F(x) + x) becomes x (its input is the
previous ReLU's output, so ReLU(x) = x: only the residual branch F is gone), and a plain block's ReLU(F(x)) becomes x
too, so the comparison is fair. A block that changes the shape (the first of stages 2 and 3: stride 2, twice the
channels) has no identity to fall back on in the plain net, so it is kept in both nets. (Veit et al. deleted the
residual branch of those blocks too, keeping their projection shortcut; that has a larger effect.) Every
computation works on a private copy of the model, with forward hooks that live for one evaluation (the model shared
across sessions is never touched).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from torch import nn

from resnet_viz.nets.models import CifarBasicBlock


@dataclasses.dataclass(frozen=True)
class Block:
    """A residual (or plain) block by its module name, and whether it keeps the shape (can become the identity)."""

    name: str
    deletable: bool


def blocks(model: nn.Module) -> list[Block]:
    """The basic blocks of a CIFAR net in forward order (``layer1.0`` …)."""
    found = []
    for name, module in model.named_modules():
        if isinstance(module, CifarBasicBlock):
            keeps = module.conv1.stride == (1, 1) and module.conv1.in_channels == module.conv2.out_channels
            found.append(Block(name, keeps))
    return found


def error_without(model: nn.Module, x: torch.Tensor, labels: torch.Tensor, deleted: Sequence[str] = (),
                  batch: int = 500) -> float:
    """The test error of ``model`` (eval mode, a private copy) with the blocks named in ``deleted`` replaced by the
    identity."""
    return _error(copy.deepcopy(model).eval(), x, labels, deleted, batch)


@torch.no_grad()
def _error(private: nn.Module, x: torch.Tensor, labels: torch.Tensor, deleted: Sequence[str],
           batch: int = 500) -> float:
    """:func:`error_without` on a private model in eval mode; the hooks live for this evaluation only."""
    modules = dict(private.named_modules())
    handles = [modules[name].register_forward_hook(lambda m, inputs, output: inputs[0]) for name in deleted]
    try:
        wrong = sum(int((private(x[i:i + batch]).argmax(1) != labels[i:i + batch]).sum()) for i in range(0, len(x),
                                                                                                         batch))
    finally:
        for handle in handles:
            handle.remove()
    return wrong / len(x)


@dataclasses.dataclass(frozen=True)
class Lesion:
    """A lesion study of one network: the intact error, the error with each block deleted alone (None for one that
    changes the shape), and, for k = 1 … n deletable blocks deleted at random, the mean and std over ``draws``."""

    intact: float
    blocks: list[Block]
    single: list[float | None]
    k: list[int]
    mean: list[float]
    std: list[float]
    draws: int
    images: int

    @property
    def median_rise(self) -> float:
        """The median rise of the error (fraction) over the blocks deleted one at a time."""
        rises = sorted(e - self.intact for e in self.single if e is not None)
        mid = len(rises) // 2
        return rises[mid] if len(rises) % 2 else (rises[mid - 1] + rises[mid]) / 2

    @property
    def worst(self) -> float:
        """The highest error (fraction) among the blocks deleted one at a time."""
        return max(e for e in self.single if e is not None)


def lesion_study(model: nn.Module, x: torch.Tensor, labels: torch.Tensor, draws: int = 3, seed: int = 0,
                 ks: Sequence[int] | None = None, progress: Callable[[int, int], None] | None = None) -> Lesion:
    """Delete each deletable block alone, then ``k`` random ones (``draws`` draws per k, the same draws for every
    model of the same depth and seed); ``ks`` defaults to 1 … the number of deletable blocks;
    ``progress(done, total)`` after each evaluation."""
    private = copy.deepcopy(model).eval()  # one copy for the whole study
    found = blocks(private)
    names = [b.name for b in found if b.deletable]
    ks = list(ks or range(1, len(names) + 1))
    total = 1 + len(names) + sum(draws if k < len(names) else 1 for k in ks)
    done = 0

    def error(deleted: Sequence[str]) -> float:
        nonlocal done
        value = _error(private, x, labels, deleted)
        done += 1
        if progress:
            progress(done, total)
        return value

    intact = error(())
    single = [error([b.name]) if b.deletable else None for b in found]
    rng = random.Random(seed)
    means, stds = [], []
    for k in ks:
        errors = [error(rng.sample(names, k)) for _ in range(draws if k < len(names) else 1)]
        mean = sum(errors) / len(errors)
        means.append(mean)
        stds.append((sum((e - mean) ** 2 for e in errors) / (len(errors) - 1)) ** 0.5 if len(errors) > 1 else 0.0)
    return Lesion(intact, found, single, ks, means, stds, draws, len(x))


FORMAT = "resnet-explorer-lesion/1"
LESION_FILE = "lesion-fashion-mnist.json"  # in paths.WHY_DIR: the shipped pairs' study


def default_ks(n: int) -> list[int]:
    """How many random blocks to delete: every k up to 8, then about a dozen values up to all n."""
    if n <= 8:
        return list(range(1, n + 1))
    return sorted({*range(1, 7), *(round(n * f) for f in (0.3, 0.4, 0.5, 0.6, 0.7, 0.85)), n})


def to_dict(lesion: Lesion) -> dict:
    return dataclasses.asdict(lesion)


REPORT_FORMAT = "resnet-explorer-lesion-checkpoint/1"  # one checkpoint's study (``python -m resnet_viz lesion FILE``)


def to_report(lesion: Lesion, checkpoint: str) -> dict:
    """One checkpoint's study in the command line's format: ``baseline_error``, ``blocks`` (each ``name``, ``error``
    with it deleted alone — None for a block that changes the shape, which is kept — and ``downsampling``) and the
    k-deletion curve ``deletions`` (``k``, mean ``error``, ``std`` over the draws); errors are fractions."""
    return {"format": REPORT_FORMAT, "checkpoint": checkpoint, "images": lesion.images, "draws": lesion.draws,
            "baseline_error": lesion.intact,
            "blocks": [{"name": b.name, "error": e, "downsampling": not b.deletable}
                       for b, e in zip(lesion.blocks, lesion.single, strict=True)],
            "deletions": [{"k": k, "error": m, "std": s} for k, m, s in zip(lesion.k, lesion.mean, lesion.std,
                                                                            strict=True)]}


def from_report(report: dict) -> Lesion:
    """:func:`to_report`'s output back as a :class:`Lesion` (what the page draws)."""
    curve = report["deletions"]
    return Lesion(report["baseline_error"], [Block(b["name"], not b["downsampling"]) for b in report["blocks"]],
                  [b["error"] for b in report["blocks"]], [c["k"] for c in curve], [c["error"] for c in curve],
                  [c["std"] for c in curve], report["draws"], report["images"])


def from_dict(data: dict) -> Lesion:
    return Lesion(**{**data, "blocks": [Block(**b) for b in data["blocks"]]})


def shipped_lesions(path: str | os.PathLike) -> dict[str, Lesion]:
    """A lesion file (``python -m resnet_viz lesion``) by model key; ValueError if it is not one."""
    data = json.loads(Path(path).read_text())
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{Path(path).name} is not a lesion study file")
    return {key: from_dict(value) for key, value in data["networks"].items()}
