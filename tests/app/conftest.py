"""AppTest fixtures: run the real app script headless, in-process."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Every new AppTest has Streamlit scan the metadata of every installed package for components (about 0.25 s;
    65 AppTests made the fast layer 15 s slower). The packages do not change during a test run: scan once, and let
    each AppTest register what that scan found, as before."""
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda *args, **kwargs: list(found))
        yield


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("RESNET_VIZ_RUNS_DIR", str(tmp_path / "runs"))
    return AppTest.from_file(APP, default_timeout=120)


@pytest.fixture
def open_page():
    """``open_page(at, "architecture.py")`` runs the app on that page."""

    def run(at: AppTest, page: str) -> AppTest:
        at.switch_page(f"app_pages/{page}")
        return at.run()

    return run


@pytest.fixture
def run_until():
    """``run_until(at, done, timeout)`` reruns the page (as the polling fragment would) until ``done(at)``; it fails
    at the timeout, showing the page's errors and notices, or on any exception."""

    def run(at: AppTest, done, timeout: float = 120.0) -> AppTest:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.5)
            at.run()
            assert not at.exception
            if done(at):
                return at
        raise AssertionError(f"not done after {timeout} s: {[e.value for e in at.error]} "
                             f"{[i.value for i in at.info]}")

    return run
