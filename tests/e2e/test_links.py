"""End to end, issue "a teacher leads the class": lesson links open the exact view on a fresh server (a saved run
in the Lab; a sample, a layer and a class in the Inspector), and presenter links fit a 1280×720 projector with
nothing cut off, in both languages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from app_pages.ui.lesson import steps
from tests.e2e.harness import ARTIFACTS, wait_idle

NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def fully_visible(page, locator) -> bool:
    """The element's box lies inside the viewport's width (a chart cut off at the right would not)."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


# The element's top edge on the first screen, with room below it for the start of what it holds (all of it, if it
# is smaller).
ON_FIRST_SCREEN = """s => { const el = document.querySelector(s); if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.top <= innerHeight - Math.min(120, r.height); }"""


def there_and_back(page, step, number: int, count: int, lang: str) -> None:
    """Open a revealed step's link: its subject on the first screen; back by the page's control (in either language:
    its label is the language's), and in English again by the browser's Back (the same history entries whatever the
    language; once per step keeps the suite's minutes): the same step, its answer still shown."""
    opener = page.get_by_role("link", name=("in this tab" if lang == "en" else "在当前标签页打开"))
    subject = f".st-key-focus-{step.focus}"
    progress = f"Step {number} of {count}" if lang == "en" else f"第 {number} 步，共 {count} 步"
    for way in ("control", "browser") if lang == "en" else ("control",):
        opener.click()
        page.locator(subject).wait_for()
        page.wait_for_function(ON_FIRST_SCREEN, arg=subject, timeout=30_000)  # scrolled there once drawn
        wait_idle(page)
        assert page.evaluate(ON_FIRST_SCREEN, subject), (number, way)
        if way == "control":
            page.screenshot(path=str(ARTIFACTS / f"present-link-{number}-{lang}.png"))
            back = page.get_by_role("link", name=(f"Back to the Lesson, step {number}" if lang == "en" else
                                                  f"返回课程第 {number} 步"))
            back.click()
        else:
            page.go_back()
        page.get_by_text(progress).wait_for()
        wait_idle(page)
        assert page.get_by_test_id("stAlert").count() >= 2, (number, way)  # the question, and the answer again


def test_a_lesson_link_opens_the_lab_on_a_saved_run(server, page):
    page.goto(f"{server}/lab?run=paper-share-fashion-mnist-h100&preset=paper&depths=20,56&dataset=fashion-mnist"
              f"&width=16&iterations=4000&seed=0")
    page.get_by_role("heading", name="Degradation Lab: plain vs residual, trained live").wait_for()
    wait_idle(page)
    page.get_by_text("Showing: Reference · Fashion-MNIST (60,000/10,000) · depths 20/56 · 4,000 iterations").wait_for()
    assert page.get_by_test_id("stAlertContentWarning").count() == 0  # nothing in the link was refused
    # (a number input appears with its declared default for a moment, the first time a browser loads the widget)
    expect(page.get_by_role("spinbutton", name="Iterations", exact=True)).to_have_value("4000")
    setup = page.get_by_text("This setup differs from the paper's recipe", exact=False)
    assert "width" not in setup.inner_text() and "warm-up" not in setup.inner_text()  # the paper preset's own
    assert "run=paper-share-fashion-mnist-h100" in page.url  # the URL keeps saying what is shown
    page.screenshot(path=str(ARTIFACTS / "link-lab.png"))


