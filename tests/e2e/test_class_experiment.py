"""The class experiment end to end, on one real server: first a Lab run of another student's trains, so the class's
job waits in the queue behind it, until that student closes the tab (the run is cancelled once the tab has been gone
for the grace period, and the queue moves on). Then six students (Chromium pages, one in Chinese, at a projector's
1280×720) open the class link and press Start; four close the tab once their part is named (two cores render
seven live pages slowly: this test took 81 s with them open, 58 s without), and one closes it at the end. The first
five get the board's five parts (a seed each); the sixth, in Chinese, shares one and is told so; the closed tabs'
parts still finish, and the class board (another page) becomes complete: every network with five seeds.
The recipe is tiny so that the test pays for the browsers, not for training; the class-size run is
``python -m benchmarks.class_experiment --students 30``."""

import json

from resnet_viz.train import classroom, parts
from resnet_viz.train.config import TrainConfig
from tests.e2e.harness import ARTIFACTS, app_server, wait_idle

RECIPE = TrainConfig(depths=(8, 14), width=4, dataset="fashion-mnist-sample", image_size=16, iterations=20,
                     log_every=5, evals=1, augment="none", warmup=0, final_window=0.25).to_dict()


def test_six_students_fill_the_class_board(browser, tmp_path):
    runs = tmp_path / "runs"
    budget = parts.size_iterations(classroom.recipe(RECIPE), 6, 10, {8: 0.01, 14: 0.02})
    assert budget["part_size"] == 4 and budget["iterations"] == RECIPE["iterations"]  # six students: a seed each
    a = classroom.create(RECIPE, "six students", root=runs, budget=budget)
    env = {"RESNET_VIZ_RUNS_DIR": str(runs), "RESNET_VIZ_ORPHAN_GRACE_S": "2"}
    with app_server(env=env, log=ARTIFACTS / "streamlit-class.log") as (url, _):
        leaver = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        leaver.set_default_timeout(90_000)
        leaver.goto(f"{url}/lab?iterations=20000")  # far longer than this test
        wait_idle(leaver)
        leaver.get_by_role("button", name="Start training").click()
        leaver.get_by_test_id("stProgress").wait_for(timeout=120_000)
        students = []
        for i in range(6):
            lang = "zh" if i == 5 else "en"
            page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            page.set_default_timeout(90_000)
            page.goto(f"{url}/lab?assignment={a.id}&lang={lang}")
            wait_idle(page)
            page.get_by_role("button", name="开始训练" if lang == "zh" else "Start training").click()
            page.get_by_text("课堂实验“six students”：你在全班图 6 中的任务是" if lang == "zh" else
                             "Class experiment “six students”: your part of the class's Figure 6 is").wait_for()
            if i == 5:  # the board's five parts are all out: a share of one, said so
                page.get_by_text("与另外 1 位同学共用：这份任务的曲线也是你的").wait_for()
            students.append(page)
            if i == 0:  # the class's job waits behind the Lab run; its student closes the tab and the queue moves on
                page.get_by_text("Your part waits for its first turn on the server.").wait_for()
                leaver.context.close()
            elif i < 5:  # a part trains on the server, tab or no tab: the next tabs open on a lighter machine
                page.context.close()
        students[0].context.close()  # the first student leaves at once: their part (seed 0) trains on

        board = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        board.goto(f"{url}/board?assignment={a.id}")
        board.get_by_text("Complete: every network has 5 seeds or more.").wait_for(timeout=240_000)
        board.locator(".js-plotly-plot").first.wait_for()
        board.screenshot(path=str(ARTIFACTS / "class-board-complete.png"))
        students[5].screenshot(path=str(ARTIFACTS / "class-student-zh.png"))
        docs = [json.loads(p.read_text()) for p in classroom.parts_dir(a.id, runs).glob("part*.json")]
        assert sorted(d["config"]["seed"] for d in docs if d["status"] == "done")[:5] == [0, 1, 2, 3, 4]  # 0: closed
        assert all(d["assignment"] == a.id and len(d["models"]) == 4 for d in docs)
        [lab] = [json.loads(p.read_text()) for p in runs.glob("*.json")]  # the closed tab's Lab run: cancelled
        assert lab["status"] == "cancelled" and lab["progress"]["iteration"] < 20_000
