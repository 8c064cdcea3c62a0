"""The class experiment: a teacher's assignment (one recipe, one seed per student), and the class board that pools
its runs into one Figure 6 — mean curves with the spread across seeds, and the deep-minus-shallow differences as
mean ± std over the runs.

An assignment is a small JSON file in ``<runs dir>/assignments/<id>.json``: its recipe (a training config without
the seed and the machine settings) and the seeds handed out. A run belongs to an assignment when its run file says
so (``doc["assignment"]``, written by the Lab and by ``python -m resnet_viz train --assignment ID``) **and** its
recipe is the assignment's: a run of another assignment, or of a changed recipe, is never pooled.
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
import threading
from pathlib import Path
from typing import Any

from resnet_viz.errors import UserError
from resnet_viz.files import write_atomic
from resnet_viz.paths import runs_dir
from resnet_viz.train.runs import depth_effects, list_runs, load_run

# Settings that do not change what is learned: a run with other values still belongs to the same experiment.
NOT_RECIPE = ("seed", "device", "threads", "data_dir", "download", "engine", "graphs")
_ID = re.compile(r"[a-z0-9]{6,16}")
_claims = threading.Lock()  # the server hands out seeds to many browsers at once


class AssignmentError(UserError):
    """An assignment that cannot be used; the message is one line meant for the user."""

    MESSAGES = {
        "assignment.bad_id": "{id!r} is not an assignment id (6 to 16 lowercase letters and digits)",
        "assignment.missing": "there is no class experiment {id!r} on this server",
        "assignment.damaged": "the class experiment {id!r} is damaged ({detail})",
        "assignment.recipe": "this run's recipe differs from the class experiment's ({fields}); use the same settings "
                             "with another seed",
    }


def recipe(config: dict[str, Any]) -> dict[str, Any]:
    """What makes runs comparable: the training config without the seed and the machine settings."""
    return {k: v for k, v in sorted(config.items()) if k not in NOT_RECIPE}


@dataclasses.dataclass
class Assignment:
    id: str
    label: str
    recipe: dict[str, Any]
    created: str
    seeds: list[int] = dataclasses.field(default_factory=list)  # handed out so far

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def assignments_dir(root: Path | None = None) -> Path:
    return (root or runs_dir()) / "assignments"


def _path(assignment_id: str, root: Path | None) -> Path:
    if not isinstance(assignment_id, str) or not _ID.fullmatch(assignment_id):
        raise AssignmentError("assignment.bad_id", id=str(assignment_id)[:40])
    return assignments_dir(root) / f"{assignment_id}.json"


def create(config: dict[str, Any], label: str = "", root: Path | None = None) -> Assignment:
    """A new assignment for ``config``'s recipe, saved on the server."""
    created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    assignment = Assignment(secrets.token_hex(4), label, recipe(config), created)
    save(assignment, root)
    return assignment


def save(assignment: Assignment, root: Path | None = None) -> Path:
    return write_atomic(_path(assignment.id, root), json.dumps(assignment.to_dict(), indent=1).encode())


def load(assignment_id: str, root: Path | None = None) -> Assignment:
    path = _path(assignment_id, root)
    try:
        data = json.loads(path.read_text())
        return Assignment(**{f.name: data[f.name] for f in dataclasses.fields(Assignment) if f.name in data})
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


def claim_seed(assignment_id: str, root: Path | None = None) -> int:
    """The next seed nobody has had yet (0, 1, 2, ...), recorded so that two students never get the same one."""
    with _claims:
        assignment = load(assignment_id, root)
        used = set(assignment.seeds) | {run_seed for run_seed in _tagged_seeds(assignment_id, root)}
        seed = next(s for s in range(len(used) + 1) if s not in used)
        assignment.seeds.append(seed)
        save(assignment, root)
        return seed


def _tagged_seeds(assignment_id: str, root: Path | None) -> list[int]:
    return [doc["config"].get("seed", 0) for doc in _tagged_docs(assignment_id, root)]


def _tagged_docs(assignment_id: str, root: Path | None) -> list[dict[str, Any]]:
    docs = []
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
    the number of runs; ``effects[kind]`` the deep-minus-shallow differences (percentage points) over the runs."""

    assignment: Assignment
    runs: list[dict[str, Any]]  # the finished runs pooled
    running: int  # runs of this assignment still training
    left_out: int  # runs tagged with this assignment whose recipe differs
    curves: dict[str, dict[str, dict[str, list[float]]]]
    effects: dict[str, dict[str, Any]]
    models: list[dict[str, Any]]

    @property
    def seeds(self) -> list[int]:
        return sorted(doc["config"].get("seed", 0) for doc in self.runs)


def mean_std(values: list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for a single value)."""
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return mean, std


def pool(assignment: Assignment, docs: list[dict[str, Any]]) -> Board:
    """Pool the finished runs of ``docs`` that belong to ``assignment`` (tag and recipe)."""
    mine = [d for d in docs if d.get("assignment") == assignment.id]
    matching = [d for d in mine if recipe(d.get("config", {})) == assignment.recipe]
    finished = sorted((d for d in matching if d.get("status") == "done"), key=lambda d: d["config"].get("seed", 0))
    running = sum(d.get("status") == "running" for d in matching)
    curves: dict[str, dict[str, dict[str, list[float]]]] = {}
    for metric, iterations_of, values_of in (
            ("train_error", lambda d: d["curves"]["iteration"], lambda d: d["curves"]["train_error"]),
            ("test_error", lambda d: d["test"]["iteration"], lambda d: d["test"]["test_error"])):
        curves[metric] = {}
        keys = sorted({k for d in finished for k in values_of(d)})
        for key in keys:
            by_iteration: dict[int, list[float]] = {}
            for d in finished:
                for it, v in zip(iterations_of(d), values_of(d).get(key, [])):
                    if v is not None:
                        by_iteration.setdefault(it, []).append(v)
            its = sorted(by_iteration)
            stats = [mean_std(by_iteration[it]) for it in its]
            curves[metric][key] = {"iteration": its, "mean": [m for m, _ in stats], "std": [s for _, s in stats],
                                   "n": [len(by_iteration[it]) for it in its]}
    effects: dict[str, dict[str, Any]] = {}
    for d in finished:
        for e in depth_effects(d):
            entry = effects.setdefault(e["kind"], {"deep": e["deep"], "shallow": e["shallow"], "values": []})
            entry["values"].append(100 * e["difference"])
    for entry in effects.values():
        entry["mean"], entry["std"] = mean_std(entry["values"])
        entry["n"] = len(entry["values"])
    models = finished[0]["models"] if finished else []
    return Board(assignment, finished, running, len(mine) - len(matching), curves, effects, models)


def board(assignment_id: str, root: Path | None = None) -> Board:
    """The board of an assignment on this server (runs from ``root``, default the runs folder)."""
    assignment = load(assignment_id, root)
    return pool(assignment, _tagged_docs(assignment_id, root))


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
