"""AppTest of the Degradation Lab: the reference run opens at once, a tiny run trains through the job queue and
its curves appear, and a failing run is one error line, never a traceback."""

from __future__ import annotations

import json


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_the_reference_run_opens_instantly(app, open_page):
    at = open_page(app, "lab.py")
    assert not at.exception
    assert at.title[0].value.startswith("Degradation Lab")
    assert at.session_state["lab_compare"], "a shipped reference run is selected on the first visit"
    curves, grads = charts(at)
    names = {t.get("name") for t in curves["data"]}
    assert {"plain-20", "plain-56", "ResNet-20", "ResNet-56"} <= names
    assert grads["layout"]["yaxis"]["type"] == "log"
    assert any("minus" in m.label for m in at.metric)


def test_a_tiny_run_trains_through_the_queue_and_shows_its_curves(app, open_page, tmp_path, run_until):
    at = open_page(app, "lab.py")
    at.session_state["lab_depths"] = [20]
    at.session_state["lab_width"] = 4
    at.session_state["lab_iterations"] = 20
    at.button(key="lab_start").click().run()
    assert not at.exception and not at.error
    at = run_until(at, lambda a: any("Finished" in s.value for s in a.success))
    curves, grads = charts(at)
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
