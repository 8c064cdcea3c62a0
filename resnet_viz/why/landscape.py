"""The loss landscape around a trained network (Li, Xu, Taylor, Studer and Goldstein, "Visualizing the Loss Landscape
of Neural Nets", NeurIPS 2018, arXiv:1712.09913): the training loss at θ + α·d₁ + β·d₂ on a grid of (α, β), along two
random directions d₁, d₂ that are *filter-normalised* — each filter of a direction scaled to the norm of the same
filter of θ (their Sec. 4), so that directions mean the same for layers of different scale.

As in Li et al., the parameters of batch normalisation and the biases are not perturbed (their directions are zero),
and the loss is measured in evaluation mode (BN on its running statistics). The network is evaluated with
``torch.func.functional_call`` on the perturbed parameters: the model itself is never changed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call

FORMAT = "resnet-explorer-landscape/1"
# Li et al. 2018 (arXiv:1712.09913), Fig. 5: CIFAR-10 ResNets with and without shortcuts. Without them the
# landscape of the shallowest is still smooth; those of the deeper ones turn chaotic.
LI_SMOOTH_DEPTH = 20
LI_CHAOTIC_DEPTHS = (56, 110)
LANDSCAPE_FILE = "landscape-fashion-mnist.json"  # in paths.WHY_DIR: the shipped pairs' landscapes


def filter_normalised_direction(model: nn.Module, generator: torch.Generator) -> dict[str, torch.Tensor]:
    """A random direction in ``model``'s parameter space, filter-normalised (Li et al. Sec. 4): for every weight of
    a convolution or a linear layer, each filter (a slice along the first axis) has the norm of the model's own
    filter; zero for biases and BN parameters (one-dimensional)."""
    direction = {}
    for name, p in model.named_parameters():
        if p.dim() <= 1:
            direction[name] = torch.zeros_like(p)
            continue
        d = torch.randn(p.shape, generator=generator, dtype=p.dtype)
        dims = tuple(range(1, p.dim()))
        norm = torch.linalg.vector_norm
        d *= norm(p.detach(), dim=dims, keepdim=True) / (norm(d, dim=dims, keepdim=True) + 1e-10)
        direction[name] = d
    return direction


# Images per forward pass. Small batches stay in the CPU's caches: ResNet-56 on 1,000 images of 28×28 took 0.7 s
# in batches of 128 against 2.3 s in batches of 500 or 1,000 (2 cores, channels-last; benchmarks/landscape_speed.py).
BATCH = 128


def loss_at(model: nn.Module, params: dict[str, torch.Tensor], x: torch.Tensor, labels: torch.Tensor,
            batch: int = BATCH) -> float:
    """The mean cross-entropy of ``model`` with ``params`` in place of its own (eval mode: running BN statistics)."""
    return measure_at(model, params, x, labels, batch)[0]


@torch.no_grad()
def measure_at(model: nn.Module, params: dict[str, torch.Tensor], x: torch.Tensor, labels: torch.Tensor,
               batch: int = BATCH) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``model`` with ``params`` in place of its own (eval mode)."""
    buffers = dict(model.named_buffers())
    total, right = 0.0, 0
    for i in range(0, len(x), batch):
        logits = functional_call(model, (params, buffers), (x[i:i + batch],))
        total += float(F.cross_entropy(logits, labels[i:i + batch], reduction="sum"))
        right += int((logits.argmax(1) == labels[i:i + batch]).sum())
    return total / len(x), right / len(x)


