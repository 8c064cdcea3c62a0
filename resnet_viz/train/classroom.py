"""The class experiment: a teacher's assignment (one recipe, one seed per student), and the class board that pools
its runs into one Figure 6 — mean curves with the spread across seeds, and the deep-minus-shallow differences as
mean ± std over the runs.

An assignment is a small JSON file in ``<runs dir>/assignments/<id>.json``: its recipe (a training config without
the seed and the machine settings), its budget (the class size and minutes the recipe was sized for, and the
networks of a student's part: :mod:`resnet_viz.train.parts`) and whether the teacher has stopped it. A run belongs to an
assignment when its run file says so (``doc["assignment"]``: the students' parts, saved in
``<runs dir>/assignments/<id>/``, and whole runs of ``python -m resnet_viz train --assignment ID``) **and** its recipe
is the assignment's: a run of another assignment, or of a changed recipe, is never pooled. The board pools one curve
per network and seed, whichever run trained it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import math
import re
import secrets
from pathlib import Path
from typing import Any

from resnet_viz.errors import UserError
from resnet_viz.files import write_atomic
from resnet_viz.paths import runs_dir
from resnet_viz.train.config import RECIPE_DEFAULTS, network_keys
from resnet_viz.train.runs import depth_effects, list_runs, load_run

# Settings that do not change what is learned: a run with other values still belongs to the same experiment.
NOT_RECIPE = ("seed", "networks", "device", "threads", "data_dir", "download", "engine", "graphs")
BOARD_SEEDS = 5  # seeds of every network before the board is complete: a mean, and a spread worth the name
ID_LENGTH = (6, 16)  # an assignment id: this many lowercase letters and digits
_ID = re.compile(rf"[a-z0-9]{{{ID_LENGTH[0]},{ID_LENGTH[1]}}}")


class AssignmentError(UserError):
    """An assignment that cannot be used; the message is one line meant for the user."""

    MESSAGES = {
        "assignment.bad_id": "{id!r} is not an assignment id ({shortest} to {longest} lowercase letters and digits)",
        "assignment.missing": "there is no class experiment {id!r} on this server",
        "assignment.damaged": "the class experiment {id!r} is damaged ({detail})",
        "assignment.stopped": "the class experiment {id!r} has been stopped by the teacher",
        "assignment.recipe": "this run's recipe differs from the class experiment's ({fields}); use the same settings "
                             "with another seed",
    }


def networks_of(recipe: dict[str, Any]) -> list[str]:
    """A seed's networks in the order parts take them: each depth's plain net, then its ResNet, shallowest first."""
    return network_keys(sorted(recipe.get("depths", [])))


def recipe(config: dict[str, Any]) -> dict[str, Any]:
    """What makes runs comparable: the training config without the seed and the machine settings; keys added since
    older run files were written are filled in with the value those runs trained with (config.RECIPE_DEFAULTS)."""
    return {k: v for k, v in sorted({**RECIPE_DEFAULTS, **config}.items()) if k not in NOT_RECIPE}


@dataclasses.dataclass
class Assignment:
    id: str
    label: str
    recipe: dict[str, Any]
    created: str
    budget: dict[str, Any] = dataclasses.field(default_factory=dict)  # resnet_viz.train.parts.size_iterations
    stopped: bool = False  # by the teacher: no part is handed out any more

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def networks(self) -> list[str]:
        """A seed's networks (:func:`networks_of` its recipe)."""
        return networks_of(self.recipe)

    @property
    def part_size(self) -> int:
        """Networks in a student's part (a whole seed for an assignment made before parts)."""
        return int(self.budget.get("part_size") or len(self.networks))


def assignments_dir(root: Path | None = None) -> Path:
    return (root or runs_dir()) / "assignments"


def _path(assignment_id: str, root: Path | None) -> Path:
    if not isinstance(assignment_id, str) or not _ID.fullmatch(assignment_id):
        raise AssignmentError("assignment.bad_id", id=str(assignment_id)[:40], shortest=ID_LENGTH[0],
                             longest=ID_LENGTH[1])
    return assignments_dir(root) / f"{assignment_id}.json"


def create(config: dict[str, Any], label: str = "", root: Path | None = None,
           budget: dict[str, Any] | None = None) -> Assignment:
    """A new assignment for ``config``'s recipe (sized already, see :mod:`resnet_viz.train.parts`), saved."""
    created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    assignment = Assignment(secrets.token_hex(4), label, recipe(config), created, budget=dict(budget or {}))
    save(assignment, root)
    return assignment


