"""AppTest of the Architecture page: every section in both languages, the numbers in its text formatted from the
library's counts, and the page's settings in the URL both ways."""

from __future__ import annotations

import pytest

from app_pages.ui import architecture as data


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "warning", "error") for e in getattr(at, kind))


def section(at, name: str):
    at.session_state["arch_section"] = name
    return at.run()


def test_one_network_follows_the_controls(app, open_page):
    at = open_page(app, "architecture.py")
    assert not at.exception
    assert metric(at, "Parameters") == "11,689,512" and metric(at, "Weighted layers") == "18"

    at.selectbox(key="_w.arch_model").set_value("resnet50").run()
    assert not at.exception
    assert metric(at, "Parameters") == "25,557,032" and metric(at, "Multiply-adds") == "4.089 G"
    at.selectbox(key="arch_shortcut.en").set_value("C").run()
    assert metric(at, "Parameters") == "40,128,552"  # a projection on every shortcut

    at.selectbox(key="_w.arch_model").set_value("cifar_resnet56").run()
    assert at.session_state["arch_size"] == 32 and at.session_state["arch_shortcut"] == "A"  # the family's own
    at.toggle(key="_w.arch_residual").set_value(False).run()
    assert not at.exception
    assert metric(at, "Parameters") == "853,018"
    tables = [d.value for d in at.dataframe]
    assert sum(len(t) for t in tables) > 100
    assert not any(t.iloc[:, 0].str.contains("shortcut").any() for t in tables)
    summaries = [e.label for e in at.expander]
    assert summaries[0].startswith("conv1 — 3 rows (layer calls, BN and ReLU included) · 1 weighted layer ·")
    assert any(s.startswith("fc — 1 row (") for s in summaries)

    at.text_input(key="arch_filter").set_value("fc").run()
    assert [list(d.value.iloc[:, 0]) for d in at.dataframe] == [["fc"]]

    at.selectbox(key="_w.arch_model").set_value("vgg19").run()
    assert not at.exception and metric(at, "Parameters") == "143,667,240" and metric(at, "Weighted layers") == "19"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_in_both_languages(app, open_page, lang):
    app.session_state["lang"] = lang
    at = open_page(app, "architecture.py")
    assert not at.exception
    for name in ("table1", "blocks", "shortcuts", "vgg"):
        at = section(at, name)
        assert not at.exception and not at.error, name
        if name == "table1":  # VGG's rule on ResNet-34: one repeated block costs the same in every stage
            costs, rule = data.stage_costs("resnet34", 224)
            assert list(at.dataframe[0].value.iloc[:, 5]) == [round(c.block_macs / 1e6, 1) for c in costs]
            assert f"{costs[0].block_macs / 1e6:.1f}" in texts(at) and f"{rule['ratio']:.2f}" in texts(at)
        if name == "blocks" and lang == "en":  # Figure 5's comparison and the equal-width one, as counted
            shown = texts(at)
            assert "1,179,648" in shown and "69,632" in shown and "17× fewer" in shown  # equal width
            assert "73,728 vs 69,632 weights" in shown and "231 vs 218 million" in shown  # Figure 5's comparison
    at = section(at, "shortcuts")
    table = at.dataframe[0].value
    assert table.iloc[2, 1] == "21,797,672"  # option B is torchvision's ResNet-34
    if lang == "zh":
        assert at.title[0].value == "网络结构" and "论文的解读" in texts(at)


def test_the_flops_note_formats_the_computed_numbers(app, open_page, monkeypatch):
    """The note's numbers are the computation's: change the computation, and the text follows."""
    rows = [dict(r) for r in data.flops_rows()]
    for r in rows:
        if r["model"] == "resnet50":
            r.update(stride_cost=0.1234, v1=3.9876, projections=0.4321, v1_without_projections=3.5555)
    monkeypatch.setattr(data, "flops_rows", lambda: rows)
    at = open_page(app, "architecture.py")
    at = section(at, "blocks")
    note = texts(at)
    assert "+0.123 GMACs" in note and "3.99 /" in note and "0.432 GMACs" in note and "3.56" in note
    assert "Table 1's 3.8 / 7.6 / 11.3" in note  # the paper's own figures, from resnet_viz.nets.paper


def test_the_blocks_tab_draws_the_chosen_block_beside_its_code(app, open_page):
    """A link opens one block of one network: its measured shapes in the text, torchvision's own source beside it
    with the marked lines' numbers and rows; another block and the plain twin follow the widgets."""
    app.query_params.update({"tab": "blocks", "model": "resnet50", "block": "layer2.0"})
    at = open_page(app, "architecture.py")
    assert not at.exception and not at.warning
    shown = texts(at)
    assert "256×56×56 in, 512×28×28 out" in shown and "stride 2 followed by BN" in shown
    codes = [c.value for c in at.code]
    assert any("class Bottleneck" in c and "out += identity" in c for c in codes)
    assert any(c.lstrip().startswith("def _make_layer") for c in codes)
    assert "`layer2.0.downsample.0`" in shown and "`layer2.0.relu (3)`" in shown
    assert "stride = 2, inplanes = 256, planes × expansion = 512: the condition holds" in shown
    at.selectbox(key="_w.arch_block").set_value("layer2.1").run()
    assert not at.exception and "the solid line" in texts(at) and at.query_params["block"] == "layer2.1"
    at.toggle(key="_w.arch_block_residual").set_value(False).run()
    assert not at.exception and "The plain twin" in texts(at)
    assert any("class PlainBottleneck" in c.value for c in at.code)


def test_url_to_widgets_and_back(app, open_page):
    app.query_params.update({"model": "resnet34", "plain": "1", "size": "160", "tab": "network", "lang": "zh"})
    at = open_page(app, "architecture.py")
    assert not at.exception and not at.warning
    assert at.session_state["lang"] == "zh" and at.title[0].value == "网络结构"
    assert at.selectbox(key="_w.arch_model").value == "resnet34"
    assert at.toggle(key="_w.arch_residual").value is False and at.number_input(key="_w.arch_size").value == 160
    at.selectbox(key="_w.arch_model").set_value("resnet101").run()
    at.number_input(key="_w.arch_size").set_value(224).run()
    assert at.query_params["model"] == "resnet101" and at.query_params["size"] == "224"
    assert at.query_params["plain"] == "1" and at.query_params["lang"] == "zh"


def test_bad_url_values_give_one_notice_and_the_default(app, open_page):
    app.query_params.update({"model": "resnet9000", "size": "huge", "shortcut": "B"})
    at = open_page(app, "architecture.py")
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert len(notices) == 2 and all("\n" not in n for n in notices)
    assert any("'resnet9000'" in n for n in notices) and any("'huge'" in n for n in notices)
    assert at.selectbox(key="_w.arch_model").value == "resnet18" and metric(at, "Parameters") == "11,689,512"
    assert at.query_params["model"] == "resnet18"  # the URL now says what is shown
