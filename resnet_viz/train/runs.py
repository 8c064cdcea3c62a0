"""Run files: one JSON document per training run (config, environment, curves), written atomically.

A run is recorded from the training engine's events (:class:`RunRecord`), saved under the runs directory
(``$RESNET_VIZ_RUNS_DIR``, default ``<repo>/runs``), listed beside the reference runs shipped in ``assets/runs``,
and exported as CSV (and PNG, through :mod:`resnet_viz.plots`). The Lab page and the command line write the same files.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from resnet_viz.errors import UserError
from resnet_viz.files import write_atomic
from resnet_viz.paths import REFERENCE_RUNS, runs_dir

FORMAT = "resnet-explorer-run/1"
MAX_GRAD_SNAPSHOTS = 64  # gradient-norm snapshots kept per run (thinned evenly as a long run goes on)


class RunError(UserError):
    """A run file that cannot be used; the message is one line meant for the user."""

    MESSAGES = {
        "run.missing": "no run file at {path}",
        "run.unreadable": "not a readable run file ({kind})",
        "run.not_run": "not a ResNet Explorer run file",
        "run.damaged": "the run file is damaged: no {key!r}",
    }


def _round(value: float | None, digits: int = 5) -> float | None:
    return None if value is None else float(f"{value:.{digits}g}")


class RunRecord:
    """A run's JSON document, built from the engine's events: ``record.add(event)`` for each, then :func:`save_run`.

    A network that diverged (its training loss became NaN or infinite) is listed in ``doc["diverged"]`` as
    ``{key: {"iteration": n, "reason": "nan_loss" | "inf_loss"}}``; its curves hold None from then on, and its
    ``final`` entry is ``{"train_error": None, "test_error": None, "diverged": True}``.
    """

    def __init__(self, label: str = "") -> None:
        now = dt.datetime.now(dt.timezone.utc)
        self._grad_stride = 1
        self._logs = 0
        self.doc: dict[str, Any] = {
            "format": FORMAT, "id": f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}", "label": label,
            "created": now.isoformat(timespec="seconds"), "status": "running",
            "config": {}, "departures": [], "environment": {}, "data": {}, "models": [],
            "curves": {"iteration": [], "epoch": [], "lr": [], "images_per_s": [], "elapsed_s": [],
                       "train_error": {}, "train_loss": {}},
            "test": {"iteration": [], "test_error": {}},
            "grad_norms": {"iteration": [], "values": {}},
            "progress": {"iteration": 0, "iterations": 0, "eta_s": None, "images_per_s": None, "elapsed_s": 0.0},
            "final": {}, "diverged": {}, "elapsed_s": None,
        }

    @property
    def filename(self) -> str:
        seed = self.doc["config"].get("seed", 0)
        return f"{self.doc['id']}-{self.doc['data'].get('dataset', 'run')}-seed{seed}.json"

    def add(self, event: dict[str, Any]) -> None:
        """Fold one engine event (``start``, ``log``, ``eval``, ``end``) into the document."""
        doc, kind = self.doc, event.get("type")
        if kind == "start":
            for key in ("config", "departures", "environment", "data", "models"):
                doc[key] = event[key]
            keys = [m["key"] for m in event["models"]]
            for series in (doc["curves"]["train_error"], doc["curves"]["train_loss"], doc["test"]["test_error"],
                           doc["grad_norms"]["values"]):
                series.update({k: [] for k in keys})
            doc["progress"]["iterations"] = event["config"]["iterations"]
        elif kind == "log":
            curves = doc["curves"]
            curves["iteration"].append(event["iteration"])
            curves["epoch"].append(_round(event["epoch"], 4))
            curves["lr"].append(_round(event["lr"]))
            curves["images_per_s"].append(_round(event["images_per_s"], 4))
            curves["elapsed_s"].append(_round(event["elapsed_s"], 4))
            for key, value in event["train_error"].items():
                curves["train_error"][key].append(_round(value))
                curves["train_loss"][key].append(_round(event["train_loss"][key]))
            self._add_grad_norms(event)
            doc["progress"].update(iteration=event["iteration"], eta_s=_round(event["eta_s"], 4),
                                   images_per_s=_round(event["images_per_s"], 4),
                                   elapsed_s=_round(event["elapsed_s"], 4))
        elif kind == "eval":
            doc["test"]["iteration"].append(event["iteration"])
            for key, value in event["test_error"].items():
                doc["test"]["test_error"][key].append(_round(value))
        elif kind == "diverged":
            doc["diverged"][event["key"]] = {"iteration": event["iteration"], "reason": event["reason"]}
        elif kind == "end":
            doc["status"] = event["status"]
            doc["elapsed_s"] = _round(event["elapsed_s"], 4)
            doc["final"] = {k: {m: v if isinstance(v, bool) else _round(v) for m, v in f.items()}
                            for k, f in event["final"].items()}
            doc["progress"].update(iteration=event["iteration"], eta_s=0.0)

    def _add_grad_norms(self, event: dict[str, Any]) -> None:
        """Keep at most MAX_GRAD_SNAPSHOTS snapshots, evenly spaced: when full, drop every other, double the stride."""
        self._logs += 1
        if (self._logs - 1) % self._grad_stride:
            return
        grads = self.doc["grad_norms"]
        grads["iteration"].append(event["iteration"])
        for key, values in event["grad_norms"].items():
            grads["values"][key].append([_round(v, 4) for v in values])
        if len(grads["iteration"]) > MAX_GRAD_SNAPSHOTS:
            grads["iteration"] = grads["iteration"][::2]
            grads["values"] = {k: v[::2] for k, v in grads["values"].items()}
            self._grad_stride *= 2

    def fail(self, message: str) -> None:
        self.doc["status"] = "failed"
        self.doc["error"] = message

    def snapshot(self) -> dict[str, Any]:
        """A copy for readers in other threads (the page), consistent at this moment."""
        return copy.deepcopy(self.doc)


# ---------------------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------------------


def save_run(doc: dict[str, Any], path: str | os.PathLike) -> Path:
    """Write ``doc`` as JSON atomically (:func:`resnet_viz.files.write_atomic`): a crash or a kill at any moment
    leaves either the previous file or the new one, never a mixture."""
    return write_atomic(path, json.dumps(doc, indent=1, allow_nan=False).encode())


def load_run(source: str | os.PathLike | bytes) -> dict[str, Any]:
    """Read and check a run file (a path or its bytes); any problem becomes a one-line :class:`RunError`."""
    return read_json_doc(source, FORMAT, ("models", "curves", "test", "config"))


def read_json_doc(source: str | os.PathLike | bytes, format: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """Read a JSON document of ``format`` that must hold ``keys`` (a path or its bytes); any problem becomes a
    one-line :class:`RunError`."""
    try:
        doc = json.loads(source if isinstance(source, bytes) else Path(source).read_bytes())
    except FileNotFoundError:
        raise RunError("run.missing", path=str(source)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise RunError("run.unreadable", kind=type(e).__name__) from None
    if not isinstance(doc, dict) or doc.get("format") != format:
        raise RunError("run.not_run")
    for key in keys:
        if key not in doc:
            raise RunError("run.damaged", key=key)
    return doc


def run_files(*folders: str | os.PathLike) -> list[tuple[Path, bool]]:
    """``(path, is_reference)`` of the run files in ``folders`` (default: the reference runs, then
    :func:`runs_dir`): reference runs by name, saved runs newest first (their names start with the time);
    temporary files (``.name.tmp``) are never listed."""
    folders = folders or (REFERENCE_RUNS, runs_dir())
    found = []
    for folder in map(Path, folders):
        if folder.is_dir():
            reference = folder.resolve() == REFERENCE_RUNS.resolve()
            files = sorted(folder.glob("[!.]*.json"), reverse=not reference)
            found.extend((path, reference) for path in files)
    return found


def list_runs(*folders: str | os.PathLike, load: Callable[[Path], dict[str, Any]] = load_run) -> list[dict[str, Any]]:
    """Summaries (:func:`summarize`) of the readable run files in ``folders`` (default: the reference runs, then
    :func:`runs_dir`); unreadable files are skipped. ``load`` reads one file (a page passes its cached reader)."""
    found = []
    for path, reference in run_files(*folders):
        try:
            found.append(summarize(load(path), path, reference))
        except RunError:
            continue
    return found


def summarize(doc: dict[str, Any], path: Path | None = None, reference: bool = False) -> dict[str, Any]:
    """One line's worth of a run: what, when, how far, the final errors."""
    cfg, data = doc.get("config", {}), doc.get("data", {})
    return {
        "path": str(path) if path else None, "id": doc.get("id"), "label": doc.get("label") or "",
        "created": doc.get("created"), "status": doc.get("status"), "reference": reference,
        "dataset": data.get("dataset", cfg.get("dataset")), "depths": cfg.get("depths", []),
        "iterations": doc.get("progress", {}).get("iteration"), "seed": cfg.get("seed"),
        "device": doc.get("environment", {}).get("device"), "elapsed_s": doc.get("elapsed_s"),
        "final": doc.get("final", {}),
    }


