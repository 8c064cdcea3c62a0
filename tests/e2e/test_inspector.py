"""End to end: the Inspector in headless Chromium. Upload a sample, see the top-5, the Grad-CAM overlay and the
feature grid; upload a hostile file and see one line while the last good results stay; take a photo with a
(fake) camera."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import ARTIFACTS, launch_chromium, take_photo, wait_idle
from tests.hostile_corpus import corpus

ROOT = Path(__file__).resolve().parents[2]


def open_inspector(page, url: str) -> None:
    page.goto(url)
    page.get_by_test_id("stSidebarNav").get_by_text("Inspector", exact=True).click()
    page.get_by_text("Top-5 prediction").wait_for()
    wait_idle(page)


def choose_source(page, source: str) -> None:
    page.get_by_test_id("stRadio").filter(has_text="Where the image comes from").get_by_text(source).click()
    wait_idle(page)


def assert_no_traceback(page) -> None:
    assert page.get_by_test_id("stException").count() == 0 and page.get_by_text("Traceback").count() == 0


def upload(page, path: Path) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    wait_idle(page)


def test_upload_sample_then_hostile_file(server, page, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 1900})
    open_inspector(page, server)
    choose_source(page, "Upload")
    upload(page, ROOT / "assets" / "samples" / "fashion-mnist_bag.png")
    page.get_by_text("fashion-mnist_bag.png, resized and centre-cropped").wait_for()
    wait_idle(page)
    top5 = page.get_by_test_id("stPlotlyChart").first
    top5.wait_for()
    expect(top5.locator(".bars path")).to_have_count(5)  # five bars, once Plotly has drawn them
    assert page.get_by_text("Where it looked for").count() == 1
    assert page.get_by_text("layer3 · 7×7 map").count() >= 1  # the overlay, labelled with its resolution
    assert page.get_by_test_id("stImage").count() >= 5  # input, overlay, one per stage
    page.screenshot(path=str(ARTIFACTS / "inspector-upload.png"))

    page.get_by_role("radio", name="Feature maps").click()
    page.get_by_text("channels × height × width").wait_for()
    wait_idle(page)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)  # top-5, the grid, one channel
    page.get_by_test_id("stPlotlyChart").nth(1).locator(".heatmaplayer").wait_for()
    page.screenshot(path=str(ARTIFACTS / "inspector-features.png"))

    hostile = tmp_path / "homework.jpg"
    hostile.write_bytes(corpus()["text-named.jpg"][0])
    upload(page, hostile)
    error = page.get_by_test_id("stAlertContentError")
    error.wait_for()
    assert error.inner_text().strip() == "homework.jpg: This file holds text, not an image."
    assert page.get_by_text("Top-5 prediction").count() == 1  # the last good image's results stay
    assert page.get_by_text("fashion-mnist_bag.png, resized and centre-cropped").count() == 1
    assert_no_traceback(page)
    page.screenshot(path=str(ARTIFACTS / "inspector-hostile.png"))


@pytest.fixture(scope="module")
def camera_feed(tmp_path_factory) -> Path:
    """A Motion-JPEG file Chromium plays as its fake camera: a Fashion-MNIST trouser filling a 640×480 frame."""
    from PIL import Image

    frame = io.BytesIO()
    Image.open(ROOT / "assets" / "samples" / "fashion-mnist_trouser.png").convert("RGB").resize((640, 480)).save(
        frame, "JPEG", quality=95)
    feed = tmp_path_factory.mktemp("camera") / "feed.mjpeg"
    feed.write_bytes(frame.getvalue() * 3)
    return feed


def test_camera_photo(server, camera_feed, playwright):
    """A photo from the camera (Chromium's fake device playing a file) goes through the same path as an upload."""
    browser = launch_chromium(playwright, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                              f"--use-file-for-fake-video-capture={camera_feed}")
    try:
        page = browser.new_context(viewport={"width": 1400, "height": 1900}, permissions=["camera"]).new_page()
        page.set_default_timeout(60_000)
        open_inspector(page, server)
        checkpoint = page.get_by_test_id("stSelectbox").filter(has_text="Checkpoint").locator("input")
        assert checkpoint.input_value() == "fashion-mnist_resnet20 (shipped with the app)"  # the offline default
        choose_source(page, "Camera")
        take_photo(page)
        page.get_by_text("camera photo, resized and centre-cropped").wait_for()
        wait_idle(page)
        top5 = page.get_by_test_id("stPlotlyChart").first
        expect(top5.locator(".bars path")).to_have_count(5)
        assert page.get_by_text("Where it looked for “Trouser”").count() == 1  # top-1 of the photographed trouser
        assert_no_traceback(page)
        page.screenshot(path=str(ARTIFACTS / "inspector-camera.png"))
    finally:
        browser.close()
