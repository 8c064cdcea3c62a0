"""Datasets as whole tensors: the embedded Fashion-MNIST sample, and full Fashion-MNIST, MNIST and CIFAR-10.

Small datasets live entirely in memory (and on the training device) as uint8 tensors; normalisation and
augmentation happen per batch on the device, not per sample in Python.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import os
import tempfile
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import torchvision.datasets as tvd

from resnet_viz.errors import Phrase, UserError, first_line
from resnet_viz.files import atomic_file
from resnet_viz.paths import DATA_DIR_ENV, SAMPLE_FILE
from resnet_viz.paths import data_dir as default_data_dir

# Fashion-MNIST's class names (Xiao, Rasul, Vollgraf 2017, arXiv:1708.07747), from torchvision's dataset class.
FASHION_MNIST_CLASSES = list(tvd.FashionMNIST.classes)


class DataError(UserError):
    """Data that is missing or unreadable; the message says where we looked and how to get it."""

    MESSAGES = {
        "data.sample_damaged": "the embedded sample {path} is missing or damaged ({detail}); restore it from git",
        "data.not_found": "{title} not found: looked in {where}. To get it, download it with `python -m resnet_viz "
                          "train --dataset {name} --download` (needs internet), or pass --data-dir with a folder "
                          "holding {files}.",
        "data.not_found_debian": "{title} not found: looked in {where}. To get it, download it with `python -m "
                                 "resnet_viz train --dataset {name} --download` (needs internet), or on Debian/Ubuntu "
                                 "`sudo apt install {package}`, or pass --data-dir with a folder holding {files}.",
        "data.not_writable": "{title}: found in {folder} but cannot unpack it: {target} is not writable; set ${env} "
                             "to a writable folder",
        "data.unreadable_file": "{title}: cannot read {path} ({detail}); the file is damaged: replace it or download "
                                "the dataset again",
        "data.damaged": "{title} at {root} is missing or damaged ({detail}); delete it and download again, or point "
                        "--data-dir at a good copy",
        "data.bad_arrays": "{title} at {root} is damaged: {images} images of {dtype}, {labels} labels; download it "
                           "again",
    }


@dataclasses.dataclass(frozen=True)
class ImageDataset:
    """A labelled image set held as tensors: ``images`` uint8 N×C×H×W, ``labels`` int64 N."""

    name: str
    images: torch.Tensor
    labels: torch.Tensor
    classes: list[str]
    mean: tuple[float, ...]  # per-channel, in [0, 1] units, of the training split
    std: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def in_channels(self) -> int:
        return self.images.shape[1]

    @property
    def image_size(self) -> int:
        return self.images.shape[-1]


def load_sample(split: str = "train") -> ImageDataset:
    """The embedded Fashion-MNIST sample: 10,000 training and 2,000 test images, 1,000/200 per class.

    Drawn with a fixed seed from the full set (MIT licence); the indices into the full set are kept in the file.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    arrays = _sample_arrays()
    images, labels, train = arrays[f"{split}_images"], arrays[f"{split}_labels"], arrays["train_images"]
    mean = float(train.mean() / 255)
    std = float(train.std() / 255)
    return ImageDataset(
        name="fashion-mnist-sample",
        images=torch.from_numpy(np.array(images)).unsqueeze(1),  # a copy: callers never share the cache
        labels=torch.from_numpy(labels.astype(np.int64)),
        classes=list(FASHION_MNIST_CLASSES),
        mean=(mean,),
        std=(std,),
    )


@functools.lru_cache(maxsize=1)
def _sample_arrays() -> dict[str, np.ndarray]:
    """The sample file's arrays, read once per process.

    Reading once also keeps numpy's header parsing (``ast.literal_eval``) out of training threads: CPython 3.11's
    ``ast.parse`` is not thread-safe (gh-106905) and Streamlit parses page scripts with it at the same time.
    """
    try:
        with np.load(SAMPLE_FILE) as f:
            return {k: f[k] for k in ("train_images", "train_labels", "test_images", "test_labels")}
    except (OSError, KeyError, ValueError) as e:
        raise DataError("data.sample_damaged", path=str(SAMPLE_FILE), detail=first_line(e, 200)) from None


# ---------------------------------------------------------------------------------------------------------------
# Full datasets through torchvision's own dataset classes: found locally, or downloaded when asked
# ---------------------------------------------------------------------------------------------------------------

# Downloads go to, and flat folders of .gz files are unpacked into, paths.data_dir(): $RESNET_VIZ_DATA_DIR, else
# <repo>/.cache/data.


@dataclasses.dataclass(frozen=True)
class DatasetInfo:
    """What the app knows about a dataset: torchvision's class, its files, and where a system may keep them."""

    title: str  # formatted with the sizes below: 'Fashion-MNIST (60,000/10,000)'
    torchvision_class: str | None  # None for the embedded sample
    train_images: int = 0  # images in the training and the test split
    test_images: int = 0
    image_size: int = 0  # width and height in pixels, before any resizing
    files: tuple[str, ...] = ()  # the raw files torchvision reads (MNIST family: gzipped idx files)
    system_dirs: tuple[str, ...] = ()  # flat folders a distribution installs (Debian: dataset-fashion-mnist)
    debian_package: str | None = None  # the Debian/Ubuntu package that installs them
    source: str = ""
    licence: str = ""


