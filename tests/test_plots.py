"""The pure drawing functions, checked against values worked out by hand on tiny inputs."""

from __future__ import annotations

import numpy as np
import pytest

from resnet_viz.explain import tap_kind
from resnet_viz.nets.summary import describe
from resnet_viz.plots import architecture_diagram, colour_lut, feature_grid, overlay_image, percent, top_k_chart
from resnet_viz.plots.style import projected


def test_overlay_blends_the_colour_map_over_the_image_by_opacity():
    image = np.zeros((2, 2, 3), dtype=np.uint8)
    image[0, 0] = (200, 100, 0)
    hot, cold = colour_lut("Turbo")[255].astype(float), colour_lut("Turbo")[0].astype(float)
    out = overlay_image(image, np.ones((2, 2), dtype=np.float32), opacity=0.5, min_side=2)
    assert out.shape == (2, 2, 3) and out.dtype == np.uint8
    assert out[0, 0].tolist() == np.round(0.5 * np.array([200, 100, 0]) + 0.5 * hot).tolist()
    assert out[1, 1].tolist() == np.round(0.5 * hot).tolist()
    # opacity 0 is the image, 1 the map alone; a map of zeros takes the colour map's first colour
    assert np.array_equal(overlay_image(image, np.ones((2, 2)), opacity=0.0, min_side=2), image)
    assert (overlay_image(image, np.zeros((2, 2)), opacity=1.0, min_side=2) == np.round(cold)).all()


def test_overlay_enlarges_small_images_by_whole_factors_with_nearest_neighbour():
    image = np.arange(2 * 2 * 3, dtype=np.uint8).reshape(2, 2, 3)
    out = overlay_image(image, np.zeros((2, 2)), opacity=0.0, min_side=5)  # factor ceil(5/2) = 3
    assert out.shape == (6, 6, 3)
    assert (out[:3, :3] == image[0, 0]).all() and (out[3:, 3:] == image[1, 1]).all()


def test_feature_grid_lays_out_the_chosen_channels_in_order_with_gaps():
    maps = np.stack([np.full((4, 4), float(c)) for c in range(3)]).astype(np.float32)
    fig = feature_grid(maps, [2, 0], columns=2, label="ch")
    heat = fig.data[0]
    z, ids = np.array(heat.z, dtype=float), np.array(heat.customdata)
    assert z.shape == (4, 9)  # one row of two 4×4 tiles and a one-pixel gap
    assert (z[:, :4] == 2).all() and (z[:, 5:] == 0).all() and np.isnan(z[:, 4]).all()
    assert (ids[:, :4] == 2).all() and (ids[:, 5:] == 0).all() and (ids[:, 4] == -1).all()
    assert [a.text for a in fig.layout.annotations] == ["2", "0"]
    assert heat.hovertemplate.startswith("ch %{customdata}")


def test_feature_grid_averages_large_maps_down_to_48_pixel_tiles():
    maps = np.zeros((1, 96, 96), dtype=np.float32)
    maps[0, :2, :2] = 4.0  # one 2×2 block averages to one tile pixel of 4
    z = np.array(feature_grid(maps, [0], columns=1).data[0].z, dtype=float)
    assert z.shape == (48, 48) and z[0, 0] == 4.0 and z[0, 1] == 0.0


def test_architecture_diagram_draws_one_box_per_block_and_the_shortcuts_as_figure_3():
    fig = architecture_diagram(describe("resnet18"))
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    arcs = [s for s in fig.layout.shapes if s.type == "path"]
    assert len(rects) == 1 + 1 + 8 + 1 + 1  # conv1, pool, eight BasicBlocks, avgpool, fc
    assert len(arcs) == 8
    assert [a.line.dash for a in arcs].count("dash") == 3  # the projections at layer2.0, layer3.0, layer4.0
    hover = fig.data[0].hovertext
    assert any("layer2.0" in h and "BasicBlock" in h and "1×1 projection" in h for h in hover)
    assert {t.name for t in fig.data[1:]} == {"identity shortcut", "projection or zero-padding shortcut"}

    plain = architecture_diagram(describe("resnet18", residual=False))
    assert not [s for s in plain.layout.shapes if s.type == "path"]
    assert any("plain net" in a.text for a in plain.layout.annotations)


def test_top_k_chart_puts_the_most_probable_on_top_and_marks_the_highlight():
    fig = top_k_chart(["cat", "dog", "fox"], [0.7, 0.2999, 0.0001], highlight=1)
    bar = fig.data[0]
    assert list(bar.x) == pytest.approx([70, 29.99, 0.01]) and fig.layout.yaxis.autorange == "reversed"
    assert list(bar.text) == ["70.0%", "30.0%", "<0.1%"] and percent(0.0004) == "<0.1%"
    assert bar.marker.color[1] != bar.marker.color[0] == bar.marker.color[2]
    assert list(bar.textposition) == ["inside", "outside", "outside"]  # small bars are labelled outside


def test_projected_grows_every_text_a_chart_draws_even_sizes_set_on_their_own():
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = top_k_chart(["cat", "dog"], [0.6, 0.4])  # its class names: a tick font of 14 set on the axis itself
    fig.update_layout(font_size=14)
    big = projected(go.Figure(fig), 1.5)
    assert big.layout.yaxis.tickfont.size == 21 > fig.layout.yaxis.tickfont.size == 14
    assert big.layout.font.size == 21
    # left unset, Streamlit's theme draws ticks at 12 px and axis titles at 14 px whatever the figure's font: set
    assert big.layout.xaxis.tickfont.size == 18 and big.layout.xaxis.title.font.size == 21

    fig = make_subplots(rows=1, cols=2, subplot_titles=("a", "b"))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="text", text=["box"], textfont_size=10), row=1, col=1)
    fig.update_xaxes(title_text="x", title_font_size=12, row=1, col=2)
    fig.update_layout(legend=dict(font_size=10, y=-0.2), hoverlabel_font_size=8, margin_b=10)
    fig.add_annotation(x=0, y=0, text="label")  # no size of its own: it follows the figure's font
    big = projected(fig, 1.5)
    assert big.layout.xaxis2.title.font.size == 18 and big.layout.xaxis.title.font.size == 21
    assert big.layout.yaxis2.tickfont.size == 18
    assert [a.font.size for a in big.layout.annotations] == [24, 24, None]  # subplot titles: 16 px
    assert big.data[0].textfont.size == 15 and big.layout.legend.font.size == 15 and big.layout.hoverlabel.font.size == 12
    assert big.layout.legend.y < -0.2 and big.layout.margin.b > 10  # a legend under the plot moves clear of it
    floored = projected(go.Figure(fig), 1.0, floor=16)  # nothing under the floor, nothing larger changed
    assert floored.data[0].textfont.size == 16 and floored.layout.hoverlabel.font.size == 16
    assert [a.font.size for a in floored.layout.annotations] == [24, 24, None]


@pytest.mark.parametrize("tap, kind", [("conv1", "stem"), ("layer2", "stage"), ("layer2.1", "block")])
def test_tap_kind(tap, kind):
    assert tap_kind(tap) == kind
