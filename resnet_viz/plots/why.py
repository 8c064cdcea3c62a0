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


def landscape_chart(grids: dict[str, list[list[float]]], coords: list[float], tr: Callable[..., str] = ENGLISH,
                    height: int = 360) -> go.Figure:
    """The loss around each network's trained weights as contours, side by side on one colour scale (log₁₀ of the
    loss: the plain net's rises by orders of magnitude), the trained weights marked at the centre."""
    import numpy as np
    from plotly.subplots import make_subplots

    keys = list(grids)
    logs = {k: np.log10(np.maximum(np.asarray(grids[k], dtype=float), 1e-6)) for k in keys}
    low, high = min(v.min() for v in logs.values()), max(v.max() for v in logs.values())
    fig = make_subplots(rows=1, cols=len(keys), subplot_titles=[model_title(k, tr) for k in keys],
                        horizontal_spacing=0.1)
    ticks = [t for t in range(int(np.floor(low)), int(np.ceil(high)) + 1)]
    for col, key in enumerate(keys, start=1):
        fig.add_trace(go.Contour(
            x=coords, y=coords, z=logs[key], zmin=low, zmax=high, colorscale="Viridis", ncontours=20,
            showscale=col == len(keys), contours=dict(showlines=True),
            colorbar=dict(title=tr("why.landscape.loss"), tickvals=ticks, ticktext=[f"{10.0 ** t:g}" for t in ticks]),
            hovertemplate="α %{x:.2f}, β %{y:.2f}: " + tr("why.landscape.loss") + " 10^%{z:.2f}<extra></extra>"),
            1, col)
        fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", marker=dict(symbol="x", color="white", size=10),
                                 showlegend=False, hoverinfo="skip"), 1, col)
        fig.update_xaxes(title_text="α (d₁)", row=1, col=col)
        fig.update_yaxes(title_text="β (d₂)", row=1, col=col)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white", font=dict(size=13))
    return fig


def landscape_slice(grids: dict[str, list[list[float]]], coords: list[float], tr: Callable[..., str] = ENGLISH,
                    height: int = 280) -> go.Figure:
    """The loss along d₁ alone (β = 0, the grid's middle row), every network on one logarithmic axis."""
    fig = go.Figure()
    for key, grid in grids.items():
        fig.add_trace(go.Scatter(
            x=coords, y=grid[len(grid) // 2], mode="lines+markers", name=model_title(key, tr),
            line=dict(color=depth_colour(int(key.split("-")[1])), dash="solid" if key.startswith("resnet") else "dash"),
            hovertemplate="α %{x:.2f}: %{y:.3f}<extra></extra>"))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=20, b=10), plot_bgcolor="white", font=dict(size=13),
                      xaxis_title="α (d₁), β = 0", yaxis_title=tr("why.landscape.loss"),
                      legend=dict(orientation="h", y=1.1, x=0))
    fig.update_yaxes(type="log", dtick=1, gridcolor="#eee")  # a label at each power of ten only
    return fig


def landscape_surface(grids: dict[str, list[list[float]]], coords: list[float], tr: Callable[..., str] = ENGLISH,
                      height: int = 400) -> go.Figure:
    """The same loss as :func:`landscape_chart` as 3D surfaces, side by side, on one z scale and one colour scale
    (log₁₀ of the loss, labelled in loss), the trained weights marked at the centre; drag to turn them."""
    import numpy as np
    from plotly.subplots import make_subplots

    keys = list(grids)
    logs = {k: np.log10(np.maximum(np.asarray(grids[k], dtype=float), 1e-6)) for k in keys}
    low, high = min(v.min() for v in logs.values()), max(v.max() for v in logs.values())
    ticks = list(range(int(np.floor(low)), int(np.ceil(high)) + 1))
    labels = [f"{10.0 ** t:g}" for t in ticks]
    fig = make_subplots(rows=1, cols=len(keys), specs=[[{"type": "scene"}] * len(keys)],
                        subplot_titles=[model_title(k, tr) for k in keys], horizontal_spacing=0.02)
    centre = len(coords) // 2
    for col, key in enumerate(keys, start=1):
        fig.add_trace(go.Surface(
            x=coords, y=coords, z=logs[key], cmin=low, cmax=high, colorscale="Viridis", showscale=col == len(keys),
            colorbar=dict(title=tr("why.landscape.loss"), tickvals=ticks, ticktext=labels, len=0.8),
            contours=dict(z=dict(show=True, usecolormap=True, width=1)),
            hovertemplate="α %{x:.2f}, β %{y:.2f}: " + tr("why.landscape.loss") + " 10^%{z:.2f}<extra></extra>"),
            1, col)
        fig.add_trace(go.Scatter3d(x=[0], y=[0], z=[logs[key][centre][centre]], mode="markers", showlegend=False,
                                   marker=dict(symbol="x", color="white", size=5, line=dict(color="black", width=1)),
                                   hoverinfo="skip"), 1, col)
    axes = dict(xaxis=dict(title="α (d₁)"), yaxis=dict(title="β (d₂)"),
                zaxis=dict(title="", range=[low, high], tickvals=ticks, ticktext=labels),  # the colour bar names it
                camera=dict(eye=dict(x=1.75, y=-1.75, z=1.05)), aspectmode="manual", aspectratio=dict(x=1, y=1, z=0.7))
    fig.update_scenes(**axes)
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=40, b=0), font=dict(size=12))
    return fig
