"""One residual block drawn from the inside, as the paper's Figure 2 and Figure 5 draw it, on its side: the main
branch left to right (conv → BN → ReLU → ... → ⊕ → ReLU), the shortcut beneath it from x to the ⊕, solid for an
identity and dashed for a projection (1×1 conv + BN) or zero-padding, and the measured tensor shape on every edge."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import plotly.graph_objects as go

from resnet_viz.anatomy.block import BlockEdges, Node
from resnet_viz.plots.style import ENGLISH, GREY, STAGE_COLOURS

WIDTHS = {"conv": 1.35, "bn": 0.75, "relu": 0.85, "pad": 1.35, "add": 0.5, "other": 1.35}
GAP = 0.75  # between two boxes: room for a two-line shape label
FILLS = {"conv": STAGE_COLOURS[0], "bn": "#D9D9D9", "relu": STAGE_COLOURS[1], "pad": STAGE_COLOURS[2],
         "add": "white", "other": GREY}
SHORTCUT_COLOUR = STAGE_COLOURS[2]
INK = "#333333"
MAIN_Y, SIDE_Y, HALF = 0.0, -1.9, 0.42  # the branches' heights and a box's half height
FONT = 15  # the boxes' labels; shapes and names a little smaller: read from the back of a classroom


def _shape(shape: Sequence[int]) -> str:
    """(512, 28, 28) -> '512<br>28×28': channels over the map's size, narrow enough to sit between two boxes."""
    if len(shape) != 3:
        return "×".join(map(str, shape))
    return f"{shape[0]}<br>{shape[1]}×{shape[2]}"


def _label(node: Node, tr: Callable[..., str]) -> str:
    if node.kind == "conv":
        text = tr("arch.inside.conv", kernel=node.kernel, channels=node.shape_out[0])
        return text + (tr("arch.inside.stride", stride=node.stride) if node.stride and node.stride > 1 else "")
    if node.kind == "pad":
        return tr("arch.inside.pad", stride=node.stride or 1)
    return {"bn": "BN", "relu": "ReLU", "add": "+"}.get(node.kind, node.type)


def _hover(node: Node, tr: Callable[..., str]) -> str:
    shapes = f"{'×'.join(map(str, node.shape_in))} → {'×'.join(map(str, node.shape_out))}"
    name = node.row or tr(f"arch.inside.{node.kind}")
    return f"<b>{name}</b> {node.type}<br>{shapes}"


