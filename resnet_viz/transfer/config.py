"""What a transfer run is given: its configuration, the bounds on what a class may bring, and its errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from resnet_viz.errors import Phrase, UserError, all_messages
from resnet_viz.paths import SHIPPED_CHECKPOINTS

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
