"""Pure functions from data to plotly figures. No Streamlit, no models: what a page shows, drawn."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
from PIL import Image
from plotly.colors import get_colorscale, sample_colorscale, unlabel_rgb

from resnet_viz.errors import first_line
from resnet_viz.i18n import Translator
from resnet_viz.nets.summary import ArchitectureReport

# Called without a translator, every function labels its figure in English (never with raw translation keys).
ENGLISH = Translator("en")

# One colour per stage, in order; chosen to stay distinct when projected in a bright classroom.
STAGE_COLOURS = ["#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2"]
_GREY = "#9E9E9E"


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
        colour = _GREY
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


# ---------------------------------------------------------------------------------------------------------------
# The Inspector: predictions, feature maps, heat-map overlays
# ---------------------------------------------------------------------------------------------------------------

# Colour maps offered for heat maps (plotly's names); Turbo first: readable when projected, unlike Jet's bands.
HEATMAP_COLOURS = ("Turbo", "Inferno", "Viridis", "Jet")


def percent(p: float) -> str:
    """0.4567 -> '45.7%'; anything that would round to 0.0% reads '<0.1%'."""
    return f"{p:.1%}" if p >= 0.0005 else "<0.1%"


def top_k_chart(labels: list[str], probabilities: list[float], highlight: int | None = None,
                title: str = "") -> go.Figure:
    """Horizontal bars, most probable on top, percentages written on the bars; ``highlight`` (a row) in orange."""
    colours = [STAGE_COLOURS[1] if i == highlight else STAGE_COLOURS[0] for i in range(len(labels))]
    fig = go.Figure(go.Bar(
        x=[p * 100 for p in probabilities], y=[f"{label}  " for label in labels], orientation="h",
        marker_color=colours, text=[percent(p) for p in probabilities], cliponaxis=False,
        textposition=["inside" if p > 0.3 else "outside" for p in probabilities],
        hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    fig.update_xaxes(range=[0, 100], ticksuffix="%", showgrid=True, gridcolor="#eee")
    fig.update_layout(height=60 + 44 * len(labels), margin=dict(l=10, r=20, t=40 if title else 10, b=10),
                      plot_bgcolor="white", title=title or None, font=dict(size=14), bargap=0.25)
    return fig


@functools.lru_cache(maxsize=16)
def colour_lut(colourmap: str) -> np.ndarray:
    """A 256×3 uint8 lookup table sampled from a plotly colour scale."""
    samples = sample_colorscale(get_colorscale(colourmap), [i / 255 for i in range(256)], colortype="rgb")
    return np.array([unlabel_rgb(c) for c in samples], dtype=np.float64).round().clip(0, 255).astype(np.uint8)


def enlarge(image: np.ndarray, min_side: int = 224) -> np.ndarray:
    """Scale an image up by a whole factor (nearest neighbour) until its shorter side is at least ``min_side``."""
    h, w = image.shape[:2]
    scale = max(1, -(-min_side // min(h, w)))
    if scale == 1:
        return image
    return np.asarray(Image.fromarray(image).resize((w * scale, h * scale), Image.Resampling.NEAREST))


def overlay_image(image: np.ndarray, heat: np.ndarray, opacity: float = 0.5, colourmap: str = "Turbo",
                  min_side: int = 224) -> np.ndarray:
    """Blend an H×W map in [0, 1] over an H×W×3 uint8 image; both scaled up so the shorter side is ``min_side``
    (the image with nearest-neighbour, so small inputs such as 28×28 stay honestly pixelated)."""
    base = enlarge(image, min_side).astype(np.float64)
    size = (base.shape[1], base.shape[0])
    heat_big = np.asarray(Image.fromarray(heat.astype(np.float32), "F").resize(size, Image.Resampling.BILINEAR))
    colours = colour_lut(colourmap)[np.clip(heat_big * 255, 0, 255).astype(np.uint8)].astype(np.float64)
    return ((1 - opacity) * base + opacity * colours).round().clip(0, 255).astype(np.uint8)


def png_bytes(image: np.ndarray) -> bytes:
    """An H×W×3 (or H×W) uint8 array as PNG bytes, for downloads and files."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "PNG")
    return buffer.getvalue()


