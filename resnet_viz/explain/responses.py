"""Inside a trained network: what batch normalisation does to a layer's responses, and how large each layer's
responses are (the paper's Figure 7).

Batch normalisation (Ioffe and Szegedy 2015, arXiv:1502.03167): in training mode each channel of a batch is shifted
and scaled to mean 0 and variance 1 over the batch and the map (x̂ = (x − μ_B) / √(σ²_B + ε)), then given a learned
scale and shift (y = γ·x̂ + β); in evaluation mode the running averages of μ and σ² collected in training replace the
batch's own. He et al. 2015 put BN "right after each convolution and before activation" (Sec. 3.4), which is why
those convolutions have no bias: BN's mean subtraction would cancel it (Ioffe and Szegedy, Sec. 3.2).

Every function works on a private copy of the model (``copy.deepcopy``): hooks, mode changes and the running
statistics a training-mode pass updates never reach a model shared across sessions.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import numpy as np
import torch
from torch import nn

from resnet_viz.nets.models import is_shortcut


def _private(model: nn.Module) -> nn.Module:
    return copy.deepcopy(model)


def batch_norm_layers(model: nn.Module) -> list[str]:
    """The BatchNorm2d layers on the main path (no shortcut projections), in forward order."""
    return [name for name, m in model.named_modules() if isinstance(m, nn.BatchNorm2d) and not is_shortcut(name)]


@dataclasses.dataclass(frozen=True)
class BatchNormView:
    """One BN layer seen on one batch: its input (the conv's output), x̂ and its output, per channel.

    Arrays are C×K: for each of the C channels, K values sampled evenly from the batch and the map.
    """

    layer: str
    mode: str  # "train" (this batch's statistics) or "eval" (the running statistics)
    before: np.ndarray
    normalised: np.ndarray
    after: np.ndarray
    mean_before: np.ndarray  # per channel, over the batch and the map
    std_before: np.ndarray
    mean_normalised: np.ndarray
    std_normalised: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray
    batch: int


def batch_norm_view(model: nn.Module, x: torch.Tensor, layer: str, mode: str = "train", channels: int = 4,
                    samples: int = 2000) -> BatchNormView:
    """What BN layer ``layer`` computes on the batch ``x``: in ``mode`` "train" it normalises with the batch's own
    mean and variance, in "eval" with its running averages. x̂ is computed here from the layer's input and checked
    against the layer's own output (γ·x̂ + β)."""
    if mode not in ("train", "eval"):
        raise ValueError(f"mode must be 'train' or 'eval', not {mode!r}")
    private = _private(model).train(mode == "train")
    bn = private.get_submodule(layer)
    if not isinstance(bn, nn.BatchNorm2d):
        raise ValueError(f"{layer} is not a BatchNorm2d layer: choose one of {', '.join(batch_norm_layers(model))}")
    seen: dict[str, torch.Tensor] = {}
    # clones: the in-place ReLU after BN would overwrite the output tensor the hook saw
    handle = bn.register_forward_hook(lambda m, i, o: seen.update(x=i[0].detach().clone(), y=o.detach().clone()))
    try:
        with torch.no_grad():
            private(x)
    finally:
        handle.remove()
    before, after = seen["x"].double(), seen["y"].double()
    dims = (0, 2, 3)
    if mode == "train":
        mean, var = before.mean(dims), before.var(dims, unbiased=False)
    else:
        mean, var = bn.running_mean.double(), bn.running_var.double()
    normalised = (before - mean[None, :, None, None]) / torch.sqrt(var[None, :, None, None] + bn.eps)
    gamma, beta = bn.weight.detach().double(), bn.bias.detach().double()
    expected = gamma[None, :, None, None] * normalised + beta[None, :, None, None]
    if not torch.allclose(expected, after, atol=1e-4, rtol=1e-3):
        raise RuntimeError(f"{layer} does not compute y = γ·x̂ + β as expected")  # a model we do not understand

    def per_channel(t: torch.Tensor) -> np.ndarray:
        flat = t[:, :channels].transpose(0, 1).reshape(min(channels, t.shape[1]), -1)
        step = max(1, flat.shape[1] // samples)
        return flat[:, ::step].float().numpy()

    return BatchNormView(
        layer=layer, mode=mode, before=per_channel(before), normalised=per_channel(normalised),
        after=per_channel(after), mean_before=before.mean(dims).numpy(), std_before=before.std(dims).numpy(),
        mean_normalised=normalised.mean(dims).numpy(), std_normalised=normalised.std(dims).numpy(),
        gamma=gamma.numpy(), beta=beta.numpy(), batch=len(x),
    )


BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)  # the batch sizes the BN sweep tries (powers of two, as batch sizes are chosen)
BN_IMAGES = 256  # the test images every BN measurement of the app uses: four batches of the largest size above
NEAR_EVAL = 0.02  # "within a few points" of evaluation mode: two percentage points of accuracy
# An article the lesson grew from (003, "transfer learning") fine-tunes its ResNet-34 in training mode with batches of
# this size, a few lines after advising a large batch for BN.
ARTICLE_FINE_TUNE_BATCH = 4
ARTICLE_FINE_TUNE_TITLE = "ResNet网络结构详解,网络搭建,迁移学习"  # that article's title, as it names itself


@dataclasses.dataclass(frozen=True)
class ModeAccuracy:
    """Accuracy of one model on the same images, three ways."""

    eval_mode: float  # running statistics: how a trained network is used
    train_mode_batch: float  # batch statistics of the whole batch
    train_mode_one: float  # batch statistics of one image at a time: a "batch" of one
    images: int


def accuracy_by_mode(model: nn.Module, x: torch.Tensor, labels: torch.Tensor) -> ModeAccuracy:
    """Why evaluation mode matters: the same images classified with running statistics, with the whole batch's
    statistics, and one at a time in training mode (each image's own mean and variance per channel)."""
    private = _private(model)
    with torch.no_grad():
        private.eval()
        evaluated = (private(x).argmax(1) == labels).float().mean().item()
        private.train()
        batch = (private(x).argmax(1) == labels).float().mean().item()
        one = torch.cat([private(x[i:i + 1]).argmax(1) for i in range(len(x))])
    return ModeAccuracy(evaluated, batch, (one == labels).float().mean().item(), len(x))


@dataclasses.dataclass(frozen=True)
class BatchSizeAccuracy:
    """Training-mode accuracy of one model on the same images split into batches of each size, and the
    evaluation-mode accuracy on those images for reference."""

    sizes: tuple[int, ...]
    train_mode: tuple[float, ...]  # per size: every batch normalised by its own statistics
    eval_mode: float  # running statistics: no batch size involved
    images: int

    def at(self, size: int) -> float:
        """Training-mode accuracy with batches of ``size``."""
        return self.train_mode[self.sizes.index(size)]

    def gap(self, size: int) -> float:
        """How far training mode at batch size ``size`` falls short of evaluation mode (accuracy, 0..1)."""
        return self.eval_mode - self.at(size)

    def near_eval(self, tolerance: float = NEAR_EVAL) -> int | None:
        """The smallest batch size from which on every larger one tried comes within ``tolerance`` of evaluation
        mode (or beats it); None if the largest one does not."""
        found = None
        for size in reversed(self.sizes):
            if self.gap(size) > tolerance + 1e-9:  # exactly at the tolerance is within it, rounding aside
                break
            found = size
        return found

    def verdict(self, tolerance: float = NEAR_EVAL) -> tuple[str, dict]:
        """What the sweep shows, as the case ("near": from some size on within ``tolerance``; "largest": only the
        largest size is; "all": even the smallest is; "never": not even the largest) and the numbers a sentence
        about it needs."""
        smallest, largest = self.sizes[0], self.sizes[-1]
        values = {"points": 100 * tolerance, "eval": self.eval_mode, "smallest": smallest,
                  "smallest_acc": self.at(smallest)}
        near = self.near_eval(tolerance)
        if near is None:
            return "never", {**values, "largest": largest, "largest_acc": self.at(largest),
                             "gap": 100 * self.gap(largest)}
        if near == smallest:
            return "all", values
        return "largest" if near == largest else "near", {**values, "near": near, "near_acc": self.at(near)}


def accuracy_by_batch_size(model: nn.Module, x: torch.Tensor, labels: torch.Tensor,
                           sizes: tuple[int, ...] = BATCH_SIZES) -> BatchSizeAccuracy:
    """Why BN needs a big enough batch: the same images ``x`` classified in training mode, split in order into
    batches of each size in ``sizes`` (each batch normalised by its own mean and variance), and in evaluation mode.
    Every size must divide ``len(x)``, so that each size sees exactly the same images."""
    sizes = tuple(sorted(sizes))
    uneven = [b for b in sizes if len(x) % b]
    if uneven:
        raise ValueError(f"{len(x)} images do not split into batches of {', '.join(map(str, uneven))}")
    private = _private(model)
    with torch.no_grad():
        private.eval()
        evaluated = (private(x).argmax(1) == labels).float().mean().item()
        private.train()
        train = tuple((torch.cat([private(batch).argmax(1) for batch in x.split(b)]) == labels).float().mean().item()
                      for b in sizes)
    return BatchSizeAccuracy(sizes, train, evaluated, len(x))


def bn_study(model: nn.Module, meta: dict, images: int = BN_IMAGES) -> tuple[ModeAccuracy, BatchSizeAccuracy]:
    """Both BN measurements of the shipped checkpoint ``(model, meta)`` on the first ``images`` images of
    :func:`sample_batch`, computed once: :func:`accuracy_by_batch_size`, and from it :func:`accuracy_by_mode`'s
    numbers (its batch of one is the sweep's, its evaluation mode the sweep's), plus one whole-batch pass. The one
    measurement the Concepts page and the Lesson both show."""
    x, labels = sample_batch(meta, images)
    sweep = accuracy_by_batch_size(model, x, labels)
    private = _private(model).train()
    with torch.no_grad():
        batch = (private(x).argmax(1) == labels).float().mean().item()
    return ModeAccuracy(sweep.eval_mode, batch, sweep.at(1), len(x)), sweep



def response_stds(model: nn.Module, x: torch.Tensor) -> list[tuple[str, float]]:
    """The paper's Figure 7: the standard deviation of each 3×3 layer's response — its output after BN and before
    the ReLU or the addition — over a batch, in evaluation mode, in forward order. "Std" here is over every value
    of the response (images, channels and positions); the paper does not say how it pools them."""
    return response_groups(model, x, 1)[0]


def response_groups(model: nn.Module, x: torch.Tensor, groups: int) -> tuple[list[tuple[str, float]],
                                                                          list[list[tuple[str, float]]]]:
    """:func:`response_stds` over all of ``x``, and over each of ``groups`` disjoint slices of it (in order), from
    one forward pass a slice: the std over all of ``x`` pooled from each slice's sums (sample std, as ``Tensor.std``)."""
    private = _private(model).eval()
    layers = [name for name in batch_norm_layers(private) if _follows_3x3(private, name)]
    moments: dict[str, list[float]] = {}
    handles = [private.get_submodule(name).register_forward_hook(
        lambda m, i, o, name=name: moments.__setitem__(name, _moments(o))) for name in layers]
    total = {name: [0.0, 0.0, 0.0] for name in layers}
    per_group = []
    try:
        with torch.no_grad():
            for part in torch.tensor_split(x, groups):
                private(part)
                per_group.append([(name, _std(*moments[name])) for name in layers])
                for name in layers:
                    total[name] = [a + b for a, b in zip(total[name], moments[name])]
    finally:
        for h in handles:
            h.remove()
    return [(name, _std(*total[name])) for name in layers], per_group


def _moments(t: torch.Tensor) -> list[float]:
    t = t.detach().double()
    return [float(t.numel()), float(t.sum()), float((t * t).sum())]


def _std(n: float, total: float, squares: float) -> float:
    return float(np.sqrt(max(squares - total * total / n, 0.0) / (n - 1)))


def _follows_3x3(model: nn.Module, bn_name: str) -> bool:
    """Whether the conv a BN layer normalises (same prefix, bnK after convK) has a 3×3 kernel."""
    prefix, _, leaf = bn_name.rpartition(".")
    conv_name = (f"{prefix}." if prefix else "") + leaf.replace("bn", "conv")
    try:
        conv = model.get_submodule(conv_name)
    except AttributeError:
        return False
    return isinstance(conv, nn.Conv2d) and conv.kernel_size == (3, 3)


def sample_batch(meta: dict, images: int = 400, split: str = "test") -> tuple[torch.Tensor, torch.Tensor]:
    """``images`` images of the embedded Fashion-MNIST sample's ``split`` (every class alike), prepared as the
    checkpoint with metadata ``meta`` expects them (its input size and normalisation): ``(x, labels)``."""
    from resnet_viz.train.data import load_sample, normalize, resize

    test = load_sample(split)
    step = max(1, len(test) // images)
    keep = torch.arange(0, len(test), step)[:images]
    norm = meta["normalization"]
    mean = torch.tensor(norm["mean"]).view(1, -1, 1, 1)
    std = torch.tensor(norm["std"]).view(1, -1, 1, 1)
    x = normalize(resize(test.images[keep], int(meta["input_size"])), mean, std)
    return x, test.labels[keep]


def median_std(values: list[tuple[str, float]]) -> float:
    """The median over layers of :func:`response_stds`."""
    return float(np.median([v for _, v in values]))


SAME = 0.02  # two medians within 2% of each other are "about the same", whichever way the third decimal falls
FIGURE7_IMAGES = 2000  # every test image of the embedded sample: the deeper-ResNet reading flipped with a subset's size
FIGURE7_GROUPS = 10  # disjoint groups of those images, for the interval of the deep/shallow ratio
LEVEL = 0.95  # the interval's coverage


def ratio_interval(deep: list[float], shallow: list[float], level: float = LEVEL, draws: int = 4000,
                   seed: int = 0) -> dict[str, float]:
    """The deep/shallow ratio of median response stds measured on the same groups of images (paired): its mean over
    the groups and a percentile bootstrap interval of that mean (``low``, ``high``), and the verdict: "similar" (the
    ratio within :data:`SAME` of one, however sure), "agree" (the deeper responds less: the whole interval below one),
    "disagree" (above one), "unclear" (beyond :data:`SAME`, but the interval spans one)."""
    ratios = np.asarray(deep, dtype=float) / np.asarray(shallow, dtype=float)
    rng = np.random.default_rng(seed)
    means = ratios[rng.integers(0, len(ratios), size=(draws, len(ratios)))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    ratio = float(ratios.mean())
    verdict = ("similar" if abs(ratio - 1) <= SAME else "agree" if high < 1 else "disagree" if low > 1
               else "unclear")
    return {"ratio": ratio, "low": float(low), "high": float(high), "verdict": verdict,
            "groups": len(ratios), "level": level}


def figure7_reading(medians: dict[str, float], depths: tuple[int, ...],
                    groups: dict[str, list[float]] | None = None) -> dict[str, Any]:
    """What the shipped checkpoints' median response stds say next to the paper's Figure 7: ``pairs`` (the depths
    with both a plain and a residual checkpoint), ``agree`` (at each of them the ResNet responds less than its plain
    twin by more than :data:`SAME`; None without a pair), and ``deeper`` ("agree", "similar", "disagree" or, with
    ``groups``, "unclear": the
    deepest ResNet against the shallowest; None without both), decided by :func:`ratio_interval` over ``groups``
    (each model's median per group of images; its numbers in ``interval``), else by :data:`SAME` on ``medians``."""
    pairs = [d for d in depths if f"plain-{d}" in medians and f"resnet-{d}" in medians]
    agree = all(medians[f"resnet-{d}"] < (1 - SAME) * medians[f"plain-{d}"] for d in pairs) if pairs else None
    resnets = [d for d in depths if f"resnet-{d}" in medians]
    deeper, interval = None, None
    if len(resnets) >= 2:
        deep, shallow = f"resnet-{resnets[-1]}", f"resnet-{resnets[0]}"
        if groups and deep in groups and shallow in groups:
            interval = ratio_interval(groups[deep], groups[shallow])
            deeper = interval["verdict"]
        else:
            ratio = medians[deep] / medians[shallow]
            deeper = "agree" if ratio < 1 - SAME else "similar" if ratio <= 1 + SAME else "disagree"
    return {"pairs": pairs, "agree": agree, "deeper": deeper, "shallow": resnets[0] if resnets else None,
            "deep": resnets[-1] if resnets else None, "interval": interval}
