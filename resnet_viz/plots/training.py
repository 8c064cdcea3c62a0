"""Training charts: the Lab's error curves (Figure 6), gradient norms, the class board and transfer curves."""

from __future__ import annotations

import math
from collections.abc import Callable

import plotly.graph_objects as go

from resnet_viz.plots.style import (
    ENGLISH,
    GREY,
    MODE_COLOURS,
    RUN_SYMBOLS,
    depth_colour,
    model_title,
)


def training_curves(runs: list[dict], overlay: bool = False, tr: Callable[..., str] = ENGLISH,
                    height: int = 460, names: list[str] | None = None) -> go.Figure:
    """Error (%) against iterations, as in the paper's Figure 6: training error dashed, test error solid and bold,
    one colour per depth; plain nets on the left panel and ResNets on the right, or both on one panel (``overlay``,
    where the plain nets are drawn lighter). Each run after the first gets its own marker symbol; ``names`` name the
    runs in the legend (default: their labels). A network that diverged is marked with a cross where it stopped."""
    from plotly.subplots import make_subplots

    if overlay:
        fig = make_subplots(rows=1, cols=1)
    else:
        fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                            subplot_titles=(tr("lab.chart.plain"), tr("lab.chart.resnet")))
    top = 0.0
    for r, doc in enumerate(runs):
        prefix = f"{names[r] if names else doc.get('label') or doc.get('id')} · " if len(runs) > 1 else ""
        marker = dict(symbol=RUN_SYMBOLS[r % len(RUN_SYMBOLS)], size=6) if r else None
        mode = "lines+markers" if r else "lines"
        curves, test = doc["curves"], doc["test"]
        for m in doc["models"]:
            key, colour = m["key"], depth_colour(m["depth"])
            col = 1 if overlay or not m["residual"] else 2
            opacity = 0.5 if overlay and not m["residual"] else 1.0
            name = prefix + model_title(key, tr)
            train = [None if v is None else 100 * v for v in curves["train_error"].get(key, [])]
            tests = [None if v is None else 100 * v for v in test["test_error"].get(key, [])]
            top = max([top, *(v for v in train + tests if v is not None)])
            fig.add_trace(go.Scatter(
                x=curves["iteration"], y=train, mode=mode, name=name, legendgroup=f"{r}-{key}",
                line=dict(color=colour, width=1.5, dash="dash"), opacity=opacity, marker=marker,
                hovertemplate=f"{name} {tr('lab.chart.train')}<br>%{{x}}: %{{y:.1f}}%<extra></extra>",
            ), row=1, col=col)
            fig.add_trace(go.Scatter(
                x=test["iteration"], y=tests, mode="lines+markers", name=name, legendgroup=f"{r}-{key}",
                showlegend=False, line=dict(color=colour, width=3.5), opacity=opacity,
                marker=marker or dict(size=5),
                hovertemplate=f"{name} {tr('lab.chart.test')}<br>%{{x}}: %{{y:.1f}}%<extra></extra>",
            ), row=1, col=col)
            stopped = doc.get("diverged", {}).get(key)
            if stopped:  # where it diverged: a cross on its last training-error point
                last = [(x, y) for x, y in zip(curves["iteration"], train) if y is not None]
                if last:
                    fig.add_trace(go.Scatter(
                        x=[stopped["iteration"]], y=[last[-1][1]], mode="markers", showlegend=False,
                        marker=dict(symbol="x", size=14, color=colour, line=dict(width=2)),
                        hovertemplate=f"{name}: {tr('lab.col.diverged')} ({stopped['iteration']:,})<extra></extra>",
                    ), row=1, col=col)
    return _error_axes(fig, tr, top, height, test_width=3.5)


def _error_axes(fig: go.Figure, tr: Callable[..., str], top: float, height: int, test_width: float) -> go.Figure:
    """The error charts' shared finish: legend entries that say what dashed (training) and solid (test) mean, the
    axes in percent up to just above ``top``, the layout."""
    for dash, width, key in (("dash", 1.5, "lab.chart.train"), ("solid", test_width, "lab.chart.test")):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=tr(key),
                                 line=dict(color="#555", dash=dash, width=width)), row=1, col=1)
    fig.update_xaxes(title=tr("lab.chart.iterations"), showgrid=True, gridcolor="#eee", rangemode="tozero")
    fig.update_yaxes(title=tr("lab.chart.error"), row=1, col=1)
    fig.update_yaxes(ticksuffix="%", showgrid=True, gridcolor="#eee", range=[0, min(100.0, top * 1.05 + 1)])
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.18, x=0), font=dict(size=14), hovermode="closest")
    return fig


