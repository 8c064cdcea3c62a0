"""ImageNet's training and evaluation preprocessing of one photo (resnet_viz.transfer.preprocess): the sizes come from
torchvision's weights metadata, the random crops are torchvision's own for a seed and differ from one another."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image
from torchvision import transforms as T
from torchvision.models import ResNet50_Weights

from resnet_viz.paths import SAMPLES_DIR
from resnet_viz.transfer.preprocess import training_crops, views

PHOTO = SAMPLES_DIR / "chelsea.jpg"


def photo() -> Image.Image:
    return Image.open(PHOTO).convert("RGB")


def test_the_evaluation_sizes_are_the_weights_own():
    shown = views(photo())
    v1, v2 = ResNet50_Weights.IMAGENET1K_V1.transforms(), ResNet50_Weights.IMAGENET1K_V2.transforms()
    assert (shown.resize_size, shown.crop_size) == (v1.resize_size[0], v1.crop_size[0]) == (256, 224)
    assert (shown.newer_resize_size, shown.newer_crop_size) == (v2.resize_size[0], v2.crop_size[0]) == (232, 224)
    assert (shown.weights, shown.newer_weights) == ("IMAGENET1K_V1", "IMAGENET1K_V2") and shown.evaluation.size == (224, 224)
    expected = T.CenterCrop(224)(T.Resize(256)(photo()))  # what the preset does before its tensor steps
    assert np.array_equal(np.asarray(shown.evaluation), np.asarray(expected))


def test_training_crops_are_torchvisions_for_a_seed_and_differ():
    crops = training_crops(photo(), count=4, seed=3)
    again = training_crops(photo(), count=4, seed=3)
    assert all(c.image.size == (224, 224) for c in crops)
    assert [c.box for c in crops] == [c.box for c in again]
    assert all(np.array_equal(np.asarray(a.image), np.asarray(b.image)) for a, b in zip(crops, again))
    assert len({c.box for c in crops}) == len(crops)  # four different parts of the photo
    assert [c.box for c in training_crops(photo(), count=4, seed=4)] != [c.box for c in crops]
    assert all(0 < c.area <= 1 for c in crops)
    # the same images as torchvision's Compose, drawn in the same order from the same seed
    recipe = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip()])
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(3)
        theirs = [recipe(photo()) for _ in crops]
    assert all(np.array_equal(np.asarray(a.image), np.asarray(b)) for a, b in zip(crops, theirs))


def test_the_crops_leave_torchs_generator_alone():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    training_crops(photo(), count=2, seed=9)
    assert torch.equal(torch.rand(3), expected)
