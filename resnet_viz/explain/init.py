"""Initialisation as the remedy for signals that shrink or explode with depth, measured on a plain net at step 0.

He, Zhang, Ren, Sun, "Delving Deep into Rectifiers", arXiv:1502.01852 (2015), Sec. 2.2: in a ReLU net each layer
multiplies the variance of its response by ½·n·Var[w] (n: the layer's fan-in, or fan-out for the backward signal),
so over L layers a scale that is off by a constant factor compounds to a factor to the L-th power. Weights drawn with
Var[w] = 2/n keep that factor at one. The ResNet paper initialises its nets this way (arXiv:1512.03385, Sec. 3.4);
:class:`resnet_viz.nets.models.CifarResNet`, like torchvision's ResNets, calls ``kaiming_normal_(mode="fan_out",
nonlinearity="relu")`` on every convolution (the fan-out form, which keeps the backward signal's scale; Sec. 2.2
shows the forward signal then changes by a constant factor only) and leaves the fc layer at PyTorch's default.

The comparison, :func:`init_comparison`: the same plain net (no shortcuts) with He initialisation as the zoo builds
it, and with every weight drawn from a Gaussian of std 0.01 (:data:`POOR_STD`, the common fixed default before 2015:
Krizhevsky et al. 2012 drew all their layers so; "with fixed standard deviations (e.g., 0.01 ...), very deep models
(e.g., >8 conv layers) have difficulties to converge", He et al. 2015, Sec. 2.2), each with the
batch normalisation the Lab's nets have and without it (BN layers replaced by identities). One forward and backward
pass in training mode on one fixed batch of the shipped Fashion-MNIST sample; per weighted layer (convs, then fc)
the std of its response (its output, He's y_l) and the norm of its weight's gradient, as the Lab's gradient-flow
chart records them. Measured, not modelled: the zero padding at the small maps' borders, which the analysis leaves
out, also takes a little of the signal at every layer.
"""

from __future__ import annotations

import dataclasses
import math

import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.nets.models import build_model, weighted_layers
from resnet_viz.train.data import load_sample, normalize

POOR_STD = 0.01  # the fixed Gaussian std of AlexNet (Krizhevsky et al. 2012) and of many nets before He init
INITS = ("he", "small")  # He init as the zoo builds the net; every weight N(0, POOR_STD²)


@dataclasses.dataclass(frozen=True)
class InitProfile:
    """One initialisation of the net, with or without BN: per weighted layer, in forward order."""

    init: str  # "he" or "small"
    batch_norm: bool
    layers: tuple[str, ...]
    response_std: tuple[float, ...]  # std of each layer's output over the batch (0.0 where it underflowed)
    grad_norm: tuple[float, ...]  # norm of each layer's weight gradient


@dataclasses.dataclass(frozen=True)
class InitComparison:
    depth: int
    width: int
    batch: int
    seed: int
    profiles: tuple[InitProfile, ...]

    def profile(self, init: str, batch_norm: bool) -> InitProfile:
        return next(p for p in self.profiles if p.init == init and p.batch_norm == batch_norm)


