"""Transfer learning: a pretrained ResNet as a feature extractor for a small new dataset, four ways side by side.

A network trained on a large *source* task has learnt features that other image tasks can reuse. To reuse it on a
small *target* dataset (the teaching articles' example: five kinds of flowers in ImageFolder layout) this module
trains, on the same split with the same budget, any of four **modes**:

- ``all``: load the pretrained weights, put a new fully connected head on top, train every parameter (fine-tuning);
- ``last``: train only the last residual stage (``layer4`` of torchvision's nets, ``layer3`` of the CIFAR nets) and
  the new head;
- ``fc``: train only a new fully connected head: the pretrained network is a fixed feature extractor;
- ``scratch``: the same architecture from random initialisation, every parameter trained: the baseline that shows
  what the pretrained weights are worth.

Always with the preprocessing the weights were trained with (resize, centre crop and normalisation from the weights'
own ``transforms()`` or the checkpoint's metadata); ``wrong_normalization`` uses mean 0.5 and std 0.5 instead, so
the cost of getting it wrong can be measured.

The backbones: torchvision's ImageNet ResNets (found in torch's hub cache, where ``python -m resnet_viz
fetch-weights`` puts them, or downloaded), or a checkpoint of this app. The offline default, ``fashion-split``, needs
neither: Fashion-MNIST split in two, a ResNet-20 trained on the five clothing classes 0-4 (shipped in
``assets/checkpoints``, made by :func:`make_source_backbone`) transferred to the other five classes 5-9 with a few
training images per class.

Where this departs from the usual tutorial loop (and why): the frozen part of the network is run **once** over the
training and validation images and its output kept, instead of on every batch. Without augmentation and with its
BatchNorm layers in eval mode, the frozen part is a fixed function, so the result is the same, and ``fc`` trains in
seconds even on a CPU. There is no augmentation: with five images per class the lesson compares the modes, not
recipes. Every mode uses the same optimiser settings (SGD with momentum, cosine-decayed learning rate); the usual
advice of a smaller learning rate for fine-tuning is not applied, so that the modes differ in one thing only.

Every run builds its own models from the backbone's weights: a :class:`Backbone` holds tensors only, is never
changed, and can be shared across sessions.

Evidence, the offline default (``python -m resnet_viz transfer``: five training images per class, 200 iterations,
1,000 validation images) on this repository's 2-core CPU, two threads: 41 s from the command line; validation
accuracy, seeds 0/1/2: all 0.836/0.718/0.755, last 0.799/0.711/0.781, fc 0.699/0.646/0.737, scratch
0.650/0.603/0.576. The shipped backbone reached 0.936 on its own five classes' 5,000 test images. Details and the
per-mode seconds: benchmarks/transfer_modes.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
import torchvision.datasets as tvd
from PIL import Image
from torch import nn
from torchvision.transforms import functional as TF

from resnet_viz.device import pick_device
from resnet_viz.errors import Phrase, UserError, all_messages, first_line
from resnet_viz.explain.checkpoints import check_weights_file, load_checkpoint, save_checkpoint
from resnet_viz.explain.images import ImageError, Preprocess, load_image
from resnet_viz.explain.sources import download_weights
from resnet_viz.files import write_atomic
from resnet_viz.nets.models import TORCHVISION_NAMES, build_model, parse_name, resolve_weights, stage_names
from resnet_viz.paths import REFERENCE_TRANSFER, SHIPPED_CHECKPOINTS, runs_dir
from resnet_viz.train.data import FASHION_MNIST_CLASSES, load_dataset, load_sample
from resnet_viz.train.jobs import JobCancelled
from resnet_viz.train.runs import RunError, read_json_doc

FORMAT = "resnet-explorer-transfer/1"
MODES = ("all", "last", "fc", "scratch")
FASHION_SPLIT = "fashion-split"
PHOTOS = "photos"

# The offline default: Fashion-MNIST (Xiao et al. 2017, arXiv:1708.07747) split into two tasks of five classes.
SOURCE_CLASSES = (0, 1, 2, 3, 4)  # T-shirt/top, Trouser, Pullover, Dress, Coat: the backbone's task
TARGET_CLASSES = (5, 6, 7, 8, 9)  # Sandal, Shirt, Sneaker, Bag, Ankle boot: the new task
SOURCE_BACKBONE = SHIPPED_CHECKPOINTS / "fashion-mnist-source5_resnet20.pt"
DEFAULT_PER_CLASS = 5  # fashion-split training images per target class

WRONG_STATISTIC = 0.5  # the preprocessing lesson's wrong normalisation: mean 0.5, std 0.5 in every channel

# Bounds on what a class (photos) or a folder may bring.
MIN_CLASSES = 2
MAX_PHOTO_CLASSES = 6
MAX_PHOTOS = 120
MAX_PHOTO_BYTES = 100 * 2**20
MAX_FOLDER_CLASSES = 100
MAX_FOLDER_IMAGES = 1000
MAX_FOLDER_BYTES = 500 * 2**20
MAX_CLASS_NAME = 40  # characters
MIN_PER_CLASS = 2  # one image to train on, one to validate
# What the safe decoder (resnet_viz.explain.images.load_image) opens; other files in a class folder are ignored.
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff")


class TransferError(UserError):
    """A transfer-learning setup that cannot run; the message is one line meant for the user."""

    MESSAGES = {
        "transfer.mode": "unknown mode {mode!r}: choose from {choices}",
        "transfer.no_modes": "choose at least one mode ({choices})",
        "transfer.range": "{field} must be between {minimum} and {maximum}, got {value}",
        "transfer.backbone": "unknown backbone {name!r}: choose {choices} or a checkpoint file of this app (.pt)",
        "transfer.no_weights": "{name} has no published pretrained weights: pass a checkpoint of this app as the "
                               "backbone",
        "transfer.head": "the checkpoint's head does not match its metadata: the fc layer has {outputs} outputs "
                         "but {classes} class names are listed",
        "transfer.no_folder": "no folder at {path}",
        "transfer.no_classes": "no class folders in {path}: put each class's images in a sub-folder named after "
                               "the class (ImageFolder layout, e.g. {path}/daisy/1.jpg)",
        "transfer.no_images": "no images: give at least {minimum} per class, for at least {classes} classes",
        "transfer.one_class": "only one class ({name!r}): transfer learning needs at least {minimum} classes to "
                              "tell apart",
        "transfer.too_many_classes": "{count} classes; at most {limit} are allowed",
        "transfer.empty_class": "class {name!r} has no images (looked for {extensions} files)",
        "transfer.too_few": "class {name!r} has {count} image(s); each class needs at least {minimum}: one to "
                            "train on, one to validate",
        "transfer.name_empty": "a class name is empty: give every class a name",
        "transfer.name_long": "the class name {name!r} is {length} characters long; at most {limit} are allowed",
        "transfer.too_many_images": "{count} images; at most {limit} are allowed",
        "transfer.too_many_bytes": "the images take {size_mb:.0f} MB; at most {limit_mb:.0f} MB are allowed",
        "transfer.bad_image": "{name} (class {label!r}) cannot be used: {reason}",
        "transfer.not_comparable": "these runs differ in more than the normalisation ({field}): compare two runs "
                                   "made with the same settings",
    }


Phrase.MESSAGES.update({
    "transfer.photo": "photo {number}",
})


@dataclasses.dataclass(frozen=True)
class Because(Phrase):
    """Another library error inside a transfer error (why an image was refused): translated by its own code."""

    def __str__(self) -> str:
        return all_messages()[self.code].format(**self.values)


# ---------------------------------------------------------------------------------------------------------------
# The configuration
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class TransferConfig:
    """Everything that decides a transfer run. Every mode gets the same split, batches and optimiser settings."""

    # -- the backbone -------------------------------------------------------------------------------------------
    backbone: str | None = None  # 'resnet18', 'resnet34', 'resnet50' or a checkpoint path; None: the shipped
    #                              source backbone for fashion-split, resnet18 for folders and photos
    weights: str = "DEFAULT"  # torchvision's weights for a torchvision backbone ('DEFAULT', 'IMAGENET1K_V1', ...)
    # -- the data ------------------------------------------------------------------------------------------------
    data: str = FASHION_SPLIT  # 'fashion-split', a folder in ImageFolder layout, or 'photos'
    photos: Sequence[tuple[bytes, str]] = ()  # (image bytes, class name) pairs: data becomes 'photos'
    per_class: int | None = None  # training images per class (None: 5 for fashion-split, all for folders/photos)
    val_fraction: float = 0.25  # folders and photos: the share of each class held out for validation
    val_per_class: int | None = None  # fashion-split: validation images per class (None: all of the sample's)
    # -- what trains ---------------------------------------------------------------------------------------------
    modes: tuple[str, ...] = MODES
    wrong_normalization: bool = False  # the preprocessing lesson: mean 0.5, std 0.5 instead of the weights' own
    # -- the optimiser, the same for every mode ------------------------------------------------------------------
    iterations: int = 200
    batch_size: int = 32  # or the whole training set, if smaller
    lr: float = 0.03  # cosine-decayed to 0; on fashion-split (seeds 0-2) better than 0.01 for every mode, on average
    #                   and than 0.1 (seed 0) for all but fc
    momentum: float = 0.9
    weight_decay: float = 5e-4
    # -- measuring and where -------------------------------------------------------------------------------------
    evals: int = 10  # validation-accuracy evaluations, evenly spaced, the last one at the end
    log_every: int = 10  # iterations per training-loss point
    seed: int = 0  # one seed for the split, the new heads, the scratch weights and the batch order
    device: str | None = None  # 'cpu', 'cuda', 'mps'; None picks the best available
    threads: int | None = None  # torch.set_num_threads on CPU for the run

    def __post_init__(self) -> None:
        self.photos = tuple((bytes(b), str(n)) for b, n in self.photos)
        if self.photos:
            self.data = PHOTOS
        if isinstance(self.modes, str):
            self.modes = tuple(m.strip() for m in self.modes.split(",") if m.strip())
        self.modes = tuple(dict.fromkeys(self.modes))  # unique, in the order given
        if not self.modes:
            raise TransferError("transfer.no_modes", choices=", ".join(MODES))
        for mode in self.modes:
            if mode not in MODES:
                raise TransferError("transfer.mode", mode=mode, choices=", ".join(MODES))
        for name, low, high in (("iterations", 1, 100_000), ("batch_size", 1, 4096), ("evals", 1, 1000),
                                ("log_every", 1, 100_000)):
            _check_range(name, getattr(self, name), low, high)
        if self.per_class is not None:
            _check_range("per_class", self.per_class, 1, 10_000)
        if self.val_per_class is not None:
            _check_range("val_per_class", self.val_per_class, 1, 10_000)
        if not 0 < self.val_fraction < 1:
            raise TransferError("transfer.range", field="val_fraction", minimum=0, maximum=1, value=self.val_fraction)
        if not self.lr > 0:
            raise TransferError("transfer.range", field="lr", minimum=0, maximum="inf", value=self.lr)

    @property
    def backbone_spec(self) -> str | Path:
        """The backbone to load: the one given, else the shipped source backbone (fashion-split) or resnet18."""
        if self.backbone:
            return self.backbone
        return SOURCE_BACKBONE if self.data == FASHION_SPLIT else "resnet18"

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON values (the photos by count, not by content)."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "photos"}
        out["modes"] = list(self.modes)
        out["backbone"] = str(self.backbone_spec)
        out["photos"] = len(self.photos)
        return out


def _check_range(field: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise TransferError("transfer.range", field=field, minimum=low, maximum=high, value=value)


# ---------------------------------------------------------------------------------------------------------------
# Backbones: pretrained weights as read-only tensors, and a private model per run
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class Backbone:
    """A pretrained network as data: its architecture, its weights (never changed), its own preprocessing.

    Nothing here is a model: :meth:`build` makes a private one per run, so a Backbone can be cached and shared.
    """

    name: str  # 'resnet18', or the checkpoint's file name without .pt
    kind: str  # 'torchvision' or 'checkpoint'
    architecture: dict[str, Any]  # build_model's arguments except num_classes: name, residual, in_channels, width
    state_dict: dict[str, torch.Tensor] = dataclasses.field(repr=False)
    preprocess: Preprocess
    source_classes: tuple[str, ...] = dataclasses.field(repr=False)  # the source task's class names
    source: dict[str, Any] = dataclasses.field(default_factory=dict)  # weights name or path, dataset, accuracy

    def build(self, num_classes: int, pretrained: bool = True) -> nn.Module:
        """A private model with a new ``num_classes``-way fc head: the pretrained weights below it, or (``pretrained
        =False``) the same architecture freshly initialised. Seed torch's RNG first for a reproducible head."""
        arch = self.architecture
        model = build_model(arch["name"], residual=bool(arch.get("residual", True)), num_classes=num_classes,
                            in_channels=int(arch.get("in_channels", 3)), width=int(arch.get("width", 16)))
        if pretrained:
            body = {k: v for k, v in self.state_dict.items() if not k.startswith("fc.")}
            missing, unexpected = model.load_state_dict(body, strict=False)
            if sorted(missing) != ["fc.bias", "fc.weight"] or unexpected:
                raise RuntimeError(f"backbone {self.name}: weights do not fit ({missing[:3]}, {unexpected[:3]})")
        return model

    def describe(self) -> dict[str, Any]:
        """What the run document records about the backbone."""
        return {"name": self.name, "kind": self.kind, "architecture": dict(self.architecture),
                "source_classes": len(self.source_classes),
                "source_class_names": list(self.source_classes) if len(self.source_classes) <= 20 else None,
                **self.source}


