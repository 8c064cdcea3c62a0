"""The data: the backbone's own preprocessing, applied once; a split fixed by the seed; photos, a folder or the
offline fashion split, each checked on arrival."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
import torchvision.datasets as tvd
from PIL import Image
from torchvision.transforms import functional as TF

from resnet_viz.errors import Phrase, first_line
from resnet_viz.explain.images import ImageError, Preprocess, load_image
from resnet_viz.train.data import FASHION_MNIST_CLASSES, load_sample
from resnet_viz.train.jobs import JobCancelled
from resnet_viz.transfer.config import (
    DEFAULT_PER_CLASS,
    EXTENSIONS,
    FASHION_SPLIT,
    MAX_CLASS_NAME,
    MAX_FOLDER_BYTES,
    MAX_FOLDER_CLASSES,
    MAX_FOLDER_IMAGES,
    MAX_PHOTO_BYTES,
    MAX_PHOTO_CLASSES,
    MAX_PHOTOS,
    MIN_CLASSES,
    MIN_PER_CLASS,
    PHOTOS,
    SOURCE_CLASSES,
    TARGET_CLASSES,
    Because,
    TransferConfig,
    TransferError,
)

# ---------------------------------------------------------------------------------------------------------------
# The data: the backbone's own preprocessing, applied once; a split fixed by the seed
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class TransferData:
    """Images as the backbone sees them (resized, centre-cropped, uint8 N×C×H×W, not yet normalised) and labels."""

    classes: tuple[str, ...]
    train_images: torch.Tensor
    train_labels: torch.Tensor
    val_images: torch.Tensor
    val_labels: torch.Tensor
    info: dict[str, Any]  # what the run document records: kind, where from, counts

    def counts(self, labels: torch.Tensor) -> list[int]:
        return torch.bincount(labels, minlength=len(self.classes)).tolist()


def prepare_data(config: TransferConfig, preprocess: Preprocess,
                 stop: threading.Event | None = None) -> TransferData:
    """The config's data (fashion-split, photos or a folder), decoded safely, preprocessed for the backbone, and
    split into training and validation images by ``config.seed``. Raises :class:`TransferError` (the first image
    that cannot be used rejects the whole set, naming it and why: an experiment on fewer images than the class
    brought would not be the one they asked for), or :class:`resnet_viz.train.jobs.JobCancelled` once ``stop`` is
    set."""
    if config.data == FASHION_SPLIT:
        return _fashion_split(config, preprocess)
    items, info = _items(config)
    kind = info.pop("kind")
    classes = tuple(dict.fromkeys(label for _, _, label in items))
    labels = torch.tensor([classes.index(label) for _, _, label in items], dtype=torch.int64)
    images = []
    for name, source, label in items:
        if stop is not None and stop.is_set():
            raise JobCancelled  # nothing trained yet: the job ends cancelled, with no run file
        images.append(_decode(name, source, label, preprocess))
    stacked = torch.stack(images)
    per_class = config.per_class
    train, val = split_indices(labels, len(classes), config.val_fraction, per_class, config.seed)
    data = TransferData(classes, stacked[train], labels[train], stacked[val], labels[val], {})
    info = {"kind": kind, **info, "images": len(items), "classes": list(classes),
            "train_size": len(train), "val_size": len(val), "train_per_class": data.counts(labels[train]),
            "val_per_class": data.counts(labels[val]), "val_fraction": config.val_fraction, "per_class": per_class}
    return dataclasses.replace(data, info=info)


def check_data(config: TransferConfig) -> None:
    """The checks that need no decoding (a folder's layout, class names and counts, the photos' number and size),
    cheap enough to run before a backbone is loaded or downloaded; raises :class:`TransferError`."""
    if config.data != FASHION_SPLIT:
        _items(config)


def _items(config: TransferConfig) -> tuple[list[tuple[str | Phrase, bytes | Path, str]], dict[str, Any]]:
    if config.data == PHOTOS:
        return _photo_items(config.photos), {"kind": PHOTOS}
    items, info = _folder_items(Path(config.data).expanduser())
    return items, {"kind": "folder", **info}


def split_indices(labels: torch.Tensor, num_classes: int, val_fraction: float, per_class: int | None,
                  seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Per class, a seeded shuffle: ``max(1, round(val_fraction × n))`` images to validate (leaving at least one to
    train on), then at most ``per_class`` of the rest to train on. Returns sorted (train, val) indices."""
    generator = torch.Generator().manual_seed(seed)
    train, val = [], []
    for c in range(num_classes):
        idx = (labels == c).nonzero().flatten()
        idx = idx[torch.randperm(len(idx), generator=generator)]
        n_val = min(max(1, round(val_fraction * len(idx))), len(idx) - 1)
        val.append(idx[:n_val])
        train.append(idx[n_val:][:per_class])
    return torch.cat(train).sort().values, torch.cat(val).sort().values


