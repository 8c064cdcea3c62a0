"""Run files: recorded from engine events, saved atomically, listed, exported."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from resnet_viz.paths import REFERENCE_RUNS
from resnet_viz.plots import figure_png, gradient_flow, training_curves
from resnet_viz.train import classroom, runs
from resnet_viz.train.ablation import BN_ABLATION, bn_ablation
from resnet_viz.train.runs import RunError, RunRecord, list_runs, load_run, runs_csv, save_run

ROOT = Path(__file__).resolve().parents[1]


def fake_events(logs: int = 3, keys=("plain-20", "resnet-20")) -> list[dict]:
    """What the engine yields for a run of ``logs`` log points (values chosen by hand)."""
    models = [{"key": k, "depth": 20, "residual": k.startswith("resnet"), "params": 100, "layers": ["conv1", "fc"]}
              for k in keys]
    events = [{"type": "start", "models": models, "data": {"dataset": "fashion-mnist-sample"},
               "environment": {"device": "CPU (2 threads)"}, "departures": [],
               "config": {"iterations": 10 * logs, "seed": 3, "depths": [20], "final_window": 0.1}}]
    for i in range(1, logs + 1):
        events.append({"type": "log", "iteration": 10 * i, "epoch": i / 10, "lr": 0.1, "elapsed_s": float(i),
                       "images_per_s": 1000.0, "eta_s": float(logs - i),
                       "train_error": {k: 0.5 / i for k in keys}, "train_loss": {k: 2.0 / i for k in keys},
                       "grad_norms": {k: [0.1 * i, 0.2 * i] for k in keys}})
    events.append({"type": "eval", "iteration": 10 * logs, "test_error": {k: 0.25 for k in keys}})
    events.append({"type": "end", "status": "done", "iteration": 10 * logs, "elapsed_s": 3.0,
                   "final": {k: {"train_error": 0.2, "test_error": 0.25} for k in keys}})
    return events


def recorded(**kw) -> dict:
    record = RunRecord(label="hand-made")
    for event in fake_events(**kw):
        record.add(event)
    return record.doc


def test_a_record_holds_the_curves_and_round_trips(tmp_path):
    doc = recorded()
    assert doc["curves"]["iteration"] == [10, 20, 30]
    assert doc["curves"]["train_error"]["plain-20"] == [0.5, 0.25, 0.16667]
    assert doc["test"] == {"iteration": [30], "test_error": {"plain-20": [0.25], "resnet-20": [0.25]}}
    assert doc["grad_norms"]["values"]["resnet-20"][1] == [0.2, 0.4]
    assert doc["status"] == "done" and doc["progress"]["iteration"] == 30
    path = save_run(doc, tmp_path / "a.json")
    assert load_run(path) == doc
    [summary] = list_runs(tmp_path)
    assert summary["label"] == "hand-made" and summary["seed"] == 3 and not summary["reference"]


def test_gradient_snapshots_are_thinned_evenly():
    doc = recorded(logs=200)
    its = doc["grad_norms"]["iteration"]
    assert len(its) <= runs.MAX_GRAD_SNAPSHOTS and its[0] == 10
    steps = {b - a for a, b in zip(its, its[1:])}
    assert len(steps) == 1  # evenly spaced
    assert len(doc["grad_norms"]["values"]["plain-20"]) == len(its)


def test_csv_export_has_one_value_per_row():
    rows = list(csv.DictReader(io.StringIO(runs_csv([recorded(), recorded()]))))
    assert len(rows) == 2 * (3 * 2 * 2 + 1 * 2)  # two runs × (train error + loss at 3 points + test at 1) × 2 nets
    assert rows[0] == {"run": "hand-made", "model": "plain-20", "depth": "20", "residual": "False",
                       "iteration": "10", "metric": "train_error", "value": "0.5"}


def test_figures_draw_every_series():
    doc = recorded()
    fig = training_curves([doc])
    names = {t.name for t in fig.data}
    assert {"plain-20", "ResNet-20"} <= names  # English labels without a translator, never raw keys
    dashed = [t for t in fig.data if t.line.dash == "dash" and t.x[0] is not None]
    assert len(dashed) == 2 and list(dashed[0].y) == [50.0, 25.0, 16.667]  # training error, in percent
    grad = gradient_flow(doc, 0)
    assert grad.layout.yaxis.type == "log" and [list(t.y) for t in grad.data] == [[0.1, 0.2], [0.1, 0.2]]


@pytest.mark.slow  # plotly's exporter starts a Chromium process of its own (2-7 s)
def test_a_figure_exports_as_png():
    png = figure_png(training_curves([recorded()]), width=600, height=300)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_unreadable_run_files_are_one_line_errors(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(RunError, match="not a readable run file"):
        load_run(tmp_path / "bad.json")
    with pytest.raises(RunError, match="not a ResNet Explorer run file"):
        load_run(tmp_path / "other.json")
    with pytest.raises(RunError, match="no run file"):
        load_run(tmp_path / "missing.json")
    assert list_runs(tmp_path) == []


def test_a_failed_write_leaves_the_previous_file_and_no_debris(tmp_path, monkeypatch):
    path = save_run(recorded(), tmp_path / "run.json")
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runs.os, "fsync", broken_fsync)
    newer = recorded(logs=5)
    with pytest.raises(OSError, match="No space"):
        save_run(newer, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"]


@pytest.mark.slow  # a process of its own
def test_a_write_killed_midway_leaves_the_previous_file_intact(tmp_path):
    """A process SIGKILLed in the middle of writing the new file: the old one is untouched, and the half-written
    temporary file is never listed as a run."""
    path = save_run(recorded(), tmp_path / "run.json")
    before = path.read_bytes()
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from resnet_viz import files
        from resnet_viz.train import runs
        from tests.test_runs import recorded
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, f): self.f = f
            def __enter__(self): return self
            def __exit__(self, *a): return self.f.__exit__(*a)
            def write(self, data):
                self.f.write(data[: len(data) // 2]); self.f.flush()
                print("half written", flush=True)
                time.sleep(60)
            def __getattr__(self, name): return getattr(self.f, name)

        files.os.fdopen = lambda fd, mode: HalfWriter(real_fdopen(fd, mode))
        runs.save_run(recorded(logs=50), {str(path)!r})
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=ROOT, text=True)
    try:
        assert proc.stdout.readline().strip() == "half written"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert path.read_bytes() == before and load_run(path)["curves"]["iteration"] == [10, 20, 30]
    debris = [p for p in tmp_path.iterdir() if p.name != "run.json"]
    assert len(debris) == 1 and debris[0].name.startswith(".run.json.")  # the half-written temporary file
    assert [s["path"] for s in list_runs(tmp_path)] == [str(path)]



def test_the_shipped_reference_runs_are_valid():
    files = sorted(REFERENCE_RUNS.glob("*.json"))
    assert files, "assets/runs/ ships reference runs"
    for path in files:
        doc = load_run(path)
        assert doc["status"] == "done" and doc["final"]
        assert {m["key"] for m in doc["models"]} == set(doc["final"])
        assert len(doc["curves"]["iteration"]) > 5 and doc["environment"]["torch"]


def test_a_diverged_network_is_marked_on_the_chart():
    doc = recorded()
    doc["diverged"] = {"plain-20": {"iteration": 20, "reason": "nan_loss"}}
    doc["curves"]["train_error"]["plain-20"][-1] = None  # from the divergence on, no values
    crosses = [t for t in training_curves([doc]).data if t.marker and t.marker.symbol == "x"]
    assert len(crosses) == 1 and list(crosses[0].x) == [20] and list(crosses[0].y) == [25.0]
    assert not [t for t in training_curves([recorded()]).data if t.marker and t.marker.symbol == "x"]


def test_the_shipped_bn_ablation_differs_only_in_batch_norm():
    with_bn, without_bn = (load_run(BN_ABLATION[bn]) for bn in (True, False))
    assert with_bn["config"]["batch_norm"] is True and without_bn["config"]["batch_norm"] is False
    assert classroom.recipe(dict(with_bn["config"], batch_norm=False)) == classroom.recipe(without_bn["config"])
    assert with_bn["config"]["seed"] == without_bn["config"]["seed"]
    assert set(with_bn["final"]) == set(without_bn["final"]) == {"plain-20", "resnet-20"}


def ablation_doc(plain, resnet, classes=10):
    return {"config": {"depths": [20], "width": 8, "iterations": 800, "lr": 0.1},
            "data": {"classes": [str(c) for c in range(classes)], "image_size": 16},
            "final": {"plain-20": {"train_error": plain}, "resnet-20": {"train_error": resnet}}}


@pytest.mark.parametrize("without, expected", [
    ((0.90, 0.89), "stuck"),      # at chance (0.9) within the margin
    ((0.95, 0.90), "stuck"),
    ((0.50, 0.40), "faster"),
    ((0.10, 0.40), "mixed"),       # a tie with the BN plain net: not lower
    ((0.05, 0.90), "mixed"),
    ((None, 0.40), "diverged"),
])
def test_the_bn_ablation_verdict_follows_the_numbers(without, expected):
    summary = bn_ablation(ablation_doc(0.10, 0.08), ablation_doc(*without))
    assert summary.verdict == expected
    assert summary.depth == 20 and summary.classes == 10 and summary.chance == pytest.approx(0.9)
    assert bn_ablation(ablation_doc(0.90, 0.08), ablation_doc(0.90, 0.90)).verdict == "mixed"  # a BN net stuck too


def test_the_shipped_bn_ablation_reads_as_stuck_without_bn():
    assert bn_ablation(*(load_run(BN_ABLATION[bn]) for bn in (True, False))).verdict == "stuck"
