"""The class board from real runs: a class experiment created on the command line, five small Classroom runs with
different seeds joined to it, the board's means and spreads equal to a direct computation from the run files, and
a run of another recipe refused and left out."""

from __future__ import annotations

import json

import numpy as np
import pytest

from resnet_viz.__main__ import main
from resnet_viz.train import classroom

SMALL = ["--preset", "classroom", "--depths", "8,14", "--width", "4", "--iterations", "12", "--log-every", "4",
         "--evals", "2", "--image-size", "12", "--threads", "1"]


@pytest.mark.slow  # five CLI trainings
def test_five_cli_runs_pool_into_the_board(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RESNET_VIZ_RUNS_DIR", str(tmp_path))
    assert main(["board", "create", *SMALL, "--label", "class 7B"]) == 0
    assignment = capsys.readouterr().out.strip()
    for seed in range(5):
        assert main(["train", *SMALL, "--seed", str(seed), "--assignment", assignment, "--quiet"]) == 0
    capsys.readouterr()
    other = [*SMALL[:5], "8", *SMALL[6:]]  # width 8: another recipe
    assert main(["train", *other, "--seed", "9", "--assignment", assignment, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "recipe differs" in err and "(width)" in err and err.count("\n") == 1  # refused, in one line
    main(["train", *other, "--seed", "9", "--quiet"])  # made anyway, untagged
    docs = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    assert len(docs) == 6

    board = classroom.board(assignment, root=tmp_path)
    mine = sorted((d for d in docs if d.get("assignment") == assignment), key=lambda d: d["config"]["seed"])
    assert board.seeds == [0, 1, 2, 3, 4] and len(mine) == 5
    for key in ("plain-14", "resnet-8"):
        values = np.array([d["curves"]["train_error"][key] for d in mine])
        series = board.curves["train_error"][key]
        np.testing.assert_allclose(series["mean"], values.mean(axis=0))
        np.testing.assert_allclose(series["std"], values.std(axis=0, ddof=1))
    for kind in ("plain", "resnet"):
        diffs = 100 * np.array([d["final"][f"{kind}-14"]["train_error"] - d["final"][f"{kind}-8"]["train_error"]
                                for d in mine])
        assert board.effects[kind]["mean"] == pytest.approx(diffs.mean())
        assert board.effects[kind]["std"] == pytest.approx(diffs.std(ddof=1)) and board.effects[kind]["n"] == 5

    assert main(["board", "show", assignment, "--csv", str(tmp_path / "board.csv")]) == 0
    shown = capsys.readouterr().out
    seeds = "plain-8 5, resnet-8 5, plain-14 5, resnet-14 5"
    assert f"class 7B: 5 done (seeds per network: {seeds}), 0 left out; complete" in shown
    assert f"plain-14 minus plain-8: {board.effects['plain']['mean']:+.1f}" in shown
    assert (tmp_path / "board.csv").read_text().startswith("assignment,metric,model,iteration,mean,std,n")


def test_a_board_that_does_not_exist_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RESNET_VIZ_RUNS_DIR", str(tmp_path))
    assert main(["board", "show", "abcdef12"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no class experiment 'abcdef12'" in err
    assert main(["train", *SMALL, "--assignment", "../etc", "--quiet"]) == 2
    assert "not an assignment id" in capsys.readouterr().err


def test_one_finished_run_is_shown_without_a_spread(tmp_path, monkeypatch, capsys):
    from resnet_viz.train.config import PRESETS
    from resnet_viz.train.runs import save_run
    from tests.test_classroom import run_doc

    monkeypatch.setenv("RESNET_VIZ_RUNS_DIR", str(tmp_path))
    a = classroom.create(PRESETS["classroom"].to_dict(), "7C", root=tmp_path)
    errors = {"plain-20": [0.6, 0.2], "plain-56": [0.7, 0.3], "resnet-20": [0.6, 0.2], "resnet-56": [0.6, 0.19]}
    save_run(run_doc(3, errors, {k: v[-1] for k, v in errors.items()}, a.id), tmp_path / "run-3.json")
    assert main(["board", "show", a.id]) == 0
    shown = capsys.readouterr().out
    assert "7C: 1 done (seeds per network: plain-20 1, resnet-20 1, plain-56 1, resnet-56 1), 0 left out\n" in shown
    assert "plain-56 minus plain-20: +10.0 points (n = 1)" in shown and "±" not in shown
