"""The Inspector's results, cached per server: (model key, image digest, layer, class, method) -> small arrays.

Bounded in count and age, so moving the opacity slider or the colour map recomputes nothing; every computation
passes the server's gate (:func:`app_pages.ui.server.compute_gate`).
"""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from app_pages.ui.server import compute_gate
from resnet_viz import explain as ex
from resnet_viz.explain.sources import Classifier

RESULTS = dict(max_entries=256, ttl=3600, show_spinner=False)  # small arrays: maps are at most 224×224 floats


@st.cache_resource(max_entries=2, show_spinner=False)
def randomized_model(key: str, _classifier: Classifier) -> Classifier:
    """The sanity check's copy with random weights (Adebayo et al. 2018), shared read-only like the original."""
    c = _classifier
    return Classifier(ex.randomized_copy(c.model), c.classes, c.preprocess, name=f"{c.name} (random)",
                      key=f"{key}:random")


@st.cache_data(**RESULTS)
def explanation(model_key: str, digest: str, layer: str | None, target: int | None, _clf: Classifier,
                _x: torch.Tensor) -> ex.Explanation:
    with compute_gate():
        return ex.explain(_clf.model, _x, target=target, layer=layer)


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)  # up to 3 MB each (conv1 of a torchvision net)
def features(model_key: str, digest: str, tap: str, _clf: Classifier,
             _x: torch.Tensor) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(maps as float16 C×H×W, channels strongest first, mean activation per channel)`` at ``tap``."""
    with compute_gate():
        maps = ex.feature_maps(_clf.model, _x, [tap])[tap]
    return maps.astype(np.float16), ex.channel_order(maps), maps.reshape(len(maps), -1).mean(axis=1)


@st.cache_data(**RESULTS)
def attribution(method: str, model_key: str, digest: str, layer: str | None, target: int, _clf: Classifier,
                _x: torch.Tensor) -> np.ndarray:
    with compute_gate():
        return ex.attribution(method, _clf.model, _x, target=target, layer=layer)


@st.cache_data(**RESULTS)
def faithfulness(method: str, model_key: str, digest: str, layer: str | None, target: int, _clf: Classifier,
                 _x: torch.Tensor, _saliency: np.ndarray) -> ex.Faithfulness:
    with compute_gate():
        return ex.deletion_insertion(_clf.model, _x, _saliency, target)
