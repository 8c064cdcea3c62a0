"""Trained models on disk: a state dict plus the metadata needed to rebuild, label and feed the model.

Every load goes through ``torch.load(..., weights_only=True)``: a checkpoint is data, never code.
"""

from __future__ import annotations

import io
import os
import pickle
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

import torch
from torch import nn

from resnet_viz.errors import Phrase, UserError, first_line
from resnet_viz.files import atomic_file
from resnet_viz.nets.models import build_model, parse_name

FORMAT = "resnet-explorer-checkpoint/1"
MAX_WEIGHTS_BYTES = 1 << 30  # a weights file read from a path on the server (resnet152's is 230 MB)


class CheckpointError(UserError):
    """A weights file that cannot be used; the message is one line meant for the user."""

    MESSAGES = {
        "checkpoint.missing": "no weights file at {path}",
        "checkpoint.too_big": "the file is {size_mb:.0f} MB; weights files are limited to {limit_mb:.0f} MB",
        "checkpoint.empty": "the weights file is empty",
        "checkpoint.not_torch": "not a PyTorch weights file (torch.save writes a zip archive; this is something else)",
        "checkpoint.unsafe": "refused to load: the file holds more than plain weights ({detail})",
        "checkpoint.unreadable": "not a PyTorch weights file ({kind})",
        "checkpoint.mismatch": "these weights do not fit {what}: {wrong} shape(s) differ, {missing} missing, "
                               "{unexpected} unexpected (e.g. {examples})",
        "checkpoint.no_meta": "not a ResNet Explorer checkpoint (no metadata); load plain state dicts as a weights "
                              "file for a chosen architecture instead",
        "checkpoint.no_architecture": "the checkpoint's metadata is damaged: no architecture",
        "checkpoint.bad_architecture": "the checkpoint's architecture is not usable: {detail}",
        "checkpoint.no_state": "the checkpoint holds no state dict",
        "checkpoint.not_state_dict": "the file holds no state dict (a mapping from layer names to tensors)",
        "checkpoint.classes": "the checkpoint lists {classes} classes for a model with {outputs} outputs",
        "checkpoint.bad_preprocessing": "the checkpoint's preprocessing metadata is not usable ({detail})",
        "checkpoint.other_architecture": "these weights are for {found}, not {wanted}",
    }


Phrase.MESSAGES.update({
    "arch.residual": "{name} ({channels} channel(s), {classes} classes)",
    "arch.plain": "plain {name} ({channels} channel(s), {classes} classes)",
})


def save_checkpoint(path: str | os.PathLike, model: nn.Module, meta: dict[str, Any]) -> Path:
    """Write ``{"format", "state_dict", "meta"}`` atomically (:func:`resnet_viz.files.atomic_file`).

    ``meta`` must hold ``architecture`` (the :func:`build_model` arguments: ``name``, ``residual``, ``num_classes``,
    ``in_channels``, ``width``), ``classes``, ``normalization`` (``mean``, ``std``) and ``input_size``; anything
    else (dataset, test accuracy, the training recipe) is kept as given.
    """
    for key in ("architecture", "classes", "normalization", "input_size"):
        if key not in meta:
            raise ValueError(f"checkpoint metadata needs {key!r}")
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    with atomic_file(path) as f:
        torch.save({"format": FORMAT, "state_dict": state, "meta": meta}, f)
    return Path(path)


def check_weights_file(path: str | os.PathLike, limit: int = MAX_WEIGHTS_BYTES) -> Path:
    """A weights file named by path on the server: it must exist and hold at most ``limit`` bytes; returns it
    resolved, or raises :class:`CheckpointError` with one line saying what is wrong."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise CheckpointError("checkpoint.missing", path=str(path))
    size = file.stat().st_size
    if size > limit:
        raise CheckpointError("checkpoint.too_big", size_mb=size / 2**20, limit_mb=limit / 2**20)
    return file.resolve()


def read_weights(source: str | os.PathLike | bytes | BinaryIO) -> Any:
    """``torch.load`` a file, path or bytes with ``weights_only=True``; any failure becomes a CheckpointError."""
    if isinstance(source, bytes):
        if not source:
            raise CheckpointError("checkpoint.empty")
        source = io.BytesIO(source)
    if not _looks_like_torch_save(source):
        raise CheckpointError("checkpoint.not_torch")
    try:
        return torch.load(source, map_location="cpu", weights_only=True)
    except FileNotFoundError as e:
        raise CheckpointError("checkpoint.missing", path=str(e.filename)) from None
    except pickle.UnpicklingError as e:
        raise CheckpointError("checkpoint.unsafe", detail=first_line(e)) from None
    except (RuntimeError, EOFError, zipfile.BadZipFile, OSError, ValueError) as e:
        raise CheckpointError("checkpoint.unreadable", kind=type(e).__name__) from None


def _looks_like_torch_save(source: str | os.PathLike | BinaryIO) -> bool:
    """Whether a file starts as torch.save's output does (a zip archive, or the legacy pickle format)."""
    try:
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as f:
                head = f.read(4)
        else:
            at = source.tell()
            head = source.read(4)
            source.seek(at)
    except FileNotFoundError:
        return True  # torch.load names the missing file
    except (OSError, AttributeError, ValueError):
        return True  # unseekable: let torch.load decide
    return head.startswith(b"PK\x03\x04") or head[:1] == b"\x80"


