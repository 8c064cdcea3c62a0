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

from resnet_viz.transfer.backbones import (
                                           Backbone,
                                           first_trainable,
                                           forward_from,
                                           freeze,
                                           load_backbone,
                                           train_mode,
                                           trainable_parameters,
)
from resnet_viz.transfer.config import (
                                           DEFAULT_PER_CLASS,
                                           FASHION_SPLIT,
                                           FORMAT,
                                           MAX_CLASS_NAME,
                                           MAX_PHOTO_BYTES,
                                           MAX_PHOTO_CLASSES,
                                           MAX_PHOTOS,
                                           MIN_CLASSES,
                                           MODES,
                                           PHOTOS,
                                           SOURCE_BACKBONE,
                                           SOURCE_CLASSES,
                                           TARGET_CLASSES,
                                           TransferConfig,
                                           TransferError,
)
from resnet_viz.transfer.data import TransferData, check_data, prepare_data, split_indices
from resnet_viz.transfer.results import (
                                           against_scratch,
                                           load_transfer_run,
                                           normalization_cost,
                                           reference_results,
                                           save_transfer_run,
                                           transfer_dir,
                                           transfer_runs,
)
from resnet_viz.transfer.run import TransferRun, transfer_job
from resnet_viz.transfer.source import make_source_backbone

__all__ = [
    "DEFAULT_PER_CLASS", "FASHION_SPLIT", "FORMAT", "MAX_CLASS_NAME", "MAX_PHOTO_BYTES", "MAX_PHOTO_CLASSES",
    "MAX_PHOTOS", "MIN_CLASSES", "MODES", "PHOTOS", "SOURCE_BACKBONE", "SOURCE_CLASSES", "TARGET_CLASSES", "Backbone",
    "TransferConfig", "TransferData", "TransferError", "TransferRun", "against_scratch", "check_data",
    "first_trainable", "forward_from", "freeze", "load_backbone", "load_transfer_run", "make_source_backbone",
    "normalization_cost", "prepare_data", "reference_results", "save_transfer_run", "split_indices", "train_mode",
    "trainable_parameters", "transfer_dir", "transfer_job", "transfer_runs",
]