def gradient_flow(doc: dict, snapshot: int = -1, tr: Callable[..., str] = ENGLISH,
                  height: int = 380) -> go.Figure:
    """Per-layer gradient norms at one logged iteration, input layer on the left, log scale: plain nets dashed,
    ResNets solid, one colour per depth. In a plain net the gradient reaching layer 1 is a product of every layer's
    Jacobian; a residual block adds an identity term, so the products become sums (He et al. 2016, arXiv:1603.05027)."""
    grads = doc.get("grad_norms", {})
    fig = go.Figure()
    iterations = grads.get("iteration", [])
    if iterations:
        snapshot = snapshot if snapshot >= 0 else len(iterations) + snapshot
        for m in doc["models"]:
            values = grads["values"].get(m["key"], [])
            if snapshot >= len(values):
                continue
            ys = values[snapshot]
            names = m.get("layers") or [str(i + 1) for i in range(len(ys))]
            fig.add_trace(go.Scatter(
                x=list(range(1, len(ys) + 1)), y=ys, customdata=names, mode="lines+markers",
                name=model_title(m["key"], tr), marker=dict(size=4),
                line=dict(color=depth_colour(m["depth"]), width=2.5 if m["residual"] else 2,
                          dash="solid" if m["residual"] else "dash"),
                hovertemplate=f"{model_title(m['key'], tr)} %{{customdata}}<br>%{{y:.2e}}<extra></extra>",
            ))
        fig.update_layout(title=dict(text=tr("lab.grad.at", iteration=f"{iterations[snapshot]:,}"), x=0,
                                     font=dict(size=14)))
    fig.update_xaxes(title=tr("lab.grad.layer"), showgrid=True, gridcolor="#eee")
    fig.update_yaxes(title=tr("lab.grad.norm"), type="log", dtick=1, showgrid=True, gridcolor="#eee",
                     exponentformat="power")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.22, x=0), font=dict(size=14))
    return fig


INIT_COLOURS = {"he": "#4C78A8", "small": "#F58518"}  # He init, the small fixed std


