"""End to end: the Degradation Lab in headless Chromium against a real server. The reference run shows at once; a
small run trains while the user visits another page and while a second browser uses the app; its curves appear."""

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import ARTIFACTS, wait_idle

pytestmark = pytest.mark.e2e


def test_lab_trains_a_small_run_and_shows_its_curves(server, page, browser):
    page.goto(server)
    page.get_by_role("link", name="Degradation Lab").click()
    page.get_by_role("heading", name="Degradation Lab: plain vs residual, trained live").wait_for()
    wait_idle(page)
    page.get_by_test_id("stPlotlyChart").nth(1).wait_for()  # the reference run's curves and gradient flow
    page.get_by_text("Reference · Fashion-MNIST sample").first.wait_for()
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.screenshot(path=str(ARTIFACTS / "lab-reference.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})

    page.goto(f"{server}/lab?width=4")  # the narrowest nets: the test pays for the browser, not for training
    wait_idle(page)
    budget = page.get_by_role("spinbutton", name="Iterations", exact=True)
    budget.fill("30")
    budget.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Start training").click()
    page.get_by_test_id("stProgress").wait_for(timeout=120_000)  # the progress bar, live

    # Another browser is served while the run trains.
    other = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    other.goto(f"{server}/architecture")
    other.get_by_text("11,689,512").wait_for(timeout=60_000)
    other.context.close()

    # The run survives a visit to another page of the app.
    page.get_by_role("link", name="Architecture").click()
    page.get_by_text("11,689,512").wait_for()
    page.get_by_role("link", name="Degradation Lab").click()
    page.get_by_text("Finished in", exact=False).wait_for(timeout=180_000)
    wait_idle(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    for name in ("plain-20", "plain-56", "ResNet-20", "ResNet-56"):  # Plotly draws the legend after the element
        expect(chart.get_by_text(name, exact=True).first).to_be_attached()
    assert page.get_by_text("this session's run").count() == 1
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.screenshot(path=str(ARTIFACTS / "lab-run.png"))
