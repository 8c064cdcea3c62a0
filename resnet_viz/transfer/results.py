"""Transfer run files: saving, reading, the shipped reference runs and what they say."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from resnet_viz.files import write_atomic
from resnet_viz.paths import REFERENCE_TRANSFER, runs_dir
from resnet_viz.train.runs import RunError, read_json_doc
from resnet_viz.transfer.config import FASHION_SPLIT, FORMAT, MODES, TransferError


def save_transfer_run(doc: dict[str, Any], path: str | os.PathLike) -> Path:
    """Write a transfer run document as JSON, atomically (:func:`resnet_viz.files.write_atomic`)."""
    return write_atomic(path, json.dumps(doc, indent=1, allow_nan=False).encode())


def transfer_dir() -> Path:
    """Where the app saves transfer runs and their checkpoints: ``<runs dir>/transfer`` (the Lab lists only the runs
    dir itself; the Inspector finds the checkpoints under it)."""
    return runs_dir() / "transfer"


def load_transfer_run(source: str | os.PathLike | bytes) -> dict[str, Any]:
    """Read and check a transfer run file (a path or its bytes); problems are one-line :class:`RunError` s."""
    return read_json_doc(source, FORMAT, ("config", "modes", "curves", "validation", "normalization", "classes"))


def transfer_runs(folder: str | os.PathLike | None = None) -> list[Path]:
    """The transfer run files in ``folder`` (default :func:`transfer_dir`), newest first."""
    folder = Path(folder) if folder is not None else transfer_dir()
    return sorted(folder.glob("[!.]*.json"), reverse=True) if folder.is_dir() else []


def reference_results(folder: str | os.PathLike | None = None) -> dict[int, dict[str, float]]:
    """The shipped reference runs of the offline default (``assets/transfer``, or ``folder``): for each number of
    images per class, every mode's validation accuracy. Only finished runs of the fashion split with all four modes
    count; a file that cannot be read is left out."""
    return {per_class: accuracy for per_class, (accuracy, _) in _references(folder).items()}


def reference_run(per_class: int, folder: str | os.PathLike | None = None) -> Path | None:
    """The shipped reference run with ``per_class`` images per class (the one :func:`reference_results` reads), or
    None."""
    found = _references(folder).get(per_class)
    return found[1] if found else None


def _references(folder: str | os.PathLike | None) -> dict[int, tuple[dict[str, float], Path]]:
    folder = Path(folder) if folder is not None else REFERENCE_TRANSFER
    found: dict[int, tuple[dict[str, float], Path]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            doc = load_transfer_run(path)
        except RunError:
            continue
        accuracy = {m: v.get("val_accuracy") for m, v in doc["modes"].items()}
        if (doc["data"].get("kind") == FASHION_SPLIT and doc["status"] == "done" and set(accuracy) == set(MODES)
                and None not in accuracy.values()):
            found[int(doc["config"]["per_class"])] = (accuracy, path)
    return found


def against_scratch(measured: dict[int, dict[str, float]]) -> dict[str, Any]:
    """What reference results (:func:`reference_results`, two sizes or more) say about the source's features: per
    mode, the gain over training from scratch in percentage points, at the fewest (``few``) and the most (``many``)
    images per class; ``frozen_behind`` lists the sizes (of those two) at which the frozen features with a new fc
    layer did not score above training from scratch by more than a point (one seed's noise: a near tie included)."""
    from resnet_viz.train.effects import SIGNAL

    if len(measured) < 2:
        raise ValueError("two reference runs (few and many images per class) are needed")
    few, many = min(measured), max(measured)
    gain = {size: {m: 100 * (measured[size][m] - measured[size]["scratch"]) for m in MODES if m != "scratch"}
            for size in (few, many)}
    return {"few": few, "many": many, "gain": gain,
            "frozen_behind": [size for size in (few, many) if gain[size]["fc"] <= SIGNAL]}


def normalization_cost(right: dict[str, Any], wrong: dict[str, Any]) -> dict[str, float]:
    """The preprocessing lesson, measured: per mode, the validation accuracy with the weights' own normalisation
    minus that with the wrong one. The two runs must differ in nothing else (:class:`TransferError` otherwise)."""
    a, b = dict(right["config"]), dict(wrong["config"])
    if right["normalization"]["kind"] != "weights" or wrong["normalization"]["kind"] != "wrong":
        raise TransferError("transfer.not_comparable", field="normalization")
    for key in sorted(set(a) | set(b)):
        if key not in ("wrong_normalization", "device", "threads") and a.get(key) != b.get(key):
            raise TransferError("transfer.not_comparable", field=key)
    return {m: right["modes"][m]["val_accuracy"] - wrong["modes"][m]["val_accuracy"] for m in right["modes"]
            if m in wrong["modes"] and None not in (right["modes"][m]["val_accuracy"],
                                                    wrong["modes"][m]["val_accuracy"])}
