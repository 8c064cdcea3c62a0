"""What the network sees and where it looks: predictions, feature maps, Grad-CAM and other attributions (captum).

The models passed in are usually shared by every browser session on the server (``st.cache_resource``), so no
function here changes them: no hooks, no ``.eval()``/``.train()`` flips, no ``requires_grad`` changes. Each call
works on a :func:`private_view`, a throw-away structural copy that shares the model's parameter and buffer storage,
and attaches captum's hooks (or its own, removed in ``finally``) there.

Every map is returned as an H×W float32 numpy array in [0, 1] at the model's input resolution, so maps from all
methods can be drawn, compared and scored (:func:`deletion_insertion`) alike.

References: Grad-CAM, Selvaraju et al. 2017 (arXiv:1610.02391); Integrated Gradients, Sundararajan et al. 2017
(arXiv:1703.01365); Occlusion, Zeiler & Fergus 2014 (arXiv:1311.2901); sanity checks, Adebayo et al. 2018
(arXiv:1810.03292); deletion/insertion, Petsiuk et al. 2018 (arXiv:1806.07421).
"""

from __future__ import annotations

import copy
import dataclasses
import warnings

import numpy as np
import torch
from captum.attr import GuidedGradCam, IntegratedGradients, LayerAttribution, LayerGradCam, Occlusion
from torch import nn
from torchvision.transforms.functional import gaussian_blur

from resnet_viz.nets.models import stage_names

# Captum announces each guided-backprop call's ReLU hooks; here they always go on a private view and are removed.
warnings.filterwarnings("ignore", message="Setting backward hooks on ReLU activations", category=UserWarning)

STEM = "conv1"  # the feature-map tap for the stem: conv1 -> bn1 -> relu, read at the stem's ReLU


# ---------------------------------------------------------------------------------------------------------------
# The private view: how a shared model is used without being touched
# ---------------------------------------------------------------------------------------------------------------


def private_view(model: nn.Module) -> nn.Module:
    """A copy of ``model``'s module tree that shares its parameter and buffer storage, ready for hooks.

    The view is in eval mode, its ReLUs are out-of-place (users of captum and pytorch-grad-cam have seen backward
    hooks fail on in-place ReLUs, above all ones reused within a block as torchvision's are; out-of-place ReLUs
    compute the same values), and its parameters do not require gradients, so a backward pass only reaches the
    activations it is asked about. Each module is copied shallowly
    with fresh containers (parameters, children, hook dictionaries), so hooks attached to the view never reach the
    shared model, which keeps its mode, its flags and its (absent) hooks. No tensor data is copied: building a view
    of resnet152 takes about 3 ms on 2 CPU cores (AMD EPYC), under 5% of its forward pass; resnet50's about 1 ms
    (benchmarks/gradcam_cost.py prints both).
    """
    params = {id(p): nn.Parameter(p.detach(), requires_grad=False) for p in model.parameters()}
    copies: dict[int, nn.Module] = {}

    def clone(module: nn.Module) -> nn.Module:
        if id(module) in copies:  # a module used in two places stays one module
            return copies[id(module)]
        state = {k: (v.copy() if isinstance(v, (dict, set)) else v) for k, v in vars(module).items()}
        state["_parameters"] = {k: None if p is None else params[id(p)] for k, p in module._parameters.items()}
        state["_modules"] = {k: None if c is None else clone(c) for k, c in module._modules.items()}
        state["training"] = False
        if "inplace" in state:
            state["inplace"] = False
        new = object.__new__(type(module))
        new.__dict__.update(state)
        copies[id(module)] = new
        return new

    return clone(model)


