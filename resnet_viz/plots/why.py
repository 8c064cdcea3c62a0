"""The "why it works" charts: the lesion study (Veit et al. 2016) and the paths through a ResNet."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from resnet_viz.plots.style import ENGLISH, depth_colour, model_title
from resnet_viz.why.paths import LAYERS_PER_BLOCK


def lesion_chart(lesions: dict, tr: Callable[..., str] = ENGLISH, height: int = 360) -> go.Figure:
    """Left: the test error with one block deleted, block by block (the blocks that change the shape marked, never
    deleted); right: the error as k random blocks are deleted (mean ± std over the draws). Plain dashed, ResNet
    solid, as in the Lab; the intact error as a dotted line."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=(tr("why.lesion.single"), tr("why.lesion.k")),
                        horizontal_spacing=0.08)
    for key, lesion in lesions.items():
        residual = key.startswith("resnet")
        colour = depth_colour(int(key.split("-")[1]))
        dash = "solid" if residual else "dash"
        name = model_title(key, tr)
        names = [b.name for b in lesion.blocks]
        fig.add_trace(go.Scatter(
            x=names, y=[None if e is None else 100 * e for e in lesion.single], mode="lines+markers", name=name,
            legendgroup=key, line=dict(color=colour, dash=dash), connectgaps=False,
            hovertemplate=f"{name}: %{{x}} " + tr("why.lesion.deleted") + ": %{y:.1f}%<extra></extra>"), 1, 1)
        fig.add_trace(go.Scatter(
            x=[names[0], names[-1]], y=[100 * lesion.intact] * 2, mode="lines", legendgroup=key, showlegend=False,
            line=dict(color=colour, dash="dot", width=1), hoverinfo="skip"), 1, 1)
        fig.add_trace(go.Scatter(
            x=lesion.k, y=[100 * m for m in lesion.mean], mode="lines+markers", name=name, legendgroup=key,
            showlegend=False, line=dict(color=colour, dash=dash),
            error_y=dict(type="data", array=[100 * s for s in lesion.std], visible=True, thickness=1),
            hovertemplate=f"{name}: k = %{{x}}: %{{y:.1f}}%<extra></extra>"), 1, 2)
        fixed = [b.name for b in lesion.blocks if not b.deletable]
        if fixed:
            fig.add_trace(go.Scatter(
                x=fixed, y=[100 * lesion.intact] * len(fixed), mode="markers", legendgroup="fixed",
                name=tr("why.lesion.fixed"), showlegend=residual, marker=dict(symbol="x", size=9, color="#555"),
                hovertemplate="%{x}: " + tr("why.lesion.fixed") + "<extra></extra>"), 1, 1)
    fig.update_yaxes(title_text=tr("why.lesion.error"), range=[0, 100], ticksuffix="%", gridcolor="#eee")
    fig.update_xaxes(tickangle=-60, row=1, col=1)  # the blocks' names say what the axis is
    fig.update_xaxes(title_text=tr("why.lesion.deleted_k"), row=1, col=2, gridcolor="#eee")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.35, x=0), font=dict(size=13))
    return fig


def paths_chart(counts: list[int], effective: tuple[int, int] | None, tr: Callable[..., str] = ENGLISH,
                height: int = 300) -> go.Figure:
    """The share of the 2ⁿ paths through k residual branches (Binomial(n, ½)), x in weighted layers (2 per block);
    ``effective``: a range of blocks to mark (Veit et al.'s, for their ResNet-110)."""
    total = sum(counts)
    layers = [LAYERS_PER_BLOCK * k for k in range(len(counts))]
    fig = go.Figure(go.Bar(x=layers, y=[100 * c / total for c in counts], marker_color="#4c78a8",
                           hovertemplate=tr("why.paths.hover") + "<extra></extra>"))
    if effective:
        fig.add_vrect(x0=LAYERS_PER_BLOCK * effective[0] - 1, x1=LAYERS_PER_BLOCK * effective[1] + 1,
                      fillcolor="#d62728", opacity=0.12, line_width=0, annotation_text=tr("why.paths.veit"),
                      annotation_position="top left")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), plot_bgcolor="white", font=dict(size=13),
                      xaxis_title=tr("why.paths.x", per=LAYERS_PER_BLOCK), yaxis_title=tr("why.paths.y"), bargap=0.1)
    fig.update_yaxes(ticksuffix="%", gridcolor="#eee")
    return fig
