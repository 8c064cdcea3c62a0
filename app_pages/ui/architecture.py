"""The Architecture page's library calls, cached per server (bounded): every number on the page comes from here."""

from __future__ import annotations

import streamlit as st
from torchvision.models.resnet import Bottleneck

from resnet_viz import describe
from resnet_viz.anatomy import block_names  # noqa: F401  (the page lists a network's blocks with it)
from resnet_viz.anatomy import inside_block as _inside_block
from resnet_viz.anatomy import shape_walk as _shape_walk
from resnet_viz.anatomy.stages import stage_costs as _stage_costs
from resnet_viz.anatomy.stages import vgg_keeps_width
from resnet_viz.anatomy.stages import vgg_rule as _vgg_rule
from resnet_viz.nets.models import default_shortcut, display_name  # noqa: F401  (the page formats names with it)
from resnet_viz.nets.summary import (
    ArchitectureReport,
    block_anatomy,
    figure5_blocks,
    flops_decomposition,
    projection_shortcuts,
    table1,
    weighted_by_stage,
)
from resnet_viz.nets.summary import (
    global_pooling as _global_pooling,
)
from resnet_viz.nets.summary import (
    shortcut_options as _shortcut_options,
)


@st.cache_data(max_entries=32, show_spinner=False)
def architecture_report(name: str, residual: bool, input_size: int, device_name: str,
                        shortcut: str | None = None) -> ArchitectureReport:
    return describe(name, residual=residual, input_size=input_size, device=device_name, shortcut=shortcut)


def weighted_per_stage(report: ArchitectureReport) -> dict[str, int]:
    return weighted_by_stage(report.table)


@st.cache_data(max_entries=8, show_spinner=False)
def anatomy(channels: int):
    return block_anatomy(channels)


@st.cache_data(max_entries=1, show_spinner=False)
def figure5():
    return figure5_blocks()


@st.cache_data(max_entries=1, show_spinner=False)
def flops_rows() -> list[dict]:
    return flops_decomposition()


@st.cache_data(max_entries=1, show_spinner=False)
def table1_grid() -> dict:
    return table1()


@st.cache_data(max_entries=8, show_spinner=False)
def stage_costs(name: str, input_size: int) -> tuple[list, dict]:
    """VGG's rule on the network of Table 1 (V1): its stages' costs and what they say (resnet_viz.anatomy.stages)."""
    costs = _stage_costs(name, input_size, variant="v1")
    return costs, _vgg_rule(costs)


@st.cache_data(max_entries=2, show_spinner=False)
def vgg_exception(input_size: int) -> dict[str, int]:
    """Where VGG-19 halves its map and keeps its filters (resnet_viz.anatomy.stages.vgg_keeps_width)."""
    return vgg_keeps_width(input_size)


@st.cache_data(max_entries=16, show_spinner=False)
def shape_walk(name: str, input_size: int):
    return _shape_walk(name, input_size)


@st.cache_data(max_entries=32, show_spinner=False)
def inside_block(name: str, block: str, input_size: int, shortcut: str | None, residual: bool):
    """One block measured, and the source that builds it (resnet_viz.anatomy.inside_block)."""
    return _inside_block(name, block, input_size, shortcut, residual)


@st.cache_data(max_entries=16, show_spinner=False)
def global_pooling(name: str, input_size: int) -> dict:
    return _global_pooling(name, input_size)


@st.cache_data(max_entries=2, show_spinner=False)
def shortcut_options(name: str) -> dict:
    return _shortcut_options(name)


@st.cache_data(max_entries=2, show_spinner=False)
def extra_projections(name: str) -> int:
    """How many more projection shortcuts option C has than option B (13 for ResNet-34, as the paper says)."""
    return projection_shortcuts(name, "C") - projection_shortcuts(name, "B")


@st.cache_data(max_entries=1, show_spinner=False)
def figure3_reports(device_name: str) -> list[ArchitectureReport]:
    """VGG-19, plain-34 and ResNet-34 at 224×224, as in the paper's Figure 3: its ResNet-34 zero-pads where the
    dimensions increase (option A, Sec. 4.1: Table 2 and Fig. 4 use it), so it costs what the plain net costs."""
    return [architecture_report("vgg19", False, 224, device_name),
            architecture_report("resnet34", False, 224, device_name),
            architecture_report("resnet34", True, 224, device_name, "A")]


def family_defaults(name: str) -> dict:
    """The settings a newly chosen model starts from: its natural input size and the paper's shortcut option."""
    size = 32 if name.startswith("cifar_") else 224
    return {"arch_size": size, "arch_shortcut": default_shortcut(name) or "B"}


def mark_text(tr, mark) -> str:
    """What a marked line of code does for the chosen block, in words (resnet_viz.anatomy.Mark)."""
    key = f"arch.code.{mark.role}" + (f".{mark.variant}" if mark.variant else "")
    text = tr(key, **{k: v for k, v in mark.values.items() if k not in ("plain", "option")})
    if mark.role == "torchvision_rule" and mark.values.get("plain"):
        text += " " + tr("arch.code.torchvision_rule.plain")
    elif mark.role == "torchvision_rule" and mark.values.get("option") != "B":
        text += " " + tr("arch.code.torchvision_rule.replaced", option=mark.values["option"])
    return text


EXPANSION = Bottleneck.expansion  # a Bottleneck's output channels over its inner width (torchvision's)


@st.cache_data(max_entries=1, show_spinner=False)
def vgg_fc_layers() -> int:
    """How many fully connected layers torchvision's VGG-19 ends with (counted on the model)."""
    import torch
    from torch import nn

    from resnet_viz.nets.models import build_model

    with torch.device("meta"):
        return sum(isinstance(m, nn.Linear) for m in build_model("vgg19").modules())
