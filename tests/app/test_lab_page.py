"""AppTest of the Degradation Lab: the reference run opens at once with its verdict and the initialisation panel, a
tiny run trains through the job queue and its curves appear, and a failing run is one error line, never a
traceback."""

from __future__ import annotations

import json
import os

import pytest

from app_pages.ui.lab import init_comparison  # cached: the page computed it already
from resnet_viz.explain.init import findings
from resnet_viz.train import classroom
from resnet_viz.train.effects import verdict
from resnet_viz.train.runs import load_run


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_the_reference_run_opens_instantly(app, open_page):
    at = open_page(app, "lab.py")
    assert not at.exception
    assert at.title[0].value.startswith("Degradation Lab")
    assert at.session_state["lab_compare"], "a shipped reference run is selected on the first visit"
    curves, grads, init = charts(at)
    names = {t.get("name") for t in curves["data"]}
    assert {"plain-20", "plain-56", "ResNet-20", "ResNet-56"} <= names
    assert grads["layout"]["yaxis"]["type"] == "log"
    assert any("minus" in m.label for m in at.metric)
    # the verdict's faster start, its iterations from the run (ResNet-56 at 40, plain-56 at 370: Sec. 4.1)
    doc = load_run(at.session_state["lab_compare"][0])
    [fast] = [f for f in verdict(doc)["faster"] if f["depth"] == 56]
    assert any(f"plain-56's final training error ({fast['target']:.1%}) at iteration {fast['resnet']:,}, plain-56 "
               f"itself only at {fast['plain']:,}" in m.value for m in at.markdown)
    # initialisation: the run's deepest plain net at iteration 0, the sentences with the library's numbers
    assert len(init["data"]) == 8 and init["layout"]["yaxis2"]["type"] == "log"
    config = doc["config"]
    said = dict(findings(init_comparison(max(config["depths"]), config["width"])))
    assert any(f"is {said['lab.init.bn']['he_grad']}× the last convolution's" in m.value for m in at.markdown)


@pytest.mark.slow  # trains a network through the queue (the browser's Lab test trains one too)
def test_a_tiny_run_trains_through_the_queue_and_shows_its_curves(app, open_page, tmp_path, run_until):
    at = open_page(app, "lab.py")
    at.session_state["lab_depths"] = [20]
    at.session_state["lab_width"] = 4
    at.session_state["lab_iterations"] = 20
    at.button(key="lab_start").click().run()
    assert not at.exception and not at.error
    at = run_until(at, lambda a: any("Finished" in s.value for s in a.success))
    curves, grads, _ = charts(at)
    lines = [t for t in curves["data"] if t.get("name") in ("plain-20", "ResNet-20") and t.get("x")]
    assert len(lines) == 4  # training (dashed) and test (solid) error of each net
    assert any(t["line"]["dash"] == "dash" and len(t["x"]) == 2 for t in lines)  # logged every 10 iterations
    assert len(grads["data"]) == 2
    saved = list((tmp_path / "runs").glob("*.json"))
    assert len(saved) == 1 and json.loads(saved[0].read_text())["status"] == "done"


def test_a_failing_run_is_one_error_line(app, open_page, tmp_path, monkeypatch, run_until):
    monkeypatch.setenv("RESNET_VIZ_DATA_DIR", str(tmp_path / "no-data"))
    at = open_page(app, "lab.py")
    at.session_state["lab_dataset"] = "cifar10"
    at.session_state["lab_data_dir"] = str(tmp_path / "nowhere")
    at.session_state["lab_iterations"] = 5
    at.button(key="lab_start").click().run()
    at = run_until(at, lambda a: bool(a.error), timeout=60)
    [error] = at.error
    assert error.value.startswith("The run failed: CIFAR-10") and str(tmp_path / "nowhere") in error.value
    assert "\n" not in error.value


def test_the_lab_in_chinese(app, open_page):
    app.session_state["lang"] = "zh"
    at = open_page(app, "lab.py")
    assert not at.exception
    assert at.title[0].value.startswith("退化实验室")
    assert at.button(key="lab_start").label == "开始训练"
    assert any(e.label.startswith("训练之前：He 初始化") for e in at.expander)