def load_backbone(spec: str | os.PathLike | None = None, weights: str = "DEFAULT",
                  progress: Callable[[int, int], None] | None = None) -> Backbone:
    """A torchvision ImageNet ResNet (``'resnet18'``, ...; from torch's hub cache, downloaded with ``progress(done,
    total)`` when missing and online, else :class:`resnet_viz.explain.sources.WeightsUnavailable`) or a checkpoint of this
    app (a path). ``None``: the shipped source backbone of ``fashion-split``."""
    spec = SOURCE_BACKBONE if spec is None else spec
    text = str(spec)
    if text in TORCHVISION_NAMES:
        enum = resolve_weights(text, weights)
        download_weights(enum, progress)
        model = build_model(text, weights=enum)  # torchvision loads the file from its cache
        return Backbone(name=text, kind="torchvision", architecture={"name": text, "residual": True, "in_channels": 3},
                        state_dict=_frozen_state(model), preprocess=Preprocess.from_weights(enum),
                        source_classes=tuple(enum.meta["categories"]),
                        source={"weights": enum.name, "dataset": "ImageNet-1k", "url": enum.url})
    path = Path(text).expanduser()
    if not (path.suffix in (".pt", ".pth") or path.exists()):
        try:
            parse_name(text)
        except ValueError:
            raise TransferError("transfer.backbone", name=text, choices=", ".join(TORCHVISION_NAMES)) from None
        raise TransferError("transfer.no_weights", name=text)
    model, meta = load_checkpoint(check_weights_file(path))
    classes = tuple(str(c) for c in meta.get("classes", ()))
    if len(classes) != model.fc.out_features:
        raise TransferError("transfer.head", outputs=model.fc.out_features, classes=len(classes))
    preprocess = Preprocess.from_meta(meta)
    arch = {k: v for k, v in meta["architecture"].items() if k != "num_classes"}
    source = {"path": str(path), "dataset": meta.get("dataset"), "test_accuracy": meta.get("test_accuracy")}
    return Backbone(name=path.stem, kind="checkpoint", architecture=arch, state_dict=_frozen_state(model),
                    preprocess=preprocess, source_classes=classes, source=source)


