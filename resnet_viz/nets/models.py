"""The model zoo: torchvision's ImageNet ResNets, the paper's CIFAR ResNets, their *plain* twins, the paper's three
shortcut options, and VGG-19 for comparison.

He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", arXiv:1512.03385 (2015).

Every ResNet here speaks torchvision's vocabulary (``conv1, bn1, relu, layer1..layerN, avgpool, fc``), so the layer
table, the feature-map taps and Grad-CAM work on every model alike.

Shortcut options (Sec. 3.3, Table 3): **A** zero-padding where dimensions increase, identity elsewhere (no extra
parameters; the paper's choice for its CIFAR nets); **B** projection (1×1 conv + BN) where dimensions increase,
identity elsewhere (torchvision's ResNets, and the paper's ImageNet nets); **C** projection on every shortcut.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models import get_model_weights
from torchvision.models import resnet as tv_resnet
from torchvision.models._api import WeightsEnum

TORCHVISION_DEPTHS = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}
CIFAR_DEPTHS = (20, 32, 44, 56, 110)  # the depths of the paper's Figure 6 and Table 6; any 6n+2 builds
VERY_DEEP = 1202  # the paper's 1202-layer CIFAR net (Sec. 4.2, Table 6)
TORCHVISION_NAMES = tuple(f"resnet{d}" for d in TORCHVISION_DEPTHS)
CIFAR_NAMES = tuple(f"cifar_resnet{d}" for d in CIFAR_DEPTHS)
MODEL_NAMES = TORCHVISION_NAMES + CIFAR_NAMES
COMPARISON_NAMES = ("vgg19",)  # the paper's Figure 3 baseline: torchvision's VGG-19 (no ResNet twin, no shortcuts)
ARCHITECTURE_NAMES = MODEL_NAMES + (f"cifar_resnet{VERY_DEEP}",) + COMPARISON_NAMES  # what the Architecture page shows
SHORTCUTS = ("A", "B", "C")

_CIFAR_NAME = re.compile(r"cifar_resnet(\d+)")


# ---------------------------------------------------------------------------------------------------------------
# The paper's CIFAR-10 networks (Section 4.2)
# ---------------------------------------------------------------------------------------------------------------


NormLayer = Callable[[int], nn.Module]  # torchvision's ``norm_layer``: channels -> a normalisation module


def conv3x3(in_planes: int, out_planes: int, stride: int = 1, bias: bool = False) -> nn.Conv2d:
    """3x3 convolution with padding; no bias where batch norm follows (its shift beta plays that part)."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=bias)


def needs_bias(norm: nn.Module) -> bool:
    """Whether a conv followed by ``norm`` needs its own bias: yes when there is no normalisation (nn.Identity)."""
    return isinstance(norm, nn.Identity)


