"""``python -m resnet_viz train``: in-process, and as two processes under torchrun (DistributedDataParallel, gloo)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from resnet_viz.__main__ import main
from resnet_viz.cli.train import print_event, print_summary
from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.train.runs import load_run

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--depths", "8", "--width", "4", "--iterations", "4", "--train-size", "256", "--test-size", "64",
        "--batch-size", "32", "--log-every", "2", "--evals", "1", "--seed", "5"]


def test_train_writes_a_run_file_checkpoints_and_prints_progress(tmp_path, capsys):
    out = tmp_path / "run.json"
    code = main(["train", *TINY, "--threads", "1", "--out", str(out), "--save-checkpoints", str(tmp_path / "ck"),
                 "--label", "cli"])
    printed = capsys.readouterr().out
    assert code == 0
    doc = load_run(out)
    assert doc["label"] == "cli" and doc["status"] == "done" and doc["config"]["seed"] == 5
    assert doc["config"]["depths"] == [8] and doc["curves"]["iteration"] == [2, 4]
    assert doc["environment"]["processes"] == 1
    assert "it      2/4" in printed and "test err" in printed and f"run file: {out}" in printed
    assert "changed from the paper, for every network: width 16 -> 4" in printed
    _, meta = load_checkpoint(tmp_path / "ck" / "fashion-mnist-sample_plain8.pt")
    assert meta["architecture"]["residual"] is False and meta["run"] == doc["id"]


def test_the_engine_is_chosen_on_the_command_line_and_printed(tmp_path, capsys):
    out = tmp_path / "run.json"
    assert main(["train", *TINY, "--threads", "1", "--engine", "stacked", "--graphs", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    env = load_run(out)["environment"]
    assert env["engine"] == "stacked" and env["engine_note"] == "graph capture needs CUDA, not cpu: ran without it"
    assert "engine: stacked (graph capture needs CUDA, not cpu: ran without it)" in printed.splitlines()


def test_a_diverged_network_is_one_line_in_the_progress_and_in_the_summary(capsys):
    print_event({"type": "diverged", "key": "plain-56", "iteration": 1200, "reason": "nan_loss"}, 64000)
    print_summary({
        "status": "done", "progress": {"iteration": 64000}, "elapsed_s": 61.0,
        "config": {"final_window": 0.1, "depths": [20, 56]},
        "final": {"plain-56": {"train_error": None, "test_error": None, "diverged": True},
                  "resnet-56": {"train_error": 0.012, "test_error": 0.071}},
        "diverged": {"plain-56": {"iteration": 1200, "reason": "nan_loss"}},
    })
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "it   1200/64000  plain-56 diverged: its loss became NaN; stopped, the other networks go on"
    assert "plain-56      diverged at iteration 1200 (its loss became NaN)" in lines
    assert "resnet-56              0.012     0.071" in lines


def test_problems_are_one_line_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RESNET_VIZ_DATA_DIR", str(tmp_path / "nothing"))
    assert main(["train", *TINY, "--dataset", "cifar10", "--data-dir", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: CIFAR-10") and str(tmp_path / "empty") in err and err.count("\n") == 1
    assert main(["train", "--depths", "20,21"]) == 2
    assert "6n+2" in capsys.readouterr().err


@pytest.mark.slow
def test_two_processes_under_torchrun_write_one_valid_run_file(tmp_path):
    out = tmp_path / "ddp.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
         "-m", "resnet_viz", "train", *TINY, "--device", "cpu", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = load_run(out)
    assert doc["status"] == "done" and doc["environment"]["processes"] == 2
    assert doc["curves"]["iteration"] == [2, 4] and set(doc["final"]) == {"plain-8", "resnet-8"}
    assert all(0 <= f["test_error"] <= 1 for f in doc["final"].values())
    assert proc.stdout.count("run file:") == 1  # rank 0 alone reports and writes
