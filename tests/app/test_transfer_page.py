"""AppTest of the Transfer Learning Lab: it opens in both languages with the honest note's numbers from the shipped
reference runs; a short run of the offline default trains through the queue, then the same run with the wrong
normalisation, and the cost is shown; photos are checked as they arrive; bad settings are one line."""

from __future__ import annotations

import pytest
from torchvision.models import ResNet50_Weights

from resnet_viz.paths import REFERENCE_TRANSFER
from resnet_viz.transfer import load_transfer_run, reference_results
from tests.test_transfer import image_folder


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_and_its_honest_note(app, open_page, lang):
    app.session_state["lang"] = lang
    at = open_page(app, "transfer.py")
    assert not at.exception and not at.error
    measured = reference_results()
    few, many = min(measured), max(measured)
    note = next(m.value for m in at.markdown if f"{measured[few]['all']:.1%}" in m.value)
    assert f"{measured[few]['scratch']:.1%}" in note and f"{measured[many]['fc']:.1%}" in note
    for size in (few, many):  # the gains over training from scratch, computed here from the run files
        for mode in ("all", "fc"):
            assert f"{100 * (measured[size][mode] - measured[size]['scratch']):+.1f}" in note, (size, mode)
    behind = [size for size in (few, many) if measured[size]["fc"] <= measured[size]["scratch"] + 0.01]  # a point
    sizes = {(few,): f"{few}", (many,): f"{many}", (few, many): f"{few} {'and' if lang == 'en' else '和'} {many}"}
    verdict = {"en": (f"with {sizes.get(tuple(behind))} images per class, the frozen features", "even frozen"),
               "zh": (f"每类 {sizes.get(tuple(behind))} 张图像时，冻结不动的", "即使冻结")}[lang]
    assert (verdict[0] in note, verdict[1] in note) == (bool(behind), not behind)
    # the reference runs those numbers come from can be opened below, on a fresh server too
    shipped = at.multiselect(key="_w.tl_shown").options
    assert len(shipped) == len(list(REFERENCE_TRANSFER.glob("*.json"))) == len(measured)
    reference = {"en": "Reference · ", "zh": "参考 · "}[lang]
    per_class = {"en": f" {few} per class", "zh": f"每类 {few} 张"}[lang]
    assert all(o.startswith(reference) for o in shipped) and any(per_class in o for o in shipped)
    # training's random crops beside evaluation's one view, its sizes read from the weights' transforms()
    v1, v2 = ResNet50_Weights.IMAGENET1K_V1.transforms(), ResNet50_Weights.IMAGENET1K_V2.transforms()
    prep = next(m.value for m in at.markdown if "IMAGENET1K_V2" in m.value)
    assert f"{v1.resize_size[0]}, " in prep or f"{v1.resize_size[0]}，" in prep
    assert f" {v2.resize_size[0]}" in prep and len(at.image) == 6


@pytest.mark.slow
def test_a_short_run_then_the_wrong_normalisation(app, open_page, tmp_path, run_until):
    at = open_page(app, "transfer.py")
    at.session_state["tl_data"] = "folder"  # two classes of six images: the smallest data that runs every step
    at.session_state["tl_folder"] = str(image_folder(tmp_path / "pictures"))
    at.session_state["tl_modes"] = ["fc", "scratch"]
    at.session_state["tl_iterations"] = 20
    at.button(key="tl_start").click().run()
    at = run_until(at, lambda a: bool(a.session_state["tl_shown"]), timeout=180)
    first = load_transfer_run(at.session_state["tl_shown"][0])
    assert first["normalization"]["kind"] == "weights" and list(first["modes"]) == ["fc", "scratch"]
    table = at.dataframe[0].value
    assert list(table.iloc[:, 3]) == [f"{first['modes'][m]['trainable_params']:,}" for m in ("fc", "scratch")]
    at.button(key="tl_wrong").click().run()
    at = run_until(at, lambda a: len(a.session_state["tl_shown"]) == 2, timeout=180)
    wrong = load_transfer_run(at.session_state["tl_shown"][1])
    assert wrong["normalization"]["kind"] == "wrong" and wrong["normalization"]["mean"] == [0.5]
    cost = 100 * (first["modes"]["fc"]["val_accuracy"] - wrong["modes"]["fc"]["val_accuracy"])
    assert any(f"new fc layer only: {cost:+.1f}" in m.value for m in at.markdown)
    links = [p.proto.page for p in at.get("page_link")]
    assert any("inspector" in page for page in links)  # each mode's model opens in the Inspector


def test_without_photos_start_is_one_line(app, open_page):
    at = open_page(app, "transfer.py")
    at.session_state["tl_data"] = "photos"
    at.session_state["tl_class_0"], at.session_state["tl_class_1"] = "cups", "pens"
    at.run()
    assert not at.exception
    at.button(key="tl_start").click().run()
    [error] = at.error
    assert error.value.startswith("The run failed: no images") and "\n" not in error.value
    assert at.session_state["tl_shown"] == [] and "tl_job" not in at.session_state


def collector():
    """A page that adds two photos through the glue: a good one and a text file named .jpg."""
    import streamlit as st

    from app_pages.ui import transfer as tl
    from resnet_viz.i18n import Translator
    from tests.hostile_corpus import corpus

    tr = Translator("en")
    if st.button("add", key="add"):
        tl.add_photo(corpus()["plain.jpg"][0], "cups", tr)
        tl.add_photo(corpus()["text-named.jpg"][0], "pens", tr)
    st.write(f"photos: {[name for _, name in tl.photos()]}")
    st.write(st.session_state.get("tl_photo_message", ""))


def test_photos_are_checked_with_the_safe_decoder_as_they_arrive():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(collector, default_timeout=60).run()
    at.button(key="add").click().run()
    assert not at.exception
    assert at.markdown[0].value == "photos: ['cups']"
    assert at.markdown[1].value == "That photo was not added: This file holds text, not an image."
