"""Datasets as whole tensors: the embedded Fashion-MNIST sample, and (more to come) torchvision's datasets.

Small datasets live entirely in memory (and on the training device) as uint8 tensors; normalisation and
augmentation happen per batch on the device, not per sample in Python.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import torch

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SAMPLE_FILE = ASSETS / "fashion-mnist-sample.npz"

# Fashion-MNIST's class names (Xiao, Rasul, Vollgraf 2017, arXiv:1708.07747), as torchvision lists them.
FASHION_MNIST_CLASSES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]


class DataError(RuntimeError):
    """Data that is missing or unreadable; the message says where we looked and how to get it."""


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
    try:
        with np.load(SAMPLE_FILE) as f:
            images, labels, train = f[f"{split}_images"], f[f"{split}_labels"], f["train_images"]
    except (OSError, KeyError, ValueError) as e:
        raise DataError(f"the embedded sample {SAMPLE_FILE} is missing or damaged ({e}); restore it from git") from None
    mean = float(train.mean() / 255)
    std = float(train.std() / 255)
    return ImageDataset(
        name="fashion-mnist-sample",
        images=torch.from_numpy(np.ascontiguousarray(images)).unsqueeze(1),
        labels=torch.from_numpy(labels.astype(np.int64)),
        classes=list(FASHION_MNIST_CLASSES),
        mean=(mean,),
        std=(std,),
    )
