"""ImageNet's two preprocessings of one photo: the training recipe's random crops, and the one view evaluation gives.

- Training (torchvision's reference recipe, after Inception, Szegedy et al. 2015): ``RandomResizedCrop`` (a random
  part of the photo, of random area and aspect ratio within the transform's own ``scale`` and ``ratio``, resized to
  the crop size) and ``RandomHorizontalFlip``. Each epoch sees another crop of every image.
- Evaluation: the weights' own ``transforms()`` (torchvision's ``ImageClassification`` preset): the shorter side
  resized to ``resize_size``, then the centre ``crop_size`` square; always the same view.

He et al. train differently (arXiv:1512.03385, Sec. 3.4): scale augmentation, the shorter side resized at random in
:data:`resnet_viz.nets.paper.SCALE_AUGMENTATION`, a 224×224 crop sampled from the image or its horizontal flip, and
AlexNet's colour augmentation; and they test with 10 crops. This module shows torchvision's recipe, the one most code
uses and the one its weights' ``transforms()`` belong to.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import torch
from PIL import Image
from torchvision import transforms as T
from torchvision.models import ResNet50_Weights
from torchvision.transforms import functional as TF

from resnet_viz.explain.images import Preprocess

WEIGHTS = ResNet50_Weights.IMAGENET1K_V1  # the original recipe's weights; V2 below for its own evaluation sizes
NEWER_WEIGHTS = ResNet50_Weights.IMAGENET1K_V2


@dataclasses.dataclass(frozen=True)
class Crop:
    """One training view: the image the network sees and where it came from in the photo."""

    image: Image.Image  # crop_size × crop_size
    box: tuple[int, int, int, int]  # (top, left, height, width) in the photo's pixels
    area: float  # the box's share of the photo's area
    flipped: bool


@dataclasses.dataclass(frozen=True)
class Views:
    """A photo as training and as evaluation see it, and the sizes both use (read from torchvision)."""

    photo: Image.Image  # the photo as given (RGB)
    crops: list[Crop]
    evaluation: Image.Image  # crop_size × crop_size
    weights: str  # the evaluation's weights, by their name in ResNet50_Weights ("IMAGENET1K_V1")
    newer_weights: str
    crop_size: int
    resize_size: int  # evaluation: the shorter side before the centre crop
    newer_resize_size: int  # the same for NEWER_WEIGHTS
    newer_crop_size: int
    scale: tuple[float, float]  # RandomResizedCrop's range of areas, as shares of the photo
    ratio: tuple[float, float]  # and of aspect ratios (width / height)
    flip: float  # RandomHorizontalFlip's probability


def evaluation_view(image: Image.Image, weights: Any = WEIGHTS) -> Image.Image:
    """The one view evaluation gives: ``weights.transforms()``'s resize and centre crop, before normalisation."""
    return Preprocess.from_weights(weights).crop(image)


def training_crops(image: Image.Image, count: int = 4, seed: int = 0, weights: Any = WEIGHTS) -> list[Crop]:
    """``count`` views as ``RandomResizedCrop(crop_size)`` and ``RandomHorizontalFlip()`` make them, with their boxes.

    Deterministic for a ``seed`` (torch's global generator is forked, so nobody else's draws change). The crop size
    is the evaluation's (``weights.transforms().crop_size``); ``scale``, ``ratio`` and the flip probability are the
    transforms' own defaults, drawn in the order their ``forward`` draws them."""
    crop_size = Preprocess.from_weights(weights).crop_size
    resized_crop, flip = T.RandomResizedCrop(crop_size), T.RandomHorizontalFlip()
    image = image.convert("RGB")
    crops = []
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for _ in range(count):
            top, left, height, width = resized_crop.get_params(image, resized_crop.scale, resized_crop.ratio)
            view = TF.resized_crop(image, top, left, height, width, [crop_size, crop_size],
                                   resized_crop.interpolation, antialias=resized_crop.antialias)
            flipped = bool(torch.rand(1) < flip.p)
            crops.append(Crop(TF.hflip(view) if flipped else view, (top, left, height, width),
                              height * width / (image.width * image.height), flipped))
    return crops


def views(image: Image.Image, count: int = 4, seed: int = 0) -> Views:
    """Training's ``count`` random crops of ``image`` and evaluation's one view, with the sizes behind them."""
    preset, newer = WEIGHTS.transforms(), NEWER_WEIGHTS.transforms()
    defaults = T.RandomResizedCrop(int(preset.crop_size[0]))
    return Views(photo=image.convert("RGB"), crops=training_crops(image, count, seed),
                 evaluation=evaluation_view(image),
                 weights=WEIGHTS.name, newer_weights=NEWER_WEIGHTS.name,
                 crop_size=int(preset.crop_size[0]), resize_size=int(preset.resize_size[0]),
                 newer_resize_size=int(newer.resize_size[0]), newer_crop_size=int(newer.crop_size[0]),
                 scale=tuple(defaults.scale), ratio=tuple(defaults.ratio), flip=T.RandomHorizontalFlip().p)
