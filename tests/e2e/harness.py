"""The end-to-end harness, shared by tests/e2e and benchmarks/load_test.py: start the real app on a free port, drive
it in headless Chromium, wait for Streamlit to be idle."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
# Chromium flags for a closed network: no background requests, no sandbox (CI runs as root).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(env: dict[str, str] | None = None, log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app on a free port, once its health endpoint answers: ``(url, process)``; stopped on exit."""
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
    )
    try:
        _wait_healthy(proc, port, log)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log:
            out.close()


def _wait_healthy(proc: subprocess.Popen, port: int, log: Path | None) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("streamlit did not answer within 90 s")


def launch_chromium(playwright, *extra_args: str):
    """Debian's headless Chromium with the closed-network flags (and any extra ones, e.g. a fake camera)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args])


# True once Streamlit has finished a script run and drawn it: the app says so (``data-test-script-state`` is
# "initial" until the first run, e.g. just after page.goto, so a blank page still connecting is not idle), no running
# indicator, no stale elements, and no skeleton (Streamlit fetches the code that draws images, tables, metrics...
# the first time one arrives, and shows a skeleton until then, which on a loaded server can be after the run is
# over), for 0.5 s.
IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const busy = !app || app.getAttribute('data-test-script-state') !== 'notRunning'
        || document.querySelector('[data-testid="stStatusWidget"]')
        || document.querySelector('[data-stale="true"]')
        || document.querySelector('[data-testid="stSkeleton"]');
    const now = Date.now();
    if (busy) { window.__idleSince = undefined; return false; }
    window.__idleSince = window.__idleSince || now;
    return now - window.__idleSince > 500;
}"""


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait (Playwright's sync API) until Streamlit has finished its script run; see :data:`IDLE_JS`."""
    page.wait_for_function(IDLE_JS, timeout=timeout, polling=100)


def take_photo(page, camera=None, timeout: float = 60_000, taken=None) -> None:
    """Press "Take Photo" on a ``st.camera_input`` once its video shows a frame, and wait for the snapshot.

    Streamlit enables the button as soon as the browser grants the camera, but react-webcam's ``getScreenshot``
    returns null until the ``<video>`` has decoded its first frame, and Streamlit then ignores the click without a
    word. On a loaded machine the fake camera's first frame can come seconds after the permission, so a test that
    clicked at once waited in vain (the flaky ``test_camera_photo``). ``camera`` is the widget's locator (default:
    the page's only camera input); ``taken`` a locator that appears once the app has the photo (default: the
    widget's snapshot).
    """
    camera = camera or page.get_by_test_id("stCameraInput")
    camera.locator("video").wait_for(timeout=timeout)
    camera.locator("video").evaluate(
        """(video, timeout) => new Promise((resolve, reject) => {
            const ready = () => video.readyState >= 2 && video.videoWidth > 0;
            if (ready()) return resolve(true);
            const timer = setTimeout(() => reject(new Error("no camera frame in time")), timeout);
            const check = () => { if (ready()) { clearTimeout(timer); resolve(true); } };
            video.addEventListener("loadeddata", check);
            video.addEventListener("playing", check);
            const poll = setInterval(() => { if (ready()) { clearInterval(poll); check(); } }, 100);
        })""",
        timeout,
    )
    camera.get_by_test_id("stCameraInputButton").click()
    (taken or camera.locator("img[alt='Snapshot']")).wait_for(timeout=timeout)
