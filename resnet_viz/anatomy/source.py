"""The code beside the model: the source that builds a block, read at run time with ``inspect`` (torchvision's own
``BasicBlock``, ``Bottleneck`` and ``ResNet._make_layer``; for the CIFAR nets and the plain twins, this app's classes
in :mod:`resnet_viz.nets.models`), with the lines that matter found by searching the source, so a torchvision
release that moves them moves the marks too, and each tied to the drawing's node and to the layer-table rows it
builds for the chosen block:

- ``expansion``: the last conv's channels are planes × expansion;
- ``rule``: when a shortcut becomes a projection (torchvision: ``if stride != 1 or self.inplanes != planes *
  block.expansion:``; the paper's options A, B, C in :mod:`resnet_viz.nets.models`);
- ``add``: the addition, ``out += identity`` (the ⊕ of Figure 2); ``no_add``: where a plain twin has none.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import textwrap
from collections.abc import Callable
from typing import Any

from torchvision.models import resnet as tv_resnet

from resnet_viz.anatomy.block import BlockEdges, Node
from resnet_viz.nets import models

BLOCK_CLASSES = {c.__name__: c for c in (tv_resnet.BasicBlock, tv_resnet.Bottleneck, models.PlainBasicBlock,
                                         models.PlainBottleneck, models.CifarBasicBlock)}
FACTORIES = {"A": models.option_a_shortcut, "B": models.option_b_shortcut, "C": models.option_c_shortcut}

# What each mark looks for, first match wins; written loosely (spacing, names) so small edits still match.
EXPANSION = re.compile(r"^\s*expansion\b[^=]*=")
ADD = re.compile(r"^\s*out\s*(\+=|=\s*out\s*\+)")
NO_ADD = (re.compile(r"^\s*if\s+self\.shortcut\s+is\s+not\s+None"), re.compile(r"^\s*return\s+self\.relu\("))
DROPPED = re.compile(r"super\(\)\.__init__\(.*\bNone\b")
TORCHVISION_RULE = re.compile(r"^\s*if\s+stride\s*!=\s*1\s+or\b.*expansion")
IDENTITY_IF = re.compile(r"^\s*if\s+stride\s*==\s*1\s+and\b")
ALWAYS = re.compile(r"^\s*return\s+projection\(")
CIFAR_RULE = re.compile(r"^\s*shortcut\s*=\s*self\._shortcut\(")


@dataclasses.dataclass(frozen=True)
class Mark:
    """One line of an excerpt tied to the drawing and to the layer table."""

    role: str  # expansion, rule, add, no_add, dropped
    variant: str  # what the line does for this block: e.g. a rule "holds", "fails", or is for the stage's "first"
    line: int  # counted from 1 in the excerpt, as st.code numbers it
    file_line: int  # in the source file
    text: str  # the line, stripped
    node: str  # the drawing's node it stands for ("add", "conv3", "relu (2)"), or "shortcut" for that branch
    modules: tuple[str, ...]  # qualified names in model.named_modules()
    rows: tuple[str, ...]  # the layer table's rows ("layer2.0.relu (3)": a module's third call)
    values: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Excerpt:
    """A class or function's source as the running Python has it, and its marked lines."""

    title: str  # "torchvision.models.resnet.Bottleneck"
    path: str  # "torchvision/models/resnet.py"
    first_line: int
    code: str
    marks: tuple[Mark, ...]


def _excerpt(obj: Any) -> tuple[str, str, int, list[str]]:
    lines, start = inspect.getsourcelines(obj)
    module = inspect.getmodule(obj).__name__
    return f"{module}.{obj.__qualname__}", module.replace(".", "/") + ".py", start, lines


def _find(lines: list[str], pattern: re.Pattern) -> int | None:
    return next((i for i, text in enumerate(lines) if pattern.search(text)), None)