def test_settings_survive_another_page_and_dropped_widget_state(app, open_page):
    at = open_page(app, "lab.py")
    at.select_slider(key="_w.lab_width").set_value(16).run()
    at.multiselect(key="_w.lab_depths").set_value([32, 44]).run()
    at.number_input(key="_w.lab_iterations").set_value(60).run()
    assert (at.session_state["lab_width"], at.session_state["lab_depths"]) == (16, [32, 44])
    at = open_page(at, "architecture.py")  # the Lab's widgets are not drawn: Streamlit drops their state
    assert "_w.lab_width" not in at.session_state
    at = open_page(at, "lab.py")
    assert not at.exception
    assert at.select_slider(key="_w.lab_width").value == 16
    assert at.multiselect(key="_w.lab_depths").value == [32, 44]
    assert at.number_input(key="_w.lab_iterations").value == 60


def test_a_diverged_network_is_one_line_and_the_others_are_shown(app, open_page, tmp_path):
    from resnet_viz.train.runs import save_run
    from tests.test_runs import recorded

    doc = recorded()
    doc["diverged"] = {"plain-20": {"iteration": 20, "reason": "inf_loss"}}
    doc["final"]["plain-20"] = {"train_error": None, "test_error": None, "diverged": True}
    save_run(doc, tmp_path / "runs" / "20261128-000000-diverged-seed3.json")
    app.query_params.update({"run": "20261128-000000-diverged-seed3"})
    at = open_page(app, "lab.py")
    assert not at.exception and not at.error
    [warning] = [w.value for w in at.warning if "diverged" in w.value]
    assert warning.startswith("plain-20 diverged at iteration 20 (its loss became infinite)") and "\n" not in warning
    table = at.dataframe[0].value
    assert list(table.iloc[:, 1]) == ["diverged", "20.0%"]  # plain-20's row says so; ResNet-20's is its error


@pytest.mark.slow  # trains the class's parts (the browser's class-experiment test runs a class too)
def test_a_class_experiment_from_the_teachers_button_to_a_students_part_on_the_board(app, open_page, tmp_path,
                                                                                      run_until, monkeypatch):
    from streamlit.testing.v1 import AppTest

    import app_pages.ui.lab
    from tests.app.conftest import APP

    who = {"session": "teacher"}  # every AppTest has the same session id: each browser gets its own here
    monkeypatch.setattr(app_pages.ui.lab, "session_id", lambda: who["session"])

    def browser(session: str, page: str) -> AppTest:
        """Another browser session opening the class experiment's link to ``page``."""
        who["session"] = session
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["assignment"] = assignment
        return open_page(at, page)

    teacher = open_page(app, "lab.py")
    for key, value in dict(lab_depths=[20], lab_width=4, lab_iterations=20, lab_class_students=2,
                           lab_class_minutes=1).items():
        teacher.session_state[key] = value
    teacher.button(key="lab_class_create").click().run()
    assert not teacher.exception and not teacher.error
    assignment = teacher.session_state["lab_assignment"]
    budget = classroom.load(assignment).budget
    assert budget["students"] == 2 and budget["part_size"] == 2 and budget["iterations"] == 20
    workers = min(os.cpu_count(), 5)  # one part a core, no more than the board's five parts
    assert any(c.value.startswith("Sized on this server for the board (5 seeds of each of its 2 networks): 10 "
                                  f"network runs, in 5 parts of 2 networks trained {workers} at a time, take about ")
               and c.value.endswith("For a class of 2: parts left without a student: 3 of the board's 5. The board "
                                    "stays incomplete unless more students join.") for c in teacher.caption)

    student = browser("student", "lab.py")
    assert any("Press Start to get your part" in i.value for i in student.info)
    student.button(key="lab_start").click().run()
    assert not student.exception and not student.error
    student = run_until(student, lambda a: any("Finished" in s.value for s in a.success))
    assert any("your part of the class's Figure 6 is plain-20, ResNet-20, seed 0" in i.value for i in student.info)
    assert student.button(key="lab_stop").disabled  # a part belongs to the class
    assert len(list((tmp_path / "runs" / "assignments" / assignment).glob("part*.json"))) == 1

    board = browser("board", "board.py")
    assert any(m.value.startswith("Parts: **1** done · 0 training · 0 waiting · 1 seed with every network trained "
                                  "(seed number 0) ·") for m in board.markdown)
    assert any("fewest so far: 1" in c.value for c in board.caption)
    assert any(c.value.endswith(f"/lab?assignment={assignment}&lang=en") for c in board.code)  # the class link
    assert [c for image in board.get("image") for c in image.captions] == ["Scan to open"]  # and its QR code

    teacher.button(key="lab_class_stop").click().run()
    assert classroom.load(assignment).stopped
    late = browser("latecomer", "lab.py")
    assert any("has stopped the class experiment" in i.value for i in late.info)
    late.button(key="lab_start").click().run()
    assert not late.exception and "stopped by the teacher" in late.error[0].value


