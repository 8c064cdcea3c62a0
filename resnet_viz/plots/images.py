"""What the Inspector shows: top-k bars, heat-map overlays, feature-map grids and the faithfulness curves."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
from PIL import Image
from plotly.colors import get_colorscale, sample_colorscale, unlabel_rgb

from resnet_viz.plots.style import (
    ENGLISH,
    STAGE_COLOURS,
    percent,
)

# Colour maps offered for heat maps (plotly's names); Turbo first: readable when projected, unlike Jet's bands.
HEATMAP_COLOURS = ("Turbo", "Inferno", "Viridis", "Jet")


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