def save(assignment: Assignment, root: Path | None = None) -> Path:
    return write_atomic(_path(assignment.id, root), json.dumps(assignment.to_dict(), indent=1).encode())


def load(assignment_id: str, root: Path | None = None) -> Assignment:
    path = _path(assignment_id, root)
    try:
        data = json.loads(path.read_text())
        assignment = Assignment(**{f.name: data[f.name] for f in dataclasses.fields(Assignment) if f.name in data})
        assignment.recipe = recipe(assignment.recipe)  # an older assignment's recipe lacks keys added since
        return assignment
    except FileNotFoundError:
        raise AssignmentError("assignment.missing", id=assignment_id) from None
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise AssignmentError("assignment.damaged", id=assignment_id, detail=type(e).__name__) from None


def list_assignments(root: Path | None = None) -> list[Assignment]:
    """The class experiments on this server, newest first; damaged files are left out."""
    found = []
    folder = assignments_dir(root)
    for path in sorted(folder.glob("[!.]*.json")) if folder.is_dir() else []:
        try:
            found.append(load(path.stem, root))
        except AssignmentError:
            continue
    return sorted(found, key=lambda a: a.created, reverse=True)


def parts_dir(assignment_id: str, root: Path | None = None) -> Path:
    """Where the students' parts of an assignment are saved (out of the Lab's list of runs)."""
    return _path(assignment_id, root).with_suffix("")


def part_docs(assignment_id: str, root: Path | None = None) -> list[dict[str, Any]]:
    """The saved parts of an assignment (unreadable files left out)."""
    docs = []
    for summary in list_runs(parts_dir(assignment_id, root)):
        try:
            docs.append(load_run(summary["path"]))
        except UserError:
            continue
    return docs


def _tagged_docs(assignment_id: str, root: Path | None) -> list[dict[str, Any]]:
    docs = part_docs(assignment_id, root)
    for summary in list_runs(root or runs_dir()):
        try:
            doc = load_run(summary["path"])
        except UserError:
            continue
        if doc.get("assignment") == assignment_id:
            docs.append(doc)
    return docs


def check_recipe(assignment: Assignment, config: dict[str, Any]) -> None:
    """Raise :class:`AssignmentError` naming the fields where ``config`` is not the assignment's recipe."""
    mine = recipe(config)
    fields = sorted(k for k in set(mine) | set(assignment.recipe) if mine.get(k) != assignment.recipe.get(k))
    if fields:
        raise AssignmentError("assignment.recipe", fields=", ".join(fields))


# ---------------------------------------------------------------------------------------------------------------
# The board
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Board:
    """The pooled runs of one assignment. ``curves[metric][model]`` holds, per iteration, the mean, the std and
    the number of seeds; ``effects[kind]`` the deep-minus-shallow differences (percentage points) over the seeds
    that trained both networks; ``seeds_of[model]`` the seeds pooled for each network; ``parts`` how many parts
    (or whole runs) are done, running and waiting."""

    assignment: Assignment
    runs: list[dict[str, Any]]  # the finished runs pooled (parts or whole runs)
    left_out: int  # runs tagged with this assignment whose recipe differs
    curves: dict[str, dict[str, dict[str, list[float]]]]
    effects: dict[str, dict[str, Any]]
    models: list[dict[str, Any]]
    seeds_of: dict[str, list[int]]
    parts: dict[str, int]

    @property
    def seeds(self) -> list[int]:
        """The seeds with every network trained."""
        sets = [set(self.seeds_of.get(key, ())) for key in self.assignment.networks]
        return sorted(set.intersection(*sets)) if sets else []

    @property
    def complete(self) -> bool:
        """Every network with at least :data:`BOARD_SEEDS` seeds."""
        return all(len(self.seeds_of.get(key, ())) >= BOARD_SEEDS for key in self.assignment.networks)

    @property
    def running(self) -> int:
        return self.parts["running"]


