"""Every student can use it (issue 32, the audit): axe-core, shipped by the `axe-playwright-python` package, runs on
every page, in English at a projector's 1280×720 and in Chinese at a phone's 390×844 (each language and each size
once: 14 page loads, about 30 s of the suite; all four pairings were audited by hand once, README). No critical or serious
violation beyond the ones known to come from Streamlit itself (README, "Every student"); the report is saved under
test-artifacts/."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest

from tests.e2e.harness import ARTIFACTS, wait_idle

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
PAGES = ("", "concepts", "architecture", "lab", "board", "transfer", "inspector")
# Violations known to come from Streamlit and not worked around here, as (rule, page): none at present (the app
# works around three of Streamlit's: captions' contrast, the segmented control's selected label, formulas that
# scroll without a tabindex: app_pages/ui/sidebar.py).
KNOWN: set[tuple[str, str]] = set()


@pytest.mark.parametrize("lang, width, height", [("en", 1280, 720), ("zh", 390, 844)])  # each language, each size
def test_no_new_critical_or_serious_violation_on_any_page(server, browser, lang, width, height):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(120_000)
    found = []
    try:
        for name in PAGES:
            page.goto(f"{server}/{name}?lang={lang}")
            page.get_by_test_id("stMainBlockContainer").wait_for()
            wait_idle(page)
            page.evaluate(AXE)
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                if v["impact"] in ("critical", "serious"):
                    found.append({"page": name or "lesson", "rule": v["id"], "impact": v["impact"], "help": v["help"],
                                  "nodes": [n["target"] for n in v["nodes"][:5]],
                                  "known": (v["id"], name or "lesson") in KNOWN})
    finally:
        page.context.close()
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"axe-{lang}-{width}.json").write_text(json.dumps(found, indent=1, ensure_ascii=False))
    assert [f for f in found if not f["known"]] == []
