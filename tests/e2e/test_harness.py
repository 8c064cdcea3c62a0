"""The browser-test harness itself: ``wait_idle`` must not call a page idle while an element still waits for its
renderer (Streamlit fetches the code that draws images, tables, metrics... lazily, when the first one arrives)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.harness import wait_idle


def test_wait_idle_waits_for_a_lazily_loaded_renderer(server, page):
    """Streamlit draws an element whose renderer is still loading as a skeleton. On a loaded server that code can
    arrive after the script run is over, and an image caption was missing when a test looked (CI, test_links).
    Here the image renderer's code is held back: the page must not count as idle until it is let through, and then
    the caption is there."""
    held = []

    def hold(route):  # neither continued nor answered, for now
        held.append(route)

    page.route("**/static/js/ImageList.*.js", hold)
    page.goto(f"{server}/inspector?source=sample&model=fashion-mnist_resnet20&sample=fashion-mnist_trouser"
              f"&layer=layer2&target=Dress&method=grad_cam")
    page.get_by_text("Where it looked for “Dress” (Grad-CAM, layer2)").wait_for(timeout=120_000)
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           "?.getAttribute('data-test-script-state') === 'notRunning'", timeout=120_000)
    assert held, "the image renderer was not requested: nothing is held back, so this test tests nothing"
    assert page.get_by_text("layer2 · 14×14 map").count() == 0  # not drawn yet
    with pytest.raises(PlaywrightTimeout):
        wait_idle(page, timeout=2_000)
    for route in held:
        route.continue_()
    wait_idle(page)
    assert page.get_by_text("layer2 · 14×14 map").count() >= 1