def mean_std(values: list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for a single value)."""
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return mean, std


def pool(assignment: Assignment, docs: list[dict[str, Any]], live: dict[str, int] | None = None) -> Board:
    """Pool the finished runs of ``docs`` that belong to ``assignment`` (tag and recipe): one curve per network and
    seed (the first run that trained it, in seed and part order). ``live``: the class engine's counts of parts
    running and waiting (else the runs' own status)."""
    mine = [d for d in docs if d.get("assignment") == assignment.id]
    matching = [d for d in mine if recipe(d.get("config", {})) == assignment.recipe]
    order = lambda d: (d["config"].get("seed", 0), d.get("part", -1), d.get("id", ""))  # noqa: E731
    finished = sorted((d for d in matching if d.get("status") == "done"), key=order)
    owner: dict[tuple[str, int], dict[str, Any]] = {}  # (network, seed) -> the run whose curve is pooled
    for d in finished:
        for m in d.get("models", []):
            owner.setdefault((m["key"], d["config"].get("seed", 0)), d)
    used = [d for d in finished if any(o is d for o in owner.values())]
    runs_of: dict[str, list[dict[str, Any]]] = {}  # network -> the runs pooled for it, in seed order
    for (key, _), d in sorted(owner.items(), key=lambda item: item[0][1]):
        runs_of.setdefault(key, []).append(d)
    curves: dict[str, dict[str, dict[str, list[float]]]] = {}
    for metric, iterations_of, values_of in (
            ("train_error", lambda d: d["curves"]["iteration"], lambda d: d["curves"]["train_error"]),
            ("test_error", lambda d: d["test"]["iteration"], lambda d: d["test"]["test_error"])):
        curves[metric] = {}
        for key in sorted(runs_of):
            by_iteration: dict[int, list[float]] = {}
            for d in runs_of[key]:
                for it, v in zip(iterations_of(d), values_of(d).get(key, [])):
                    if v is not None:
                        by_iteration.setdefault(it, []).append(v)
            its = sorted(by_iteration)
            stats = [mean_std(by_iteration[it]) for it in its]
            curves[metric][key] = {"iteration": its, "mean": [m for m, _ in stats], "std": [s for _, s in stats],
                                   "n": [len(by_iteration[it]) for it in its]}
    seeds_of: dict[str, list[int]] = {}
    finals: dict[int, dict[str, Any]] = {}
    for (key, seed), d in owner.items():
        seeds_of.setdefault(key, []).append(seed)
        finals.setdefault(seed, {})[key] = d.get("final", {}).get(key, {})
    effects: dict[str, dict[str, Any]] = {}
    for seed in sorted(finals):
        for e in depth_effects({"config": {"depths": assignment.recipe.get("depths", [])}, "final": finals[seed]}):
            entry = effects.setdefault(e["kind"], {"deep": e["deep"], "shallow": e["shallow"], "values": []})
            entry["values"].append(100 * e["difference"])
    for entry in effects.values():
        entry["mean"], entry["std"] = mean_std(entry["values"])
        entry["n"] = len(entry["values"])
    models = {}
    for d in used:
        for m in d.get("models", []):
            models.setdefault(m["key"], m)
    parts = {"done": len(used), "running": sum(d.get("status") == "running" for d in matching), "waiting": 0}
    if live is not None:
        parts.update(running=live["running"], waiting=live["waiting"])
    return Board(assignment, used, len(mine) - len(matching), curves, effects,
                 [models[k] for k in assignment.networks if k in models], {k: sorted(v) for k, v in seeds_of.items()},
                 parts)


def board(assignment_id: str, root: Path | None = None, live: dict[str, int] | None = None) -> Board:
    """The board of an assignment on this server (runs from ``root``, default the runs folder; ``live``: the class
    engine's counts)."""
    assignment = load(assignment_id, root)
    return pool(assignment, _tagged_docs(assignment_id, root), live)


def resnets_behind(b: Board) -> dict[str, Any] | None:
    """Where the deeper ResNet still ends more than :data:`~resnet_viz.train.effects.SIGNAL` points of final training
    error above the shallower one on the mean over the board's seeds: the ResNets had not caught up in the
    assignment's iterations (after the paper's 64k, Figure 6 middle, the deeper ResNets end lower). ``gap`` (points),
    ``n`` (seeds) and ``iterations``; None where they have caught up, the board has no ResNet pair yet, or the run
    is as long as the paper's."""
    from resnet_viz.train.config import PAPER
    from resnet_viz.train.effects import SIGNAL

    e = b.effects.get("resnet")
    if not e or e["mean"] <= SIGNAL or b.assignment.recipe.get("iterations", 0) >= PAPER.iterations:
        return None  # level or ahead, or as long as the paper's run: "not caught up yet" would not be the reason
    return {"gap": e["mean"], "n": e["n"], "iterations": b.assignment.recipe.get("iterations"),
            "paper": PAPER.iterations}


def board_csv(b: Board) -> str:
    """The pooled curves as CSV, long format: metric, model, iteration, mean, std, n."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["assignment", "metric", "model", "iteration", "mean", "std", "n"])
    for metric, models in b.curves.items():
        for key, series in models.items():
            for it, m, s, n in zip(series["iteration"], series["mean"], series["std"], series["n"]):
                writer.writerow([b.assignment.id, metric, key, it, f"{m:.6g}", f"{s:.6g}", n])
    return out.getvalue()