def _tie(d: BlockEdges, nodes: list[Node | None]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = [n for n in nodes if n is not None and n.module]
    return tuple(dict.fromkeys(n.module for n in found)), tuple(n.row for n in found)


def _main(d: BlockEdges, kind: str) -> list[Node]:
    return [n for n in d.nodes if n.branch == "main" and n.kind == kind]


def _side(d: BlockEdges) -> list[Node]:
    return [n for n in d.nodes if n.branch == "shortcut"]


def _marks_for(d: BlockEdges) -> dict[str, Callable[[], tuple[str, str, list[Node | None], dict[str, Any]]]]:
    """Per role: (variant, node, the nodes it builds or joins, values), computed from the measured block."""
    convs, bns, relus, side = _main(d, "conv"), _main(d, "bn"), _main(d, "relu"), _side(d)
    inplanes, out = d.input_shape[0], d.output_shape[0]
    index = int(d.block.split(".")[1])
    holds = d.stride != 1 or inplanes != out
    return {
        "expansion": lambda: ("", convs[-1].key, [convs[-1], bns[-1], *[n for n in side if n.kind == "conv"]],
                              {"expansion": d.expansion, "planes": out // d.expansion, "channels": out,
                               "conv": convs[-1].key}),
        "add": lambda: ("", "add", [bns[-1], side[-1] if side else None, relus[-1]], {}),
        "no_add": lambda: ("", relus[-1].key, [bns[-1], relus[-1]], {}),
        "dropped": lambda: ("", "shortcut", [], {}),
        "torchvision_rule": lambda: ("later" if index else ("holds" if holds else "fails"), "shortcut",
                                     side if d.option == "B" else [],
                                     {"stride": d.stride, "inplanes": inplanes, "channels": out,
                                      "first": f"{d.block.split('.')[0]}.0", "plain": d.option is None,
                                      "option": d.option}),
        "identity_if": lambda: ("fails" if holds else "holds", "shortcut", side,
                                {"stride": d.stride, "inplanes": inplanes, "channels": out}),
        "always": lambda: ("", "shortcut", side, {}),
        "cifar_rule": lambda: ("residual" if d.option else "plain", "shortcut", side, {}),
    }


def _build(obj: Any, d: BlockEdges, wanted: list[tuple[str, re.Pattern | tuple[re.Pattern, ...]]]) -> Excerpt:
    title, path, start, lines = _excerpt(obj)
    makers = _marks_for(d)
    marks = []
    for role, patterns in wanted:
        for pattern in patterns if isinstance(patterns, tuple) else (patterns,):
            i = _find(lines, pattern)
            if i is not None:
                break
        if i is None:
            continue  # the source no longer has this line: no mark rather than a wrong one
        variant, node, tied, values = makers[role]()
        modules, rows = _tie(d, tied)
        marks.append(Mark(role, variant, i + 1, start + i, lines[i].strip(), node, modules, rows, values))
    marks.sort(key=lambda m: m.line)
    return Excerpt(title, path, start, textwrap.dedent("".join(lines)).rstrip("\n"), tuple(marks))


def block_source(d: BlockEdges) -> list[Excerpt]:
    """The source that makes block ``d``: its class (and the class that defines its ``expansion``, for a plain
    twin), then what decides its shortcut: torchvision's ``ResNet._make_layer`` for the ImageNet nets (option B is
    how torchvision builds them; options A and C swap the shortcut afterwards, with the factory shown next), or
    ``CifarResNet._make_layer`` and the option's factory for the CIFAR nets."""
    cls = BLOCK_CLASSES[d.type]
    owner = next(c for c in cls.__mro__ if "expansion" in vars(c))
    if d.shortcut is None:
        own = [("no_add", NO_ADD), ("dropped", DROPPED)]
    else:
        own = [("add", ADD)]
    excerpts = [_build(cls, d, ([("expansion", EXPANSION)] if owner is cls else []) + own)]
    if owner is not cls:
        excerpts.append(_build(owner, d, [("expansion", EXPANSION)]))
    if d.family == "torchvision":
        excerpts.append(_build(tv_resnet.ResNet._make_layer, d, [("torchvision_rule", TORCHVISION_RULE)]))
    else:
        excerpts.append(_build(models.CifarResNet._make_layer, d, [("cifar_rule", CIFAR_RULE)]))
    if d.option and (d.family == "cifar" or d.option != "B"):
        rule = ("always", ALWAYS) if d.option == "C" else ("identity_if", IDENTITY_IF)
        excerpts.append(_build(FACTORIES[d.option], d, [rule]))
    return excerpts
