"""The class experiment: assignments, the board's pooled curves and differences equal to a
direct computation from the run files, runs of another recipe or assignment left out; the run verdicts."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from resnet_viz.train import classroom
from resnet_viz.train.config import PRESETS
from resnet_viz.train.effects import verdict
from resnet_viz.train.runs import save_run


def run_doc(seed: int, errors: dict[str, list[float]], final: dict[str, float], assignment: str | None,
            config: dict | None = None, status: str = "done") -> dict:
    """A run document as the engine records it: two log points and one evaluation per network."""
    config = dict(config or PRESETS["classroom"].to_dict(), seed=seed)
    keys = list(errors)
    return {
        "format": "resnet-explorer-run/1", "id": f"run-{seed}", "status": status, "assignment": assignment,
        "config": config, "models": [{"key": k, "depth": int(k.split("-")[1]), "residual": k.startswith("resnet")}
                                     for k in keys],
        "curves": {"iteration": [10, 20], "train_error": errors},
        "test": {"iteration": [20], "test_error": {k: [v[-1] + 0.05] for k, v in errors.items()}},
        "final": {k: {"train_error": v, "test_error": v + 0.05} for k, v in final.items()},
    }


def five_runs(assignment: str) -> list[dict]:
    rng = np.random.default_rng(0)
    docs = []
    for seed in range(5):
        p20, p56, r20, r56 = rng.uniform(0.1, 0.5, 4)
        errors = {"plain-20": [0.6, p20], "plain-56": [0.8, p56], "resnet-20": [0.6, r20], "resnet-56": [0.6, r56]}
        docs.append(run_doc(seed, errors, {"plain-20": p20, "plain-56": p56, "resnet-20": r20, "resnet-56": r56},
                            assignment))
    return docs


def test_the_board_equals_a_direct_computation_and_keeps_other_runs_out(tmp_path):
    a = classroom.create(PRESETS["classroom"].to_dict(), "class 7B", root=tmp_path)
    mine = five_runs(a.id)
    other_recipe = run_doc(9, {"plain-20": [0.0, 0.0]}, {"plain-20": 0.0}, a.id,
                           config=dict(PRESETS["classroom"].to_dict(), width=16))
    other_assignment = five_runs("zzzzzz99")[0]
    still_running = copy.deepcopy(mine[0]) | {"status": "running", "id": "run-live"}
    board = classroom.pool(a, mine + [other_recipe, other_assignment, still_running])
    assert len(board.runs) == 5 and board.seeds == [0, 1, 2, 3, 4] and board.complete
    assert board.left_out == 1 and board.running == 1
    values = np.array([d["curves"]["train_error"]["plain-56"] for d in mine])
    series = board.curves["train_error"]["plain-56"]
    assert series["iteration"] == [10, 20] and series["n"] == [5, 5]
    np.testing.assert_allclose(series["mean"], values.mean(axis=0))
    np.testing.assert_allclose(series["std"], values.std(axis=0, ddof=1))
    for kind, deep, shallow in (("plain", "plain-56", "plain-20"), ("resnet", "resnet-56", "resnet-20")):
        diffs = 100 * np.array([d["final"][deep]["train_error"] - d["final"][shallow]["train_error"] for d in mine])
        effect = board.effects[kind]
        assert effect["n"] == 5 and (effect["deep"], effect["shallow"]) == (deep, shallow)
        assert effect["mean"] == pytest.approx(diffs.mean()) and effect["std"] == pytest.approx(diffs.std(ddof=1))
    csv = classroom.board_csv(board).splitlines()
    assert csv[0] == "assignment,metric,model,iteration,mean,std,n" and len(csv) == 1 + 4 * 2 + 4 * 1


def test_runs_on_the_server_are_found_by_their_tag(tmp_path):
    a = classroom.create(PRESETS["classroom"].to_dict(), root=tmp_path)
    for doc in five_runs(a.id) + five_runs("zzzzzz99")[:2]:
        save_run(doc, tmp_path / f"{doc['assignment']}-{doc['id']}.json")
    board = classroom.board(a.id, root=tmp_path)
    assert len(board.runs) == 5 and board.left_out == 0


def test_recipes_and_bad_ids():
    config = PRESETS["classroom"].to_dict()
    a = classroom.Assignment("abcdef12", "", classroom.recipe(config), "now")
    classroom.check_recipe(a, dict(config, seed=5, device="cuda", threads=1))  # machine settings do not matter
    with pytest.raises(classroom.AssignmentError, match="width"):
        classroom.check_recipe(a, dict(config, width=16))
    for bad in ("../../etc", "ABC", "x" * 40, None):
        with pytest.raises(classroom.AssignmentError, match="not an assignment id"):
            classroom.load(bad)
    with pytest.raises(classroom.AssignmentError, match="no class experiment"):
        classroom.load("abcdef99")


@pytest.mark.parametrize("plain, resnet, expected", [
    ((0.30, 0.60), (0.10, 0.08), {"plain": "degrades", "resnet": "lower"}),  # two points below
    ((0.30, 0.60), (0.10, 0.10), {"plain": "degrades", "resnet": "too_close"}),  # level: one seed can't tell
    ((0.30, 0.60), (0.10, 0.095), {"plain": "degrades", "resnet": "too_close"}),  # half a point below: neither
    ((0.30, 0.60), (0.10, 0.15), {"plain": "degrades", "resnet": "close"}),
    ((0.30, 0.32), (0.10, 0.15), {"plain": "degrades", "resnet": "higher"}),
    ((0.30, 0.28), (0.10, 0.12), {"plain": "no_degradation", "resnet": "higher"}),
    ((0.30, 0.305), (0.10, 0.101), {"plain": "too_close", "resnet": "too_close"}),  # half a point: one seed can't tell
    ((0.30, 0.295), (0.10, 0.07), {"plain": "too_close", "resnet": "lower"}),
    ((0.30, 0.40), (0.10, 0.15), {"plain": "degrades", "resnet": "close"}),  # exactly half the plain gap
    ((0.30, 0.40), (0.10, 0.16), {"plain": "degrades", "resnet": "higher"}),  # less than the gap, but not "far less"
])
def test_the_verdict_reads_the_differences_as_the_paper_does(plain, resnet, expected):
    doc = run_doc(0, {}, {"plain-20": plain[0], "plain-56": plain[1], "resnet-20": resnet[0],
                          "resnet-56": resnet[1]}, None, config=dict(PRESETS["classroom"].to_dict()))
    result = verdict(doc)
    assert {k: result[k] for k in ("plain", "resnet")} == expected
    assert result["plain_diff"] == pytest.approx(100 * (plain[1] - plain[0]))
    assert verdict(run_doc(0, {}, {"plain-20": 0.1}, None, config=dict(PRESETS["classroom"].to_dict(),
                                                                          depths=[20]))) == {}


def test_the_lessons_class_answer_names_the_depths_compared_and_no_spread_for_one_run(tmp_path):
    from resnet_viz.i18n import Translator
    from resnet_viz.lesson import class_degradation

    recipe = dict(PRESETS["classroom"].to_dict(), depths=[20, 32])
    a = classroom.create(recipe, "7B", root=tmp_path)
    errors = {"plain-20": [0.6, 0.2], "plain-32": [0.7, 0.3], "resnet-20": [0.6, 0.2], "resnet-32": [0.6, 0.19]}
    final = {k: v[-1] for k, v in errors.items()}
    save_run(run_doc(0, errors, final, a.id, config=recipe), tmp_path / "run-0.json")
    found = class_degradation(tmp_path)
    assert (found["deep"], found["shallow"], found["n"]) == ("plain-32", "plain-20", 1)
    assert found["plain_mean"] == pytest.approx(10.0)
    text = Translator("en")("lesson.live.answer_board_one", **{**found, "deep": "plain-32", "shallow": "plain-20"})
    assert "plain-32 minus that of plain-20 was +10.0 points" in text and "±" not in text

    save_run(run_doc(1, errors, dict(final, **{"plain-32": 0.4}), a.id, config=recipe), tmp_path / "run-1.json")
    found = class_degradation(tmp_path)
    assert found["n"] == 2 and found["plain_mean"] == pytest.approx(15.0)
    assert found["plain_std"] == pytest.approx(np.std([10.0, 20.0], ddof=1))


def test_the_lessons_reference_answer_follows_the_runs_numbers(tmp_path):
    """Lesson steps 1-2 read one seed: 'worse' only when its deeper plain net ends higher, and the worst net named
    with its own error, whichever it is."""
    import json

    from resnet_viz.lesson import REFERENCE_RUN, reference_degradation

    shipped = reference_degradation()
    deep, shallow = f"plain-{shipped['deep']}", f"plain-{shipped['shallow']}"
    assert shipped["verdict"] == "worse" and shipped["plain_diff"] > 1  # the shipped seed degrades clearly
    doc = json.loads(REFERENCE_RUN.read_text())
    doc["final"][deep]["train_error"], doc["final"][shallow]["train_error"] = 0.05, 0.5  # the deeper plain net wins
    (tmp_path / "run.json").write_text(json.dumps(doc))
    flipped = reference_degradation(tmp_path / "run.json")
    assert flipped["verdict"] == "not_worse" and flipped["plain_diff"] < 0 and flipped["worst"] == shallow
    doc["final"][deep]["train_error"] = 0.505  # half a point: one seed cannot tell
    (tmp_path / "run.json").write_text(json.dumps(doc))
    assert reference_degradation(tmp_path / "run.json")["verdict"] == "too_close"


def test_a_run_file_without_the_batch_norm_key_has_the_recipe_of_one_with_bn(tmp_path):
    config = PRESETS["classroom"].to_dict()
    old = {k: v for k, v in config.items() if k != "batch_norm"}  # written before the option
    assert classroom.recipe(old) == classroom.recipe(config)
    assert classroom.recipe(dict(config, batch_norm=False)) != classroom.recipe(config)
    made = classroom.create(old, root=tmp_path)
    made.recipe.pop("batch_norm")  # an assignment saved before the option
    classroom.save(made, tmp_path)
    loaded = classroom.load(made.id, tmp_path)
    classroom.check_recipe(loaded, config)
    with pytest.raises(classroom.AssignmentError, match="batch_norm"):
        classroom.check_recipe(loaded, dict(config, batch_norm=False))


@pytest.mark.parametrize("r56, behind", [(None, None), (0.20, None), (0.21, None), (0.2101, 1.01), (0.29, 9.0),
                                         (0.10, None)])
def test_the_board_says_when_the_resnets_had_not_caught_up(tmp_path, r56, behind):
    a = classroom.create(PRESETS["classroom"].to_dict(), root=tmp_path)
    finals = {"plain-20": 0.2, "plain-56": 0.5, "resnet-20": 0.2}
    if r56 is not None:
        finals["resnet-56"] = r56
    docs = [run_doc(seed, {k: [0.6, v] for k, v in finals.items()}, finals, a.id) for seed in range(2)]
    said = classroom.resnets_behind(classroom.pool(a, docs))
    if behind is None:  # no ResNet pair, level, within a point (one seed's noise), or ahead
        assert said is None
    else:
        assert said["gap"] == pytest.approx(behind) and said["n"] == 2
        assert said["iterations"] == a.recipe["iterations"] and said["paper"] == 64_000