def test_a_lesson_link_opens_the_inspector_on_a_sample_layer_and_class(server, page):
    page.goto(f"{server}/inspector?source=sample&model=fashion-mnist_resnet20&sample=fashion-mnist_trouser"
              f"&layer=layer2&target=Dress&method=grad_cam")
    page.get_by_text("Where it looked for “Dress” (Grad-CAM, layer2)").wait_for(timeout=120_000)
    wait_idle(page)
    assert page.get_by_text("Trouser, resized and centre-cropped").count() == 1
    assert page.get_by_text("layer2 · 14×14 map").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "link-inspector.png"))

    page.goto(f"{server}/inspector?sample=no-such-sample&layer=layer9")  # a bad link: notices, and the defaults
    wait_idle(page)
    warnings = page.get_by_test_id("stAlertContentWarning")
    for value in ("'no-such-sample'", "'layer9'"):  # one notice each (they may arrive a moment apart)
        expect(warnings.filter(has_text=value)).to_have_count(1)
    assert page.get_by_test_id("stException").count() == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presenter_links_fit_a_1280x720_projector(server, browser, lang):
    """...and an offline classroom's projector: the pages ask no other host for anything (fonts, scripts,
    telemetry), the page says its language to the browser, and nothing is only for the teacher. Every step's link
    opens its page with the part the question is about on the first screen, and the way back (the page's own
    control, then the browser's Back) lands on the same step with its answer still shown."""
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.set_default_timeout(120_000)
    own = urlsplit(server).netloc
    elsewhere = []
    page.on("request", lambda r: elsewhere.append(r.url) if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).netloc != own else None)
    try:
        for target, chart in (("lab?run=classroom-seed0", 0), ("architecture?tab=vgg", 0),
                              ("concepts?tab=responses", 0)):
            page.goto(f"{server}/{target}{'&' if '?' in target else '?'}present=1&lang={lang}")
            plot = page.get_by_test_id("stPlotlyChart").nth(chart)
            plot.wait_for()  # the script has run this far (before it starts, the page looks idle)
            wait_idle(page)
            name = target.split("?")[0] or "lesson"
            assert page.evaluate(NO_HORIZONTAL_SCROLL), name
            plot.scroll_into_view_if_needed()
            assert fully_visible(page, plot), name
            sidebar = page.get_by_test_id("stSidebar").bounding_box()
            assert sidebar is None or sidebar["x"] + sidebar["width"] <= 1, name  # folded away
            assert page.evaluate("document.documentElement.lang") == {"en": "en", "zh": "zh-CN"}[lang], name
            assert page.get_by_text("Copy link" if lang == "en" else "复制链接").count() == 0, name  # the teacher's
            page.screenshot(path=str(ARTIFACTS / f"present-{name}-{lang}.png"))
        page.goto(f"{server}/?step=1&present=1&lang={lang}")
        count = len(steps())
        for step in range(1, count + 1):  # every step's revealed answer on the screen, no scrolling
            if step > 1:
                page.get_by_role("button", name="Next" if lang == "en" else "下一步").click()
            # the new step drawn (under load the rerun can start after a first idle moment)
            page.get_by_text(f"Step {step} of {count}" if lang == "en" else f"第 {step} 步，共 {count} 步").wait_for()
            wait_idle(page)
            reveal = page.get_by_test_id("stCheckbox").last  # "Show the answer"
            reveal.click()
            expect(reveal.locator("input")).to_be_checked()  # the click reached the app
            answer = page.get_by_test_id("stAlert").nth(1)  # the question, then the answer
            answer.wait_for()
            wait_idle(page)
            # at 1280×720, then at 1920×1080 and back: a reflow, not a rerun
            for width, height in ((1280, 720), (1920, 1080), (1280, 720)):
                page.set_viewport_size({"width": width, "height": height})
                box = answer.bounding_box()
                assert box["y"] >= 0 and box["y"] + box["height"] <= height, (step, width)
                assert page.evaluate(NO_HORIZONTAL_SCROLL), (step, width)
            page.screenshot(path=str(ARTIFACTS / f"present-lesson-{step}-{lang}.png"))
            assert page.evaluate("document.documentElement.lang") == {"en": "en", "zh": "zh-CN"}[lang]
            there_and_back(page, steps()[step - 1], step, count, lang)
        assert elsewhere == []
    finally:
        page.context.close()
