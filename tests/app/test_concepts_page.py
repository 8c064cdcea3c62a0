"""AppTest of the Concepts page: every section in both languages, numbers from the paper's data and from
measurements on the shipped checkpoints, no English left in the Chinese text."""

from __future__ import annotations

import re

import pytest

from app_pages.ui import concepts as data
from resnet_viz.explain.responses import ARTICLE_FINE_TUNE_BATCH, BATCH_SIZES, BN_IMAGES, BatchSizeAccuracy
from resnet_viz.i18n import Translator, t
from resnet_viz.nets import paper

SECTIONS = ("degradation", "block", "bn", "responses", "results", "misconceptions", "glossary")


def texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "warning", "error")
                     for e in getattr(at, kind))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_opens_in_both_languages(app, open_page, lang):
    app.session_state["lang"] = lang
    at = open_page(app, "concepts.py")
    for name in SECTIONS:
        at.session_state["concepts_section"] = name
        at.run()
        assert not at.exception and not at.error, name
        if lang == "zh" and name not in ("glossary",):
            prose = [m.value for m in at.markdown if len(m.value) > 80]
            assert prose and all(re.search(r"[\u4e00-\u9fff]", p) for p in prose), name


def test_numbers_come_from_the_paper_data_and_the_measurements(app, open_page, monkeypatch):
    at = open_page(app, "concepts.py")
    at.session_state["concepts_section"] = "results"
    at.run()
    shown = texts(at)
    assert f"{paper.ENSEMBLE_TOP5_TEST}% top-5 error" in shown and f"{paper.TABLE6[1202].error}%" in shown
    table6 = at.table[1].value  # static tables, every column in sight: the error first
    assert list(table6.iloc[:, 0]) == [f"{row.error:.2f}" for row in paper.TABLE6.values()]
    assert list(table6.iloc[:, 1]) == [f"{row.params_m}" for row in paper.TABLE6.values()]
    assert f"the best of {paper.RESNET110_RUNS} runs, {paper.TABLE6[110].error}% (mean {paper.RESNET110_MEAN} ± " \
           f"{paper.RESNET110_STD}%)" in "\n".join(c.value for c in at.caption)  # Table 6's one best-of row

    class Fake:  # what the page shows must be what the measurement returned
        eval_mode, train_mode_batch, train_mode_one, images = 0.917, 0.903, 0.123, 400

    # training mode by batch size: within two points from 16 on (32 dips to exactly two points below: still within)
    sweep = BatchSizeAccuracy(BATCH_SIZES, (0.123, 0.5, 0.7, 0.85, 0.901, 0.897, 0.91), 0.917, BN_IMAGES)
    monkeypatch.setattr(data, "modes", lambda key: Fake)
    monkeypatch.setattr(data, "batch_sizes", lambda key: sweep)
    at.session_state["concepts_section"] = "bn"
    at.run()
    shown = texts(at)
    assert "**91.7%** right in evaluation mode" in shown and "only **12.3%**" in shown
    assert "every channel has mean 0.000 and standard deviation 1.000" in shown  # measured on the checkpoint
    assert sweep.near_eval() == 16
    assert "From batches of **16** on, training mode stays within 2 percentage points of evaluation mode " \
           "(90.1% against 91.7%); with batches of 1 it gets only 12.3%." in shown
    assert f"batches of {ARTICLE_FINE_TUNE_BATCH}: at that size this ResNet-20 gets 70.0% instead of 91.7%" in shown
    chart = at.get("plotly_chart")[1].proto.spec  # the histograms first, then the batch sizes
    assert '"tickvals":[1,2,4,8,16,32,64]' in chart.replace(" ", "")


def test_the_lesson_bn_step_and_the_page_it_opens_show_the_same_measurement(app, open_page):
    """The Lesson's answer and the Concepts tab its link opens come from one measurement: the same checkpoint
    (the link names it, even where the student had chosen another) and the same images."""
    from app_pages.ui.lesson import steps

    step = next(s for s in steps() if s.id == "bn")
    answer = step.answer()
    app.session_state["concepts_bn_model"] = "plain-56"  # an earlier choice: the link must override it
    app.query_params.update(step.query)
    at = open_page(app, "concepts.py")
    assert not at.exception and at.selectbox(key="_w.concepts_bn_model").value == step.query["model"]
    shown = texts(at)
    assert f"same {answer['images']} test images" in shown and answer["images"] == BN_IMAGES
    assert f"**{answer['eval']:.1%}** right in evaluation mode" in shown
    assert f"only **{answer['one']:.1%}**" in shown
    assert f"with batches of 1 it gets only {answer['one']:.1%}" in shown  # the batch-size sweep agrees too
    case, values = data.batch_sizes(step.query["model"]).verdict()
    assert Translator("en")(f"concepts.bn.sizes.{case}", **values) in shown  # the verdict of the measured sweep


def test_figure_7_reading_matches_the_measured_medians(app, open_page):
    at = open_page(app, "concepts.py")
    at.session_state["concepts_section"] = "responses"
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    from app_pages.ui.concepts import WHY_DEPTHS, figure7
    from resnet_viz.explain.responses import figure7_reading, median_std

    found, groups = figure7()
    reading = figure7_reading({k: median_std(v) for k, v in found.items()}, WHY_DEPTHS, groups)
    key = "concepts.fig7.agree" if reading["agree"] else "concepts.fig7.disagree"
    assert t(key, depths=", ".join(map(str, reading["pairs"])), same=0.02) in texts(at)
    interval = reading["interval"]  # the deeper-ResNet verdict from all the test images, with its interval
    said = f"{interval['low']:.2f}–{interval['high']:.2f}"
    assert reading["deeper"] == interval["verdict"] and said in texts(at)
    assert "come from different runs" in texts(at) and "H100" in texts(at)  # ResNet-56's run was not ResNet-20's