_IDX_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
              "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")

DATASETS: dict[str, DatasetInfo] = {
    "fashion-mnist-sample": DatasetInfo(
        "Fashion-MNIST sample (embedded, {train:,}/{test:,})", None, 10_000, 2_000, 28,
        source="https://github.com/zalandoresearch/fashion-mnist", licence="MIT"),
    "fashion-mnist": DatasetInfo(
        "Fashion-MNIST ({train:,}/{test:,})", "FashionMNIST", 60_000, 10_000, 28, _IDX_FILES,
        ("/usr/share/datasets/fashion-mnist",),
        debian_package="dataset-fashion-mnist", source="https://github.com/zalandoresearch/fashion-mnist",
        licence="MIT"),
    "mnist": DatasetInfo(
        "MNIST ({train:,}/{test:,})", "MNIST", 60_000, 10_000, 28, _IDX_FILES, ("/usr/share/datasets/mnist",),
        source="http://yann.lecun.com/exdb/mnist/", licence="CC BY-SA 3.0"),
    "cifar10": DatasetInfo(
        "CIFAR-10 ({train:,}/{test:,})", "CIFAR10", 50_000, 10_000, 32, source="https://www.cs.toronto.edu/~kriz/cifar.html",
        licence="see the source page"),
}
Phrase.MESSAGES.update({f"dataset.{name}": info.title for name, info in DATASETS.items()})


def load_dataset(name: str, split: str = "train", data_dir: str | os.PathLike | None = None,
                 download: bool = False) -> ImageDataset:
    """One split of a dataset as uint8 tensors, normalised by the *training* split's statistics.

    ``fashion-mnist-sample`` is embedded. The others go through torchvision's classes (``FashionMNIST``, ``MNIST``,
    ``CIFAR10``), looked for in ``data_dir`` (torchvision's layout, or a flat folder of the raw ``.gz`` files), then
    in :func:`default_data_dir`, then in the system folders (Debian's ``/usr/share/datasets/fashion-mnist``);
    ``download=True`` fetches them into ``data_dir`` (or the default) with torchvision. Raises :class:`DataError`.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}: choose one of {', '.join(DATASETS)}")
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    if DATASETS[name].torchvision_class is None:
        return load_sample(split)
    root = _find_root(name, None if data_dir is None else Path(data_dir), download)
    images, labels, classes = _read_torchvision(name, root, split == "train", download)
    mean, std = _train_statistics(name, str(root)) if split == "test" else _statistics(images)
    return ImageDataset(name=name, images=images, labels=labels, classes=classes, mean=mean, std=std)


def _statistics(images: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and std in [0, 1] units of a uint8 N×C×H×W tensor."""
    x = images.transpose(0, 1).reshape(images.shape[1], -1).double() / 255
    return tuple(x.mean(1).tolist()), tuple(x.std(1).tolist())