def _frozen_state(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().cpu() for k, v in model.state_dict().items()}


# ---------------------------------------------------------------------------------------------------------------
# What trains in each mode
# ---------------------------------------------------------------------------------------------------------------


def first_trainable(model: nn.Module, mode: str) -> int:
    """The index, among the model's children (conv1, bn1, relu, [maxpool], layer1..N, avgpool, fc), where training
    starts: everything before it is frozen. 0 for ``all`` and ``scratch``, the last stage for ``last``, fc for
    ``fc``."""
    names = [name for name, _ in model.named_children()]
    if mode in ("all", "scratch"):
        return 0
    if mode == "last":
        return names.index(stage_names(model)[-1])
    if mode == "fc":
        return names.index("fc")
    raise TransferError("transfer.mode", mode=mode, choices=", ".join(MODES))


def freeze(model: nn.Module, mode: str) -> int:
    """Turn off gradients for the parts ``mode`` keeps fixed; returns :func:`first_trainable`."""
    split = first_trainable(model, mode)
    for i, (_, child) in enumerate(model.named_children()):
        child.requires_grad_(i >= split)
    return split


def train_mode(model: nn.Module, split: int) -> nn.Module:
    """Training mode for the trainable part only: the frozen children stay in eval mode, so their BatchNorm layers
    normalise with, and never update, the pretrained running statistics."""
    model.train()
    for i, (_, child) in enumerate(model.named_children()):
        if i < split:
            child.eval()
    return model


