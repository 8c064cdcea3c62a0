"""AppTest: every page's settings go from the URL into the widgets and back; a bad value gives one notice and the
default; the lesson's steps all open, in both languages, and each step's link opens its page as it says."""

from __future__ import annotations

import pytest

from app_pages.ui import concepts as concepts_data
from app_pages.ui.lesson import steps
from resnet_viz.explain.responses import ARTICLE_FINE_TUNE_BATCH
from resnet_viz.i18n import Translator
from resnet_viz.nets.models import display_name
from resnet_viz.plots import shape_label


def page_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_lab_url_to_widgets_and_back(app, open_page):
    app.query_params.update({"preset": "classroom", "depths": "20,32,56", "width": "16", "iterations": "120",
                             "seed": "7", "run": "classroom-seed0"})
    at = open_page(app, "lab.py")
    assert not at.exception and not warnings(at)
    assert at.multiselect(key="_w.lab_depths").value == [20, 32, 56]
    assert at.select_slider(key="_w.lab_width").value == 16 and at.number_input(key="_w.lab_seed").value == 7
    assert [p.rsplit("/", 1)[-1] for p in at.session_state["lab_compare"]] == ["classroom-seed0.json"]
    at.number_input(key="_w.lab_iterations").set_value(200).run()
    assert at.query_params["iterations"] == "200" and at.query_params["depths"] == "20,32,56"


def test_an_earlier_address_of_the_page_is_not_a_link_but_the_apps_own_link_is(app, open_page):
    """On a loaded server a navigation click can bring back an address the page wrote earlier (in CI the Lab's
    first one: its run settings and chart were reset). Only a link (a new address, or one of the app's own links
    with a fresh token) may change the settings."""
    at = open_page(app, "lab.py")
    first = dict(at.query_params)
    assert first["iterations"] == "480" and first["run"] == "classroom-seed0"
    at.number_input(key="_w.lab_iterations").set_value(30).run()
    at.session_state["lab_compare"] = []
    at.run()
    assert at.query_params["iterations"] == "30" and at.query_params["run"] == ""

    at.query_params.clear()
    at.query_params.update(first)  # the browser brings the first address back
    at.run()
    assert at.session_state["lab_iterations"] == 30 and at.session_state["lab_compare"] == []
    assert at.query_params["iterations"] == "30"

    from app_pages.ui.links import GO, followed

    at.query_params.clear()
    at.query_params.update(followed(first))  # the same settings, from one of the app's links: taken
    at.run()
    assert at.session_state["lab_iterations"] == 480 and len(at.session_state["lab_compare"]) == 1
    assert at.query_params[GO]  # the link's address stays as it came (a rewrite would push a 2nd history entry)
    at.run()
    assert GO not in at.query_params and at.query_params["iterations"] == "480"  # then the spent token leaves it

    at.query_params.update({"iterations": "120"})  # an address this session never wrote: a link, taken
    at.run()
    assert at.session_state["lab_iterations"] == 120


def test_lab_bad_values_give_a_notice_and_the_default(app, open_page):
    app.query_params.update({"depths": "20,21", "width": "7", "run": "../../etc/passwd", "assignment": "zz"})
    at = open_page(app, "lab.py")
    assert not at.exception
    notices = warnings(at)
    assert len(notices) == 4 and all("\n" not in n for n in notices)
    assert at.multiselect(key="_w.lab_depths").value == [20, 56] and at.session_state["lab_compare"] == []
    assert at.session_state["lab_assignment"] == ""


def test_inspector_url_to_widgets_and_back(app, open_page):
    app.query_params.update({"source": "sample", "model": "fashion-mnist_resnet20", "sample": "fashion-mnist_bag",
                             "layer": "layer2", "target": "Sandal", "method": "occlusion"})
    at = open_page(app, "inspector.py")
    assert not at.exception and not warnings(at)
    assert at.selectbox(key="_w.insp_layer").value == "layer2" and at.selectbox(key="_w.insp_target").value == 5
    assert at.selectbox(key="insp_method.en").value == "occlusion"
    assert any("Where it looked for “Sandal” (Occlusion, layer2)" in m.value for m in at.markdown)
    at.selectbox(key="_w.insp_layer").set_value("layer3").run()
    assert at.query_params["layer"] == "layer3" and at.query_params["sample"] == "fashion-mnist_bag"
    assert at.query_params["target"] == "Sandal" and at.query_params["model"] == "fashion-mnist_resnet20"


