"""End to end: the Architecture page in headless Chromium against a real server."""

from tests.e2e.harness import ARTIFACTS, wait_idle


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def test_architecture_resnet50_and_language_switch(server, page):
    page.goto(f"{server}/architecture")
    page.get_by_text("11,689,512").wait_for()
    wait_idle(page)

    choose(page, "Model", "ResNet-50")  # the picker shows names
    page.get_by_text("25,557,032").wait_for()
    wait_idle(page)
    assert page.get_by_test_id("stMetricValue").filter(has_text="4.089 G").count() == 1
    assert page.get_by_test_id("stPlotlyChart").count() == 1  # the stage diagram
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.screenshot(path=str(ARTIFACTS / "architecture-resnet50-en.png"))

    choose(page, "Language", "简体中文")
    page.get_by_role("heading", name="网络结构").wait_for()
    wait_idle(page)
    assert page.get_by_text("参数量").count() >= 1
    assert page.get_by_text("25,557,032").count() == 1
    page.screenshot(path=str(ARTIFACTS / "architecture-resnet50-zh.png"))
