"""The Concepts page's library calls, cached per server (bounded): BN on a shipped checkpoint, Figure 7's
response stds, and the counts the text formats in."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.explain.responses import (
    ModeAccuracy,
    accuracy_by_mode,
    batch_norm_layers,
    batch_norm_view,
    response_stds,
    sample_batch,
)
from resnet_viz.nets.models import build_model, paper_depth
from resnet_viz.nets.summary import shortcut_census
from resnet_viz.paths import SHIPPED_CHECKPOINTS, WHY_DIR
from resnet_viz.why.landscape import LANDSCAPE_FILE, shipped_landscapes
from resnet_viz.why.lesion import LESION_FILE, shipped_lesions
from resnet_viz.why.paths import (
    VEIT_EFFECTIVE_BLOCKS,
    VEIT_NETWORK_BLOCKS,
    central_range,
    paper_blocks,
    path_counts,
    share_within,
)

FIGURE7 = ("plain-20", "resnet-20", "plain-56", "resnet-56")  # the shipped Fashion-MNIST checkpoints compared
BN_IMAGES = 400


def shipped(key: str) -> Path:
    """'resnet-56' -> assets/checkpoints/fashion-mnist_resnet56.pt"""
    kind, depth = key.split("-")
    return SHIPPED_CHECKPOINTS / f"fashion-mnist_{kind}{depth}.pt"


def bn_checkpoints() -> list[str]:
    """The shipped Fashion-MNIST checkpoints the BN panel can use (model keys)."""
    return [key for key in FIGURE7 if shipped(key).is_file()]


@st.cache_resource(max_entries=4, show_spinner=False)
def _checkpoint(key: str, mtime_ns: int):
    return load_checkpoint(shipped(key))  # read-only here: every computation works on a private copy


def checkpoint(key: str):
    return _checkpoint(key, shipped(key).stat().st_mtime_ns)


def bn_layers(key: str) -> list[str]:
    return batch_norm_layers(checkpoint(key)[0])


@st.cache_data(max_entries=16, show_spinner=False)
def bn_view(key: str, layer: str, mode: str = "train"):
    model, meta = checkpoint(key)
    x, _ = sample_batch(meta, BN_IMAGES)
    return batch_norm_view(model, x, layer, mode)


@st.cache_data(max_entries=4, show_spinner=False)
def modes(key: str) -> ModeAccuracy:
    model, meta = checkpoint(key)
    x, labels = sample_batch(meta, BN_IMAGES)
    return accuracy_by_mode(model, x, labels)


@st.cache_data(max_entries=4, show_spinner=False)
def conv_biases(key: str) -> tuple[int, int]:
    """(how many convolutions, how many bias parameters they would have): BN makes every one of them useless."""
    import torch.nn as nn

    convs = [m for m in checkpoint(key)[0].modules() if isinstance(m, nn.Conv2d)]
    return len(convs), sum(m.out_channels for m in convs)


@st.cache_data(max_entries=1, show_spinner=False)
def figure7() -> dict[str, list[tuple[str, float]]]:
    """Response stds of every shipped checkpoint of the comparison that exists."""
    found = {}
    for key in FIGURE7:
        if shipped(key).is_file():
            model, meta = checkpoint(key)
            x, _ = sample_batch(meta, BN_IMAGES)
            found[key] = response_stds(model, x)
    return found


def checkpoint_iterations(key: str) -> int | None:
    """How many iterations a shipped checkpoint was trained for (from its recipe), if it says."""
    recipe = checkpoint(key)[1].get("recipe") or {}
    return recipe.get("iterations")


@st.cache_data(max_entries=2, show_spinner=False)
def census(name: str) -> dict[str, int]:
    return shortcut_census(name)


@st.cache_data(max_entries=8, show_spinner=False)
def params(name: str) -> int:
    return sum(p.numel() for p in build_model(name).parameters())


@st.cache_data(max_entries=1, show_spinner=False)
def vgg_depth() -> int:
    """VGG-19's weighted layers, counted on torchvision's model."""
    return paper_depth(build_model("vgg19"))


# ---------------------------------------------------------------------------------------------------------------
# Why it works: the shipped lesion study and the paths
# ---------------------------------------------------------------------------------------------------------------

WHY_DEPTHS = (20, 56)  # the shipped plain/ResNet pairs


@st.cache_data(max_entries=2, show_spinner=False)
def _lesions(path: str, mtime_ns: int) -> dict:
    return shipped_lesions(Path(path))


def lesions() -> dict:
    """The shipped lesion study (``python -m resnet_viz lesion``) by model key; empty when it is not there."""
    path = WHY_DIR / LESION_FILE
    return _lesions(str(path), path.stat().st_mtime_ns) if path.is_file() else {}


@st.cache_data(max_entries=2, show_spinner=False)
def _landscapes(path: str, mtime_ns: int) -> dict:
    return shipped_landscapes(Path(path))


def landscapes() -> dict:
    """The shipped loss landscapes (``python -m resnet_viz landscape``); empty when they are not there."""
    path = WHY_DIR / LANDSCAPE_FILE
    return _landscapes(str(path), path.stat().st_mtime_ns) if path.is_file() else {}


def chance() -> float:
    """The error of a guess among the sample's classes."""
    from resnet_viz.train.data import FASHION_MNIST_CLASSES

    return 1 - 1 / len(FASHION_MNIST_CLASSES)


def paths(depth: int) -> dict:
    """The paths through a CIFAR ResNet of ``depth`` (n = (depth − 2) / 2 blocks), the central lengths that hold
    about two thirds of them, and Veit et al.'s range for their ResNet-110."""
    n = paper_blocks(depth)
    counts = path_counts(n)
    low, high = central_range(n)
    return {"n": n, "counts": counts, "total": 2**n, "low": low, "high": high, "share": share_within(n, low, high),
            "veit": VEIT_EFFECTIVE_BLOCKS, "veit_n": VEIT_NETWORK_BLOCKS}
