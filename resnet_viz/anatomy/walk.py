"""The shape walk: an input's width and channels followed through a torchvision ResNet, layer by layer, with the
output-size arithmetic ⌊(W − K + 2P) / S⌋ + 1 read from the real modules; and the paper's stage names."""

from __future__ import annotations

import dataclasses
import re

import torch
from torch import nn

from resnet_viz.nets.models import _pair, build_model, stage_names


def stage_of(qualified_name: str) -> str:
    """The paper's stage name for a module: layerK belongs to conv(K+1)_x; the stem's max pool is 'pool'."""
    top = qualified_name.split(".")[0]
    match = re.fullmatch(r"layer(\d+)", top)
    if match:
        return f"conv{int(match.group(1)) + 1}_x"
    return {"conv1": "conv1", "bn1": "conv1", "relu": "conv1", "maxpool": "pool"}.get(top, top)


@dataclasses.dataclass(frozen=True)
class ShapeStep:
    """One step of the forward pass that changes the map's width or its channels: (W − K + 2P)/S + 1, floored."""

    layer: str  # the module, e.g. "conv1", "maxpool", "layer2.0.conv2", "layer1.0.downsample.0"
    stage: str  # the paper's stage: conv1, pool, conv3_x, ...
    size_in: int
    kernel: int
    stride: int
    padding: int
    size_out: int
    channels: int  # after the step's block (the stem's, the pool's, or a residual block's output)
    channels_in: int  # before it: where these differ at an unchanged size, the step only widens the map


def conv_output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """⌊(W − K + 2P) / S⌋ + 1: the output width of a convolution or a pooling window."""
    return (size - kernel + 2 * padding) // stride + 1


def _last_conv(block: nn.Module) -> tuple[str, nn.Conv2d]:
    """A block's last conv on the main path and its name: a Bottleneck's conv3, a BasicBlock's conv2."""
    name = "conv3" if hasattr(block, "conv3") else "conv2"
    return name, getattr(block, name)


def _shortcut_conv(block: nn.Module) -> tuple[str, nn.Conv2d] | None:
    """The first conv of a block's projection shortcut (``downsample.0``, ``shortcut.0``), if it has one."""
    for name, module in block.named_modules():
        if name.split(".")[0] in ("downsample", "shortcut") and isinstance(module, nn.Conv2d):
            return name, module
    return None


def shape_walk(name: str = "resnet34", input_size: int = 224) -> list[ShapeStep]:
    """Follow an input through a torchvision ResNet: every layer that changes the map's width (the stem's conv, the
    max pool, each stage's strided conv), and every block that changes only its channels (ResNet-50's first conv2_x
    block: its projection shortcut takes 64 channels to 256 at an unchanged 56×56), read from the real modules;
    global average pooling then takes what is left to 1×1. (With these paddings even a 1-pixel input keeps one pixel
    to the end.)"""
    with torch.device("meta"):  # only the modules' settings are read: no weights needed
        model = build_model(name)
    steps, size = [], input_size

    def step(layer: str, module: nn.Module, channels_in: int, channels: int) -> None:
        nonlocal size
        kernel, stride, padding = (_pair(getattr(module, a)) for a in ("kernel_size", "stride", "padding"))
        out = conv_output_size(size, kernel, stride, padding)
        steps.append(ShapeStep(layer, stage_of(layer), size, kernel, stride, padding, out, channels, channels_in))
        size = out

    step("conv1", model.conv1, model.conv1.in_channels, model.conv1.out_channels)
    step("maxpool", model.maxpool, model.conv1.out_channels, model.conv1.out_channels)
    for stage in stage_names(model):
        for index, block in enumerate(getattr(model, stage)):
            prefix = f"{stage}.{index}"
            channels_in, channels = block.conv1.in_channels, _last_conv(block)[1].out_channels
            strided = [(n, c) for n, c in block.named_children() if isinstance(c, nn.Conv2d) and _pair(c.stride) > 1]
            for conv_name, conv in strided:
                step(f"{prefix}.{conv_name}", conv, channels_in, channels)
            if not strided and channels_in != channels:  # channels only: the shortcut (or else the last conv) widens
                layer, module = _shortcut_conv(block) or _last_conv(block)
                step(f"{prefix}.{layer}", module, channels_in, channels)
    return steps

