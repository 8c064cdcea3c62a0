"""AppTest fixtures: run the real app script headless, in-process."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


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