def _decode(name: str | Phrase, source: bytes | Path, label: str, preprocess: Preprocess) -> torch.Tensor:
    try:
        image = load_image(source, channels=preprocess.channels)
    except ImageError as e:
        raise TransferError("transfer.bad_image", name=name, label=label, reason=Because(e.code, e.values)) \
            from None
    except OSError as e:  # a file that vanished or cannot be read
        raise TransferError("transfer.bad_image", name=name, label=label, reason=first_line(e, 120)) from None
    return TF.pil_to_tensor(preprocess.crop(image))


def _check_name(name: str) -> str:
    clean = " ".join(str(name).split())
    if not clean:
        raise TransferError("transfer.name_empty")
    if len(clean) > MAX_CLASS_NAME:
        raise TransferError("transfer.name_long", name=clean[:MAX_CLASS_NAME] + "…", length=len(clean),
                            limit=MAX_CLASS_NAME)
    return clean


def _check_classes(labels: Sequence[str], limit: int) -> None:
    """At least two classes, at most ``limit``, each with at least MIN_PER_CLASS images."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    if not counts:
        raise TransferError("transfer.no_images", minimum=MIN_PER_CLASS, classes=MIN_CLASSES)
    if len(counts) < MIN_CLASSES:
        raise TransferError("transfer.one_class", name=next(iter(counts)), minimum=MIN_CLASSES)
    if len(counts) > limit:
        raise TransferError("transfer.too_many_classes", count=len(counts), limit=limit)
    for label, count in counts.items():
        if count < MIN_PER_CLASS:
            raise TransferError("transfer.too_few", name=label, count=count, minimum=MIN_PER_CLASS)


def _photo_items(photos: Sequence[tuple[bytes, str]]) -> list[tuple[Phrase, bytes, str]]:
    """The class's photos, checked before any is decoded: count, total size, names, classes."""
    if len(photos) > MAX_PHOTOS:
        raise TransferError("transfer.too_many_images", count=len(photos), limit=MAX_PHOTOS)
    size = sum(len(data) for data, _ in photos)
    if size > MAX_PHOTO_BYTES:
        raise TransferError("transfer.too_many_bytes", size_mb=size / 2**20, limit_mb=MAX_PHOTO_BYTES / 2**20)
    items = [(Phrase("transfer.photo", {"number": i + 1}), data, _check_name(name))
             for i, (data, name) in enumerate(photos)]
    _check_classes([label for _, _, label in items], MAX_PHOTO_CLASSES)
    return items


class _Folder(tvd.ImageFolder):
    """torchvision's ImageFolder without hidden folders (``.ipynb_checkpoints``, ``.git``) as classes."""

    def find_classes(self, directory: str | Path) -> tuple[list[str], dict[str, int]]:
        classes = sorted(e.name for e in os.scandir(directory) if e.is_dir() and not e.name.startswith("."))
        if not classes:
            raise FileNotFoundError(directory)
        return classes, {c: i for i, c in enumerate(classes)}


def _is_image_file(path: str) -> bool:
    return path.lower().endswith(EXTENSIONS) and not os.path.basename(path).startswith(".")


