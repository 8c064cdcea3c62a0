"""The layer table: one row per layer call, with output shape, parameters, multiply-adds, stage and receptive field.

Multiply-adds come from torch's own ``FlopCounterMode`` (one multiply-add = two FLOPs); shapes come from forward
hooks that live for one call on a model this module builds itself.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import torch
from torch import nn
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_flatten
from torch.utils.flop_counter import FlopCounterMode
from torchvision.models import get_model_weights

from .models import ZeroPadShortcut, build_model, paper_depth, parse_name, shortcut_kind, stage_names

# He et al. 2015, Table 1, "FLOPs" row (counted as multiply-adds), in units of 10^9.
PAPER_GFLOPS = {"resnet18": 1.8, "resnet34": 3.6, "resnet50": 3.8, "resnet101": 7.6, "resnet152": 11.3}
# He et al. 2015, Table 6: parameters of the CIFAR-10 nets, in millions.
PAPER_CIFAR_PARAMS_M = {20: 0.27, 32: 0.46, 44: 0.66, 56: 0.85, 110: 1.7}


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


def stage_of(qualified_name: str) -> str:
    """The paper's stage name for a module: layerK belongs to conv(K+1)_x; the stem's max pool is 'pool'."""
    top = qualified_name.split(".")[0]
    match = re.fullmatch(r"layer(\d+)", top)
    if match:
        return f"conv{int(match.group(1)) + 1}_x"
    return {"conv1": "conv1", "bn1": "conv1", "relu": "conv1", "maxpool": "pool"}.get(top, top)


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


def _pair(v: Any) -> int:
    return int(v[0] if isinstance(v, (tuple, list)) else v)


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
    name: str, residual: bool = True, input_size: int = 224, in_channels: int = 3, device: str | torch.device = "cpu"
) -> ArchitectureReport:
    """Build ``name`` on ``device`` and return its layer table and its stage-by-stage structure."""
    family, depth = parse_name(name)
    model = build_model(name, residual=residual, in_channels=in_channels).to(device).eval()
    table = layer_table(model, input_size, in_channels)
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
    return ArchitectureReport(name, residual, family, depth, table, stages, str(device), paper_depth(model))


def block_anatomy(channels: int = 256) -> dict[str, dict[str, Any]]:
    """Parameter arithmetic of a BasicBlock and a Bottleneck at ``channels`` in and out, from the real modules.

    The Bottleneck squeezes to channels/4 (its ``expansion`` is 4), as in the paper's Figure 5.
    """
    from torchvision.models.resnet import BasicBlock, Bottleneck

    blocks = {
        "BasicBlock": BasicBlock(channels, channels),
        "Bottleneck": Bottleneck(channels, channels // Bottleneck.expansion),
    }
    anatomy = {}
    for kind, block in blocks.items():
        convs = [(n, m) for n, m in block.named_modules() if isinstance(m, nn.Conv2d)]
        anatomy[kind] = {
            "convs": [
                {"name": n, "kernel": f"{m.kernel_size[0]}×{m.kernel_size[1]}", "in": m.in_channels,
                 "out": m.out_channels, "params": m.weight.numel()}
                for n, m in convs
            ],
            "conv_params": sum(m.weight.numel() for _, m in convs),
            "all_params": sum(p.numel() for p in block.parameters()),
        }
    return anatomy


def flops_comparison(count: Callable[[str], float] | None = None) -> list[dict[str, Any]]:
    """The paper's Table 1 FLOPs, torchvision's published GFLOPS and our own GMACs at 224x224, per ImageNet net.

    ``count(name)`` gives our GMACs; by default each model is built and counted here.
    """
    count = count or (lambda name: layer_table(build_model(name), 224).macs / 1e9)
    return [
        {"model": name, "paper": paper, "torchvision": get_model_weights(name).DEFAULT.meta["_ops"],
         "ours": round(count(name), 3)}
        for name, paper in PAPER_GFLOPS.items()
    ]
