"""Networks drawn: the stage diagram with its shapes and shortcuts, and Figure 3's three networks side by side."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from resnet_viz.nets.summary import ArchitectureReport
from resnet_viz.plots.style import (
    ENGLISH,
    GREY,
    STAGE_COLOURS,
)


def shape_label(shape: tuple[int, ...]) -> str:
    """(256, 56, 56) -> '256×56×56'."""
    return "×".join(str(s) for s in shape)


def architecture_diagram(report: ArchitectureReport, tr: Callable[..., str] = ENGLISH) -> go.Figure:
    """The network as a row of boxes: stem, one box per residual block (coloured by stage), pooling, fc.

    Each block gets an arc for its shortcut, as in the paper's Figure 3: solid for identity, dashed where the
    shortcut changes the shape (projection or zero-padding). Plain nets have no arcs. The tensor shape after each
    stage is written beneath it.
    """
    shapes: list[dict] = []  # collected and handed to plotly once: add_shape() per box is ~50x slower
    annotations: list[dict] = []
    x = 0.0
    box_w, gap = 0.8, 0.25
    hover_x, hover_y, hover_text = [], [], []
    stage_index = 0
    label_blocks = sum(len(s.blocks) or 1 for s in report.stages) <= 30
    for position, stage in enumerate(report.stages):
        items = stage.blocks or [None]
        colour = GREY
        if stage.blocks:
            colour = STAGE_COLOURS[stage_index % len(STAGE_COLOURS)]
            stage_index += 1
        start = x
        for block in items:
            label = stage.stage if block is None else block.name.split(".")[1]
            shapes.append(dict(type="rect", x0=x, x1=x + box_w, y0=0, y1=1, fillcolor=colour, opacity=0.85,
                          line=dict(color="white", width=1)))
            if label_blocks and block is not None:
                annotations.append(dict(x=x + box_w / 2, y=0.5, text=label, showarrow=False,
                                        font=dict(color="white", size=11)))
            if block is not None and block.shortcut is not None:
                dashed = block.shortcut != "identity"
                shapes.append(dict(
                    type="path",
                    path=f"M {x - gap / 2},1 C {x - gap / 2},1.9 {x + box_w + gap / 2},1.9 {x + box_w + gap / 2},1",
                    line=dict(color=colour, width=2, dash="dash" if dashed else "solid"),
                ))
            name = stage.module if block is None else block.name
            shape = stage.output_shape if block is None else block.output_shape
            details = [f"<b>{name}</b>", f"{tr('arch.hover.output')}: {shape_label(shape)}"]
            if block is not None:
                details.insert(1, block.type)
                details.append(f"{tr('arch.hover.shortcut')}: {tr('arch.shortcut.' + str(block.shortcut))}")
            hover_x.append(x + box_w / 2)
            hover_y.append(0.5)
            hover_text.append("<br>".join(details))
            x += box_w + gap
        centre = (start + x - gap) / 2
        # Single-box stages sit side by side: alternate their labels between two rows so they never overlap.
        low = 0.0 if stage.blocks else 0.65 * (position % 2)
        annotations.append(dict(x=centre, y=-0.3 - low, text=f"<b>{stage.stage}</b>", showarrow=False,
                                font=dict(size=13)))
        annotations.append(dict(x=centre, y=-0.6 - low, text=shape_label(stage.output_shape), showarrow=False,
                                font=dict(size=11, color="#555")))
        if stage is not report.stages[-1]:
            annotations.append(dict(x=x - gap / 2 + 0.02, y=0.5, ax=x - gap + 0.02, ay=0.5, xref="x", yref="y",
                                    axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=0.8,
                                    arrowcolor="#777", text=""))
    fig = go.Figure(layout=dict(shapes=shapes, annotations=annotations))
    fig.add_trace(go.Scatter(x=hover_x, y=hover_y, mode="markers", marker=dict(size=18, opacity=0),
                             hovertext=hover_text, hoverinfo="text", showlegend=False))
    if any(b.shortcut for s in report.stages for b in s.blocks):  # legend entries for the two kinds of shortcut
        for dash, key in (("solid", "arch.legend.identity"), ("dash", "arch.legend.changing")):
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=dict(color="#555", dash=dash, width=2),
                                     name=tr(key)))
    else:
        fig.add_annotation(x=0, y=1.6, xanchor="left", text=tr("arch.legend.plain"), showarrow=False,
                           font=dict(size=12, color="#555"))
    fig.update_xaxes(visible=False, range=[-0.4, x + 0.2])
    fig.update_yaxes(visible=False, range=[-1.45, 2.1], fixedrange=True)
    fig.update_layout(
        height=340, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white", dragmode="pan",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        hoverlabel=dict(bgcolor="white"),
    )
    return fig


_MAP_SIZES = (224, 112, 56, 28, 14, 7)  # the map sizes of the ImageNet nets at 224×224, one colour each


_FC = "#4D4D4D"


def figure3_comparison(reports: list[ArchitectureReport], tr: Callable[..., str] = ENGLISH,
                       height: int = 360) -> go.Figure:
    """The paper's Figure 3 on its side: one row per network (VGG-19, 34-layer plain, 34-layer residual), one box
    per weighted layer coloured by the size of the map it outputs, pooling as grey slivers, and the residual net's
    shortcuts as arcs (dashed where they change shape). Each row is labelled with its depth and multiply-adds."""
    shapes, annotations, sizes = [], [], {}
    rows = len(reports)
    for r, report in enumerate(reports):
        y = (rows - 1 - r) * 1.6
        x = 0.0
        for row in report.table.rows:
            if row.type not in ("Conv2d", "Linear", "MaxPool2d") or "downsample" in row.name:
                continue
            side = row.output_shape[-1] if len(row.output_shape) == 3 else None  # None: a fully connected layer
            width = 0.35 if row.type == "MaxPool2d" else 1.0
            if row.type == "MaxPool2d":
                colour = GREY
            elif side is None:
                colour = _FC
                sizes.setdefault(0, colour)
            else:
                colour = STAGE_COLOURS[_MAP_SIZES.index(side) if side in _MAP_SIZES else len(STAGE_COLOURS) - 1]
                sizes.setdefault(side, colour)
            shapes.append(dict(type="rect", x0=x, x1=x + width * 0.85, y0=y, y1=y + 0.8, fillcolor=colour,
                               opacity=0.9, line=dict(width=0)))
            x += width
        gmacs = report.table.macs / 1e9
        annotations.append(dict(x=-0.5, y=y + 0.4, xanchor="right", showarrow=False, font=dict(size=13),
                                text=f"<b>{_network_title(report, tr)}</b><br>{tr('arch.fig3.cost', gmacs=gmacs)}"))
        if report.shortcut:  # arcs over the blocks: BasicBlocks span two convs after the stem and pool
            start = 1 + 0.35
            for stage in report.stages:
                for block in stage.blocks:
                    dashed = block.shortcut != "identity"
                    shapes.append(dict(type="path", path=f"M {start},{y + 0.8} C {start},{y + 1.35} {start + 2},"
                                                         f"{y + 1.35} {start + 2},{y + 0.8}",
                                       line=dict(color="#555", width=1.5, dash="dash" if dashed else "solid")))
                    start += 2
    fig = go.Figure(layout=dict(shapes=shapes, annotations=annotations))
    for side in sorted(sizes, reverse=True):
        name = tr("arch.fig3.size", size=f"{side}×{side}") if side else tr("arch.fig3.fc")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                 marker=dict(symbol="square", size=12, color=sizes[side])))
    fig.update_xaxes(visible=False, range=[-9, max(s["x1"] for s in shapes if s["type"] == "rect") + 0.5])
    fig.update_yaxes(visible=False, range=[-0.3, (rows - 1) * 1.6 + 1.5], fixedrange=True)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.05, x=0), dragmode="pan")
    return fig


def _network_title(report: ArchitectureReport, tr: Callable[..., str]) -> str:
    if report.family == "vgg":
        return tr("arch.fig3.vgg", depth=report.weighted_layers)
    key = "arch.fig3.residual" if report.residual else "arch.fig3.plain"
    return tr(key, depth=report.weighted_layers)