class ZeroPadShortcut(nn.Module):
    """Option A shortcut (Sec. 3.3 and 4.2): subsample by striding, zero-pad the extra channels. No parameters."""

    def __init__(self, in_planes: int, planes: int, stride: int) -> None:
        super().__init__()
        self.in_planes, self.planes, self.stride = in_planes, planes, stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x[:, :, :: self.stride, :: self.stride]
        extra = self.planes - self.in_planes
        return F.pad(x, (0, 0, 0, 0, extra // 2, extra - extra // 2))

    def extra_repr(self) -> str:
        return f"{self.in_planes}->{self.planes}, stride={self.stride}"


def projection(in_planes: int, planes: int, stride: int, norm_layer: NormLayer = nn.BatchNorm2d) -> nn.Sequential:
    """A projection shortcut W_s x (Eq. 2): 1×1 conv with the block's stride, then batch norm."""
    norm = norm_layer(planes)
    return nn.Sequential(nn.Conv2d(in_planes, planes, kernel_size=1, stride=stride, bias=needs_bias(norm)), norm)


def option_a_shortcut(in_planes: int, planes: int, stride: int, norm_layer: NormLayer = nn.BatchNorm2d) -> nn.Module:
    """Option A (the paper's CIFAR shortcut): identity where shapes match, zero-padding where they change."""
    if stride == 1 and in_planes == planes:
        return nn.Identity()
    return ZeroPadShortcut(in_planes, planes, stride)


def option_b_shortcut(in_planes: int, planes: int, stride: int, norm_layer: NormLayer = nn.BatchNorm2d) -> nn.Module:
    """Option B: identity where shapes match, a projection where they change."""
    if stride == 1 and in_planes == planes:
        return nn.Identity()
    return projection(in_planes, planes, stride, norm_layer)


def option_c_shortcut(in_planes: int, planes: int, stride: int, norm_layer: NormLayer = nn.BatchNorm2d) -> nn.Module:
    """Option C: a projection on every shortcut."""
    return projection(in_planes, planes, stride, norm_layer)


ShortcutFactory = Callable[..., nn.Module]  # (in_planes, planes, stride, norm_layer=...) -> the shortcut
SHORTCUT_FACTORIES: dict[str, ShortcutFactory] = {"A": option_a_shortcut, "B": option_b_shortcut,
                                                  "C": option_c_shortcut}


class CifarBasicBlock(nn.Module):
    """Two 3x3 convs; ``shortcut`` adds the input back (H(x) = F(x) + x), or is None for the plain twin."""

    expansion = 1

    def __init__(self, in_planes: int, planes: int, stride: int = 1, shortcut: nn.Module | None = None,
                 norm_layer: NormLayer = nn.BatchNorm2d) -> None:
        super().__init__()
        bn1, bn2 = norm_layer(planes), norm_layer(planes)
        self.conv1 = conv3x3(in_planes, planes, stride, bias=needs_bias(bn1))
        self.bn1 = bn1
        self.conv2 = conv3x3(planes, planes, bias=needs_bias(bn2))
        self.bn2 = bn2
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = shortcut

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.shortcut is not None:
            out = out + self.shortcut(x)
        return self.relu(out)


class CifarResNet(nn.Module):
    """The 6n+2-layer CIFAR-10 network: 3x3 stem, three stages of n blocks on 32/16/8 maps, pool, fc (Sec. 4.2).

    ``width`` is the stem's filter count (16 in the paper); the stages use width, 2*width, 4*width.
    ``shortcut`` builds each block's shortcut; ``None`` gives the plain twin with the same parameters.
    ``norm_layer`` follows every conv (batch norm, as in Sec. 3.4, by default); ``nn.Identity`` removes batch norm
    and gives each conv a bias instead (the Concepts page's ablation: BN allows higher learning rates, Ioffe and
    Szegedy 2015, arXiv:1502.03167).
    """

    def __init__(
        self,
        blocks_per_stage: int,
        num_classes: int = 10,
        in_channels: int = 3,
        width: int = 16,
        shortcut: ShortcutFactory | None = option_a_shortcut,
        norm_layer: NormLayer | None = None,
    ) -> None:
        super().__init__()
        self.in_planes = width
        self._shortcut = shortcut
        self._norm_layer = norm_layer = norm_layer or nn.BatchNorm2d
        bn1 = norm_layer(width)
        self.conv1 = conv3x3(in_channels, width, bias=needs_bias(bn1))
        self.bn1 = bn1
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(width, blocks_per_stage, stride=1)
        self.layer2 = self._make_layer(2 * width, blocks_per_stage, stride=2)
        self.layer3 = self._make_layer(4 * width, blocks_per_stage, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(4 * width, num_classes)
        for m in self.modules():  # He initialisation, as in the paper (Sec. 3.4, arXiv:1502.01852)
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def _make_layer(self, planes: int, blocks: int, stride: int) -> nn.Sequential:
        layers = []
        for s in [stride] + [1] * (blocks - 1):
            shortcut = self._shortcut(self.in_planes, planes, s, norm_layer=self._norm_layer) \
                if self._shortcut else None
            layers.append(CifarBasicBlock(self.in_planes, planes, s, shortcut, self._norm_layer))
            self.in_planes = planes
        return nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


# ---------------------------------------------------------------------------------------------------------------
# Plain twins of torchvision's blocks (the paper's Table 2 plain nets): the same layers, no shortcut addition
# ---------------------------------------------------------------------------------------------------------------


class PlainBasicBlock(tv_resnet.BasicBlock):
    """torchvision's BasicBlock without its shortcut; the projection torchvision would add is dropped."""

    def __init__(self, inplanes: int, planes: int, stride: int = 1, downsample: nn.Module | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(inplanes, planes, stride, None, *args, **kwargs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)))


class PlainBottleneck(tv_resnet.Bottleneck):
    """torchvision's Bottleneck without its shortcut (the paper shows no plain 50+; this is the natural twin)."""

    def __init__(self, inplanes: int, planes: int, stride: int = 1, downsample: nn.Module | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(inplanes, planes, stride, None, *args, **kwargs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)))


# ---------------------------------------------------------------------------------------------------------------
# The one entry point
# ---------------------------------------------------------------------------------------------------------------


def _invalid(name: object) -> ValueError:
    return ValueError(
        f"unknown model {name!r}: choose one of {', '.join(MODEL_NAMES)}, or cifar_resnet<6n+2> (e.g. cifar_resnet8)"
    )


def default_shortcut(name: str) -> str | None:
    """The paper's shortcut option for a family: A for the CIFAR nets (Sec. 4.2), B for the ImageNet nets (Sec. 4.1,
    as torchvision builds them); None for VGG."""
    family, _ = parse_name(name)
    return {"cifar": "A", "torchvision": "B"}.get(family)


def display_name(name: str) -> str:
    """'resnet50' -> 'ResNet-50', 'cifar_resnet20' -> 'ResNet-20 (CIFAR)', 'vgg19' -> 'VGG-19'."""
    family, depth = parse_name(name)
    return {"torchvision": f"ResNet-{depth}", "cifar": f"ResNet-{depth} (CIFAR)", "vgg": f"VGG-{depth}"}[family]


def parse_name(name: str) -> tuple[str, int]:
    """Split a model name into its family ('torchvision' or 'cifar') and depth; ValueError if it is not in the zoo."""
    if not isinstance(name, str):
        raise _invalid(name)
    if name in TORCHVISION_NAMES:
        return "torchvision", int(name.removeprefix("resnet"))
    if name in COMPARISON_NAMES:
        return "vgg", 19
    match = _CIFAR_NAME.fullmatch(name)
    if match:
        depth = int(match.group(1))
        if depth >= 8 and (depth - 2) % 6 == 0:
            return "cifar", depth
        raise ValueError(
            f"invalid CIFAR depth {depth}: the paper's CIFAR nets have 6n+2 layers with n >= 1 "
            f"(8, 14, 20, 26, 32, ...); the paper's own are {', '.join(map(str, CIFAR_DEPTHS))}"
        )
    raise _invalid(name)


def resolve_weights(name: str, weights: WeightsEnum | str | None) -> WeightsEnum | None:
    """Turn 'DEFAULT', 'IMAGENET1K_V2' or a weights enum into torchvision's enum member for ``name``."""
    if weights is None or isinstance(weights, WeightsEnum):
        return weights
    enum = get_model_weights(name)
    choices = ["DEFAULT"] + [w.name for w in enum]
    if weights not in choices:
        raise ValueError(f"unknown weights {weights!r} for {name}: choose one of {', '.join(choices)}")
    return enum.DEFAULT if weights == "DEFAULT" else enum[weights]


def build_model(
    name: str,
    *,
    residual: bool = True,
    num_classes: int | None = None,
    in_channels: int = 3,
    weights: WeightsEnum | str | None = None,
    width: int = 16,
    shortcut: str | None = None,
    variant: str = "v1.5",
    batch_norm: bool = True,
) -> nn.Module:
    """Build ``name`` from the zoo: a torchvision ResNet (state dict exactly torchvision's), a CIFAR ResNet, or VGG-19.

    ``residual=False`` gives the plain twin. ``shortcut`` picks the paper's option "A", "B" or "C" (default: "A" for
    the CIFAR nets as in Sec. 4.2, "B" for torchvision's, as they are built). ``weights`` (torchvision names only,
    option B) loads torchvision's weights, downloading them on first use. ``width`` sets the CIFAR nets' stem width
    (16 in the paper). ``variant="v1"`` puts a downsampling Bottleneck's stride on its first 1×1 conv, as the
    original release did, instead of on its 3×3 conv (torchvision's "V1.5"); the output shapes do not change.
    ``batch_norm=False`` (CIFAR nets only) builds them without batch norm, each conv with a bias instead.
    """
    family, depth = parse_name(name)
    if in_channels < 1:
        raise ValueError(f"in_channels must be at least 1, got {in_channels}")
    if shortcut not in (None, *SHORTCUTS):
        raise ValueError(f"shortcut must be one of {', '.join(SHORTCUTS)}, not {shortcut!r}")
    if variant not in ("v1", "v1.5"):
        raise ValueError(f"variant must be 'v1' or 'v1.5', not {variant!r}")
    if family == "vgg":
        return _vgg(name, num_classes, in_channels, weights)
    if not batch_norm and family != "cifar":
        raise ValueError(f"batch_norm=False builds the CIFAR nets only, not {name}")
    if family == "cifar":
        if weights is not None:
            raise ValueError(f"{name} has no published weights; train it in the Lab or load a checkpoint")
        return CifarResNet(
            (depth - 2) // 6,
            num_classes=num_classes or 10,
            in_channels=in_channels,
            width=width,
            shortcut=SHORTCUT_FACTORIES[shortcut or "A"] if residual else None,
            norm_layer=nn.BatchNorm2d if batch_norm else nn.Identity,
        )

    enum = resolve_weights(name, weights)
    if enum is not None:
        if not residual:
            raise ValueError(f"torchvision's weights are for the residual {name}; its plain twin has none")
        if shortcut not in (None, "B") or variant != "v1.5":
            raise ValueError(f"torchvision's weights are for {name} with option B shortcuts, as torchvision builds it")
        categories = len(enum.meta["categories"])
        if num_classes not in (None, categories):
            raise ValueError(f"{enum} has {categories} classes, not {num_classes}")
    if residual:
        model = getattr(tv_resnet, name)(weights=enum, num_classes=num_classes or 1000)
        if shortcut in ("A", "C"):
            _set_shortcuts(model, SHORTCUT_FACTORIES[shortcut])
    else:
        block = PlainBasicBlock if depth < 50 else PlainBottleneck
        model = tv_resnet.ResNet(block, TORCHVISION_DEPTHS[depth], num_classes=num_classes or 1000)
    if variant == "v1":
        _stride_on_first_conv(model)
    if in_channels != 3:
        _adapt_stem(model, in_channels)
    return model


def _blocks(model: nn.Module) -> list[nn.Module]:
    return [block for stage in stage_names(model) for block in getattr(model, stage)]


def _set_shortcuts(model: tv_resnet.ResNet, factory: ShortcutFactory) -> None:
    """Give every block of a torchvision ResNet the shortcut ``factory`` makes (option A or C)."""
    for block in _blocks(model):
        last = block.conv3 if isinstance(block, tv_resnet.Bottleneck) else block.conv2
        shortcut = factory(block.conv1.in_channels, last.out_channels, block.stride)
        block.downsample = None if isinstance(shortcut, nn.Identity) else shortcut


def _stride_on_first_conv(model: nn.Module) -> None:
    """ResNet V1 (the original release): a downsampling Bottleneck strides in its first 1×1 conv, not its 3×3 conv,
    so that 1×1 conv runs on the smaller map. BasicBlocks are the same in both versions."""
    for block in _blocks(model):
        if isinstance(block, tv_resnet.Bottleneck) and block.conv2.stride != (1, 1):
            block.conv1.stride, block.conv2.stride = block.conv2.stride, (1, 1)


def _vgg(name: str, num_classes: int | None, in_channels: int, weights: WeightsEnum | str | None) -> nn.Module:
    """torchvision's VGG-19 (Simonyan and Zisserman 2014), the paper's Figure 3 baseline."""
    from torchvision.models import vgg as tv_vgg

    if in_channels != 3 or weights is not None:
        raise ValueError(f"{name} is here for comparison only: 3 input channels, no weights")
    return getattr(tv_vgg, name)(num_classes=num_classes or 1000)


def _adapt_stem(model: tv_resnet.ResNet, in_channels: int) -> None:
    """Swap the RGB stem for one taking ``in_channels``; pretrained kernels are averaged over colour."""
    old = model.conv1
    new = nn.Conv2d(in_channels, old.out_channels, old.kernel_size, old.stride, old.padding, bias=False)
    with torch.no_grad():
        new.weight.copy_(old.weight.mean(dim=1, keepdim=True).expand_as(new.weight) * 3 / in_channels)
    model.conv1 = new


def is_shortcut(name: str) -> bool:
    """Whether a module or parameter name lies on a shortcut (torchvision's ``downsample``, our ``shortcut``)."""
    return any(part in ("downsample", "shortcut") for part in name.split("."))


def weighted_layers(model: nn.Module, shortcuts: bool = True) -> list[tuple[str, nn.Parameter]]:
    """The conv and fc weights in forward order, as ``(layer name, weight)``; ``shortcuts=False`` leaves out the
    projection shortcuts' 1×1 convs."""
    return [(name.removesuffix(".weight"), p) for name, p in model.named_parameters()
            if p.ndim > 1 and (shortcuts or not is_shortcut(name))]


def paper_depth(model: nn.Module) -> int:
    """The depth the paper names a network by (the 18 of ResNet-18): its weighted layers on the main path, convs
    and the fc layer, without the projection shortcuts (Table 1 and Sec. 3.3 count them apart)."""
    return len(weighted_layers(model, shortcuts=False))


def layer_census(model: nn.Module) -> dict[str, object]:
    """What the weighted layers of a ResNet are: the convs and fc layers on the main path (the paper's depth counts
    these), the projection shortcuts beside them, the stem's kernel and the kernels on the blocks' main path."""
    main = weighted_layers(model, shortcuts=False)
    convs = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Conv2d)]
    return {"convs": sum(p.ndim == 4 for _, p in main), "fc": sum(p.ndim == 2 for _, p in main),
            "projections": sum(is_shortcut(n) for n, _ in convs), "stem_kernel": model.conv1.kernel_size[0],
            "block_kernels": sorted({m.kernel_size[0] for n, m in convs
                                     if n.startswith("layer") and not is_shortcut(n)})}


