"""The layer table: one row per layer call, with output shape, parameters, multiply-adds, stage and receptive field.

Multiply-adds come from torch's own ``FlopCounterMode`` (one multiply-add = two FLOPs); shapes come from forward
hooks that live for one call on a model this module builds itself.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_flatten
from torch.utils.flop_counter import FlopCounterMode
from torchvision.models import get_model_weights

from resnet_viz.anatomy.walk import (  # noqa: F401  (shape_walk moved to resnet_viz.anatomy; still importable here)
    ShapeStep,
    _pair,
    conv_output_size,
    shape_walk,
    stage_of,
)
from resnet_viz.nets.models import (
    TORCHVISION_NAMES,
    ZeroPadShortcut,
    build_model,
    is_shortcut,
    paper_depth,
    parse_name,
    shortcut_kind,
    shortcut_option,
    stage_names,
)
from resnet_viz.nets.paper import TABLE1_GFLOPS as PAPER_GFLOPS
from resnet_viz.nets.paper import TABLE6 as _TABLE6

PAPER_CIFAR_PARAMS_M = {depth: row.params_m for depth, row in _TABLE6.items()}


@dataclasses.dataclass(frozen=True)
class LayerRow:
    """One call of one leaf module in the forward pass."""

    name: str  # qualified name, e.g. "layer2.0.conv1"; a module called again gets "(2)", "(3)"
    type: str  # the module's class name
    stage: str  # conv1, pool, conv2_x ... conv5_x, avgpool, fc (the paper's Table 1 names)
    output_shape: tuple[int, ...]  # without the batch dimension
    params: int
    macs: int
    receptive_field: int | None  # in input pixels; None once the map is pooled away (global)


@dataclasses.dataclass(frozen=True)
class LayerTable:
    rows: list[LayerRow]
    params: int
    macs: int
    input_shape: tuple[int, ...]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [
            {**dataclasses.asdict(r), "output_shape": "×".join(map(str, r.output_shape))} for r in self.rows
        ]

    def totals(self) -> dict[str, int]:
        return {"params": self.params, "macs": self.macs}


class _ReceptiveFieldMode(TorchFunctionMode):
    """Carries (receptive field, jump) from tensor to tensor through every torch op in a forward pass.

    Elementwise ops take the largest field among their inputs (a sum sees what either branch sees); the module
    hooks in :func:`layer_table` then update the field where a layer has a kernel or a stride.
    """

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[int, tuple[torch.Tensor, float | None, int]] = {}

    def get(self, t: torch.Tensor) -> tuple[float | None, int] | None:
        entry = self.fields.get(id(t))
        return None if entry is None else entry[1:]

    def set(self, t: torch.Tensor, field: float | None, jump: int) -> None:
        self.fields[id(t)] = (t, field, jump)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        known = [self.get(a) for a in tree_flatten((args, kwargs))[0] if isinstance(a, torch.Tensor)]
        known = [k for k in known if k is not None]
        if known:
            field = None if any(f is None for f, _ in known) else max(f for f, _ in known)
            jump = max(j for _, j in known)
            for o in tree_flatten(out)[0]:
                if isinstance(o, torch.Tensor):
                    self.set(o, field, jump)
        return out


def _update_field(mode: _ReceptiveFieldMode, module: nn.Module, inputs: tuple, output: Any) -> None:
    if not isinstance(output, torch.Tensor) or not inputs or mode.get(inputs[0]) is None:
        return
    field, jump = mode.get(inputs[0])
    if isinstance(module, nn.AdaptiveAvgPool2d | nn.AdaptiveMaxPool2d):
        mode.set(output, None, jump)  # global pooling: every input pixel
    elif field is not None and isinstance(module, nn.Conv2d | nn.MaxPool2d | nn.AvgPool2d):
        kernel, stride = _pair(module.kernel_size), _pair(module.stride)
        dilation = _pair(getattr(module, "dilation", 1))
        mode.set(output, field + (kernel - 1) * dilation * jump, jump * stride)
    elif isinstance(module, ZeroPadShortcut):
        mode.set(output, field, jump * module.stride)


@contextmanager
def _hooks(model: nn.Module, hook) -> Iterator[None]:
    """Register ``hook`` on every leaf module for the duration of the block; always removed."""
    handles = []
    try:
        for name, module in model.named_modules():
            if not any(True for _ in module.children()):
                handles.append(module.register_forward_hook(lambda m, i, o, n=name: hook(n, m, i, o)))
        yield
    finally:
        for h in handles:
            h.remove()


def layer_table(model: nn.Module, input_size: int | tuple[int, ...] = 224, in_channels: int | None = None) -> LayerTable:
    """Run one image through ``model`` and tabulate every leaf layer call.

    ``model`` must be private to the caller: hooks are added for one forward pass and removed in ``finally``, and
    the pass runs in eval mode and restores the mode after.
    """
    if isinstance(input_size, int):
        channels = in_channels or next(m for m in model.modules() if isinstance(m, nn.Conv2d)).in_channels
        input_shape = (channels, input_size, input_size)
    else:
        input_shape = tuple(input_size)
    device = next(model.parameters()).device
    x = torch.zeros((1, *input_shape), device=device)
    rows: list[dict[str, Any]] = []
    calls: dict[str, int] = {}
    mode = _ReceptiveFieldMode()

    def record(name: str, module: nn.Module, inputs: tuple, output: Any) -> None:
        _update_field(mode, module, inputs, output)
        calls[name] = calls.get(name, 0) + 1
        field = mode.get(output) if isinstance(output, torch.Tensor) else None
        rows.append({
            "name": name if calls[name] == 1 else f"{name} ({calls[name]})",
            "module_name": name,
            "type": type(module).__name__,
            "stage": stage_of(name),
            "output_shape": tuple(output.shape[1:]) if isinstance(output, torch.Tensor) else (),
            "params": sum(p.numel() for p in module.parameters()) if calls[name] == 1 else 0,
            "receptive_field": None if field is None or field[0] is None else int(field[0]),
            "first_call": calls[name] == 1,
        })

    was_training = model.training
    model.eval()
    counter = FlopCounterMode(display=False)
    try:
        with _hooks(model, record), counter, mode, torch.no_grad():
            mode.set(x, 1, 1)
            model(x)
    finally:
        model.train(was_training)

    prefix = type(model).__name__
    flops = {name.removeprefix(prefix + "."): sum(ops.values()) for name, ops in counter.get_flop_counts().items()}
    table_rows = [
        LayerRow(
            name=r["name"], type=r["type"], stage=r["stage"], output_shape=r["output_shape"], params=r["params"],
            macs=int(flops.get(r["module_name"], 0) // 2) if r["first_call"] else 0,
            receptive_field=r["receptive_field"],
        )
        for r in rows
    ]
    return LayerTable(
        rows=table_rows,
        params=sum(p.numel() for p in model.parameters()),
        macs=int(counter.get_total_flops() // 2),
        input_shape=input_shape,
    )


# ---------------------------------------------------------------------------------------------------------------
# What the Architecture page shows, computed in one place
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BlockInfo:
    name: str  # e.g. "layer2.0"
    type: str  # BasicBlock, Bottleneck, CifarBasicBlock, PlainBasicBlock, ...
    shortcut: str | None  # identity, projection, zero-pad, or None for a plain block
    output_shape: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class StageInfo:
    stage: str  # conv1, pool, conv2_x, ..., avgpool, fc
    module: str  # the attribute: conv1, maxpool, layer1, ..., avgpool, fc
    output_shape: tuple[int, ...]
    blocks: list[BlockInfo]


@dataclasses.dataclass(frozen=True)
class ArchitectureReport:
    name: str
    residual: bool
    family: str
    depth: int
    table: LayerTable
    stages: list[StageInfo]
    device: str
    weighted_layers: int  # convs and fc on the main path: the paper's depth (18 for ResNet-18)
    shortcut: str | None = None  # the paper's option A, B or C; None for plain nets and VGG


def _output_shapes(table: LayerTable, names: list[str]) -> dict[str, tuple[int, ...]]:
    """Output shape of each named module (a stage, a block): that of the last leaf call inside it."""
    shapes = {}
    for row in table.rows:
        module = row.name.split(" ")[0]
        for name in names:
            if module == name or module.startswith(name + "."):
                shapes[name] = row.output_shape
    return shapes


def describe(
    name: str, residual: bool = True, input_size: int = 224, in_channels: int = 3, device: str | torch.device = "cpu",
    shortcut: str | None = None,
) -> ArchitectureReport:
    """Build ``name`` on ``device`` and return its layer table and its stage-by-stage structure.

    The table needs shapes, parameter counts and FLOPs, not values: its forward pass runs on the meta device, at once
    at any input size (a real pass of ResNet-152 at 1024 pixels took 20 s on 2 CPU cores).

    ``shortcut`` picks the paper's option A, B or C (:func:`resnet_viz.nets.models.build_model`); VGG-19 is described
    stage by stage between its max-pools, each conv a "block" without a shortcut.
    """
    family, depth = parse_name(name)
    # Built where it runs: weights initialised on the GPU. On the CPU nothing here reads a weight, and initialising
    # VGG-19's 143 M of them took 2 s: built on "meta" there.
    build_on = "meta" if torch.device(device).type == "cpu" else device
    with torch.device(build_on):
        model = build_model(name, residual=residual, in_channels=in_channels, shortcut=shortcut).eval()
    table = layer_table(model.to("meta"), input_size, in_channels)
    if family == "vgg":
        table, stages = _vgg_stages(model, table)
        return ArchitectureReport(name, False, family, depth, table, stages, str(device), paper_depth(model))
    children = [n for n, _ in model.named_children()]
    block_names = [f"{s}.{i}" for s in stage_names(model) for i in range(len(getattr(model, s)))]
    shapes = _output_shapes(table, children + block_names)
    labels = {"conv1": "conv1", "maxpool": "pool", "avgpool": "avgpool", "fc": "fc"}
    stages = []
    for child, module in model.named_children():
        if child in ("bn1", "relu"):
            continue  # drawn as part of conv1
        blocks = []
        if child in stage_names(model):
            blocks = [
                BlockInfo(f"{child}.{i}", type(b).__name__, shortcut_kind(b), shapes[f"{child}.{i}"])
                for i, b in enumerate(module)
            ]
        stages.append(StageInfo(labels.get(child, stage_of(child)), child, shapes[child], blocks))
    return ArchitectureReport(name, residual, family, depth, table, stages, str(device), paper_depth(model),
                              shortcut_option(model))


def _vgg_stages(model: nn.Module, table: LayerTable) -> tuple[LayerTable, list[StageInfo]]:
    """VGG's layers grouped as its paper names them: conv1..conv5 (each ended by a max-pool), fc6..fc8."""
    stage, fc, pools = "conv1", 5, 0
    rows, stages, current = [], [], None
    for row in table.rows:
        module = dict(model.named_modules())[row.name.split(" ")[0]]
        if isinstance(module, nn.MaxPool2d):
            pools += 1
            stage = f"pool{pools}"
        elif isinstance(module, nn.Conv2d):
            stage = f"conv{pools + 1}"
        elif isinstance(module, nn.Linear):
            fc += 1
            stage = f"fc{fc}"
        elif isinstance(module, nn.AdaptiveAvgPool2d):
            stage = "avgpool"
        rows.append(dataclasses.replace(row, stage=stage))
        if current is None or current.stage != stage:
            current = StageInfo(stage, row.name, row.output_shape, [])
            stages.append(current)
        stages[-1] = dataclasses.replace(stages[-1], output_shape=row.output_shape)
        current = stages[-1]
        if isinstance(module, nn.Conv2d):
            current.blocks.append(BlockInfo(row.name, "Conv2d", None, row.output_shape))
    return dataclasses.replace(table, rows=rows), stages