def depth_effects(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The differences the degradation lesson is about: for plain nets and for ResNets, the deepest net's final
    training error minus the shallowest's (``kind``, ``deep`` and ``shallow`` model keys, ``difference``; positive
    means the deeper net trains worse). Empty with one depth; a kind is left out where either error is missing."""
    depths = sorted(doc.get("config", {}).get("depths", []))
    final = doc.get("final", {})
    effects = []
    if len(depths) < 2:
        return effects
    for kind in ("plain", "resnet"):
        deep, shallow = f"{kind}-{depths[-1]}", f"{kind}-{depths[0]}"
        a, b = final.get(deep, {}).get("train_error"), final.get(shallow, {}).get("train_error")
        if a is not None and b is not None:
            effects.append({"kind": kind, "deep": deep, "shallow": shallow, "difference": a - b})
    return effects


# ---------------------------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------------------------

CSV_FIELDS = ["run", "model", "depth", "residual", "iteration", "metric", "value"]


def run_rows(doc: dict[str, Any], name: str | None = None) -> Iterable[dict[str, Any]]:
    """Long-format rows: one per (model, iteration, metric) for training error, training loss and test error."""
    name = name or doc.get("label") or doc.get("id")
    models = {m["key"]: m for m in doc["models"]}
    series = [("train_error", doc["curves"]["iteration"], doc["curves"]["train_error"]),
              ("train_loss", doc["curves"]["iteration"], doc["curves"]["train_loss"]),
              ("test_error", doc["test"]["iteration"], doc["test"]["test_error"])]
    for metric, iterations, values in series:
        for key, ys in values.items():
            for it, y in zip(iterations, ys):
                yield {"run": name, "model": key, "depth": models[key]["depth"], "residual": models[key]["residual"],
                       "iteration": it, "metric": metric, "value": y}


def runs_csv(docs: Iterable[dict[str, Any]]) -> str:
    """The curves of one or more runs as one CSV table (long format, one value per row)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for doc in docs:
        writer.writerows(run_rows(doc))
    return out.getvalue()