def init_chart(comparison, std: float, tr: Callable[..., str] = ENGLISH, height: int = 380) -> go.Figure:
    """A plain net at initialisation (a :class:`resnet_viz.explain.init.InitComparison`): each weighted layer's
    response std (left) and weight-gradient norm (right), input layer on the left, log scale; He init blue, the
    small fixed ``std`` orange; with batch norm solid, without it dotted. A value that underflowed to zero leaves a
    gap (a log axis has no zero)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.08,
                        subplot_titles=(tr("lab.init.chart.forward"), tr("lab.init.chart.backward")))
    for p in comparison.profiles:
        name = tr(f"lab.init.trace.{p.init}.{'bn' if p.batch_norm else 'no_bn'}", std=std)
        line = dict(color=INIT_COLOURS[p.init], width=2.5 if p.batch_norm else 2,
                    dash="solid" if p.batch_norm else "dot")
        xs = list(range(1, len(p.layers) + 1))
        for col, values in ((1, p.response_std), (2, p.grad_norm)):
            fig.add_trace(go.Scatter(
                x=xs, y=[v if v > 0 else None for v in values], customdata=p.layers, mode="lines+markers",
                name=name, legendgroup=name, showlegend=col == 1, line=line, marker=dict(size=3),
                hovertemplate=f"{name}<br>%{{customdata}}: %{{y:.2e}}<extra></extra>"), row=1, col=col)
            zero = next((i for i, v in enumerate(values) if v == 0), None)
            if zero is not None:  # say where the line stops, or why it is missing: a log axis has no zero
                axis = "" if col == 1 else str(col)
                drawn = [i for i in range(zero) if values[i] > 0]
                if drawn:
                    fig.add_annotation(x=xs[drawn[-1]], y=math.log10(values[drawn[-1]]), xref=f"x{axis}",
                                       yref=f"y{axis}", text=tr("lab.init.chart.zero", layer=zero + 1), ax=-30, ay=15,
                                       xanchor="right", font=dict(color=INIT_COLOURS[p.init], size=13))
                else:  # top right: the lines with BN fall towards the output, and start high at the input
                    fig.add_annotation(x=0.98, y=0.98, xref=f"x{axis} domain", yref=f"y{axis} domain",
                                       xanchor="right", yanchor="top", showarrow=False,
                                       text=tr("lab.init.chart.all_zero", name=name),
                                       font=dict(color=INIT_COLOURS[p.init], size=13))
    fig.update_xaxes(title=tr("lab.grad.layer"), showgrid=True, gridcolor="#eee")
    fig.update_yaxes(type="log", showgrid=True, gridcolor="#eee", exponentformat="power")
    fig.update_yaxes(title=tr("lab.init.chart.std"), row=1, col=1)
    fig.update_yaxes(title=tr("lab.grad.norm"), row=1, col=2)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.25, x=0), font=dict(size=14))
    return fig


def class_board_chart(board, tr: Callable[..., str] = ENGLISH, height: int = 460) -> go.Figure:
    """The class's pooled Figure 6 (a :class:`resnet_viz.train.classroom.Board`): mean training error (dashed) and test
    error (solid) over the runs, with a band of ± one standard deviation across seeds; plain nets left, ResNets
    right, one colour per depth."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=(tr("lab.chart.plain"), tr("lab.chart.resnet")))
    top = 0.0
    for m in board.models:
        key, colour = m["key"], depth_colour(m["depth"])
        col = 2 if m["residual"] else 1
        for metric, dash, width in (("train_error", "dash", 1.5), ("test_error", "solid", 3.0)):
            series = board.curves.get(metric, {}).get(key)
            if not series or not series["iteration"]:
                continue
            xs = series["iteration"]
            mean = [100 * v for v in series["mean"]]
            low = [100 * (v - s) for v, s in zip(series["mean"], series["std"])]
            high = [100 * (v + s) for v, s in zip(series["mean"], series["std"])]
            top = max([top, *high])
            fig.add_trace(go.Scatter(x=xs + xs[::-1], y=high + low[::-1], fill="toself", fillcolor=colour,
                                     opacity=0.15, line=dict(width=0), hoverinfo="skip", showlegend=False),
                          row=1, col=col)
            name = model_title(key, tr)
            fig.add_trace(go.Scatter(
                x=xs, y=mean, mode="lines", name=name, legendgroup=key, showlegend=metric == "train_error",
                line=dict(color=colour, width=width, dash=dash), customdata=series["n"],
                hovertemplate=f"{name} {tr('lab.chart.train' if metric == 'train_error' else 'lab.chart.test')}"
                              "<br>%{x}: %{y:.1f}% (n = %{customdata})<extra></extra>"), row=1, col=col)
    return _error_axes(fig, tr, top, height, test_width=3.0)


def transfer_curves(docs: list[dict], names: list[str], tr: Callable[..., str] = ENGLISH,
                    height: int = 380) -> go.Figure:
    """Validation accuracy against iterations for each mode of one or two transfer runs (a second run, e.g. with
    the wrong normalisation, dashed), one colour per mode."""
    fig = go.Figure()
    for r, (doc, name) in enumerate(zip(docs, names)):
        validation = doc.get("validation", {})
        for mode, values in validation.get("val_accuracy", {}).items():
            label = tr(f"tl.mode.{mode}") + (f" · {name}" if len(docs) > 1 else "")
            fig.add_trace(go.Scatter(
                x=validation.get("iteration", []), y=[None if v is None else 100 * v for v in values],
                mode="lines+markers", name=label, line=dict(color=MODE_COLOURS.get(mode, GREY), width=3,
                                                            dash="dash" if r else "solid"),
                hovertemplate=f"{label}<br>%{{x}}: %{{y:.1f}}%<extra></extra>"))
    fig.update_xaxes(title=tr("lab.chart.iterations"), showgrid=True, gridcolor="#eee", rangemode="tozero")
    fig.update_yaxes(title=tr("tl.chart.accuracy"), ticksuffix="%", showgrid=True, gridcolor="#eee", range=[0, 101])
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.2, x=0), font=dict(size=14))
    return fig