def forward_from(model: nn.Module, x: torch.Tensor, start: int = 0, stop: int | None = None) -> torch.Tensor:
    """Run children ``start:stop`` of a ResNet in order (flattening before fc): ``forward_from(m, x)`` equals
    ``m(x)`` for every network of the zoo, whose forward is exactly its children in order."""
    for name, child in list(model.named_children())[start:stop]:
        if name == "fc":
            x = torch.flatten(x, 1)
        x = child(x)
    return x


def trainable_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


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
    brought would not be the one they asked for), or :class:`resnet_viz.train.jobs.JobCancelled` once ``stop`` is set."""
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


def normalize(images: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """uint8 images -> float in [0, 1], minus ``mean``, over ``std`` (per channel)."""
    return (images.float().div_(255) - mean) / std


# ---------------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Lane:
    """One mode being trained: its private model, its optimiser, the frozen part's cached output, its counters."""

    mode: str
    model: nn.Module
    split: int  # children before this index are frozen (and run once, on every image, by cache())
    optimizer: torch.optim.Optimizer | None
    train_inputs: torch.Tensor | None = None  # the frozen part's output on the training images (None: split 0)
    val_inputs: torch.Tensor | None = None
    seconds: float = 0.0  # time spent on this mode: caching, training steps and evaluations
    loss_sum: torch.Tensor | float = 0.0  # since the last log point
    correct: torch.Tensor | int = 0
    seen: int = 0


def learning_rate(config: TransferConfig, iteration: int) -> float:
    """Cosine decay from ``lr`` to 0 over the run (Loshchilov & Hutter, arXiv:1608.03983, without restarts)."""
    return config.lr * 0.5 * (1 + math.cos(math.pi * iteration / config.iterations))


def eval_points(config: TransferConfig) -> list[int]:
    n = min(config.evals, config.iterations)
    return sorted({round(k * config.iterations / n) for k in range(1, n + 1)})