@functools.lru_cache(maxsize=8)
def _train_statistics(name: str, root: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    images, _, _ = _read_torchvision(name, Path(root), True, False)
    return _statistics(images)


def _candidates(name: str, data_dir: Path | None) -> list[Path]:
    places = [data_dir] if data_dir is not None else []
    places.append(default_data_dir())
    places.extend(Path(d) for d in DATASETS[name].system_dirs)
    return places


def _has_torchvision_layout(name: str, root: Path) -> bool:
    info = DATASETS[name]
    if info.torchvision_class == "CIFAR10":
        return (root / "cifar-10-batches-py" / "test_batch").is_file()
    raw = root / info.torchvision_class / "raw"
    return all((raw / f.removesuffix(".gz")).is_file() for f in info.files)


def _has_flat_files(name: str, folder: Path) -> bool:
    files = DATASETS[name].files
    return bool(files) and all((folder / f).is_file() or (folder / f.removesuffix(".gz")).is_file() for f in files)


def _find_root(name: str, data_dir: Path | None, download: bool) -> Path:
    """The torchvision root holding ``name``; a flat folder of .gz files is unpacked into the default data dir."""
    places = _candidates(name, data_dir)
    for place in places:
        if _has_torchvision_layout(name, place):
            return place
        if _has_flat_files(name, place):
            return _unpack_flat(name, place)
    if download:
        return data_dir if data_dir is not None else default_data_dir()
    info = DATASETS[name]
    files = ", ".join(info.files) if info.files else f"cifar-10-batches-py/ ({info.source})"
    where = ", ".join(str(p) for p in places)
    if info.debian_package:
        raise DataError("data.not_found_debian", title=title(name), where=where, name=name, files=files,
                        package=info.debian_package)
    raise DataError("data.not_found", title=title(name), where=where, name=name, files=files)


def title(name: str) -> Phrase:
    """A dataset's title, translatable: 'Fashion-MNIST (60,000/10,000)'."""
    info = DATASETS[name]
    return Phrase(f"dataset.{name}", {"train": info.train_images, "test": info.test_images})


def _unpack_flat(name: str, folder: Path) -> Path:
    """Copy a flat folder of raw idx files (gzipped or not) into torchvision's layout under the default data dir.

    Falls back to the system's temporary folder where the default data dir is not writable.
    """
    info = DATASETS[name]
    for root in (default_data_dir(), Path(tempfile.gettempdir()) / "resnet-explorer-data"):
        raw = root / info.torchvision_class / "raw"
        try:
            for file in info.files:
                _unpack_one(name, folder, file, raw / file.removesuffix(".gz"))
            return root
        except PermissionError:
            continue
    raise DataError("data.not_writable", title=title(name), folder=str(folder), target=str(default_data_dir()),
                    env=DATA_DIR_ENV)


def _unpack_one(name: str, folder: Path, file: str, target: Path) -> None:
    source = folder / file if (folder / file).is_file() else folder / file.removesuffix(".gz")
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return
    try:
        opener = gzip.open if source.suffix == ".gz" else open
        with opener(source, "rb") as src:
            data = src.read()
    except (OSError, EOFError, zlib.error) as e:
        raise DataError("data.unreadable_file", title=title(name), path=str(source), detail=first_line(e, 200)) \
            from None
    with atomic_file(target) as f:
        f.write(data)


def _read_torchvision(name: str, root: Path, train: bool, download: bool) -> tuple[torch.Tensor, torch.Tensor,
                                                                                     list[str]]:
    """Read a split with torchvision's class; its errors (missing, md5, bad magic) become one DataError."""
    info = DATASETS[name]
    cls = getattr(tvd, info.torchvision_class)
    try:
        ds = cls(str(root), train=train, download=download)
    except Exception as e:  # torchvision raises RuntimeError, ValueError, pickle and OS errors for bad files
        raise DataError("data.damaged", title=title(name), root=str(root), detail=first_line(e, 200)) from None
    data = ds.data if isinstance(ds.data, torch.Tensor) else torch.from_numpy(np.asarray(ds.data))
    images = data.unsqueeze(1) if data.ndim == 3 else data.permute(0, 3, 1, 2)  # N×H×W (MNIST) or N×H×W×C (CIFAR)
    labels = torch.as_tensor(ds.targets, dtype=torch.int64)
    if images.dtype != torch.uint8 or len(images) != len(labels) or len(images) == 0:
        raise DataError("data.bad_arrays", title=title(name), root=str(root), images=len(images),
                        dtype=str(images.dtype), labels=len(labels))
    return images.contiguous(), labels, list(ds.classes)


def fixed_subset(labels: torch.Tensor, size: int | None, seed: int) -> torch.Tensor:
    """Indices of a fixed random subset (the same for every run with this seed); all indices if ``size`` is None."""
    n = len(labels)
    if size is None or size >= n:
        return torch.arange(n)
    return torch.randperm(n, generator=torch.Generator().manual_seed(seed))[:size].sort().values


def resize(images: torch.Tensor, size: int | None) -> torch.Tensor:
    """Resize uint8 N×C×H×W images once (area averaging when shrinking), kept as uint8."""
    if size is None or size == images.shape[-1]:
        return images
    out = F.interpolate(images.float(), size=(size, size), mode="area" if size < images.shape[-1] else "bilinear")
    return out.round().clamp(0, 255).to(torch.uint8)


def normalize(images: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """uint8 -> float, minus the training set's mean, over its std (per channel)."""
    return (images.float().div_(255) - mean) / std


PAD = 4  # Sec. 4.2: "4 pixels are padded on each side, and a 32×32 crop is randomly sampled"


def augment(x: torch.Tensor, kind: str, generator: torch.Generator, pad: int = PAD) -> torch.Tensor:
    """Per-sample random crops of the zero-padded batch (and horizontal flips), vectorised on the batch's device.

    Zero padding of normalised images pads with the mean, as the paper's mean-subtracted inputs did.
    """
    if kind == "none":
        return x
    n, c, h, w = x.shape
    shifts = torch.randint(0, 2 * pad + 1, (2, n), generator=generator, device=x.device)
    rows = shifts[0, :, None] + torch.arange(h, device=x.device)  # n×h: the rows each sample's crop takes
    cols = shifts[1, :, None] + torch.arange(w, device=x.device)  # n×w
    if kind == "crop-flip":  # a flipped crop takes its columns right to left
        flip = torch.rand(n, generator=generator, device=x.device) < 0.5
        cols = torch.where(flip[:, None], cols.flip(1), cols)
    padded = F.pad(x, (pad, pad, pad, pad)).flatten(2)  # n×c×(H·W)
    index = (rows[:, :, None] * (w + 2 * pad) + cols[:, None, :]).flatten(1)  # n×(h·w), into the padded image
    return padded.gather(2, index[:, None, :].expand(n, c, h * w)).view(n, c, h, w)  # one gather, NCHW strides