def stage_strides(model: nn.Module) -> dict[str, int]:
    """Each stage's output stride: how many input pixels one step on its map spans (the product of the strides on
    the main path up to it), whatever the input size: ResNet-50 {'layer1': 4, ..., 'layer4': 32}."""
    stride, strides = 1, {}
    for name in ("conv1", "maxpool"):
        module = getattr(model, name, None)
        stride *= _pair(module.stride) if module is not None else 1
    for stage in stage_names(model):
        for block in getattr(model, stage):
            stride *= max(_pair(m.stride) for n, m in block.named_modules()
                          if isinstance(m, nn.Conv2d) and not is_shortcut(n))
        strides[stage] = stride
    return strides


def _pair(value: int | tuple[int, ...]) -> int:
    return int(value[0] if isinstance(value, (tuple, list)) else value)


def stage_names(model: nn.Module) -> list[str]:
    """The residual stages of ``model`` in order: ['layer1', ..., 'layer4'] or ['layer1', 'layer2', 'layer3']."""
    return [n for n, _ in model.named_children() if re.fullmatch(r"layer\d+", n)]


def shortcut_kind(block: nn.Module) -> str | None:
    """How a block's input reaches its output: 'identity', 'projection', 'zero-pad', or None (plain block)."""
    if isinstance(block, (PlainBasicBlock, PlainBottleneck)):
        return None
    module = block.shortcut if isinstance(block, CifarBasicBlock) else getattr(block, "downsample", None)
    if isinstance(block, CifarBasicBlock) and module is None:
        return None
    if module is None or isinstance(module, nn.Identity):
        return "identity"
    return "zero-pad" if isinstance(module, ZeroPadShortcut) else "projection"


def shortcut_option(model: nn.Module) -> str | None:
    """Which of the paper's options a ResNet's shortcuts follow ('A', 'B', 'C'); None for a plain net."""
    kinds = [(shortcut_kind(b), _changes_shape(b)) for b in _blocks(model)]
    if not kinds or any(kind is None for kind, _ in kinds):
        return None
    if all(kind == "projection" for kind, _ in kinds):
        return "C"
    changing = {kind for kind, changes in kinds if changes}
    return "A" if changing <= {"zero-pad"} else "B"


def _changes_shape(block: nn.Module) -> bool:
    """Whether a block's output has another shape than its input (stride or channels)."""
    last = getattr(block, "conv3", None) or block.conv2
    return block.conv1.in_channels != last.out_channels or block.conv1.stride != (1, 1) or \
        getattr(block.conv2, "stride", (1, 1)) != (1, 1)