class TransferRun:
    """Loads the backbone and the data, builds one private model per mode; :meth:`run` trains them on the same
    batches and yields events, keeping the run document (:attr:`doc`) up to date before each.

    Events: ``start``, ``ready`` (a mode's frozen part has run over the images), ``log`` (training loss and
    accuracy over the last ``log_every`` iterations), ``eval`` (validation accuracy), ``end``.
    """

    def __init__(self, config: TransferConfig, backbone: Backbone | None = None, data: TransferData | None = None,
                 progress: Callable[[int, int], None] | None = None, label: str = "",
                 stop: threading.Event | None = None) -> None:
        self.config = config
        self.device = pick_device(config.device)
        if data is None:
            check_data(config)  # a missing folder is reported before any weights are downloaded
        self.backbone = backbone or load_backbone(config.backbone_spec, config.weights, progress)
        self.data = data or prepare_data(config, self.backbone.preprocess, stop)
        pre = self.backbone.preprocess
        own = {"mean": list(pre.mean), "std": list(pre.std)}
        if config.wrong_normalization:
            used = {"mean": [WRONG_STATISTIC] * pre.channels, "std": [WRONG_STATISTIC] * pre.channels}
        else:
            used = own
        self.normalization = {**used, "kind": "wrong" if config.wrong_normalization else "weights", "weights": own}
        dev = self.device
        self.mean = torch.tensor(used["mean"], device=dev).view(1, -1, 1, 1)
        self.std = torch.tensor(used["std"], device=dev).view(1, -1, 1, 1)
        self.train_images, self.train_labels = self.data.train_images.to(dev), self.data.train_labels.to(dev)
        self.val_images, self.val_labels = self.data.val_images.to(dev), self.data.val_labels.to(dev)
        self.batch_size = min(config.batch_size, len(self.train_images))
        self.lanes = [self._lane(mode) for mode in config.modes]
        self.doc = self._document(label)

    def _lane(self, mode: str) -> Lane:
        with torch.random.fork_rng(devices=[]):  # the same new head in every mode; the caller's RNG untouched
            torch.manual_seed(self.config.seed)
            model = self.backbone.build(len(self.data.classes), pretrained=mode != "scratch")
        model = model.to(self.device)
        split = freeze(model, mode)
        params = [p for p in model.parameters() if p.requires_grad]
        cfg = self.config
        optimizer = torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
        return Lane(mode, model, split, optimizer)

    # -- the document ------------------------------------------------------------------------------------------

    def _document(self, label: str) -> dict[str, Any]:
        from resnet_viz.train.engine import DeviceSetup, environment

        now = dt.datetime.now(dt.timezone.utc)
        pre, cfg = self.backbone.preprocess, self.config
        modes = {}
        for ln in self.lanes:
            children = [name for name, _ in ln.model.named_children()]
            trained = [n for n in children[ln.split:] if any(True for _ in getattr(ln.model, n).parameters())]
            modes[ln.mode] = {"pretrained": ln.mode != "scratch", "trained": trained,
                              "trainable_params": trainable_parameters(ln.model),
                              "total_params": sum(p.numel() for p in ln.model.parameters()),
                              "seconds": 0.0, "val_accuracy": None, "train_loss": None, "checkpoint": None}
        return {
            "format": FORMAT, "id": f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}", "label": label,
            "created": now.isoformat(timespec="seconds"), "status": "running",
            "config": cfg.to_dict(), "environment": environment(DeviceSetup(self.device)),
            "backbone": self.backbone.describe(), "data": self.data.info, "classes": list(self.data.classes),
            "preprocessing": {"resize_size": pre.resize_size, "crop_size": pre.crop_size, "channels": pre.channels,
                              "interpolation": pre.interpolation.value},
            "normalization": self.normalization, "batch_size": self.batch_size, "modes": modes,
            "curves": {"iteration": [], "train_loss": {m: [] for m in modes}, "train_accuracy": {m: [] for m in modes}},
            "validation": {"iteration": [], "val_accuracy": {m: [] for m in modes}},
            "progress": {"iteration": 0, "iterations": cfg.iterations, "elapsed_s": 0.0, "eta_s": None},
            "elapsed_s": None,
        }

    @property
    def filename(self) -> str:
        return f"{self.doc['id']}-transfer-{self.backbone.name}-seed{self.config.seed}.json"

    def snapshot(self) -> dict[str, Any]:
        """A copy of the run document for readers in other threads (a page), consistent at this moment."""
        return json.loads(json.dumps(self.doc))

    # -- training ----------------------------------------------------------------------------------------------

    def run(self, stop: threading.Event | None = None) -> Iterator[dict[str, Any]]:
        """Train every mode for ``iterations`` on the same batches. On a CPU ``threads`` applies for the run only,
        and denormal floats are flushed to zero (:func:`resnet_viz.train.engine.cpu_threads`)."""
        from resnet_viz.train.engine import cpu_threads

        with cpu_threads(self.device, self.config.threads):
            yield from self._run(stop)

    def _run(self, stop: threading.Event | None) -> Iterator[dict[str, Any]]:
        from resnet_viz.train.engine import DeviceSetup, environment

        cfg, doc = self.config, self.doc
        doc["environment"] = environment(DeviceSetup(self.device))  # with the run's thread count
        stopped = lambda: stop is not None and stop.is_set()  # noqa: E731
        yield {"type": "start"}
        start = time.perf_counter()
        for ln in self.lanes:
            if stopped():
                break
            if ln.split:
                self._cache(ln, stopped)
                doc["modes"][ln.mode]["seconds"] = _round(ln.seconds)
                yield {"type": "ready", "mode": ln.mode, "seconds": ln.seconds}
        evals, status, done = set(eval_points(cfg)), "done", 0
        batches = self._batches()
        for it in range(cfg.iterations):
            if stopped():
                break
            idx = next(batches)
            lr = learning_rate(cfg, it)
            for ln in self.lanes:
                self._step(ln, idx, lr)
            done = it + 1
            doc["progress"].update(iteration=done, elapsed_s=_round(time.perf_counter() - start))
            if done % cfg.log_every == 0 or done == cfg.iterations:
                yield self._log(done, start)
            if done in evals:
                yield self._evaluate(done)
        if stopped():
            status = "cancelled"
        for ln in self.lanes:
            doc["modes"][ln.mode]["seconds"] = _round(ln.seconds)
        doc["status"] = status
        doc["elapsed_s"] = _round(time.perf_counter() - start)
        doc["progress"].update(iteration=done, eta_s=0.0)
        yield {"type": "end", "status": status}

    def _cache(self, lane: Lane, stopped: Callable[[], bool], batch: int = 100) -> None:
        """Run the lane's frozen part (eval mode, no gradients) once over the training and validation images."""
        began = time.perf_counter()
        lane.model.eval()
        outputs = []
        for images in (self.train_images, self.val_images):
            parts = []
            with torch.no_grad():
                for i in range(0, len(images), batch):
                    if stopped():
                        return
                    x = normalize(images[i:i + batch], self.mean, self.std)
                    parts.append(forward_from(lane.model, x, 0, lane.split))
            outputs.append(torch.cat(parts))
        lane.train_inputs, lane.val_inputs = outputs
        _sync(self.device)
        lane.seconds += time.perf_counter() - began

    def _inputs(self, lane: Lane, idx: torch.Tensor) -> torch.Tensor:
        if lane.split == 0:
            return normalize(self.train_images[idx], self.mean, self.std)
        return lane.train_inputs[idx]

    def _batches(self) -> Iterator[torch.Tensor]:
        """Batch indices: a seeded shuffle per epoch, the last partial batch dropped; the same for every mode."""
        generator = torch.Generator().manual_seed(self.config.seed)
        n, b = len(self.train_images), self.batch_size
        while True:
            order = torch.randperm(n, generator=generator).to(self.device)
            for i in range(n // b):
                yield order[i * b:(i + 1) * b]

    def _step(self, lane: Lane, idx: torch.Tensor, lr: float) -> None:
        began = time.perf_counter()
        train_mode(lane.model, lane.split)
        for group in lane.optimizer.param_groups:
            group["lr"] = lr
        y = self.train_labels[idx]
        logits = forward_from(lane.model, self._inputs(lane, idx), lane.split)
        loss = F.cross_entropy(logits, y)
        lane.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        lane.optimizer.step()
        lane.loss_sum += loss.detach() * len(y)  # device tensors: no wait for the device until a log point
        lane.correct += (logits.argmax(1) == y).sum()
        lane.seen += len(y)
        _sync(self.device)  # so that the time is this mode's, on a GPU too
        lane.seconds += time.perf_counter() - began

    def _log(self, done: int, start: float) -> dict[str, Any]:
        curves, doc = self.doc["curves"], self.doc
        curves["iteration"].append(done)
        event = {"type": "log", "iteration": done, "train_loss": {}, "train_accuracy": {}}
        for ln in self.lanes:
            loss, acc = float(ln.loss_sum) / max(ln.seen, 1), int(ln.correct) / max(ln.seen, 1)
            curves["train_loss"][ln.mode].append(_round(loss))
            curves["train_accuracy"][ln.mode].append(_round(acc))
            doc["modes"][ln.mode].update(train_loss=_round(loss), seconds=_round(ln.seconds))
            event["train_loss"][ln.mode], event["train_accuracy"][ln.mode] = loss, acc
            ln.loss_sum, ln.correct, ln.seen = 0.0, 0, 0
        elapsed = time.perf_counter() - start
        doc["progress"].update(elapsed_s=_round(elapsed),
                               eta_s=_round(elapsed / done * (self.config.iterations - done)))
        return event

    @torch.no_grad()
    def accuracy(self, lane: Lane, batch: int = 250) -> float:
        """The lane's validation accuracy (eval mode: BatchNorm on running statistics)."""
        lane.model.eval()
        correct = 0
        for i in range(0, len(self.val_labels), batch):
            if lane.split == 0:
                x = normalize(self.val_images[i:i + batch], self.mean, self.std)
            else:
                x = lane.val_inputs[i:i + batch]
            correct += int((forward_from(lane.model, x, lane.split).argmax(1) == self.val_labels[i:i + batch]).sum())
        return correct / max(len(self.val_labels), 1)

    def _evaluate(self, done: int) -> dict[str, Any]:
        validation = self.doc["validation"]
        validation["iteration"].append(done)
        event = {"type": "eval", "iteration": done, "val_accuracy": {}}
        for ln in self.lanes:
            began = time.perf_counter()
            acc = self.accuracy(ln)  # waits for the device
            ln.seconds += time.perf_counter() - began
            validation["val_accuracy"][ln.mode].append(_round(acc))
            self.doc["modes"][ln.mode].update(val_accuracy=_round(acc), seconds=_round(ln.seconds))
            event["val_accuracy"][ln.mode] = acc
        return event

    # -- afterwards --------------------------------------------------------------------------------------------

    def save_checkpoints(self, directory: str | os.PathLike) -> list[Path]:
        """Save every mode's network for the Inspector (``<backbone>_<mode>.pt``): its class names, the
        normalisation it was trained with, its input and resize sizes; records the paths in the document."""
        pre = self.backbone.preprocess
        paths = []
        for ln in self.lanes:
            meta = {
                "architecture": {**self.backbone.architecture, "num_classes": len(self.data.classes)},
                "classes": list(self.data.classes),
                "normalization": {"mean": self.normalization["mean"], "std": self.normalization["std"]},
                "input_size": pre.crop_size, "resize_size": pre.resize_size,
                "dataset": self.data.info.get("kind"),
                "val_accuracy": self.doc["modes"][ln.mode]["val_accuracy"],
                "transfer": {"mode": ln.mode, "backbone": self.backbone.name, "run": self.doc["id"],
                             "normalization": self.normalization["kind"]},
            }
            path = save_checkpoint(Path(directory) / f"{self.backbone.name}_{ln.mode}.pt", ln.model.eval(), meta)
            self.doc["modes"][ln.mode]["checkpoint"] = str(path)
            paths.append(path)
        return paths


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _round(value: float | None, digits: int = 5) -> float | None:
    return None if value is None else float(f"{value:.{digits}g}")


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
    folder = Path(folder) if folder is not None else REFERENCE_TRANSFER
    found: dict[int, dict[str, float]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            doc = load_transfer_run(path)
        except RunError:
            continue
        accuracy = {m: v.get("val_accuracy") for m, v in doc["modes"].items()}
        if (doc["data"].get("kind") == FASHION_SPLIT and doc["status"] == "done" and set(accuracy) == set(MODES)
                and None not in accuracy.values()):
            found[int(doc["config"]["per_class"])] = accuracy
    return found


def against_scratch(measured: dict[int, dict[str, float]]) -> dict[str, Any]:
    """What reference results (:func:`reference_results`, two sizes or more) say about the source's features: per
    mode, the gain over training from scratch in percentage points, at the fewest (``few``) and the most (``many``)
    images per class; ``frozen_behind`` lists the sizes (of those two) at which the frozen features with a new fc
    layer scored below training from scratch (there the features describe the new classes worse than a network
    trained on them)."""
    if len(measured) < 2:
        raise ValueError("two reference runs (few and many images per class) are needed")
    few, many = min(measured), max(measured)
    gain = {size: {m: 100 * (measured[size][m] - measured[size]["scratch"]) for m in MODES if m != "scratch"}
            for size in (few, many)}
    return {"few": few, "many": many, "gain": gain,
            "frozen_behind": [size for size in (few, many) if gain[size]["fc"] < 0]}


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


# ---------------------------------------------------------------------------------------------------------------
# The app's job
# ---------------------------------------------------------------------------------------------------------------


def transfer_job(config: TransferConfig, directory: str | os.PathLike | None = None, label: str = "",
                 backbone: Backbone | None = None, checkpoints: bool = True) -> Callable[[Any], str]:
    """A job function for :class:`resnet_viz.train.jobs.JobQueue`: train every mode of ``config`` on the same split,
    publish the growing run document as ``job.progress()["run"]`` after every log and evaluation (and ``phase``:
    'backbone', 'data', 'training', 'saved'; ``download``: (done, total) bytes while weights download), stop at the
    next step once ``job.cancelled`` is set, save the run file (also when stopped; the checkpoints of a finished
    run in ``<directory>/<run id>/``) and return its path. ``directory`` defaults to :func:`transfer_dir`;
    ``backbone`` may be a cached :class:`Backbone` (it is not changed)."""

    def run(job: Any) -> str:
        check_data(config)
        job.update(phase="backbone")
        chosen = backbone or load_backbone(config.backbone_spec, config.weights,
                                           lambda done, total: job.update(download=(done, total)))
        job.update(phase="data")
        runner = TransferRun(config, backbone=chosen, label=label, stop=job.cancelled)
        job.update(phase="training", run=runner.snapshot())
        for _ in runner.run(stop=job.cancelled):
            job.update(run=runner.snapshot())
        folder = Path(directory) if directory is not None else transfer_dir()
        if checkpoints and runner.doc["status"] == "done":
            runner.save_checkpoints(folder / runner.doc["id"])
        path = save_transfer_run(runner.doc, folder / runner.filename)
        job.update(run=runner.snapshot(), path=str(path), phase="saved")
        return str(path)

    return run


# ---------------------------------------------------------------------------------------------------------------
# The shipped source backbone
# ---------------------------------------------------------------------------------------------------------------


def make_source_backbone(path: str | os.PathLike = SOURCE_BACKBONE, *, dataset: str = "fashion-mnist",
                         data_dir: str | os.PathLike | None = None, iterations: int = 1500, batch_size: int = 128,
                         lr: float = 0.1, seed: int = 0, device: str | None = None, threads: int | None = None,
                         log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Train the lesson's source backbone and save it as a checkpoint; returns its metadata.

    A CIFAR ResNet-20 (1 input channel, 5 outputs) trained on Fashion-MNIST's clothing classes 0-4 only, with the
    paper's recipe scaled to ``iterations`` (arXiv:1512.03385 Sec. 4.2: SGD, momentum 0.9, weight decay 1e-4, batch
    128, lr 0.1 divided by 10 at 50% and 75% of the run; 4-pixel padded random crops and horizontal flips), on the
    28×28 images normalised by the source training images' own mean and std. Its test accuracy is measured on the
    five source classes' test images. Reproduce the shipped file: ``python -m resnet_viz transfer
    --make-source-backbone`` (full Fashion-MNIST, found locally or ``--download``ed by ``train --download``).
    """
    from resnet_viz.train.config import TrainConfig
    from resnet_viz.train.config import learning_rate as step_lr
    from resnet_viz.train.data import augment
    from resnet_viz.train.data import normalize as norm
    from resnet_viz.train.engine import DeviceSetup, count_errors

    say = log or (lambda line: None)
    dev = pick_device(device)
    setup = DeviceSetup(dev)
    train_set, test_set = load_dataset(dataset, "train", data_dir), load_dataset(dataset, "test", data_dir)
    keep = torch.isin(train_set.labels, torch.tensor(SOURCE_CLASSES))
    images, labels = train_set.images[keep].to(dev), train_set.labels[keep].to(dev)
    keep = torch.isin(test_set.labels, torch.tensor(SOURCE_CLASSES))
    test_images, test_labels = test_set.images[keep].to(dev), test_set.labels[keep].to(dev)
    x = images.float() / 255
    mean, std = [float(x.mean())], [float(x.std())]
    mean_t, std_t = torch.tensor(mean, device=dev).view(1, -1, 1, 1), torch.tensor(std, device=dev).view(1, -1, 1, 1)
    schedule = TrainConfig(depths=(20,), dataset=dataset, iterations=iterations, batch_size=batch_size, lr=lr,
                           milestones=(0.5, 0.75), seed=seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build_model("cifar_resnet20", in_channels=1, num_classes=len(SOURCE_CLASSES)).to(dev)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=1e-4)
    order_gen, aug_gen = torch.Generator().manual_seed(seed), torch.Generator(device=dev).manual_seed(seed)
    threads_before = torch.get_num_threads()
    if dev.type == "cpu":
        torch.set_flush_denormal(True)
        if threads:
            torch.set_num_threads(threads)
    began = time.perf_counter()
    try:
        model.train()
        order, at = torch.randperm(len(images), generator=order_gen), 0
        for it in range(iterations):
            if at + batch_size > len(order):
                order, at = torch.randperm(len(images), generator=order_gen), 0
            idx = order[at:at + batch_size].to(dev)
            at += batch_size
            for group in optimizer.param_groups:
                group["lr"] = step_lr(schedule, it)
            xb = augment(norm(images[idx], mean_t, std_t), "crop-flip", aug_gen)
            loss = F.cross_entropy(model(xb), labels[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if (it + 1) % 100 == 0 or it + 1 == iterations:
                say(f"it {it + 1:>5}/{iterations}  loss {loss.item():.3f}  {time.perf_counter() - began:6.0f} s")
        wrong = int(count_errors(model, test_images, test_labels, mean_t, std_t, setup))
    finally:
        torch.set_num_threads(threads_before)
    accuracy = 1 - wrong / len(test_labels)
    classes = [FASHION_MNIST_CLASSES[c] for c in SOURCE_CLASSES]
    meta = {
        "architecture": {"name": "cifar_resnet20", "residual": True, "num_classes": len(SOURCE_CLASSES),
                         "in_channels": 1, "width": 16},
        "classes": classes,
        "normalization": {"mean": mean, "std": std},
        "input_size": int(images.shape[-1]),
        "dataset": dataset,
        "source_classes": list(SOURCE_CLASSES),
        "test_accuracy": round(accuracy, 4),
        "test_images": len(test_labels),
        "note": "the transfer lesson's source backbone: ResNet-20 trained on Fashion-MNIST's classes 0-4 ("
                + ", ".join(classes) + ") only; the lesson reuses it for classes 5-9 ("
                + ", ".join(FASHION_MNIST_CLASSES[c] for c in TARGET_CLASSES) + ")",
        "recipe": {"iterations": iterations, "batch_size": batch_size, "lr": lr, "milestones": [0.5, 0.75],
                   "momentum": 0.9, "weight_decay": 1e-4, "augment": "crop-flip", "seed": seed,
                   "train_images": len(labels), "seconds": round(time.perf_counter() - began, 1)},
        "command": "python -m resnet_viz transfer --make-source-backbone"
                   + ("" if dataset == "fashion-mnist" else f" --dataset {dataset}")
                   + ("" if iterations == 1500 else f" --iterations {iterations}")
                   + ("" if seed == 0 else f" --seed {seed}"),
    }
    save_checkpoint(path, model.eval(), meta)
    return meta


__all__ = [
    "FORMAT", "MODES", "FASHION_SPLIT", "PHOTOS", "SOURCE_BACKBONE", "Backbone", "TransferConfig", "TransferData",
    "TransferError", "TransferRun", "check_data", "first_trainable", "forward_from", "freeze", "load_backbone",
    "load_transfer_run", "make_source_backbone", "normalization_cost", "prepare_data", "save_transfer_run",
    "split_indices", "train_mode", "trainable_parameters", "transfer_dir", "transfer_job", "transfer_runs",
]
