"""Where the Inspector's models come from, each with its class names and preprocessing from its own metadata.

- torchvision's ImageNet ResNets through its weights API (``weights.meta["categories"]``, ``weights.transforms()``);
  the file is fetched into torch's hub cache (``$TORCH_HOME/hub/checkpoints``) with a progress callback, and
  torchvision then loads it from there exactly as it would have itself;
- ResNet Explorer checkpoints: the ones shipped in ``assets/checkpoints`` (the offline default) and the Lab's runs
  (``$RESNET_VIZ_RUNS_DIR``, default ``runs/``);
- a weights file a user brings for a chosen architecture (always ``torch.load(..., weights_only=True)``).

A :class:`Classifier` is meant to be shared read-only by every session: nothing here or in :mod:`.explain` ever
changes its model.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import torch
from torch import nn
from torchvision.models import get_model_weights
from torchvision.models._api import WeightsEnum

from resnet_viz.errors import first_line
from resnet_viz.explain.checkpoints import (
    FORMAT,
    CheckpointError,
    describe_architecture,
    load_checkpoint,
    load_weights_into,
    read_weights,
)
from resnet_viz.explain.images import Preprocess
from resnet_viz.files import atomic_file
from resnet_viz.nets.models import TORCHVISION_NAMES, build_model, parse_name, resolve_weights
from resnet_viz.paths import SHIPPED_CHECKPOINTS, cached_weights_file, runs_dir

DEFAULT_CHECKPOINT = "fashion-mnist_resnet20.pt"


@dataclasses.dataclass(frozen=True, eq=False)
class Classifier:
    """A model in eval mode with what it takes to feed and read it. ``key`` identifies it in caches."""

    model: nn.Module
    classes: tuple[str, ...]
    preprocess: Preprocess
    name: str
    key: str

    @property
    def in_channels(self) -> int:
        return self.preprocess.channels


# ---------------------------------------------------------------------------------------------------------------
# torchvision's ImageNet weights
# ---------------------------------------------------------------------------------------------------------------


class WeightsUnavailable(RuntimeError):
    """ImageNet weights that are neither cached nor downloadable; the message says what to do, in one line.
    ``kind`` says why in a word a page can translate (never an errno or a path): "offline" (the internet is out of
    reach), "http" (the download site answered with an error), "corrupt" (a damaged download), "save" (the server
    could not write the file)."""

    def __init__(self, weights: WeightsEnum, reason: str, kind: str = "offline") -> None:
        self.weights, self.url, self.path, self.reason = weights, weights.url, weights_path(weights), reason
        self.kind, self.name = kind, _arch_of(weights)
        super().__init__(
            f"the ImageNet weights {weights} are not on this server and could not be downloaded ({reason}); on a "
            f"machine with internet run `python -m resnet_viz fetch-weights {_arch_of(weights)}` (or download "
            f"{weights.url}), then copy the file into {self.path.parent}"
        )


def failure_kind(error: BaseException) -> str:
    """Why a download failed, in a word (:class:`WeightsUnavailable`'s ``kind``)."""
    if isinstance(error, urllib.error.HTTPError):
        return "http"
    if isinstance(error, (urllib.error.URLError, TimeoutError, ConnectionError, socket.gaierror)):
        return "offline"
    return "save"  # any other OSError: the cache folder (disk full, permissions)


def _arch_of(weights: WeightsEnum) -> str:
    return type(weights).__name__.removesuffix("_Weights").lower()


def weights_path(weights: WeightsEnum) -> Path:
    """Where torchvision looks for ``weights``: ``<torch hub dir>/checkpoints/<basename of its URL>``."""
    return cached_weights_file(weights)


def weights_cached(weights: WeightsEnum) -> bool:
    return weights_path(weights).is_file()


_download_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def download_weights(weights: WeightsEnum, progress: Callable[[int, int], None] | None = None,
                     timeout: float = 20.0) -> Path:
    """Fetch ``weights`` into torch's hub cache unless already there; ``progress(done_bytes, total_bytes)``.

    torch.hub's own downloader only draws a terminal progress bar, so this streams the file itself, checks the
    SHA-256 prefix torchvision puts in the filename (as ``check_hash=True`` would) and moves it into place
    atomically. Concurrent calls for the same file download it once. Raises :class:`WeightsUnavailable`.
    """
    path = weights_path(weights)
    with _locks_guard:
        lock = _download_locks.setdefault(str(path), threading.Lock())
    with lock:
        if path.is_file():
            return path
        try:
            with atomic_file(path) as tmp, urllib.request.urlopen(weights.url, timeout=timeout) as response:
                total, done, digest = int(response.headers.get("Content-Length") or 0), 0, hashlib.sha256()
                while chunk := response.read(1 << 20):
                    tmp.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
                expected = re.search(r"-([a-f0-9]+)\.", path.name)
                if expected and not digest.hexdigest().startswith(expected.group(1)):
                    raise WeightsUnavailable(weights, "the download was corrupted (checksum mismatch)", "corrupt")
        except (urllib.error.URLError, OSError, TimeoutError) as e:
            raise WeightsUnavailable(weights, first_line(getattr(e, "reason", None) or e), failure_kind(e)) from None
    return path


class FailureMemory:
    """Remembers failed attempts (a download on an offline server) for ``retry_s`` seconds, so a page that reruns
    every few seconds for thirty students does not retry, and wait, every time. Thread-safe."""

    def __init__(self, retry_s: float = 300.0, clock=time.monotonic) -> None:
        self.retry_s, self._clock = retry_s, clock
        self._failures: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def recent(self, key: str) -> str | None:
        """The message of a failure of ``key`` within the last ``retry_s`` seconds, else None."""
        with self._lock:
            when, message = self._failures.get(key, (None, ""))
        return message if when is not None and self._clock() - when < self.retry_s else None

    def remember(self, key: str, message: str) -> None:
        with self._lock:
            self._failures[key] = (self._clock(), message)

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


download_failures = FailureMemory()  # keyed by weights URL, shared by every session on the server


def imagenet_classifier(name: str, weights: WeightsEnum | str = "DEFAULT",
                        progress: Callable[[int, int], None] | None = None) -> Classifier:
    """A torchvision ResNet with its ImageNet weights, downloaded first if they are not cached."""
    enum = resolve_weights(name, weights)
    if enum is None:
        raise ValueError("imagenet_classifier needs weights")
    download_weights(enum, progress)
    model = build_model(name, weights=enum).eval()  # torchvision finds the file in its cache
    return Classifier(model, tuple(enum.meta["categories"]), Preprocess.from_weights(enum),
                      name=f"{name} · ImageNet ({enum.name})", key=f"torchvision:{name}:{enum.name}")


def imagenet_weights(name: str) -> list[str]:
    """The names of torchvision's weights for ``name``, default first."""
    enum = get_model_weights(name)
    default = enum.DEFAULT.name
    return [default] + [w.name for w in enum if w.name != default]


def weights_over(limit_mb: float) -> list[str]:
    """The torchvision nets whose default ImageNet weights file is larger than ``limit_mb`` megabytes (the size
    torchvision publishes with the weights, ``meta["_file_size"]``): what cannot be uploaded under that limit."""
    return [name for name in TORCHVISION_NAMES if get_model_weights(name).DEFAULT.meta["_file_size"] > limit_mb]


# ---------------------------------------------------------------------------------------------------------------
# Checkpoints and weights files
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CheckpointEntry:
    """A checkpoint file on the server: ``origin`` is 'shipped' (assets/checkpoints) or 'lab' (a run)."""

    path: Path
    origin: str

    @property
    def label(self) -> str:
        if self.origin == "shipped":
            return self.path.stem
        try:
            return str(self.path.relative_to(runs_dir()).with_suffix(""))
        except ValueError:
            return self.path.stem


def default_checkpoint() -> Path | None:
    """The offline default model: the shipped ``fashion-mnist_resnet20.pt``, else the first checkpoint found
    (:func:`find_checkpoints` order); None when the server has none."""
    entries = find_checkpoints()
    return entries[0].path if entries else None


def find_checkpoints(shipped: Path = SHIPPED_CHECKPOINTS, runs: Path | None = None) -> list[CheckpointEntry]:
    """Every ``*.pt`` shipped in ``assets/checkpoints`` (the default first), then every one under the runs dir."""
    found = sorted(shipped.glob("*.pt"), key=lambda p: (p.name != DEFAULT_CHECKPOINT, p.name)) if shipped.is_dir() \
        else []
    runs = runs or runs_dir()
    lab = sorted(runs.glob("**/*.pt")) if runs.is_dir() else []
    return [CheckpointEntry(p, "shipped") for p in found] + [CheckpointEntry(p, "lab") for p in lab]


def _classifier_from_checkpoint(model: nn.Module, meta: dict[str, Any], name: str, key: str) -> Classifier:
    classes = tuple(str(c) for c in meta["classes"])
    if len(classes) != model.fc.out_features:
        raise CheckpointError("checkpoint.classes", classes=len(classes), outputs=model.fc.out_features)
    try:
        preprocess = Preprocess.from_meta(meta)
    except (KeyError, TypeError, ValueError) as e:
        raise CheckpointError("checkpoint.bad_preprocessing", detail=first_line(e)) from None
    return Classifier(model, classes, preprocess, name=name, key=key)


def checkpoint_classifier(source: str | os.PathLike | bytes, name: str | None = None) -> Classifier:
    """A ResNet Explorer checkpoint (path or bytes) with its own class names and preprocessing."""
    model, meta = load_checkpoint(source)
    if name is None:
        name = Path(source).stem if isinstance(source, (str, os.PathLike)) else str(describe_architecture(
            meta["architecture"]))
    key = f"checkpoint:{_fingerprint(source)}"
    return _classifier_from_checkpoint(model, meta, name, key)


def weights_file_classifier(arch: str, source: str | os.PathLike | bytes | BinaryIO, *, residual: bool = True,
                            name: str | None = None) -> Classifier:
    """A user's weights file for architecture ``arch`` (a plain state dict, or one of our checkpoints).

    A plain state dict says nothing about classes or preprocessing: the class count and input channels are read
    from the ``fc`` and ``conv1`` shapes; a torchvision architecture with 1000 outputs gets ImageNet's class names
    and preprocessing from torchvision's metadata, anything else numbers as names ('#0', ...) and a [0, 1] input
    normalised with mean 0.5 and std 0.5 at 224 (torchvision) or 32 pixels (CIFAR nets). A file that does not fit
    raises :class:`CheckpointError` naming the mismatch.
    """
    if not isinstance(source, (bytes, str, os.PathLike)):
        source = source.read()
    family, _ = parse_name(arch)
    data = read_weights(source)
    key = f"weights:{arch}:{int(residual)}:{_fingerprint(source)}"
    label = name or f"{model_label(arch, residual)} · {_display_name(source)}"
    if isinstance(data, dict) and data.get("format") == FORMAT:
        model, meta = load_checkpoint(source)
        wanted = describe_architecture({"name": arch, "residual": residual, **{
            k: meta["architecture"].get(k) for k in ("in_channels", "num_classes")}})
        if describe_architecture(meta["architecture"]) != wanted:
            raise CheckpointError("checkpoint.other_architecture", found=describe_architecture(meta["architecture"]),
                                  wanted=wanted)
        return _classifier_from_checkpoint(model, meta, label, key)
    state = data.get("state_dict", data) if isinstance(data, dict) else data
    fc, conv1 = (state.get("fc.weight"), state.get("conv1.weight")) if isinstance(state, dict) else (None, None)
    num_classes = int(fc.shape[0]) if isinstance(fc, torch.Tensor) and fc.dim() == 2 else None
    in_channels = int(conv1.shape[1]) if isinstance(conv1, torch.Tensor) and conv1.dim() == 4 else 3
    model = build_model(arch, residual=residual, num_classes=num_classes, in_channels=in_channels)
    what = describe_architecture({"name": arch, "residual": residual, "in_channels": in_channels,
                                  "num_classes": model.fc.out_features})
    load_weights_into(model, source, what)
    if family == "torchvision" and model.fc.out_features == 1000 and in_channels == 3:
        default = get_model_weights(arch).DEFAULT
        classes, preprocess = tuple(default.meta["categories"]), Preprocess.from_weights(default)
    else:
        size = 224 if family == "torchvision" else 32
        classes = tuple(f"#{i}" for i in range(model.fc.out_features))  # no names known: numbers, any language
        preprocess = Preprocess(crop_size=size, resize_size=size, mean=(0.5,) * in_channels,
                                std=(0.5,) * in_channels, channels=in_channels)
    return Classifier(model.eval(), classes, preprocess, name=label, key=key)


def model_label(arch: str, residual: bool = True) -> str:
    """A model's name as the paper writes its twins: 'resnet18', 'plain-resnet18'."""
    return arch if residual else f"plain-{arch}"


def _fingerprint(source: str | os.PathLike | bytes) -> str:
    """A short content hash of a file or bytes (paths are hashed by content too, so a rewritten file is new)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


def _display_name(source: str | os.PathLike | bytes) -> str:
    return Path(source).name if isinstance(source, (str, os.PathLike)) else "uploaded weights"


def classifier_for(model: str, weights: str | os.PathLike | None = None, residual: bool = True,
                   progress: Callable[[int, int], None] | None = None) -> Classifier:
    """The command line's model argument: a checkpoint path, a zoo name with a weights file, or a torchvision
    name alone (ImageNet weights). ``model=None`` means the shipped default checkpoint."""
    if weights is not None:
        return weights_file_classifier(model, weights, residual=residual)
    if model in TORCHVISION_NAMES:
        if not residual:
            raise ValueError(f"torchvision publishes no weights for the plain {model}; pass --weights FILE")
        return imagenet_classifier(model, "DEFAULT", progress)
    path = Path(model)
    if path.suffix in (".pt", ".pth") or path.is_file():
        return checkpoint_classifier(path)
    family, _ = parse_name(model)  # a ValueError listing the zoo for anything unknown
    raise ValueError(f"{model} has no published weights: pass --weights FILE, or a checkpoint from the Lab")


def resolve_class(classifier: Classifier, target: str | None) -> int | None:
    """A class index from an index or a (case-insensitive) class name; ValueError naming the problem."""
    if target is None:
        return None
    classes = classifier.classes
    if target.strip().lstrip("-").isdigit():
        index = int(target)
        if not 0 <= index < len(classes):
            raise ValueError(f"class {index} does not exist: the model has {len(classes)} classes (0..{len(classes) - 1})")
        return index
    lowered = [c.lower() for c in classes]
    wanted = target.strip().lower()
    if wanted in lowered:
        return lowered.index(wanted)
    close = [c for c in classes if wanted in c.lower()]
    if len(close) == 1:
        return classes.index(close[0])
    hint = f"did you mean {', '.join(close[:5])}?" if close else f"e.g. {', '.join(classes[:5])}"
    raise ValueError(f"no class named {target!r}: {hint}")
