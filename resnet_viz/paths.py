"""Every place on disk the app reads or writes, in one module: the repository's assets and the server's folders.

Environment variables move the server's folders: ``$RESNET_VIZ_RUNS_DIR`` (runs and their checkpoints),
``$RESNET_VIZ_DATA_DIR`` (downloaded and unpacked datasets), ``$TORCH_HOME`` (torchvision's weights cache).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "assets"
SAMPLE_FILE = ASSETS / "fashion-mnist-sample.npz"  # the embedded Fashion-MNIST sample
SAMPLES_DIR = ASSETS / "samples"  # sample images for the Inspector
WHY_DIR = ASSETS / "why"  # shipped measurements of the shipped checkpoints: the lesion study
SHIPPED_CHECKPOINTS = ASSETS / "checkpoints"  # trained networks shipped with the app (the offline default)
REFERENCE_RUNS = ASSETS / "runs"  # reference runs shipped with the app
REFERENCE_TRANSFER = ASSETS / "transfer"  # reference transfer-learning runs (the offline default, measured)

RUNS_DIR_ENV = "RESNET_VIZ_RUNS_DIR"
DATA_DIR_ENV = "RESNET_VIZ_DATA_DIR"


def runs_dir() -> Path:
    """Where new runs (and their checkpoints) are saved: ``$RESNET_VIZ_RUNS_DIR``, else ``<repo>/runs``."""
    return Path(os.environ.get(RUNS_DIR_ENV) or REPO / "runs")


def data_dir() -> Path:
    """Where datasets are downloaded to and looked for first: ``$RESNET_VIZ_DATA_DIR``, else ``<repo>/.cache/data``."""
    return Path(os.environ.get(DATA_DIR_ENV) or REPO / ".cache" / "data")


def weights_dir() -> Path:
    """Where torchvision caches downloaded weights: ``<torch hub dir>/checkpoints`` (``$TORCH_HOME/hub/...``)."""
    import torch

    return Path(torch.hub.get_dir()) / "checkpoints"


def cached_weights_file(weights) -> Path:
    """The file torchvision looks for before downloading ``weights`` (a torchvision weights enum member)."""
    return weights_dir() / weights.url.rsplit("/", 1)[-1]