def landscape_grids(model: nn.Module, x: torch.Tensor, labels: torch.Tensor, coords: Sequence[float], seed: int = 0,
                    progress: Callable[[int, int], None] | None = None) -> tuple[list[list[float]],
                                                                                 list[list[float]]]:
    """The loss and the accuracy on the grid ``coords`` × ``coords`` (rows: β along d₂, columns: α along d₁)
    around ``model``'s weights, along two filter-normalised directions drawn with ``seed``; ``progress(done,
    total)`` after each point. Works on a private evaluation-mode copy."""
    import copy

    private = copy.deepcopy(model).eval()
    generator = torch.Generator().manual_seed(seed)
    d1 = filter_normalised_direction(private, generator)
    d2 = filter_normalised_direction(private, generator)
    # Channels-last: the CPU's convolutions run 10-25% faster on it; the same numbers to float rounding.
    private, x = private.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    theta = {name: p.detach() for name, p in private.named_parameters()}
    losses, accuracies, total = [], [], len(coords) ** 2
    for row, beta in enumerate(coords):
        losses.append([])
        accuracies.append([])
        for col, alpha in enumerate(coords):
            params = {n: _layout(theta[n] + alpha * d1[n] + beta * d2[n]) for n in theta}
            loss, accuracy = measure_at(private, params, x, labels)
            losses[-1].append(loss)
            accuracies[-1].append(accuracy)
            if progress:
                progress(row * len(coords) + col + 1, total)
    return losses, accuracies


def _layout(t: torch.Tensor) -> torch.Tensor:
    return t.contiguous(memory_format=torch.channels_last) if t.dim() == 4 else t


def loss_grid(model: nn.Module, x: torch.Tensor, labels: torch.Tensor, coords: Sequence[float], seed: int = 0,
              progress: Callable[[int, int], None] | None = None) -> list[list[float]]:
    """The loss alone of :func:`landscape_grids`."""
    return landscape_grids(model, x, labels, coords, seed, progress)[0]


def grid_coords(points: int) -> list[float]:
    """``points`` evenly spaced values over [-1, 1] (odd, at least 3: the centre, the trained weights, is one)."""
    if points < 3 or points % 2 == 0:
        raise ValueError("the grid needs an odd number of points, at least 3 (the centre is a grid point)")
    return [round(-1 + 2 * i / (points - 1), 6) for i in range(points)]


def edge_heights(grids: dict[str, list[list[float]]]) -> dict[str, float]:
    """The highest loss of each grid: where the surface ends, far from the checkpoint at its centre."""
    return {key: max(max(row) for row in grid) for key, grid in grids.items()}


NEAR = 0.2  # where the page compares the loss with the centre's: one step of an 11-point grid over [-1, 1]


def neighbour_ratio(grid: list[list[float]], steps: int = 1) -> float:
    """The mean loss ``steps`` grid steps from the centre (along both axes, both ways) over the loss at the centre."""
    c = len(grid) // 2
    around = [grid[c - steps][c], grid[c + steps][c], grid[c][c - steps], grid[c][c + steps]]
    return sum(around) / len(around) / grid[c][c]


def steps_to(coords: Sequence[float], distance: float = NEAR) -> int:
    """The whole number of grid steps nearest to ``distance`` (at least one)."""
    return max(1, round(distance / (coords[1] - coords[0])))


def shipped_landscapes(path: str | os.PathLike) -> dict:
    """A landscape file (``python -m resnet_viz landscape``); ValueError if it is not one."""
    data = json.loads(Path(path).read_text())
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{Path(path).name} is not a loss-landscape file")
    return data


REPORT_FORMAT = "resnet-explorer-landscape-checkpoint/1"  # one checkpoint's (``python -m resnet_viz landscape FILE``)


def landscape_report(model: nn.Module, x: torch.Tensor, labels: torch.Tensor, points: int, seed: int = 0,
                     progress: Callable[[int, int], None] | None = None) -> dict:
    """One checkpoint's landscape in the command line's format: ``alphas`` (columns, along d₁), ``betas`` (rows,
    along d₂), ``loss`` and ``accuracy`` (``points`` × ``points`` lists of lists, the trained weights at the centre),
    with the images, the seed and the parameter count."""
    coords = grid_coords(points)
    loss, accuracy = landscape_grids(model, x, labels, coords, seed, progress)
    return {"format": REPORT_FORMAT, "images": len(x), "seed": seed, "params": sum(p.numel() for p in
                                                                                  model.parameters()),
            "alphas": coords, "betas": coords, "loss": [[round(v, 5) for v in row] for row in loss],
            "accuracy": [[round(v, 5) for v in row] for row in accuracy]}
