"""What He, Zhang, Ren and Sun report in "Deep Residual Learning for Image Recognition" (arXiv:1512.03385, 2015),
as data: the pages format these numbers into their text and tables, so no sentence types a number the paper gives.

Each constant names its table or section. Errors are percentages; FLOPs are the paper's "FLOPs", which it counts
as multiply-adds (Table 1's footnote in the text: "FLOPs ... as multiply-adds").
"""

from __future__ import annotations

import dataclasses

ARXIV = "1512.03385"

# Table 1, the "FLOPs" row, in units of 10^9.
TABLE1_GFLOPS = {"resnet18": 1.8, "resnet34": 3.6, "resnet50": 3.8, "resnet101": 7.6, "resnet152": 11.3}

# Figure 6 left: the plain CIFAR-10 nets, whose training error rises with depth.
FIGURE6_PLAIN_DEPTHS = (20, 32, 44, 56)

# Figure 1: on CIFAR-10 the deeper plain net has the higher training (and test) error.
FIGURE1_DEPTHS = (20, 56)

# Sec. 3.3: downsampling is "performed directly by convolutional layers that have a stride of 2", and where the
# map halves the number of filters doubles.
DOWNSAMPLE_STRIDE = 2
WIDTH_GROWTH = 2  # Sec. 3.3: "if the feature map size is halved, the number of filters is doubled"

# Sec. 3.4, ImageNet training: "The image is resized with its shorter side randomly sampled in [256, 480] for scale
# augmentation", then a 224×224 crop is sampled from it or its horizontal flip (colour augmentation as AlexNet's).
SCALE_AUGMENTATION = (256, 480)
PAPER_CROP = 224

# Sec. 3.3 / Figure 3: VGG-19 and the 34-layer nets, in billions of FLOPs (multiply-adds).
VGG19_GFLOPS = 19.6
PLAIN34_GFLOPS = 3.6


@dataclasses.dataclass(frozen=True)
class ImageNetError:
    """Top-1 and top-5 error (%) on the ImageNet validation set."""

    top1: float
    top5: float


# Not this paper: torchvision's "V1.5" (the stride of a downsampling Bottleneck on its 3×3 conv). torchvision's
# resnet.py says it "improves accuracy", citing NVIDIA's ResNet-50 v1.5 notes: about 0.5 points of top-1, for about
# 5% fewer images per second.
V15_TOP1_GAIN = 0.5
V15_THROUGHPUT_COST = 5

# Table 2: top-1 error (%, 10-crop testing) on ImageNet validation of the 18- and 34-layer nets; the ResNets use
# option A (zero-padding shortcuts).
TABLE2 = {"plain-18": 27.94, "plain-34": 28.54, "resnet18": 27.88, "resnet34": 25.03}

# Table 3: 10-crop testing on ImageNet validation; the three shortcut options for ResNet-34.
TABLE3 = {
    "plain-34": ImageNetError(28.54, 10.02),
    "A": ImageNetError(25.03, 7.76),
    "B": ImageNetError(24.52, 7.46),
    "C": ImageNetError(24.19, 7.40),
}

# Table 4: single-model results on the ImageNet validation set.
TABLE4 = {
    "resnet34-B": ImageNetError(21.84, 5.71),
    "resnet34-C": ImageNetError(21.53, 5.60),
    "resnet50": ImageNetError(20.74, 5.25),
    "resnet101": ImageNetError(19.87, 4.60),
    "resnet152": ImageNetError(19.38, 4.49),
}

# Table 5: the ensemble of six models of different depth, top-5 error on the ImageNet *test* set (ILSVRC 2015,
# first place in classification).
ENSEMBLE_TOP5_TEST = 3.57
ENSEMBLE_MODELS = 6

# Table 5's single best model, for contrast: ResNet-152 on the validation set (top-5 %, the same as in Table 4).
SINGLE_BEST = "resnet152"

# Not this paper: He, Zhang, Ren, Sun 2016, "Identity Mappings in Deep Residual Networks" (arXiv:1603.05027),
# Table 2: CIFAR-10 test error (%) of ResNet-110 with the block's BN, ReLU and addition in other orders.
IDENTITY_MAPPINGS_ARXIV = "1603.05027"
ORDERINGS_RESNET110 = {"original": 6.61, "bn_after_add": 8.17, "relu_before_add": 7.84, "relu_only_preact": 6.71,
                       "full_preact": 6.37}

# Abstract and Sec. 4.3 / Appendix: first places at ILSVRC & COCO 2015.
FIRST_PLACES = ("imagenet_classification", "imagenet_detection", "imagenet_localization", "coco_detection",
                "coco_segmentation")
COCO_RELATIVE_IMPROVEMENT = 28  # % relative improvement on COCO object detection, "solely due to" depth (Abstract)


@dataclasses.dataclass(frozen=True)
class CifarResult:
    """Table 6: a CIFAR-10 ResNet's layers, parameters (millions) and test error (%)."""

    depth: int
    params_m: float
    error: float


# Table 6: CIFAR-10 test error of the ResNets: one run each, except ResNet-110, run 5 times and reported as
# "best (mean ± std)": 6.43 (6.61 ± 0.16).
TABLE6 = {
    20: CifarResult(20, 0.27, 8.75),
    32: CifarResult(32, 0.46, 7.51),
    44: CifarResult(44, 0.66, 7.17),
    56: CifarResult(56, 0.85, 6.97),
    110: CifarResult(110, 1.7, 6.43),
    1202: CifarResult(1202, 19.4, 7.93),
}

RESNET110_RUNS, RESNET110_MEAN, RESNET110_STD = 5, 6.61, 0.16

# Sec. 4.2: CIFAR-10 training recipe numbers the text quotes.
CIFAR_ITERATIONS = 64_000
CIFAR_LR_STEPS = (32_000, 48_000)
RESNET110_WARMUP_LR = 0.01  # "until the training error is below 80% (about 400 iterations)"
RESNET110_WARMUP_ITERATIONS = 400
RESNET110_WARMUP_UNTIL = 0.8  # the training error below which lr goes back to 0.1
RESNET1202_TRAIN_ERROR_BELOW = 0.1  # "this 10^3-layer network is able to achieve training error <0.1%"
