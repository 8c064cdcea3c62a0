"""Classroom scale, end to end: a student closes the tab while their run trains; the run is cancelled and the next
student's queued run starts."""

import json

from tests.e2e.harness import ARTIFACTS, app_server, wait_idle


def open_lab(browser, url, iterations):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.get_by_role("link", name="Degradation Lab").click()
    wait_idle(page)
    budget = page.get_by_role("spinbutton", name="Iterations", exact=True)
    budget.fill(str(iterations))
    budget.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Start training").click()
    return page


def test_closed_tab_cancels_its_run_and_the_next_one_starts(browser, tmp_path):
    runs = tmp_path / "runs"
    env = {"RESNET_VIZ_RUNS_DIR": str(runs), "RESNET_VIZ_ORPHAN_GRACE_S": "2"}
    with app_server(env=env, log=ARTIFACTS / "streamlit-classroom.log") as (url, _):
        leaver = open_lab(browser, url, 20_000)  # far longer than this test
        leaver.get_by_test_id("stProgress").wait_for(timeout=120_000)
        stayer = open_lab(browser, url, 10)
        stayer.get_by_text("number 1 in the queue").wait_for()
        stayer.screenshot(path=str(ARTIFACTS / "classroom-queued.png"))

        leaver.context.close()  # the tab is closed mid-run

        stayer.get_by_text("Finished in", exact=False).wait_for(timeout=240_000)
        stayer.screenshot(path=str(ARTIFACTS / "classroom-next-run-done.png"))
        docs = [json.loads(p.read_text()) for p in runs.glob("*.json")]
        by_length = {d["config"]["iterations"]: d for d in docs}
        assert by_length[20_000]["status"] == "cancelled"
        assert by_length[20_000]["progress"]["iteration"] < 20_000
        assert by_length[10]["status"] == "done"
