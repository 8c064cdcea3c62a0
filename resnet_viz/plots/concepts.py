"""The Concepts page's charts: batch normalisation's histograms and its accuracy by batch size, Figure 7's layer
responses, nested function classes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go

from resnet_viz.plots.style import (
    ENGLISH,
    GREY,
    STAGE_COLOURS,
    depth_colour,
    model_title,
)


def batch_norm_histograms(view, tr: Callable[..., str] = ENGLISH, height: int = 320) -> go.Figure:
    """Three panels for one BN layer (a :class:`resnet_viz.explain.responses.BatchNormView`): each channel's values before
    BN, after normalisation (x̂) and after the learned scale and shift (γ·x̂ + β), one colour per channel."""
    from plotly.subplots import make_subplots

    titles = (tr("concepts.bn.before"), tr("concepts.bn.normalised"), tr("concepts.bn.after"))
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.06)
    for col, values in enumerate((view.before, view.normalised, view.after), start=1):
        for channel, row in enumerate(values):
            fig.add_trace(go.Histogram(
                x=row, nbinsx=40, opacity=0.55, name=tr("concepts.bn.channel", channel=channel),
                marker_color=STAGE_COLOURS[channel % len(STAGE_COLOURS)], legendgroup=str(channel),
                showlegend=col == 1, hovertemplate="%{x:.2f}: %{y}<extra></extra>"), row=1, col=col)
    fig.update_layout(barmode="overlay", height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.15, x=0), font=dict(size=13))
    fig.update_xaxes(showgrid=True, gridcolor="#eee")
    fig.update_yaxes(showgrid=True, gridcolor="#eee")
    return fig


def batch_size_chart(sweep, tr: Callable[..., str] = ENGLISH, height: int = 320) -> go.Figure:
    """Training-mode accuracy at each batch size (a :class:`resnet_viz.explain.responses.BatchSizeAccuracy`) on a
    log-2 axis, with evaluation mode's accuracy on the same images as a dashed reference line."""
    sizes = list(sweep.sizes)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=sizes, y=[100 * a for a in sweep.train_mode], mode="lines+markers", name=tr("concepts.bn.sizes.train"),
        line=dict(color=STAGE_COLOURS[0], width=2.5), marker=dict(size=9),
        hovertemplate=f"{tr('concepts.bn.sizes.x')} %{{x}}: %{{y:.1f}}%<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=[sizes[0], sizes[-1]], y=[100 * sweep.eval_mode] * 2, mode="lines", name=tr("concepts.bn.sizes.eval"),
        line=dict(color=GREY, width=2, dash="dash"), hovertemplate="%{y:.1f}%<extra></extra>"))
    fig.update_xaxes(type="log", tickvals=sizes, ticktext=[str(b) for b in sizes], title=tr("concepts.bn.sizes.x"),
                     showgrid=True, gridcolor="#eee")
    fig.update_yaxes(title=tr("concepts.bn.sizes.y"), ticksuffix="%", range=[0, 100],
                     showgrid=True, gridcolor="#eee")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=20, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.3, x=0), font=dict(size=14))
    return fig


def response_std_chart(responses: dict[str, list[tuple[str, float]]], tr: Callable[..., str] = ENGLISH,
                       height: int = 380) -> go.Figure:
    """The paper's Figure 7: each 3×3 layer's response std, in the network's order (left) and sorted by magnitude
    (right); ``responses`` maps a model key ('plain-20', 'resnet-56') to :func:`resnet_viz.explain.responses.response_stds`.
    Plain nets dashed, ResNets solid, one colour per depth, as in the Lab's charts."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.05,
                        subplot_titles=(tr("concepts.fig7.original"), tr("concepts.fig7.sorted")))
    for key, values in responses.items():
        kind, depth = key.split("-")
        stds = [v for _, v in values]
        names = [n for n, _ in values]
        style = dict(color=depth_colour(int(depth)), width=2.5 if kind == "resnet" else 2,
                     dash="solid" if kind == "resnet" else "dash")
        title = model_title(key, tr)
        fig.add_trace(go.Scatter(x=list(range(1, len(stds) + 1)), y=stds, customdata=names, mode="lines", name=title,
                                 line=style, legendgroup=key,
                                 hovertemplate=f"{title} %{{customdata}}: %{{y:.2f}}<extra></extra>"), row=1, col=1)
        fig.add_trace(go.Scatter(x=list(range(1, len(stds) + 1)), y=sorted(stds, reverse=True), mode="lines",
                                 name=title, line=style, legendgroup=key, showlegend=False,
                                 hovertemplate=f"{title}: %{{y:.2f}}<extra></extra>"), row=1, col=2)
    fig.update_xaxes(title=tr("concepts.fig7.layer"), showgrid=True, gridcolor="#eee", row=1, col=1)
    fig.update_xaxes(title=tr("concepts.fig7.rank"), showgrid=True, gridcolor="#eee", row=1, col=2)
    fig.update_yaxes(title=tr("concepts.fig7.std"), showgrid=True, gridcolor="#eee", row=1, col=1)
    fig.update_yaxes(showgrid=True, gridcolor="#eee", row=1, col=2)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.22, x=0), font=dict(size=14))
    return fig


def nested_function_classes(tr: Callable[..., str] = ENGLISH, height: int = 340) -> go.Figure:
    """Why depth can hurt and how identity blocks help (Zhang et al., Dive into Deep Learning, "Residual Networks"):
    larger function classes F1 … F6 that are not nested can drift away from the truth f*; nested ones (each contains
    the one before) can only come closer."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.04,
                        subplot_titles=(tr("concepts.nested.not_nested"), tr("concepts.nested.nested")))
    target = (5.2, 3.5)
    theta = np.linspace(0, 2 * np.pi, 90)
    # Not nested: bigger classes, but wandering; the largest is farther from f* than F3.
    loose = [((1.0, 1.0), 0.45, 0.35), ((2.0, 1.5), 0.65, 0.45), ((3.6, 2.7), 0.85, 0.6), ((1.5, 3.5), 0.95, 0.6),
             ((3.6, 0.9), 1.1, 0.55), ((1.7, 2.3), 1.25, 0.8)]
    # Nested: each ellipse grows by more than its centre moves towards f* (same aspect ratio), so it contains the
    # one before; the largest reaches f*.
    step = np.array([0.31, 0.163])
    nested = [(tuple(np.array([1.2, 1.3]) + k * step), 0.45 + 0.55 * k, 0.72 * (0.45 + 0.55 * k)) for k in range(6)]
    for col, shapes in ((1, loose), (2, nested)):
        for k, ((cx, cy), a, b) in enumerate(shapes):
            colour = STAGE_COLOURS[k % len(STAGE_COLOURS)]
            fig.add_trace(go.Scatter(x=cx + a * np.cos(theta), y=cy + b * np.sin(theta), mode="lines",
                                     line=dict(color=colour, width=2), hoverinfo="skip", showlegend=False),
                          row=1, col=col)
            fig.add_annotation(x=cx, y=cy + b, yshift=8, text=f"F{k + 1}", showarrow=False,
                               font=dict(color=colour, size=13), row=1, col=col)
        fig.add_trace(go.Scatter(x=[target[0]], y=[target[1]], mode="markers+text", text=["f*"],
                                 textposition="top center", marker=dict(symbol="star", size=16, color="#333"),
                                 hoverinfo="skip", showlegend=False), row=1, col=col)
    fig.update_xaxes(visible=False, range=[-0.6, 6.4])
    fig.update_yaxes(visible=False, range=[-0.3, 4.9], scaleanchor="x")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white", font=dict(size=14))
    return fig