def _folder_items(root: Path) -> tuple[list[tuple[str, Path, str]], dict[str, Any]]:
    """An ImageFolder's files, checked before any is decoded: classes, names, counts, total size."""
    if not root.is_dir():
        raise TransferError("transfer.no_folder", path=str(root))
    try:
        folder = _Folder(str(root), is_valid_file=_is_image_file, allow_empty=True)
    except FileNotFoundError:
        raise TransferError("transfer.no_classes", path=str(root)) from None
    if len(folder.classes) > MAX_FOLDER_CLASSES:
        raise TransferError("transfer.too_many_classes", count=len(folder.classes), limit=MAX_FOLDER_CLASSES)
    names = [_check_name(c) for c in folder.classes]
    if len(names) < MIN_CLASSES:
        raise TransferError("transfer.one_class", name=names[0], minimum=MIN_CLASSES)
    counts = torch.bincount(torch.tensor(folder.targets, dtype=torch.int64), minlength=len(names)).tolist()
    for name, count in zip(names, counts):
        if count == 0:
            raise TransferError("transfer.empty_class", name=name, extensions=", ".join(EXTENSIONS))
    if len(folder.samples) > MAX_FOLDER_IMAGES:
        raise TransferError("transfer.too_many_images", count=len(folder.samples), limit=MAX_FOLDER_IMAGES)
    size = sum(os.stat(path).st_size for path, _ in folder.samples)
    if size > MAX_FOLDER_BYTES:
        raise TransferError("transfer.too_many_bytes", size_mb=size / 2**20, limit_mb=MAX_FOLDER_BYTES / 2**20)
    _check_classes([names[t] for t in folder.targets], MAX_FOLDER_CLASSES)
    items = [(os.path.relpath(path, root), Path(path), names[target]) for path, target in folder.samples]
    listed = sum(len(files) for d in folder.classes for _, _, files in os.walk(root / d))
    return items, {"folder": str(root), "ignored_files": listed - len(items)}


def _fashion_split(config: TransferConfig, preprocess: Preprocess) -> TransferData:
    """The target task of the offline default: ``per_class`` training images of each class 5-9, drawn by the seed
    from the embedded sample's training split; validation on those classes' test images (``val_per_class`` each)."""
    per_class = config.per_class or DEFAULT_PER_CLASS
    train_set, test_set = load_sample("train"), load_sample("test")
    generator = torch.Generator().manual_seed(config.seed)
    picked = {"train": [], "val": []}
    for split, ds, n in (("train", train_set, per_class), ("val", test_set, config.val_per_class)):
        for c in TARGET_CLASSES:
            idx = (ds.labels == c).nonzero().flatten()
            picked[split].append(idx[torch.randperm(len(idx), generator=generator)][:n].sort().values)
    train, val = torch.cat(picked["train"]), torch.cat(picked["val"])
    remap = torch.full((10,), -1, dtype=torch.int64)
    remap[list(TARGET_CLASSES)] = torch.arange(len(TARGET_CLASSES))
    classes = tuple(FASHION_MNIST_CLASSES[c] for c in TARGET_CLASSES)
    data = TransferData(classes, _as_seen(train_set.images[train], preprocess), remap[train_set.labels[train]],
                        _as_seen(test_set.images[val], preprocess), remap[test_set.labels[val]], {})
    info = {"kind": FASHION_SPLIT, "dataset": train_set.name,
            "source_classes": [FASHION_MNIST_CLASSES[c] for c in SOURCE_CLASSES], "classes": list(classes),
            "train_size": len(train), "val_size": len(val), "train_per_class": data.counts(data.train_labels),
            "val_per_class": data.counts(data.val_labels), "per_class": per_class,
            "validation": "the sample's test images of the target classes"}
    return dataclasses.replace(data, info=info)


def _as_seen(images: torch.Tensor, preprocess: Preprocess) -> torch.Tensor:
    """uint8 N×1×H×W grey images through the backbone's resize and crop (unchanged for the shipped backbone's
    28×28)."""
    out = [TF.pil_to_tensor(preprocess.crop(Image.fromarray(im[0].numpy()))) for im in images]
    return torch.stack(out) if out else images.new_zeros((0, preprocess.channels, preprocess.crop_size,
                                                           preprocess.crop_size))
