"""What every chart shares: English labels when no translator is given, the colours (stages, depths, modes),
networks' names, percentages and PNG export."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from resnet_viz.errors import first_line
from resnet_viz.i18n import Translator

# Called without a translator, every function labels its figure in English (never with raw translation keys).
ENGLISH = Translator("en")


# One colour per stage, in order; chosen to stay distinct when projected in a bright classroom.
STAGE_COLOURS = ["#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2"]


GREY = "#9E9E9E"


def percent(p: float) -> str:
    """0.4567 -> '45.7%'; anything that would round to 0.0% reads '<0.1%'."""
    return f"{p:.1%}" if p >= 0.0005 else "<0.1%"


# One colour per depth, the same in every run and chart (other depths cycle through STAGE_COLOURS).
DEPTH_COLOURS = {20: "#4C78A8", 32: "#54A24B", 44: "#B279A2", 56: "#E45756", 110: "#F58518"}


RUN_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")


def depth_colour(depth: int) -> str:
    return DEPTH_COLOURS.get(depth, STAGE_COLOURS[depth % len(STAGE_COLOURS)])


def model_title(key: str, tr: Callable[..., str] = ENGLISH) -> str:
    """'plain-20' -> 'plain-20', 'resnet-56' -> 'ResNet-56' (the paper's names)."""
    kind, depth = key.split("-")
    return tr("lab.model.resnet" if kind == "resnet" else "lab.model.plain", depth=depth)


def figure_png(fig: go.Figure, width: int = 1400, height: int = 600) -> bytes:
    """The figure as PNG bytes, rendered by plotly's own exporter (Kaleido, which drives a local Chrome/Chromium).

    Raises RuntimeError with one line when no browser is available to render it.
    """
    try:
        return fig.to_image(format="png", width=width, height=height, scale=1)
    except Exception as e:  # kaleido raises its own types for a missing Chrome; one line for the user
        raise RuntimeError(f"PNG export needs Chrome or Chromium (e.g. `apt install chromium`): "
                           f"{first_line(e, 200)}") from None


MODE_COLOURS = {"all": "#4C78A8", "last": "#54A24B", "fc": "#F58518", "scratch": "#9E9E9E"}


# Streamlit's chart theme (st.plotly_chart's default) sizes in pixels what a figure leaves unset: tick labels,
# legend and hover labels 12 px ("twoSm"), axis titles 14 px ("sm"); they do not follow the page's type.
THEME_SMALL_PX, THEME_TITLE_PX = 12, 14


def projected(fig: go.Figure, scale: float, floor: int = 0) -> go.Figure:
    """``fig`` with every text it draws grown by ``scale``, to at least ``floor`` pixels (in place, and returned): the
    base font (annotations and
    trace labels without a size inherit it), each size a chart set on its own (an annotation's, a trace's labels, a
    colour bar's) and what Streamlit's theme would otherwise fix in pixels — tick labels, axis titles, the legend,
    hover labels (:data:`THEME_SMALL_PX`, :data:`THEME_TITLE_PX`). A legend under the plot moves down, clear of the
    larger axis titles."""
    base = fig.layout.font.size or 13

    def grown(size: float | None, unset: float | None) -> int | None:
        size = size or unset
        return max(round(size * scale), floor) if size else None

    def grow(font, unset: float | None = None) -> None:
        if font is not None and (font.size or unset):
            font.size = grown(font.size, unset)

    fig.update_layout(font_size=max(round(base * scale), floor))
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        grow(axis.tickfont, THEME_SMALL_PX)
        grow(axis.title.font, THEME_TITLE_PX)
    grow(fig.layout.legend.font, THEME_SMALL_PX)
    grow(fig.layout.legend.title.font)
    grow(fig.layout.hoverlabel.font, THEME_SMALL_PX)
    grow(fig.layout.coloraxis.colorbar.tickfont)
    for annotation in fig.layout.annotations or ():
        grow(annotation.font)
    for trace in fig.data:
        grow(getattr(trace, "textfont", None))
        colorbar = getattr(trace, "colorbar", None)
        if colorbar is not None:
            grow(colorbar.tickfont, THEME_SMALL_PX)
    legend_y = fig.layout.legend.y
    if legend_y is not None and legend_y < 0:
        fig.update_layout(legend_y=legend_y - 0.08, margin_b=(fig.layout.margin.b or 0) + 24)
    return fig
