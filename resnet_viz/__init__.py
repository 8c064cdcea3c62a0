"""ResNet Explorer's library: models, layer tables, training, images and explanations. Never imports Streamlit.

Laid out by concern: ``nets`` (the zoo, twins, the paper's numbers, counts), ``train`` (config, data, engine, trainer,
run files, job queue, the class experiment), ``explain`` (images, sources, checkpoints, attributions, responses),
``transfer``, ``plots``, ``i18n``, ``cli`` (one module per command), and beside them the cross-cutting ``device``,
``errors``, ``files``, ``paths`` and ``lesson``. The old flat names (``resnet_viz.training``...) still import
(:mod:`resnet_viz._moved`).

The explanation API (``predict``, ``feature_maps``, ``grad_cam``) is imported on first use, so training and the
layer table work on machines without captum (a GPU box running only ``python -m resnet_viz train``).
"""

from importlib import import_module
from typing import Any

from resnet_viz import _moved
from resnet_viz.device import describe_device, pick_device
from resnet_viz.nets.models import CIFAR_NAMES, MODEL_NAMES, TORCHVISION_NAMES, build_model
from resnet_viz.nets.summary import LayerTable, describe, layer_table

_moved.install()

_LAZY = {"predict": "explain", "feature_maps": "explain", "grad_cam": "explain", "load_image": "explain.images"}

__all__ = [
    "CIFAR_NAMES", "MODEL_NAMES", "TORCHVISION_NAMES", "LayerTable", "build_model", "describe", "describe_device",
    "layer_table", "pick_device", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'resnet_viz' has no attribute {name!r}")