def test_inspector_bad_values_give_a_notice_and_the_default(app, open_page):
    app.query_params.update({"model": "resnet9000", "sample": "nope", "layer": "layer7", "target": "Unicorn",
                             "method": "magic"})
    at = open_page(app, "inspector.py")
    assert not at.exception
    notices = "\n".join(warnings(at))
    for bad in ("'resnet9000'", "'nope'", "'layer7'", "'Unicorn'", "'magic'"):
        assert bad in notices
    assert at.selectbox(key="_w.insp_layer").value == "layer3"  # the last stage, as without a link


@pytest.mark.parametrize("page, params", [("concepts.py", {"tab": "results"}), ("lesson.py", {"step": "4"})])
def test_other_pages_follow_their_links(app, open_page, page, params):
    app.query_params.update(params)
    at = open_page(app, page)
    assert not at.exception and not warnings(at)
    for name, value in params.items():
        assert at.query_params[name] == value
    bad = type(app).from_file(app._script_path, default_timeout=120)
    bad.query_params.update({name: "99" for name in params})
    bad.switch_page(f"app_pages/{page}")
    bad.run()
    assert not bad.exception and len(warnings(bad)) == 1


# English only: every step's Chinese answer is drawn from the same computed values, and drawn and checked to fit
# by the browser walk in both languages (tests/e2e/test_links.py); every string's Chinese by tests/test_i18n.py
@pytest.mark.parametrize("lang", ["en"])
def test_every_lesson_step_and_its_link_open(app, open_page, lang):
    app.session_state["lang"] = lang
    at = open_page(app, "lesson.py")
    count = len(at.selectbox(key="_w.lesson_step").options)
    assert count == len(steps()) >= 12
    ids = [s.id for s in steps()]  # the articles' order: the block, deleting one, its inside, its code, the Bottleneck
    assert ids.index("block") + 2 == ids.index("lesion") + 1 == ids.index("inside") == ids.index("code") - 1 \
        == ids.index("bottleneck") - 2
    assert ids.index("batch") == ids.index("bn") + 1
    tr = Translator(lang)
    opened = {}  # steps that open the same view share one opening of it
    for number, step in enumerate(steps(), start=1):
        at.session_state["lesson_step"] = number
        at.run()
        at.toggle(key=f"_w.lesson_reveal_{step.id}").set_value(True).run()
        assert not at.exception and not at.error, step.id
        assert at.success or at.warning, step.id  # the answer, or why there is none yet
        view = (step.page, tuple(sorted(step.query.items())))
        if view not in opened:
            target = type(app).from_file(app._script_path, default_timeout=120)
            target.session_state["lang"] = lang
            target.query_params.update(step.query)
            target.switch_page(step.page)
            target.run()
            assert not target.exception and not target.warning, (step.id, [w.value for w in target.warning])
            shown = {k: target.query_params[k] for k in step.query}  # the page writes back what its widgets hold
            assert shown == {k: str(v) for k, v in step.query.items()}, step.id
            opened[view] = target, "\n".join(m.value for m in target.markdown)
        target, page = opened[view]
        if step.id == "table1":  # the question's network and image size in the shape walk the class reads
            walk = (target.session_state["arch_walk_model"], target.session_state["arch_walk_size"])
            assert walk == ("resnet50", 224)
        if step.id in ("inside", "code", "batch", "lesion"):  # the answer says what the page it opens shows
            v, said = step.answer(), at.success[0].value
        if step.id == "inside":
            assert shape_label(v["shape_in"]) in said and shape_label(v["shape_out"]) in said
            assert v["kind"] == "projection" and v["block"] in said  # the question's block: a projection
            assert tr("arch.inside.summary", network=display_name(v["network"]), block=v["block"], stage=v["stage"],
                      type=v["type"], shape_in=shape_label(v["shape_in"]),
                      shape_out=shape_label(v["shape_out"])) in page
        if step.id == "code":  # the marked line in the legend beside st.code, and the rows it builds
            assert v["holds"] and f"`{v['text']}`" in said and tr("arch.code.line", line=v["line"]) in said.lower()
            assert f"**{tr('arch.code.line', line=v['line'])}** `{v['text']}`" in page
            assert all(f"`{row}`" in page for row in v["rows"]) and v["rows"]
        if step.id == "batch":
            assert tr(f"concepts.bn.sizes.{v['case']}", **v["values"]) in page
            assert f"{v['article_acc']:.1%}" in page and v["article"] == ARTICLE_FINE_TUNE_BATCH
            assert f"{v['article_acc']:.1%}" in said and f"{v['eval']:.1%}" in said
        if step.id == "lesion":  # the why tab at the step's depth reads out the same study
            assert target.session_state["concepts_why_depth"] == v["depth"]
            lesions = concepts_data.lesions()
            for key in ("resnet", "plain"):
                study = lesions[f"{key}-{v['depth']}"]
                assert f"{v[f'{key}_rise']:.1f}" in said and f"{v[f'{key}_rise']:.1f}" in page
                assert f"{v[f'{key}_worst']:.1%}" in said and f"{v[f'{key}_worst']:.1%}" in page
                assert v[f"{key}_max"] == pytest.approx(100 * (study.worst - study.intact))
                assert f"{study.intact:.1%}" in page and f"{v[f'{key}_max']:.1f}" in said