def sample_batch(size: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``size`` training images of the shipped Fashion-MNIST sample, picked by ``seed``, normalised as the Lab
    trains on them, and their labels."""
    data = load_sample("train")
    order = torch.randperm(len(data.labels), generator=torch.Generator().manual_seed(seed))[:size]
    images = normalize(data.images[order].float() / 255, torch.tensor(data.mean), torch.tensor(data.std))
    return images, data.labels[order]


def plain_net(depth: int, width: int, init: str, batch_norm: bool, seed: int) -> nn.Module:
    """The plain CIFAR net of ``depth`` for one-channel images, initialised as ``init`` says (the same draw for a
    seed; the caller's random state is left as it was)."""
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, not {init!r}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build_model(f"cifar_resnet{depth}", residual=False, in_channels=1, width=width)
    if init == "small":
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for _, weight in weighted_layers(model):
                weight.normal_(0.0, POOR_STD, generator=generator)
            model.fc.bias.zero_()
    if not batch_norm:
        for module in list(model.modules()):
            for name, child in list(module.named_children()):
                if isinstance(child, nn.BatchNorm2d):
                    setattr(module, name, nn.Identity())
    return model


def measure(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> tuple[list[str], list[float],
                                                                                      list[float]]:
    """One training-mode forward and backward pass (cross-entropy): each weighted layer's name, response std and
    weight-gradient norm. The hooks live for this call only."""
    layers = weighted_layers(model)
    stds: dict[str, float] = {}

    def hook(name: str):
        def record(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
            stds[name] = float(output.detach().double().std())  # read now: an in-place ReLU overwrites it next
        return record

    handles = [model.get_submodule(name).register_forward_hook(hook(name)) for name, _ in layers]
    try:
        model.train()
        F.cross_entropy(model(images), labels).backward()
    finally:
        for handle in handles:
            handle.remove()
    return ([name for name, _ in layers], [stds[name] for name, _ in layers],
            [float(torch.linalg.vector_norm(w.grad.double())) for _, w in layers])


def init_comparison(depth: int = 56, width: int = 16, batch: int = 32, seed: int = 0) -> InitComparison:
    """The plain net of ``depth`` and ``width`` at initialisation, under He init and std 0.01, with BN and without:
    response stds and gradient norms per layer on one fixed batch of ``batch`` sample images."""
    images, labels = sample_batch(batch, seed)
    profiles = []
    for batch_norm in (True, False):
        for init in INITS:
            names, stds, norms = measure(plain_net(depth, width, init, batch_norm, seed), images, labels)
            profiles.append(InitProfile(init, batch_norm, tuple(names), tuple(stds), tuple(norms)))
    return InitComparison(depth, width, batch, seed, tuple(profiles))


# ---------------------------------------------------------------------------------------------------------------
# What the numbers say
# ---------------------------------------------------------------------------------------------------------------


def times(ratio: float) -> str:
    """A factor for a sentence: '0.52', '1.9', '36', '1,630', '3.9×10⁶', '2.0×10⁻⁵'."""
    if ratio == 0 or not math.isfinite(ratio):
        return "∞" if ratio == math.inf else "0"
    if ratio >= 1e5 or ratio < 1e-3:
        exponent = math.floor(math.log10(ratio))
        mantissa = ratio / 10**exponent
        if f"{mantissa:.1f}" == "10.0":
            mantissa, exponent = 1.0, exponent + 1
        return f"{mantissa:.1f}×10{str(exponent).translate(_SUPERSCRIPT)}"
    if ratio < 1:
        return f"{ratio:.2g}"
    return f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.1f}"


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def findings(comparison: InitComparison) -> list[tuple[str, dict]]:
    """What the comparison shows, one sentence each as (message key, fields), every factor computed from the
    profiles: with BN (the Lab's nets); without BN, std 0.01's responses, then its gradients; without BN, He init.
    "first" is layer 1 (the stem convolution), "last" the last convolution: the fc layer after it keeps PyTorch's
    default init under He init, so the ratios are taken between convolutions."""
    last = comparison.depth - 2  # index of the last convolution
    conv = slice(0, last + 1)
    he, small = comparison.profile("he", True), comparison.profile("small", True)
    found = [("lab.init.bn", dict(
        std=POOR_STD, last=last + 1,
        he_low=f"{min(he.response_std[conv]):.2g}", he_high=f"{max(he.response_std[conv]):.2g}",
        small_low=f"{min(small.response_std[conv]):.2g}", small_high=f"{max(small.response_std[conv]):.2g}",
        he_grad=times(he.grad_norm[0] / he.grad_norm[last]),
        small_grad=times(small.grad_norm[0] / small.grad_norm[last])))]

    he, small = comparison.profile("he", False), comparison.profile("small", False)
    zero = next((i for i, s in enumerate(small.response_std[conv]) if s == 0.0), None)
    alive = small.response_std[:zero] if zero is not None else small.response_std[conv]
    gain = f"{(alive[-1] / alive[0]) ** (1 / max(len(alive) - 1, 1)):.2g}"
    if zero is not None:
        found.append(("lab.init.nobn.zero", dict(std=POOR_STD, gain=gain, layer=zero + 1)))
    else:
        found.append(("lab.init.nobn.shrink", dict(std=POOR_STD, gain=gain, last=last + 1,
                                                   shrink=times(alive[0] / alive[-1]))))
    if not any(small.grad_norm):
        found.append(("lab.init.nobn.no_grad", dict(std=POOR_STD)))
    else:  # said only where std 0.01's gradient is the smaller at every layer
        less = min(h / s if s else math.inf for h, s in zip(he.grad_norm, small.grad_norm))
        if less > 1:
            found.append(("lab.init.nobn.less", dict(std=POOR_STD, less=times(less))))
    spread = times(max(he.grad_norm[conv]) / min(he.grad_norm[conv])) if min(he.grad_norm[conv]) > 0 else "∞"
    ratio = he.response_std[0] / he.response_std[last]
    found.append(("lab.init.nobn.he" if ratio >= 1 else "lab.init.nobn.he_grows",
                  dict(spread=spread, convs=last + 1, shrink=times(ratio if ratio >= 1 else 1 / ratio))))
    return found
