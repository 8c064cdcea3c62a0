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
