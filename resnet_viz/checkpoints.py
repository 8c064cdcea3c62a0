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

from .errors import first_line
from .files import atomic_file
from .models import build_model, parse_name

FORMAT = "resnet-explorer-checkpoint/1"
MAX_WEIGHTS_BYTES = 1 << 30  # a weights file read from a path on the server (resnet152's is 230 MB)


class CheckpointError(ValueError):
    """A weights file that cannot be used; the message is one line meant for the user."""


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
        raise CheckpointError(f"no weights file at {path}")
    size = file.stat().st_size
    if size > limit:
        raise CheckpointError(f"the file is {size / 2**20:.0f} MB; weights files are limited to "
                              f"{limit / 2**20:.0f} MB")
    return file.resolve()


def read_weights(source: str | os.PathLike | bytes | BinaryIO) -> Any:
    """``torch.load`` a file, path or bytes with ``weights_only=True``; any failure becomes a CheckpointError."""
    if isinstance(source, bytes):
        if not source:
            raise CheckpointError("the weights file is empty")
        source = io.BytesIO(source)
    if not _looks_like_torch_save(source):
        raise CheckpointError("not a PyTorch weights file (torch.save writes a zip archive; this is something else)")
    try:
        return torch.load(source, map_location="cpu", weights_only=True)
    except FileNotFoundError as e:
        raise CheckpointError(f"no weights file at {e.filename}") from None
    except pickle.UnpicklingError as e:
        raise CheckpointError(f"refused to load: the file holds more than plain weights ({first_line(e)})") from None
    except (RuntimeError, EOFError, zipfile.BadZipFile, OSError, ValueError) as e:
        raise CheckpointError(f"not a PyTorch weights file ({type(e).__name__})") from None


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


def mismatch_message(model: nn.Module, state_dict: dict[str, Any], what: str) -> str | None:
    """None if ``state_dict`` fits ``model`` exactly, else one line naming the first mismatches."""
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
    parts = []
    if wrong:
        parts.append(f"{len(wrong)} shape(s) differ, e.g. {', '.join(wrong[:2])}")
    if missing:
        parts.append(f"{len(missing)} missing, e.g. {', '.join(missing[:3])}")
    if unexpected:
        parts.append(f"{len(unexpected)} unexpected, e.g. {', '.join(unexpected[:3])}")
    return f"these weights do not fit {what}: " + "; ".join(parts)


def load_checkpoint(source: str | os.PathLike | bytes | BinaryIO) -> tuple[nn.Module, dict[str, Any]]:
    """Rebuild the model a checkpoint describes, load its weights, and return ``(model in eval mode, meta)``."""
    data = read_weights(source)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(
            "not a ResNet Explorer checkpoint (no metadata); load plain state dicts as a weights file for a chosen "
            "architecture instead"
        )
    meta = data.get("meta")
    if not isinstance(meta, dict) or not isinstance(meta.get("architecture"), dict):
        raise CheckpointError("the checkpoint's metadata is damaged: no architecture")
    arch = dict(meta["architecture"])
    try:
        parse_name(arch.get("name"))
        model = build_model(
            arch["name"], residual=bool(arch.get("residual", True)), num_classes=int(arch["num_classes"]),
            in_channels=int(arch.get("in_channels", 3)), width=int(arch.get("width", 16)),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise CheckpointError(f"the checkpoint's architecture is not usable: {e}") from None
    state = data.get("state_dict")
    if not isinstance(state, dict):
        raise CheckpointError("the checkpoint holds no state dict")
    problem = mismatch_message(model, state, describe_architecture(arch))
    if problem:
        raise CheckpointError(problem)
    model.load_state_dict(state)
    return model.eval(), meta


def load_weights_into(model: nn.Module, source: str | os.PathLike | bytes | BinaryIO, what: str) -> nn.Module:
    """Load a user's weights file (a plain state dict, or our checkpoint's) into ``model``; one-line errors."""
    data = read_weights(source)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        data = data.get("state_dict")
    if isinstance(data, dict) and "state_dict" in data and isinstance(data["state_dict"], dict):
        data = data["state_dict"]  # a common training-script layout
    if not isinstance(data, dict) or not all(isinstance(v, torch.Tensor) for v in data.values()):
        raise CheckpointError("the file holds no state dict (a mapping from layer names to tensors)")
    problem = mismatch_message(model, data, what)
    if problem:
        raise CheckpointError(problem)
    model.load_state_dict(data)
    return model.eval()


def describe_architecture(arch: dict[str, Any]) -> str:
    """'plain cifar_resnet20 (1 channel, 10 classes)' from a checkpoint's architecture entry."""
    kind = "" if arch.get("residual", True) else "plain "
    channels = arch.get("in_channels", 3)
    return (f"{kind}{arch.get('name')} ({channels} channel{'s' if channels != 1 else ''}, "
            f"{arch.get('num_classes')} classes)")
