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


def response_stds(model: nn.Module, x: torch.Tensor) -> list[tuple[str, float]]:
    """The paper's Figure 7: the standard deviation of each 3×3 layer's response — its output after BN and before
    the ReLU or the addition — over a batch, in evaluation mode, in forward order. "Std" here is over every value
    of the response (images, channels and positions); the paper does not say how it pools them."""
    private = _private(model).eval()
    layers = [name for name in batch_norm_layers(private) if _follows_3x3(private, name)]
    found: dict[str, float] = {}
    handles = [private.get_submodule(name).register_forward_hook(
        lambda m, i, o, name=name: found.__setitem__(name, float(o.detach().double().std()))) for name in layers]
    try:
        with torch.no_grad():
            private(x)
    finally:
        for h in handles:
            h.remove()
    return [(name, found[name]) for name in layers]


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