@pytest.mark.parametrize("notice, line", [
    ("moved", "The worker training this run stopped: the run started again on another worker."),
    ("here", "The school cluster went away during this run: it started again on this server."),
])
def test_a_run_moved_by_the_school_cluster_is_one_line(app, open_page, notice, line):
    """What a student reads when the cluster moved their run (resnet_viz.train.cluster sets the job's notice)."""
    import threading

    from app_pages.ui.server import job_queue

    release = threading.Event()

    def moved(job):
        job.update(notice=notice)
        release.wait(30)

    job = job_queue().submit("someone", moved, label="moved")
    try:
        for _ in range(3000):  # up to 30 s: the queue's slot may be another test's for a moment
            if "notice" in job.progress() or job.done:
                break
            release.wait(0.01)
        app.session_state["lab_job"] = job.id
        at = open_page(app, "lab.py")
        assert not at.exception and line in [i.value for i in at.info]
    finally:
        release.set()
        job_queue().wait(job, 30)


@pytest.mark.parametrize("seeds, line", [
    ((), "Parts: **0** done · 0 training · 0 waiting · no seed has every network trained yet ·"),
    ((0,), "Parts: **1** done · 0 training · 0 waiting · 1 seed with every network trained (seed number 0) ·"),
    ((0, 1, 2), "Parts: **3** done · 0 training · 0 waiting · 3 seeds with every network trained (seed numbers 0, 1, "
                "2) ·"),
])
def test_the_boards_status_reads_as_counts(app, open_page, tmp_path, seeds, line):
    """A seed's number is never where a count is expected (seed 0 read as "none"); a stopped, unnamed class
    experiment has a readable name, its id never shown twice."""
    from resnet_viz.train.config import PRESETS
    from resnet_viz.train.runs import save_run
    from tests.test_classroom import run_doc

    runs = tmp_path / "runs"
    a = classroom.create(PRESETS["classroom"].to_dict(), "Figure 6, depths 20/56", root=runs)
    finals = {"plain-20": 0.2, "plain-56": 0.5, "resnet-20": 0.2, "resnet-56": 0.25}
    for seed in seeds:
        save_run(run_doc(seed, {k: [0.6, v] for k, v in finals.items()}, finals, a.id),
                 classroom.parts_dir(a.id, runs) / f"part{seed:03d}-seed{seed}.json")
    a.stopped = True
    classroom.save(a, runs)
    app.query_params["assignment"] = a.id
    at = open_page(app, "board.py")
    assert not at.exception and not at.error
    assert any(m.value.startswith(line) for m in at.markdown), [m.value for m in at.markdown]
    assert at.selectbox(key="_w.board_assignment").format_func(a.id).startswith("Figure 6, depths 20/56")
    assert a.id not in at.selectbox(key="_w.board_assignment").format_func(a.id)
    behind = [w.value for w in at.warning if "has not caught up yet" in w.value]
    assert len(behind) == (1 if seeds else 0)  # ResNet-56 5 points above ResNet-20: said, with its numbers
    if seeds:
        assert f"(mean of {len(seeds)} seeds)" in behind[0] or "(only 1 seed so far)" in behind[0]
        assert "still 5.0 points above" in behind[0] and "trained for 64,000 iterations" in behind[0]
