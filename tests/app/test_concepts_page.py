"""AppTest of the Concepts page: every section in both languages, numbers from the paper's data and from
measurements on the shipped checkpoints, no English left in the Chinese text."""

from __future__ import annotations

import re

import pytest

from app_pages.ui import concepts as data
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
    table6 = at.dataframe[1].value
    assert list(table6.iloc[:, 1]) == [row.params_m for row in paper.TABLE6.values()]
    assert f"the best of {paper.RESNET110_RUNS} runs, {paper.TABLE6[110].error}% (mean {paper.RESNET110_MEAN} ± " \
           f"{paper.RESNET110_STD}%)" in "\n".join(c.value for c in at.caption)  # Table 6's one best-of row

    class Fake:  # what the page shows must be what the measurement returned
        eval_mode, train_mode_batch, train_mode_one, images = 0.917, 0.903, 0.123, 400

    monkeypatch.setattr(data, "modes", lambda key: Fake)
    at.session_state["concepts_section"] = "bn"
    at.run()
    shown = texts(at)
    assert "**91.7%** right in evaluation mode" in shown and "only **12.3%**" in shown
    assert "every channel has mean 0.000 and standard deviation 1.000" in shown  # measured on the checkpoint


def test_figure_7_reading_matches_the_measured_medians(app, open_page):
    at = open_page(app, "concepts.py")
    at.session_state["concepts_section"] = "responses"
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    assert "At both depths the ResNet responds less than its plain twin, as in the paper." in texts(at)