def mismatch(model: nn.Module, state_dict: dict[str, Any], what: Phrase | str) -> CheckpointError | None:
    """None if ``state_dict`` fits ``model`` exactly, else the error naming how many keys differ, with examples."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in state_dict]
    unexpected = [k for k in state_dict if k not in expected]
    wrong = [
        f"{k} {tuple(state_dict[k].shape)} vs {tuple(v.shape)}"
        for k, v in expected.items()
        if k in state_dict and hasattr(state_dict[k], "shape") and tuple(state_dict[k].shape) != tuple(v.shape)
    ]
    if not (missing or unexpected or wrong):
        return None
    examples = ", ".join(wrong[:2] + missing[:2] + unexpected[:2])
    return CheckpointError("checkpoint.mismatch", what=what, wrong=len(wrong), missing=len(missing),
                           unexpected=len(unexpected), examples=examples)


def load_checkpoint(source: str | os.PathLike | bytes | BinaryIO) -> tuple[nn.Module, dict[str, Any]]:
    """Rebuild the model a checkpoint describes, load its weights, and return ``(model in eval mode, meta)``."""
    data = read_weights(source)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError("checkpoint.no_meta")
    meta = data.get("meta")
    if not isinstance(meta, dict) or not isinstance(meta.get("architecture"), dict):
        raise CheckpointError("checkpoint.no_architecture")
    arch = dict(meta["architecture"])
    try:
        parse_name(arch.get("name"))
        model = build_model(
            arch["name"], residual=bool(arch.get("residual", True)), num_classes=int(arch["num_classes"]),
            in_channels=int(arch.get("in_channels", 3)), width=int(arch.get("width", 16)),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise CheckpointError("checkpoint.bad_architecture", detail=first_line(e)) from None
    state = data.get("state_dict")
    if not isinstance(state, dict):
        raise CheckpointError("checkpoint.no_state")
    problem = mismatch(model, state, describe_architecture(arch))
    if problem:
        raise problem
    model.load_state_dict(state)
    return model.eval(), meta


def load_weights_into(model: nn.Module, source: str | os.PathLike | bytes | BinaryIO, what: Phrase | str) -> nn.Module:
    """Load a user's weights file (a plain state dict, or our checkpoint's) into ``model``; one-line errors."""
    data = read_weights(source)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        data = data.get("state_dict")
    if isinstance(data, dict) and "state_dict" in data and isinstance(data["state_dict"], dict):
        data = data["state_dict"]  # a common training-script layout
    if not isinstance(data, dict) or not all(isinstance(v, torch.Tensor) for v in data.values()):
        raise CheckpointError("checkpoint.not_state_dict")
    problem = mismatch(model, data, what)
    if problem:
        raise problem
    model.load_state_dict(data)
    return model.eval()


def describe_architecture(arch: dict[str, Any]) -> Phrase:
    """'plain cifar_resnet20 (1 channel(s), 10 classes)' from a checkpoint's architecture entry (translatable)."""
    kind = "arch.residual" if arch.get("residual", True) else "arch.plain"
    return Phrase(kind, {"name": arch.get("name"), "channels": arch.get("in_channels", 3),
                         "classes": arch.get("num_classes")})


def shipped_run(meta: dict[str, Any]) -> dict[str, Any] | None:
    """The shipped reference run that trained a checkpoint (its metadata's ``run`` id, among ``assets/runs``):
    ``iterations``, and the ``device`` and ``precision`` its environment names; None if none ships."""
    from resnet_viz.paths import REFERENCE_RUNS
    from resnet_viz.train.runs import load_run

    wanted = meta.get("run")
    for path in sorted(REFERENCE_RUNS.glob("*.json")) if wanted else ():
        try:
            doc = load_run(path)
        except UserError:
            continue
        if doc.get("id") == wanted:
            env = doc.get("environment", {})
            return {"id": wanted, "iterations": doc["config"].get("iterations"), "device": env.get("device", "?"),
                    "precision": env.get("precision", "?")}
    return None