def _conv_arithmetic(block: nn.Module, size: int) -> dict[str, Any]:
    """A block's convolutions: kernel, channels, weights and multiply-adds on a ``size``×``size`` input map."""
    convs = [(n, m) for n, m in block.named_modules() if isinstance(m, nn.Conv2d)]
    table = layer_table(block, (convs[0][1].in_channels, size, size))
    macs = {r.name: r.macs for r in table.rows}
    return {
        "convs": [
            {"name": n, "kernel": f"{m.kernel_size[0]}×{m.kernel_size[1]}", "in": m.in_channels,
             "out": m.out_channels, "params": m.weight.numel(), "macs": macs[n]}
            for n, m in convs
        ],
        "conv_params": sum(m.weight.numel() for _, m in convs),
        "all_params": sum(p.numel() for p in block.parameters()),
        "macs": sum(macs[n] for n, _ in convs),
        "width": convs[0][1].in_channels,
    }


CONV2_SIZE = 56  # conv2_x's map at a 224×224 input (Table 1): where Figure 5's blocks work


def block_anatomy(channels: int = 256, size: int = CONV2_SIZE) -> dict[str, dict[str, Any]]:
    """A BasicBlock and a Bottleneck with ``channels`` in and out, from the real modules: weights and multiply-adds
    on a ``size``×``size`` map. At equal width the Bottleneck is far cheaper; the paper's own comparison is
    :func:`figure5_blocks`. The Bottleneck squeezes to channels/4 (its ``expansion`` is 4), as in Figure 5."""
    from torchvision.models.resnet import BasicBlock, Bottleneck

    return {
        "BasicBlock": _conv_arithmetic(BasicBlock(channels, channels), size),
        "Bottleneck": _conv_arithmetic(Bottleneck(channels, channels // Bottleneck.expansion), size),
    }


def figure5_blocks(size: int = CONV2_SIZE) -> dict[str, dict[str, Any]]:
    """The paper's Figure 5: a BasicBlock on 64-d features beside a Bottleneck on 256-d features (conv2_x of
    ResNet-34 and ResNet-50), at ``size``×``size``: similar cost, but the Bottleneck works on four times as many
    channels."""
    from torchvision.models.resnet import BasicBlock, Bottleneck

    return {"BasicBlock": _conv_arithmetic(BasicBlock(64, 64), size),
            "Bottleneck": _conv_arithmetic(Bottleneck(256, 64), size)}


@functools.lru_cache(maxsize=64)
def counted(name: str, input_size: int = 224, **options: Any) -> LayerTable:
    """The layer table of ``build_model(name, **options)``, built on PyTorch's meta device: shapes, parameters and
    multiply-adds without allocating or initialising a single weight (three times faster for ResNet-152). Counted
    once per process for each set of arguments (Table 1, the FLOPs, the shortcut options and the lesson count the
    same nets); the table is shared, so nobody changes it."""
    with torch.device("meta"):
        model = build_model(name, **options)
    return layer_table(model, input_size)


def gmacs(name: str, input_size: int = 224, **options: Any) -> float:
    """Multiply-adds of ``build_model(name, **options)`` on one image, in units of 10^9."""
    return counted(name, input_size, **options).macs / 1e9


FLOPS_INPUT = 224  # Table 1 counts FLOPs for 224×224 inputs


def flops_decomposition(names: tuple[str, ...] = TORCHVISION_NAMES) -> list[dict[str, Any]]:
    """Why torchvision's FLOPs for ResNet-50/101/152 exceed the paper's Table 1, counted on real modules (GMACs):

    - ``torchvision``: torchvision's "V1.5" nets as built (stride 2 of a downsampling Bottleneck in its 3×3 conv);
    - ``v1``: the original placement (stride in the first 1×1 conv), which is what Table 1 counts;
    - ``stride_cost``: their difference, the first 1×1 convs now running at the full input resolution;
    - ``projections``: the projection shortcuts' 1×1 convs, which Table 1 *does* count (``v1`` includes them);
    - ``v1_without_projections``: what Table 1 would say without them; ``paper``: Table 1; ``published``:
      torchvision's own figure for its weights (``weights.meta["_ops"]``);
    - ``changed``: the downsampling blocks, the only ones where the two versions differ (for the Bottleneck nets).
    All at Table 1's input size, :data:`FLOPS_INPUT` pixels square.
    BasicBlock nets (18, 34) are the same in both versions.
    """
    rows = []
    for name in names:
        tv, v1 = counted(name, FLOPS_INPUT), counted(name, FLOPS_INPUT, variant="v1")
        with torch.device("meta"):
            model = build_model(name)
        projections = sum(r.macs for r in v1.rows if "downsample" in r.name)
        rows.append({
            "model": name, "paper": PAPER_GFLOPS[name], "published": get_model_weights(name).DEFAULT.meta["_ops"],
            "torchvision": tv.macs / 1e9, "v1": v1.macs / 1e9,
            "stride_cost": (tv.macs - v1.macs) / 1e9, "projections": projections / 1e9,
            "v1_without_projections": (v1.macs - projections) / 1e9,
            "changed": sum(any(_pair(m.stride) > 1 for m in block.modules() if isinstance(m, nn.Conv2d))
                           for stage in stage_names(model) for block in getattr(model, stage)),
        })
    return rows


def shortcut_options(name: str = "resnet34", input_size: int = 224) -> dict[str, dict[str, Any]]:
    """Parameters and multiply-adds of ``name`` with the paper's shortcut options A, B and C, and its plain twin,
    counted on real modules (Sec. 3.3, Table 3)."""
    found = {}
    for key, options in (("plain", {"residual": False}), ("A", {"shortcut": "A"}), ("B", {"shortcut": "B"}),
                         ("C", {"shortcut": "C"})):
        table = counted(name, input_size, **options)
        found[key] = {"params": table.params, "gmacs": table.macs / 1e9}
    return found


def projection_shortcuts(name: str, shortcut: str) -> int:
    """How many blocks of ``name`` have a projection shortcut with option ``shortcut``."""
    with torch.device("meta"):
        model = build_model(name, shortcut=shortcut)
    return sum(shortcut_kind(b) == "projection" for s in stage_names(model) for b in getattr(model, s))


def weighted_by_stage(table: LayerTable) -> dict[str, int]:
    """Per stage, its weighted layers on the main path (convs and fc, shortcut projections left out)."""
    counts: dict[str, int] = {}
    for row in table.rows:
        if row.type in ("Conv2d", "Linear") and not is_shortcut(row.name.split(" ")[0]):
            counts[row.stage] = counts.get(row.stage, 0) + 1
    return counts


@dataclasses.dataclass(frozen=True)
class StageCell:
    """One cell of Table 1: the convolutions of a stage's blocks as (kernel, channels), and how many blocks."""

    convs: tuple[tuple[int, int], ...]
    blocks: int

    def __str__(self) -> str:
        inner = "; ".join(f"{k}×{k}, {c}" for k, c in self.convs)
        return f"[{inner}] ×{self.blocks}"


def table1(names: tuple[str, ...] = TORCHVISION_NAMES, input_size: int = 224) -> dict[str, Any]:
    """The paper's Table 1, built from the models: per stage its output size and, per network, its blocks; the
    stem and the pool as written in the paper; and each network's multiply-adds (ours, V1) beside Table 1's."""
    stages = ["conv2_x", "conv3_x", "conv4_x", "conv5_x"]
    cells: dict[str, dict[str, StageCell]] = {s: {} for s in stages}
    sizes: dict[str, str] = {}
    stem = pool = None
    for name in names:
        with torch.device("meta"):
            model = build_model(name)
        for stage_name, stage in zip(stages, stage_names(model)):
            first = getattr(model, stage)[0]
            convs = tuple((m.kernel_size[0], m.out_channels) for n, m in first.named_children()
                          if isinstance(m, nn.Conv2d))
            cells[stage_name][name] = StageCell(convs, len(getattr(model, stage)))
        for row in layer_table(model, input_size).rows:  # a stage's size: that of its last layer
            if len(row.output_shape) == 3:
                sizes[row.stage] = f"{row.output_shape[1]}×{row.output_shape[2]}"
        stem = (model.conv1.kernel_size[0], model.conv1.out_channels, model.conv1.stride[0])
        pool = (model.maxpool.kernel_size, model.maxpool.stride)
    return {"names": list(names), "stages": stages, "cells": cells, "sizes": sizes, "stem": stem, "pool": pool,
            "classes": model.fc.out_features,
            "flops": {r["model"]: r for r in flops_decomposition(names)}}


def global_pooling(name: str = "resnet34", input_size: int = 224) -> dict[str, Any]:
    """What global average pooling does at the end of ``name`` and what VGG-19 had instead, from the real models:
    the last stage's output map (whatever its size: 1×1 at a 32-pixel input), the fc layer's parameters, and
    VGG-19's first fully connected layer's, fed a ``vgg_map`` that torchvision's adaptive pooling makes of any input
    (the size its last map has without pooling at ``vgg_native``×``vgg_native`` pixels)."""
    table = counted(name, input_size)
    with torch.device("meta"):
        model, vgg = build_model(name), build_model("vgg19")
    last_stage = stage_names(model)[-1]
    last = next(r for r in reversed(table.rows) if r.name.split(".")[0] == last_stage and len(r.output_shape) == 3)
    fc, vgg_fc = model.fc, vgg.classifier[0]
    vgg_channels = [m for m in vgg.features if isinstance(m, nn.Conv2d)][-1].out_channels
    vgg_side = _pair(vgg.avgpool.output_size)
    vgg_stride = math.prod(_pair(m.stride) for m in vgg.features if isinstance(m, nn.MaxPool2d))
    return {"map": tuple(last.output_shape), "pooled": last.output_shape[0],
            "vgg_map": (vgg_channels, vgg_side, vgg_side), "vgg_native": vgg_side * vgg_stride,
            "fc_params": sum(p.numel() for p in fc.parameters()),
            "vgg_fc_in": vgg_fc.in_features, "vgg_fc_out": vgg_fc.out_features,
            "vgg_fc_params": sum(p.numel() for p in vgg_fc.parameters())}


def shortcut_census(name: str, shortcut: str | None = None) -> dict[str, int]:
    """How many blocks ``name`` has, and how many of its shortcuts are identities, projections or zero-padding."""
    with torch.device("meta"):
        model = build_model(name, shortcut=shortcut)
    kinds = [shortcut_kind(b) for s in stage_names(model) for b in getattr(model, s)]
    return {"blocks": len(kinds), **{k: kinds.count(k) for k in ("identity", "projection", "zero-pad")}}


def stage_widths(name: str, **options: Any) -> list[int]:
    """The output channels of each stage of ``build_model(name, **options)``: a CIFAR net of width 16 gives
    [16, 32, 64]."""
    with torch.device("meta"):
        model = build_model(name, **options)
    return [[m for m in getattr(model, s).modules() if isinstance(m, nn.Conv2d)][-1].out_channels
            for s in stage_names(model)]
