"""Fixtures for end-to-end tests: a real ``streamlit run app.py`` on a free port, driven by headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import ARTIFACTS, CHROMIUM, app_server, launch_chromium

E2E = Path(__file__).resolve().parent

# How long an ``expect(...)`` keeps retrying (Playwright's default is 5 s): what the browser draws after its element
# exists (a Plotly legend, a second notice) can take seconds on a loaded 2-core machine.
expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items):
    """Mark the tests in this folder, and only those, ``e2e``. (pytest hands this hook every collected item of the
    session, wherever its conftest lives.)"""
    for item in items:
        if E2E in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, its report also says what the page showed: its address and every alert on it (an
    error line explains a missing chart better than the count that found it missing)."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        try:
            alerts = page.locator('[data-testid="stAlert"], [data-testid="stException"]').all_inner_texts()
        except Exception as e:  # the page may be gone with what broke the test
            alerts = [f"(could not read the page: {e})"]
        report.sections.append(("page when it failed", "\n".join([page.url, *alerts])))
    return report


@pytest.fixture(scope="session")
def server_runs(tmp_path_factory) -> Path:
    """The runs folder of the shared :func:`server` (the Lab's, the Transfer page's and the class board's files)."""
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="session")
def server(server_runs):
    """One app server for the browser tests that need no settings of their own (each start costs 3 to 7 s)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with app_server(env={"RESNET_VIZ_RUNS_DIR": str(server_runs)}, log=ARTIFACTS / "streamlit.log") as (url, _):
        yield url


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the whole run (its sync API cannot be started twice in one thread)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: the test command installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    b = launch_chromium(playwright)
    yield b
    b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
