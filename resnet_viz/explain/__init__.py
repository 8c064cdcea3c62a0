"""Explaining a network's answer: images in (``images``), where a classifier comes from (``sources``: shipped
checkpoints, ImageNet weights), checkpoint files (``checkpoints``), predictions, feature maps, Grad-CAM and the
other attributions (``attributions``, through captum), and the layer responses of the paper's Figure 7
(``responses``).

The attribution API is this package's own (``from resnet_viz.explain import explain, predict``), and is imported on
first use: training and checkpoints work on a machine without captum.
"""

from importlib import import_module
from typing import Any

_SUBMODULES = {"attributions", "checkpoints", "images", "responses", "sources"}


def __getattr__(name: str) -> Any:
    if name.startswith("__") or name in _SUBMODULES:
        raise AttributeError(name)  # a submodule not imported yet: Python's import system finds it
    attributions = import_module("resnet_viz.explain.attributions")
    try:
        return getattr(attributions, name)
    except AttributeError:
        raise AttributeError(f"module 'resnet_viz.explain' has no attribute {name!r}") from None
