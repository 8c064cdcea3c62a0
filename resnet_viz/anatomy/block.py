"""The inside of one residual block, measured: its layers in call order, its shortcut, and the real tensor shape on
every edge, from forward hooks on the real model (built on PyTorch's meta device: shapes without weights).

The paper's Figure 2: x → weight layer → ReLU → weight layer → ⊕ ← x → ReLU, with batch normalisation right after
each convolution and before the activation (Sec. 3.4). The addition comes before the last ReLU, so it is drawn
between the last BN and that ReLU; a shortcut that changes the shape (Eq. 2, the paper's option B or C: a 1×1
projection and BN; option A: zero-padding) is drawn on its branch.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import torch
from torch import nn

from resnet_viz.anatomy.walk import stage_of
from resnet_viz.nets.models import (
    CIFAR_DEPTHS,
    TORCHVISION_DEPTHS,
    VERY_DEEP,
    ZeroPadShortcut,
    build_model,
    default_shortcut,
    is_shortcut,
    parse_name,
    shortcut_kind,
    stage_names,
)

_KINDS = {nn.Conv2d: "conv", nn.BatchNorm2d: "bn", nn.ReLU: "relu", ZeroPadShortcut: "pad"}


@dataclasses.dataclass(frozen=True)
class Node:
    """One step of the block: a layer call, the input, the addition or the output."""

    key: str  # within the block: "conv1", "relu (2)", "downsample.0"; "x", "add" and "out" for the rest
    kind: str  # input, conv, bn, relu, pad (option A's zero-padding), add, output; other: any other layer
    branch: str  # main or shortcut
    shape_in: tuple[int, ...]  # channels × height × width
    shape_out: tuple[int, ...]
    kernel: int | None = None  # a conv's
    stride: int | None = None  # a conv's, or the zero-padding shortcut's subsampling
    module: str | None = None  # the qualified module name, e.g. "layer2.0.conv1"
    row: str | None = None  # its row in the layer table: "layer2.0.relu (2)" for a second call
    type: str = ""  # the module's class: Conv2d, BatchNorm2d, ReLU, ZeroPadShortcut, ...


@dataclasses.dataclass(frozen=True)
class Edge:
    source: str  # node keys
    target: str
    shape: tuple[int, ...]  # the tensor that flows along it
    branch: str  # main or shortcut


@dataclasses.dataclass(frozen=True)
class BlockEdges:
    """One residual block of one network at one input size, as data to draw."""

    network: str  # e.g. "resnet50"
    block: str  # e.g. "layer2.0"
    type: str  # BasicBlock, Bottleneck, CifarBasicBlock, PlainBasicBlock, PlainBottleneck
    stage: str  # the paper's: conv3_x
    family: str  # torchvision or cifar
    option: str | None  # the network's shortcut option A, B or C; None for a plain twin
    shortcut: str | None  # this block's: identity, projection, zero-pad; None for a plain twin
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    expansion: int  # the block class's: last conv's channels = planes × expansion
    stride: int  # the block's (1, or 2 where it downsamples)
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, key: str) -> Node:
        return next(n for n in self.nodes if n.key == key)

    @property
    def shortcut_kind(self) -> str | None:
        """What the shortcut does and why: "identity" (the shapes match), "projection" (they do not), "zero-pad"
        (option A where they do not), "always" (option C's projection where they match: Sec. 3.3), None (plain)."""
        if self.shortcut == "projection" and self.input_shape == self.output_shape:
            return "always"
        return self.shortcut

    @property
    def modules(self) -> tuple[str, ...]:
        """The qualified names of the block's layers drawn, in call order."""
        return tuple(dict.fromkeys(n.module for n in self.nodes if n.module))


class _Stop(Exception):
    """Raised by a hook once the block has run: the rest of the network is not needed."""


@functools.lru_cache(maxsize=16)
def block_names(name: str) -> tuple[str, ...]:
    """The residual blocks of ``name`` in order: ('layer1.0', 'layer1.1', ..., 'layer4.2')."""
    with torch.device("meta"):
        model = build_model(name)
    return tuple(f"{s}.{i}" for s in stage_names(model) for i in range(len(getattr(model, s))))


def all_block_names() -> tuple[str, ...]:
    """Every block name any network of the zoo can have (layerK.i), for a link's choices."""
    longest = max(max(max(d) for d in TORCHVISION_DEPTHS.values()), (max(*CIFAR_DEPTHS, VERY_DEEP) - 2) // 6)
    stages = max(len(d) for d in TORCHVISION_DEPTHS.values())
    return tuple(f"layer{s}.{i}" for s in range(1, stages + 1) for i in range(longest))


def _build(name: str, residual: bool, shortcut: str | None, device: str) -> nn.Module:
    with torch.device(device):
        return build_model(name, residual=residual, shortcut=shortcut).eval()


def _calls(model: nn.Module, block: str, input_size: int) -> tuple[list[dict[str, Any]], tuple, tuple]:
    """Every leaf call inside ``block`` during one forward pass, in order, with input and output shapes."""
    target = model.get_submodule(block)
    calls: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    ends: dict[str, tuple] = {}

    def record(name: str, module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
        seen[name] = seen.get(name, 0) + 1
        calls.append({"name": name, "module": module, "call": seen[name], "in": tuple(inputs[0].shape[1:]),
                      "out": tuple(output.shape[1:])})

    def stop(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
        ends["out"] = tuple(output.shape[1:])
        raise _Stop

    handles = [target.register_forward_pre_hook(lambda m, i: ends.update({"in": tuple(i[0].shape[1:])}))]
    try:
        for name, module in target.named_modules():
            if name and not any(True for _ in module.children()):
                handles.append(module.register_forward_hook(lambda m, i, o, n=name: record(n, m, i, o)))
        handles.append(target.register_forward_hook(stop))
        device = next(model.parameters()).device
        x = torch.zeros((1, model.conv1.in_channels, input_size, input_size), device=device)
        with torch.no_grad():
            try:
                model(x)
            except _Stop:
                pass
    finally:
        for handle in handles:
            handle.remove()
    return calls, ends["in"], ends["out"]


def _node(block: str, call: dict[str, Any], branch: str) -> Node:
    module = call["module"]
    key = call["name"] if call["call"] == 1 else f"{call['name']} ({call['call']})"
    kind = next((k for t, k in _KINDS.items() if isinstance(module, t)), "other")
    kernel = module.kernel_size[0] if isinstance(module, nn.Conv2d) else None
    stride = module.stride[0] if isinstance(module, nn.Conv2d) else getattr(module, "stride", None)
    return Node(key, kind, branch, call["in"], call["out"], kernel, stride, f"{block}.{call['name']}",
                f"{block}.{key}", type(module).__name__)


@functools.lru_cache(maxsize=64)
def block_edges(name: str, block: str, input_size: int = 224, shortcut: str | None = None,
                residual: bool = True) -> BlockEdges:
    """Block ``block`` (e.g. "layer2.0") of network ``name`` on a ``input_size``×``input_size`` input, measured with
    forward hooks that live for this one call on a model built here (on the meta device; on the CPU if an operation
    has no meta kernel). ``shortcut`` is the paper's option A, B or C (None: the network's own, as in
    :func:`resnet_viz.nets.models.build_model`); ``residual=False`` gives the plain twin's block, which has no
    shortcut and no addition. Cached per arguments: the result is immutable."""
    family, _ = parse_name(name)
    if family == "vgg":
        raise ValueError(f"{name} has no residual blocks")
    if block not in block_names(name):
        raise ValueError(f"{name} has no block {block!r}: choose one of {', '.join(block_names(name))}")
    try:
        model = _build(name, residual, shortcut, "meta")
        calls, shape_in, shape_out = _calls(model, block, input_size)
    except (NotImplementedError, RuntimeError):  # an op without a meta kernel: one small forward pass instead
        model = _build(name, residual, shortcut, "cpu")
        calls, shape_in, shape_out = _calls(model, block, input_size)
    module = model.get_submodule(block)
    calls = [c for c in calls if not isinstance(c["module"], nn.Identity)]  # an identity shortcut: drawn as a line
    main = [_node(block, c, "main") for c in calls if not is_shortcut(c["name"])]
    side = [_node(block, c, "shortcut") for c in calls if is_shortcut(c["name"])]
    kind = shortcut_kind(module)
    first = Node("x", "input", "main", shape_in, shape_in)
    last = Node("out", "output", "main", shape_out, shape_out)
    nodes, edges = [first], []
    chain = main if kind is None else main[:-1]  # a residual block adds before its last ReLU
    previous = first
    for node in chain:
        nodes.append(node)
        edges.append(Edge(previous.key, node.key, previous.shape_out, "main"))
        previous = node
    if kind is not None:
        add = Node("add", "add", "main", previous.shape_out, main[-1].shape_in)
        nodes += [add, main[-1]]
        edges += [Edge(previous.key, "add", previous.shape_out, "main"),
                  Edge("add", main[-1].key, add.shape_out, "main")]
        source = first
        for node in side:
            nodes.append(node)
            edges.append(Edge(source.key, node.key, source.shape_out, "shortcut"))
            source = node
        edges.append(Edge(source.key, "add", source.shape_out, "shortcut"))
        previous = main[-1]
    nodes.append(last)
    edges.append(Edge(previous.key, "out", previous.shape_out, "main"))
    convs = [m for m in module.modules() if isinstance(m, nn.Conv2d)]
    return BlockEdges(
        network=name, block=block, type=type(module).__name__, stage=stage_of(block), family=family,
        option=(shortcut or default_shortcut(name)) if residual else None, shortcut=kind,
        input_shape=shape_in, output_shape=shape_out, expansion=int(type(module).expansion),
        stride=max(c.stride[0] for c in convs), nodes=tuple(nodes), edges=tuple(edges),
    )
