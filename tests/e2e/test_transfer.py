"""End to end: the Transfer Learning Lab with Chromium's fake camera. Name two classes, take three photos of each,
train the last stage and a new head of the shipped backbone, see the accuracy, and open the model in the
Inspector."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from tests.e2e.harness import ARTIFACTS, launch_chromium, take_photo, wait_idle

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def camera_feed(tmp_path_factory) -> Path:
    """Motion-JPEG for the fake camera: a sandal and a bag from the samples, alternating."""
    from PIL import Image

    frames = b""
    for name in ("fashion-mnist_sneaker.png", "fashion-mnist_bag.png") * 2:
        frame = io.BytesIO()
        Image.open(ROOT / "assets" / "samples" / name).convert("RGB").resize((640, 480)).save(frame, "JPEG")
        frames += frame.getvalue()
    feed = tmp_path_factory.mktemp("camera") / "feed.mjpeg"
    feed.write_bytes(frames)
    return feed


def photo_count(page, name: str, count: int):
    return page.get_by_text(re.compile(rf"Photos: .*{name}: {count}\b"))


def test_photos_train_the_last_stage_and_open_in_the_inspector(server, server_runs, camera_feed, playwright):
    url, runs = server, server_runs
    browser = launch_chromium(playwright, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                              f"--use-file-for-fake-video-capture={camera_feed}")
    try:
        page = browser.new_context(viewport={"width": 1400, "height": 1900}, permissions=["camera"]).new_page()
        page.set_default_timeout(120_000)
        page.goto(f"{url}/transfer?data=photos&modes=last&iterations=30&backbone=checkpoint&lang=en")
        page.get_by_text("Name the classes first").wait_for()
        wait_idle(page)
        for number, name in ((1, "shoe"), (2, "bag")):
            box = page.get_by_role("textbox", name=f"Class {number}", exact=True)
            box.fill(name)
            box.press("Enter")
            wait_idle(page)
        for name in ("shoe", "bag"):
            page.get_by_test_id("stRadio").filter(has_text="The next photos are of").get_by_text(
                name, exact=True).click()
            wait_idle(page)
            for count in (1, 2, 3):
                take_photo(page, page.get_by_test_id("stCameraInput"), taken=photo_count(page, name, count))
                wait_idle(page)
        assert page.get_by_text("(6 of at most 120)", exact=False).count() == 1
        page.screenshot(path=str(ARTIFACTS / "transfer-photos.png"))

        page.get_by_role("button", name="Start training").click()
        page.get_by_text("Backbone fashion-mnist-source5_resnet20 · 2 classes", exact=False).wait_for()
        page.get_by_role("link", name="last stage + new head").wait_for()  # shown once the model is saved
        wait_idle(page)
        assert page.get_by_test_id("stDataFrame").count() == 1  # the results table (drawn on a canvas)
        assert page.get_by_test_id("stException").count() == 0
        [run] = [json.loads(p.read_text()) for p in (runs / "transfer").glob("*.json")]
        assert run["classes"] == ["shoe", "bag"] and list(run["modes"]) == ["last"]  # in the order named
        assert run["data"]["train_size"] + run["data"]["val_size"] == 6 and run["modes"]["last"]["val_accuracy"] >= 0
        page.screenshot(path=str(ARTIFACTS / "transfer-trained.png"))
        assert list((runs / "transfer").glob("*/*_last.pt"))  # the model, saved for the Inspector

        page.get_by_role("link", name="last stage + new head").click()
        page.get_by_text("Top-2 prediction").wait_for()  # two classes: two bars, and the heading says so
        wait_idle(page)
        checkpoint = page.get_by_test_id("stSelectbox").filter(has_text="Checkpoint").locator("input")
        assert "transfer/" in checkpoint.input_value() and "_last" in checkpoint.input_value()
        assert page.get_by_text("Where it looked for", exact=False).count() == 1
        page.screenshot(path=str(ARTIFACTS / "transfer-inspector.png"))
    finally:
        browser.close()