def block_drawing(d: BlockEdges, tr: Callable[..., str] = ENGLISH, badges: Mapping[str, Sequence[str]] = (),
                  height: int = 380) -> go.Figure:
    """Block ``d`` (:func:`resnet_viz.anatomy.block_edges`) drawn: boxes for its layers, the real shape on every
    edge, each box's module name beneath it, and ``badges`` (node key, or "shortcut" -> labels such as "1") tying
    nodes to the marked lines of the code shown beside it."""
    badges = dict(badges)
    shapes, notes = [], []
    centre: dict[str, float] = {}
    main = [n for n in d.nodes if n.branch == "main" and n.kind not in ("input", "output")]
    x = 0.6
    for node in main:
        width = WIDTHS[node.kind]
        centre[node.key] = x + width / 2
        x += width + GAP
    end = x - GAP + 0.6
    centre["x"], centre["out"] = 0.0, end
    left = {k: c - WIDTHS.get(_kind(d, k), 0) / 2 for k, c in centre.items()}
    right = {k: c + WIDTHS.get(_kind(d, k), 0) / 2 for k, c in centre.items()}

    for node in main:
        _box(shapes, notes, node, centre[node.key], MAIN_Y, tr)
    notes.append(_text(0.0, MAIN_Y, "<b>x</b>", FONT + 3))
    notes.append(_text(end, MAIN_Y, f"<b>{tr('arch.inside.output')}</b>", FONT))
    hover = [(centre[n.key], MAIN_Y, _hover(n, tr)) for n in main]

    side = [n for n in d.nodes if n.branch == "shortcut"]
    for edge in d.edges:
        if edge.branch != "main":
            continue
        x0 = right[edge.source] + (0.15 if edge.source == "x" else 0)
        x1 = left[edge.target] - (0.35 if edge.target == "out" else 0)
        notes.append(_arrow(x0, MAIN_Y, x1, MAIN_Y, INK))
        notes.append(_text((x0 + x1) / 2, MAIN_Y + HALF + 0.42, _shape(edge.shape), FONT - 2, "#555"))

    if d.shortcut is not None:
        add_x = centre["add"]
        dash = "solid" if d.shortcut == "identity" else "dash"
        start = 0.0
        shapes.append(dict(type="path", path=f"M {start},{MAIN_Y - 0.3} L {start},{SIDE_Y} L {add_x},{SIDE_Y}",
                           line=dict(color=SHORTCUT_COLOUR, width=3, dash=dash)))
        notes.append(_arrow(add_x, SIDE_Y, add_x, MAIN_Y - WIDTHS["add"] / 2 - 0.02, SHORTCUT_COLOUR))
        span = add_x - start
        stops = [start + span * (i + 1) / (len(side) + 1) for i in range(len(side))]
        for node, cx in zip(side, stops):
            _box(shapes, notes, node, cx, SIDE_Y, tr, fill=SHORTCUT_COLOUR if node.kind != "bn" else None)
            hover.append((cx, SIDE_Y, _hover(node, tr)))
        # one shape label per shortcut edge, under the line, midway between the stops
        points = [start] + stops + [add_x]
        side_edges = [e for e in d.edges if e.branch == "shortcut"]
        for edge, a, b in zip(side_edges, points, points[1:]):
            notes.append(_text((a + b) / 2 if side else (a + b) / 2, SIDE_Y - HALF - 0.45, _shape(edge.shape),
                               FONT - 2, "#555"))
        centre["shortcut"] = stops[0] if stops else (start + add_x) / 2
        badge_y = {"shortcut": SIDE_Y + HALF + 0.3}
        key = "arch.inside.legend." + d.shortcut
        shapes_legend = [(dash, tr(key))]
    else:
        centre["shortcut"] = centre["x"] + 0.3
        badge_y = {"shortcut": SIDE_Y - 0.35}
        notes.append(dict(x=0.0, y=SIDE_Y + 0.3, xanchor="left", showarrow=False, text=tr("arch.inside.plain"),
                          font=dict(size=FONT - 1, color=INK)))
        shapes_legend = []

    badge_x, badge_yy, badge_text = [], [], []
    for key, labels in badges.items():
        if key not in centre:
            continue
        for i, label in enumerate(labels):
            # under the box's name (beside the shortcut's arrow for the ⊕), or over the shortcut's first box
            badge_x.append(centre[key] + 0.4 * i + (0.4 if key == "add" else 0))
            badge_yy.append(badge_y.get(key, MAIN_Y - HALF - 0.68))
            badge_text.append(label)

    fig = go.Figure(layout=dict(shapes=shapes, annotations=notes))
    fig.add_trace(go.Scatter(x=[h[0] for h in hover], y=[h[1] for h in hover], mode="markers",
                             marker=dict(size=24, opacity=0), hovertext=[h[2] for h in hover], hoverinfo="text",
                             showlegend=False))
    if badge_x:
        fig.add_trace(go.Scatter(x=badge_x, y=badge_yy, mode="markers+text", text=badge_text, showlegend=False,
                                 marker=dict(size=22, color="#E45756", line=dict(color="white", width=1.5)),
                                 textfont=dict(color="white", size=FONT - 2), hoverinfo="skip"))
    for dash, name in shapes_legend:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name,
                                 line=dict(color=SHORTCUT_COLOUR, width=3, dash=dash)))
    fig.update_xaxes(visible=False, range=[-0.5, end + 0.7], fixedrange=True)
    fig.update_yaxes(visible=False, range=[SIDE_Y - HALF - 0.95, MAIN_Y + HALF + 1.05], fixedrange=True)
    fig.update_layout(height=height, margin=dict(l=4, r=4, t=34 if shapes_legend else 8, b=4), plot_bgcolor="white",
                      dragmode=False,
                      showlegend=bool(shapes_legend), font=dict(size=FONT),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0, font=dict(size=FONT - 1)),
                      hoverlabel=dict(bgcolor="white", font_size=FONT - 1))
    return fig


def _kind(d: BlockEdges, key: str) -> str:
    return next((n.kind for n in d.nodes if n.key == key), "input")


def _box(shapes: list, notes: list, node: Node, cx: float, cy: float, tr: Callable[..., str],
         fill: str | None = None) -> None:
    width = WIDTHS[node.kind]
    colour = fill or FILLS[node.kind]
    dark = colour not in ("white", "#D9D9D9")
    if node.kind == "add":
        r = width / 2
        shapes.append(dict(type="circle", x0=cx - r, x1=cx + r, y0=cy - r * 0.9, y1=cy + r * 0.9, fillcolor="white",
                           line=dict(color=INK, width=2.5)))
        notes.append(_text(cx, cy, "<b>+</b>", FONT + 6, INK))
        return
    shapes.append(dict(type="rect", x0=cx - width / 2, x1=cx + width / 2, y0=cy - HALF, y1=cy + HALF,
                       fillcolor=colour, line=dict(color="white" if dark else GREY, width=1)))
    notes.append(_text(cx, cy, _label(node, tr), FONT - (1 if node.kind in ("conv", "pad") else 0),
                       "white" if dark else INK))
    name = node.key.replace(" ", "&nbsp;")
    notes.append(_text(cx, cy - HALF - 0.28, name, FONT - 3, "#777"))


def _text(x: float, y: float, text: str, size: int, colour: str = INK) -> dict:
    return dict(x=x, y=y, text=text, showarrow=False, font=dict(size=size, color=colour))


def _arrow(x0: float, y0: float, x1: float, y1: float, colour: str) -> dict:
    return dict(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", showarrow=True, arrowhead=2,
                arrowsize=1.1, arrowwidth=2, arrowcolor=colour, text="")