def feature_grid(maps: np.ndarray, channels: list[int], columns: int | None = None, colourmap: str = "Viridis",
                 label: str = "channel", width: int = 560) -> go.Figure:
    """The given channels of a C×H×W activation as one mosaic (4 or 8 tiles a row, tiles averaged down to at most
    48 pixels), on one shared colour scale so the ordering by mean activation shows as fading brightness; hover
    names the channel and its number is written on each tile. ``width`` is the expected width in pixels."""
    factor = -(-max(maps.shape[1:]) // 48)  # tiles of at most 48 pixels: the enlarged view shows full detail
    if factor > 1:
        c, h, w = maps.shape
        h, w = h // factor * factor, w // factor * factor
        maps = maps[:, :h, :w].reshape(c, h // factor, factor, w // factor, factor).mean(axis=(2, 4))
    c, h, w = maps.shape
    columns = columns or (4 if len(channels) <= 16 else 8)
    rows = -(-len(channels) // columns)
    gap = max(1, h // 14)
    mosaic = np.full((rows * (h + gap) - gap, columns * (w + gap) - gap), np.nan, dtype=np.float32)
    ids = np.full(mosaic.shape, -1)
    for k, ch in enumerate(channels):
        r, col = divmod(k, columns)
        y, x = r * (h + gap), col * (w + gap)
        mosaic[y:y + h, x:x + w] = maps[ch]
        ids[y:y + h, x:x + w] = ch
    shown = maps[channels]
    top = float(np.percentile(shown, 99.5)) if shown.size else 1.0
    low = float(min(0.0, shown.min())) if shown.size else 0.0
    fig = go.Figure(go.Heatmap(
        z=mosaic, customdata=ids, colorscale=colourmap, zmin=low, zmax=top if top > low else low + 1,
        hovertemplate=f"{label} %{{customdata}}<br>%{{z:.3f}}<extra></extra>", hoverongaps=False,
        colorbar=dict(thickness=12),
    ))
    for k, ch in enumerate(channels):
        r, col = divmod(k, columns)
        fig.add_annotation(x=col * (w + gap) - 0.5, y=r * (h + gap) - 0.5, text=str(ch), showarrow=False,
                           xanchor="left", yanchor="top", font=dict(size=10, color="white"),
                           bgcolor="rgba(0,0,0,0.55)", borderpad=1)
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_layout(height=int(width * rows / columns) + 20, margin=dict(l=0, r=0, t=0, b=0), plot_bgcolor="white")
    return fig


def channel_view(channel: np.ndarray, title: str = "", colourmap: str = "Viridis") -> go.Figure:
    """One H×W activation map, large, with its colour bar."""
    fig = go.Figure(go.Heatmap(z=channel, colorscale=colourmap, colorbar=dict(thickness=12),
                               hovertemplate="x %{x}, y %{y}: %{z:.3f}<extra></extra>"))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_layout(height=360, margin=dict(l=0, r=0, t=30 if title else 0, b=0), title=title or None)
    return fig


def faithfulness_chart(deletion: list[float], insertion: list[float], tr: Callable[..., str] = ENGLISH
                       ) -> go.Figure:
    """Petsiuk et al.'s deletion and insertion curves: the class probability against the fraction of pixels."""
    steps = len(deletion) - 1
    xs = [i / steps for i in range(steps + 1)]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=deletion, name=tr("insp.trust.deletion_curve"), mode="lines",
                             line=dict(color=STAGE_COLOURS[4], width=3), fill="tozeroy"))
    fig.add_trace(go.Scatter(x=xs, y=insertion, name=tr("insp.trust.insertion_curve"), mode="lines",
                             line=dict(color=STAGE_COLOURS[2], width=3)))
    fig.update_xaxes(title=tr("insp.trust.fraction"), tickformat=".0%", range=[0, 1])
    fig.update_yaxes(title=tr("insp.trust.probability"), range=[0, 1.02])
    fig.update_layout(height=260, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=1.12, x=0))
    return fig


# ---------------------------------------------------------------------------------------------------------------
# The Degradation Lab: training curves in the style of the paper's Figure 6, and gradient flow
# ---------------------------------------------------------------------------------------------------------------

# One colour per depth, the same in every run and chart (other depths cycle through STAGE_COLOURS).
DEPTH_COLOURS = {20: "#4C78A8", 32: "#54A24B", 44: "#B279A2", 56: "#E45756", 110: "#F58518"}
RUN_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")


def depth_colour(depth: int) -> str:
    return DEPTH_COLOURS.get(depth, STAGE_COLOURS[depth % len(STAGE_COLOURS)])


def model_title(key: str, tr: Callable[..., str] = ENGLISH) -> str:
    """'plain-20' -> 'plain-20', 'resnet-56' -> 'ResNet-56' (the paper's names)."""
    kind, depth = key.split("-")
    return tr("lab.model.resnet" if kind == "resnet" else "lab.model.plain", depth=depth)


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


def figure_png(fig: go.Figure, width: int = 1400, height: int = 600) -> bytes:
    """The figure as PNG bytes, rendered by plotly's own exporter (Kaleido, which drives a local Chrome/Chromium).

    Raises RuntimeError with one line when no browser is available to render it.
    """
    try:
        return fig.to_image(format="png", width=width, height=height, scale=1)
    except Exception as e:  # kaleido raises its own types for a missing Chrome; one line for the user
        raise RuntimeError(f"PNG export needs Chrome or Chromium (e.g. `apt install chromium`): "
                           f"{first_line(e, 200)}") from None


# ---------------------------------------------------------------------------------------------------------------
# Concepts: batch normalisation, layer responses (Figure 7), nested function classes, VGG vs plain vs ResNet
# ---------------------------------------------------------------------------------------------------------------


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
                colour = _GREY
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


# ---------------------------------------------------------------------------------------------------------------
# Transfer learning
# ---------------------------------------------------------------------------------------------------------------

MODE_COLOURS = {"all": "#4C78A8", "last": "#54A24B", "fc": "#F58518", "scratch": "#9E9E9E"}


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
                mode="lines+markers", name=label, line=dict(color=MODE_COLOURS.get(mode, _GREY), width=3,
                                                            dash="dash" if r else "solid"),
                hovertemplate=f"{label}<br>%{{x}}: %{{y:.1f}}%<extra></extra>"))
    fig.update_xaxes(title=tr("lab.chart.iterations"), showgrid=True, gridcolor="#eee", rangemode="tozero")
    fig.update_yaxes(title=tr("tl.chart.accuracy"), ticksuffix="%", showgrid=True, gridcolor="#eee", range=[0, 101])
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                      legend=dict(orientation="h", y=-0.2, x=0), font=dict(size=14))
    return fig