def test_transfer_url_to_widgets_and_back(app, open_page):
    app.query_params.update({"backbone": "checkpoint", "data": "default", "per_class": "12"})
    at = open_page(app, "transfer.py")
    assert not at.exception and not warnings(at)
    assert at.slider(key="_w.tl_per_class").value == 12
    at.slider(key="_w.tl_per_class").set_value(20).run()
    assert at.query_params["per_class"] == "20" and at.query_params["data"] == "default"
    bad = type(app).from_file(app._script_path, default_timeout=120)
    bad.query_params.update({"data": "the-internet", "per_class": "0"})
    bad.switch_page("app_pages/transfer.py")
    bad.run()
    assert not bad.exception and len(warnings(bad)) == 2
    assert bad.session_state["tl_data"] == "default" and bad.session_state["tl_per_class"] == 5


def test_charts_grow_with_the_type_on_a_projector(app, open_page):
    import json

    from app_pages.ui.links import PRESENTER_FONT_SCALE, PRESENTER_MIN_PX

    def sizes(at):
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        return spec["layout"].get("font", {}).get("size"), [a["font"]["size"] for a in spec["layout"]["annotations"]]

    desk = open_page(app, "concepts.py")  # the first section's chart: labels drawn as annotations
    projector = type(app).from_file(app._script_path, default_timeout=120)
    projector.query_params["present"] = "1"
    projector = open_page(projector, "concepts.py")
    (font, labels), (big_font, big_labels) = sizes(desk), sizes(projector)
    assert big_font == max(round((font or 13) * PRESENTER_FONT_SCALE), PRESENTER_MIN_PX) and labels
    assert big_labels == [max(round(s * PRESENTER_FONT_SCALE), PRESENTER_MIN_PX) for s in labels]
    # a table of results: a static table on the projector (its text grows with the body), a grid at a desk
    projector.query_params.clear()
    projector.query_params["present"] = "1"
    projector.session_state["arch_section"] = "shortcuts"
    projector = open_page(projector, "architecture.py")
    assert not projector.exception and len(projector.table) == 1 and len(projector.dataframe) == 0
    assert "21,797,672" in projector.table[0].value.to_string()  # option B's parameters, as at the desk
    # the layer table too: one static table per stage (folded), none drawn on a canvas
    projector.session_state["arch_section"] = "network"
    projector.run()
    stages = [e for e in projector.expander if "weighted layer" in e.label]
    assert not projector.exception and len(projector.dataframe) == 0 and len(projector.table) == len(stages) > 3


def test_every_step_names_a_part_its_page_draws():
    """Each step's link scrolls to the part its question is about: that part is on the page it opens."""
    from resnet_viz.paths import REPO

    for step in steps():
        assert step.focus and f'links.focus("{step.focus}")' in (REPO / step.page).read_text(), step.id


@pytest.mark.parametrize("lang, back", [("en", "Back to the Lesson, step 4"), ("zh", "返回课程第 4 步")])
def test_a_step_link_opens_its_page_with_the_way_back_and_the_scroll(app, lang, back):
    from app_pages.ui.links import followed

    step = steps()[3]
    app.query_params.update(followed({**step.query, "lang": lang, "lesson": "4", "focus": step.focus}))
    app.switch_page(step.page)
    at = app.run()
    assert not at.exception and not at.warning
    assert [p.proto.label for p in at.get("page_link")][0] == back  # first on the page, in its language
    assert sum(f'.st-key-focus-{step.focus}"' in h.proto.body for h in at.get("html")) == 1  # scrolled there once
    at.run()
    assert [p.proto.label for p in at.get("page_link")][0] == back  # the way back stays on the page
    assert not any(".st-key-focus-" in h.proto.body and "<script>" in h.proto.body for h in at.get("html"))
    at.switch_page("app_pages/lesson.py")
    at.run()
    assert back not in [p.proto.label for p in at.get("page_link")]  # back on the Lesson: gone


def test_a_student_following_the_teacher_is_told_why_back_and_next_do_nothing(app, open_page):
    app.session_state["lesson_follow"] = True
    at = open_page(app, "lesson.py")
    for key in ("lesson_back", "lesson_next"):
        button = at.button(key=key)
        assert button.disabled and "turn off “Follow the teacher”" in button.help
    at.toggle(key="_w.lesson_follow").set_value(False).run()
    assert not at.button(key="lesson_next").disabled and not at.button(key="lesson_next").help