def _device(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def _input(x: torch.Tensor, model: nn.Module) -> torch.Tensor:
    """One image as a private 1×C×H×W float tensor on the model's device."""
    if x.dim() == 3:
        x = x.unsqueeze(0)
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError(f"expected one image (C×H×W or 1×C×H×W), got shape {tuple(x.shape)}")
    return x.detach().to(_device(model), torch.float32).clone()


def default_layer(model: nn.Module) -> str:
    """The last residual stage ('layer4' for torchvision, 'layer3' for the CIFAR nets): Grad-CAM's usual choice."""
    return stage_names(model)[-1]


def _layer(view: nn.Module, name: str) -> nn.Module:
    """The submodule called ``name``; a ValueError listing the stages if there is none."""
    try:
        return view.get_submodule(name)
    except AttributeError:
        raise ValueError(f"no layer {name!r} in this model: try {', '.join(stage_names(view))} "
                         f"or a block such as {stage_names(view)[0]}.0") from None


def _num_classes(model: nn.Module) -> int:
    return model.fc.out_features


def _check_target(model: nn.Module, target: int | None) -> None:
    if target is not None and not 0 <= int(target) < _num_classes(model):
        raise ValueError(f"class {target} does not exist: the model has {_num_classes(model)} classes")


# ---------------------------------------------------------------------------------------------------------------
# Predictions and feature maps
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Prediction:
    """The top-k classes of one image, most probable first."""

    indices: tuple[int, ...]
    probabilities: tuple[float, ...]

    @classmethod
    def from_logits(cls, logits: torch.Tensor, k: int = 5) -> Prediction:
        probs = torch.softmax(logits.detach().float().reshape(-1), 0)
        top = torch.topk(probs, min(k, probs.numel()))
        return cls(tuple(top.indices.tolist()), tuple(top.values.tolist()))

    @property
    def top1(self) -> int:
        return self.indices[0]

    def labelled(self, classes: list[str]) -> list[tuple[str, float]]:
        """``[(class name, probability), ...]``."""
        return [(classes[i], p) for i, p in zip(self.indices, self.probabilities)]


TOP_K = 5  # the predictions the Inspector lists


def predict(model: nn.Module, x: torch.Tensor, k: int = TOP_K) -> Prediction:
    """The top-``k`` classes and their softmax probabilities for one image."""
    view = private_view(model)
    with torch.inference_mode():
        return Prediction.from_logits(view(_input(x, view)), k)


def feature_taps(model: nn.Module) -> list[str]:
    """Where feature maps can be read: the stem, then each stage's output followed by each of its blocks.

    ``['conv1', 'layer1', 'layer1.0', 'layer1.1', 'layer2', ...]``; a stage's output is its last block's output.
    """
    taps = [STEM]
    for stage in stage_names(model):
        taps.append(stage)
        taps.extend(f"{stage}.{i}" for i in range(len(model.get_submodule(stage))))
    return taps


def tap_kind(tap: str) -> str:
    """What a feature tap reads: 'stem' (conv1 → bn1 → ReLU), 'stage' (a stage's output) or 'block' (a block's)."""
    if tap == STEM:
        return "stem"
    return "stage" if "." not in tap else "block"


def _tap_module(view: nn.Module, tap: str) -> nn.Module:
    # The stem is read after its ReLU (the top-level ``relu``, used by the stem only), so maps are activations.
    return view.relu if tap == STEM else view.get_submodule(tap)


class _Enough(Exception):
    """Raised by a hook once every requested map is in: the rest of the forward pass is not needed."""


def feature_maps(model: nn.Module, x: torch.Tensor, taps: list[str] | None = None) -> dict[str, np.ndarray]:
    """Activations of one image at ``taps`` (default: all :func:`feature_taps`), each a C×H×W float32 array."""
    view = private_view(model)
    x = _input(x, view)
    wanted = list(dict.fromkeys(taps or feature_taps(view)))
    unknown = [t for t in wanted if t not in feature_taps(view)]
    if unknown:
        raise ValueError(f"no feature maps at {', '.join(unknown)}: choose from {', '.join(feature_taps(view))}")
    maps: dict[str, np.ndarray] = {}

    def hook_for(tap: str):
        def hook(module: nn.Module, inputs: object, output: torch.Tensor) -> None:
            maps[tap] = output[0].detach().float().cpu().numpy().copy()
            if len(maps) == len(wanted):
                raise _Enough
        return hook

    handles = [_tap_module(view, tap).register_forward_hook(hook_for(tap)) for tap in wanted]
    try:
        with torch.inference_mode():
            view(x)
    except _Enough:
        pass
    finally:
        for handle in handles:
            handle.remove()
    return {tap: maps[tap] for tap in wanted}


def channel_order(maps: np.ndarray) -> np.ndarray:
    """Channel indices of a C×H×W array, strongest mean activation first (ties by index)."""
    return np.argsort(-maps.reshape(len(maps), -1).mean(axis=1), kind="stable")


# ---------------------------------------------------------------------------------------------------------------
# Grad-CAM, from the same forward pass as the prediction
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Explanation:
    """A prediction and the Grad-CAM map for ``target`` from one forward pass; ``resolution`` is the layer's H×W."""

    prediction: Prediction
    target: int
    layer: str
    cam: np.ndarray
    resolution: tuple[int, int]


def explain(model: nn.Module, x: torch.Tensor, target: int | None = None, layer: str | None = None,
            k: int = 5) -> Explanation:
    """Top-``k`` prediction and Grad-CAM for ``target`` (default: the top-1 class) at ``layer`` (default: the last
    stage), from a single forward pass and a backward pass that stops at ``layer``.

    Uses captum's ``LayerGradCam`` with ``relu_attributions=True`` (the paper's ReLU; captum leaves it off by
    default), upsampled bilinearly with ``LayerAttribution.interpolate``, then divided by its maximum. A class with
    no positive evidence anywhere gives an all-zero map.
    """
    _check_target(model, target)
    view = private_view(model)
    x = _input(x, view)
    layer = layer or default_layer(view)
    seen: dict[str, torch.Tensor] = {}

    def score(inputs: torch.Tensor) -> torch.Tensor:
        logits = view(inputs)
        chosen = logits.detach().argmax(1) if target is None else torch.full(
            (len(logits),), int(target), device=logits.device)
        seen["logits"], seen["target"] = logits.detach(), chosen
        return logits.gather(1, chosen[:, None]).squeeze(1)

    attribution = LayerGradCam(score, _layer(view, layer)).attribute(x, relu_attributions=True)
    cam = LayerAttribution.interpolate(attribution.detach(), tuple(x.shape[-2:]), interpolate_mode="bilinear")
    return Explanation(
        prediction=Prediction.from_logits(seen["logits"][0], k),
        target=int(seen["target"][0]),
        layer=layer,
        cam=_scale_by_max(cam[0, 0]),
        resolution=(int(attribution.shape[-2]), int(attribution.shape[-1])),
    )


def grad_cam(model: nn.Module, x: torch.Tensor, target: int | None = None, layer: str | None = None) -> np.ndarray:
    """Grad-CAM of one image for ``target`` (default: top-1) at ``layer`` (default: the last stage).

    An H×W float32 array in [0, 1] at the input's resolution. See :func:`explain` for the details.
    """
    return explain(model, x, target, layer).cam


def _scale_by_max(m: torch.Tensor) -> np.ndarray:
    m = m.detach().float().clamp(min=0).cpu().numpy()
    top = float(m.max())
    return (m / top if top > 0 else np.zeros_like(m)).astype(np.float32)


def _scale_robust(m: torch.Tensor) -> np.ndarray:
    """Non-negative map -> [0, 1], saturating the top 1% so a few extreme pixels do not wash the rest out."""
    m = m.detach().float().clamp(min=0).cpu().numpy()
    top = float(np.percentile(m, 99))
    top = top if top > 0 else float(m.max())
    return (np.clip(m / top, 0, 1) if top > 0 else np.zeros_like(m)).astype(np.float32)


def _resolve_target(view: nn.Module, x: torch.Tensor, target: int | None) -> int:
    _check_target(view, target)
    if target is not None:
        return int(target)
    with torch.inference_mode():
        return int(view(x).argmax(1)[0])


# ---------------------------------------------------------------------------------------------------------------
# Other attributions
# ---------------------------------------------------------------------------------------------------------------


def guided_grad_cam(model: nn.Module, x: torch.Tensor, target: int | None = None,
                    layer: str | None = None) -> np.ndarray:
    """Guided Grad-CAM (Selvaraju et al. Sec. 3.2): guided backpropagation × the upsampled Grad-CAM, via captum.

    Shown as the channel-summed magnitude, saturated at the 99th percentile. Captum attaches its ReLU hooks to the
    private view, whose ReLUs are out-of-place.
    """
    view = private_view(model)
    x = _input(x, view)
    target = _resolve_target(view, x, target)
    x.requires_grad_()  # our private copy: guided backpropagation needs the input's gradient
    method = GuidedGradCam(view, _layer(view, layer or default_layer(view)))
    attribution = method.attribute(x, target=target, interpolate_mode="bilinear")
    return _scale_robust(attribution[0].abs().sum(0))


def integrated_gradients(model: nn.Module, x: torch.Tensor, target: int | None = None, steps: int = 32,
                         internal_batch_size: int = 8) -> np.ndarray:
    """Integrated Gradients from an all-zero input (the dataset's mean colour after normalisation).

    The ``steps`` interpolated images go through the model ``internal_batch_size`` at a time, so memory stays
    bounded whatever ``steps`` is. Shown as the channel-summed magnitude, saturated at the 99th percentile.
    """
    view = private_view(model)
    x = _input(x, view)
    target = _resolve_target(view, x, target)
    attribution = IntegratedGradients(view).attribute(
        x, baselines=torch.zeros_like(x), target=target, n_steps=steps, internal_batch_size=internal_batch_size)
    return _scale_robust(attribution[0].abs().sum(0))


def occlusion(model: nn.Module, x: torch.Tensor, target: int | None = None, window: int | None = None,
              stride: int | None = None, batch_size: int = 8) -> np.ndarray:
    """Occlusion (Zeiler & Fergus): how much the target's score drops when a square patch is set to zero.

    ``window`` defaults to a quarter of the input side and ``stride`` to an eighth (7×7 positions, so 49 forward
    passes, ``batch_size`` at a time). Only drops are shown (the map is clamped at zero), divided by the maximum.
    """
    view = private_view(model)
    x = _input(x, view)
    target = _resolve_target(view, x, target)
    side = min(x.shape[-2:])
    window = window or max(1, side // 4)
    stride = stride or max(1, side // 8)
    channels = x.shape[1]
    with torch.no_grad():
        attribution = Occlusion(view).attribute(
            x, sliding_window_shapes=(channels, window, window), strides=(channels, stride, stride),
            baselines=0.0, target=target, perturbations_per_eval=batch_size)
    return _scale_by_max(attribution[0].sum(0))


METHODS = ("grad_cam", "guided_grad_cam", "integrated_gradients", "occlusion")


def attribution(method: str, model: nn.Module, x: torch.Tensor, target: int | None = None,
                layer: str | None = None) -> np.ndarray:
    """One of :data:`METHODS` by name, each with its defaults; ``layer`` is used by the Grad-CAM family."""
    if method == "grad_cam":
        return grad_cam(model, x, target, layer)
    if method == "guided_grad_cam":
        return guided_grad_cam(model, x, target, layer)
    if method == "integrated_gradients":
        return integrated_gradients(model, x, target)
    if method == "occlusion":
        return occlusion(model, x, target)
    raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")


# ---------------------------------------------------------------------------------------------------------------
# Can we trust the map?
# ---------------------------------------------------------------------------------------------------------------


def randomized_copy(model: nn.Module, seed: int = 0) -> nn.Module:
    """A copy of ``model`` with every conv and fully connected weight redrawn at random (Adebayo et al. 2018's
    model-parameter randomisation test, all layers at once rather than their cascade).

    Each weight tensor is redrawn from a normal distribution with its own trained standard deviation, so activations
    keep their scale; biases are zeroed; batch-norm parameters and statistics are kept. A map that looks the same
    for this copy shows the image's edges, not what the network learned. The copy has its own storage and is in
    eval mode; ``seed`` makes it reproducible without touching the global random state.
    """
    clone = copy.deepcopy(private_view(model))  # a view first: the caller's flags are not copied or changed
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in clone.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                std = float(m.weight.std()) if m.weight.numel() > 1 else 1.0
                noise = torch.randn(m.weight.shape, generator=generator) * std
                m.weight.copy_(noise.to(m.weight.device, m.weight.dtype))
                if m.bias is not None:
                    m.bias.zero_()
    return clone


def rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation between two maps (Adebayo et al.'s similarity measure); 0 if either is flat."""
    ra = np.argsort(np.argsort(a.ravel(), kind="stable"), kind="stable").astype(np.float64)
    rb = np.argsort(np.argsort(b.ravel(), kind="stable"), kind="stable").astype(np.float64)
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


@dataclasses.dataclass(frozen=True)
class Faithfulness:
    """Petsiuk et al.'s causal metrics: the area under the target's probability as the most salient pixels are
    deleted (lower is better) or inserted into a blurred copy (higher is better); ``curves`` hold the probabilities
    at each fraction 0, 1/steps, ..., 1."""

    deletion: float
    insertion: float
    deletion_curve: tuple[float, ...]
    insertion_curve: tuple[float, ...]


def deletion_insertion(model: nn.Module, x: torch.Tensor, saliency: np.ndarray, target: int, steps: int = 16,
                       batch_size: int = 8) -> Faithfulness:
    """Deletion and insertion scores of an H×W ``saliency`` map for class ``target``.

    Deleted pixels are set to zero (the mean colour after normalisation); insertion starts from a Gaussian blur of
    the image (sigma = 1/20 of its side), as in the paper. ``2 × (steps + 1)`` images go through the model,
    ``batch_size`` at a time.
    """
    _check_target(model, target)
    view = private_view(model)
    x = _input(x, view)
    h, w = x.shape[-2:]
    if saliency.shape != (h, w):
        raise ValueError(f"the map is {saliency.shape[0]}×{saliency.shape[1]}, the input {h}×{w}")
    sigma = max(0.5, min(h, w) / 20)
    kernel = 2 * int(np.ceil(3 * sigma)) + 1
    odd = lambda n: min(kernel, n if n % 2 else n - 1)  # the kernel must be odd and fit the image (reflect padding)
    blurred = gaussian_blur(x, [odd(w), odd(h)], [sigma])
    order = torch.from_numpy(np.argsort(-saliency.ravel(), kind="stable").copy()).to(x.device)
    counts = [round(h * w * i / steps) for i in range(steps + 1)]

    def curve(start: torch.Tensor, finish: torch.Tensor) -> list[float]:
        """Probabilities as the top pixels move from ``start`` to ``finish``, step by step."""
        probs: list[float] = []
        for first in range(0, len(counts), batch_size):
            images = []
            for count in counts[first:first + batch_size]:
                mask = torch.zeros(h * w, dtype=torch.bool, device=x.device)
                mask[order[:count]] = True
                images.append(torch.where(mask.view(1, h, w), finish[0], start[0]))
            with torch.inference_mode():
                logits = view(torch.stack(images))
            probs.extend(torch.softmax(logits.float(), 1)[:, target].tolist())
        return probs

    deletion = curve(x, torch.zeros_like(x))
    insertion = curve(blurred, x)
    return Faithfulness(_area(deletion), _area(insertion), tuple(deletion), tuple(insertion))


def _area(values: list[float]) -> float:
    """Trapezoidal area under evenly spaced values on [0, 1]."""
    v = np.asarray(values, dtype=np.float64)
    return float((v[:-1] + v[1:]).sum() / (2 * (len(v) - 1)))
