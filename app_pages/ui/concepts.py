"""The Concepts page's library calls, cached per server (bounded): BN on a shipped checkpoint, Figure 7's
response stds, and the counts the text formats in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
import torch

from resnet_viz.explain.checkpoints import load_checkpoint, shipped_run
from resnet_viz.explain.responses import (
    BN_IMAGES,
    FIGURE7_GROUPS,
    FIGURE7_IMAGES,
    BatchSizeAccuracy,
    ModeAccuracy,
    batch_norm_layers,
    batch_norm_view,
    bn_study,
    median_std,
    response_groups,
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
BN_MODEL = "resnet-20"  # the BN tab's first checkpoint, and the one the Lesson's BN step asks about


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
def study(key: str) -> tuple[ModeAccuracy, BatchSizeAccuracy]:
    """Both BN measurements of a shipped checkpoint, computed once (the batch of one is in both)."""
    return bn_study(*checkpoint(key))


def modes(key: str) -> ModeAccuracy:
    """The batch-of-one measurement, shown by the BN tab and by the Lesson's BN step alike."""
    return study(key)[0]


def batch_sizes(key: str) -> BatchSizeAccuracy:
    """Training-mode accuracy at each batch size, on the same images as :func:`modes`."""
    return study(key)[1]


@st.cache_data(max_entries=4, show_spinner=False)
def conv_biases(key: str) -> tuple[int, int]:
    """(how many convolutions, how many bias parameters they would have): BN makes every one of them useless."""
    import torch.nn as nn

    convs = [m for m in checkpoint(key)[0].modules() if isinstance(m, nn.Conv2d)]
    return len(convs), sum(m.out_channels for m in convs)


@st.cache_data(max_entries=1, show_spinner=False)
def figure7() -> tuple[dict[str, list[tuple[str, float]]], dict[str, list[float]]]:
    """Response stds of every shipped checkpoint of the comparison that exists, on all the sample's test images,
    and each one's median over every group of those images (for the interval of the deeper-ResNet reading)."""
    found, groups = {}, {}
    for key in FIGURE7:
        if shipped(key).is_file():
            model, meta = checkpoint(key)
            x, _ = sample_batch(meta, FIGURE7_IMAGES)
            found[key], per_group = response_groups(model, x, FIGURE7_GROUPS)
            groups[key] = [median_std(values) for values in per_group]
    return found, groups


def training_run(key: str) -> dict[str, Any] | None:
    """The shipped run that trained a shipped checkpoint (its iterations, device and precision), if it ships."""
    return shipped_run(checkpoint(key)[1])


def checkpoint_iterations(key: str) -> int | None:
    """How many iterations a shipped checkpoint was trained for (from its recipe), if it says."""
    recipe = checkpoint(key)[1].get("recipe") or {}
    return recipe.get("iterations")


@st.cache_data(max_entries=2, show_spinner=False)
def census(name: str) -> dict[str, int]:
    return shortcut_census(name)


@st.cache_data(max_entries=8, show_spinner=False)
def params(name: str) -> int:
    with torch.device("meta"):  # counted without initialising a weight
        return sum(p.numel() for p in build_model(name).parameters())


@st.cache_data(max_entries=1, show_spinner=False)
def imagenet_classes() -> int:
    """ImageNet's classes, as torchvision's weights name them (their metadata: nothing is downloaded)."""
    from torchvision.models import ResNet50_Weights

    return len(ResNet50_Weights.DEFAULT.meta["categories"])


@st.cache_data(max_entries=1, show_spinner=False)
def vgg_depth() -> int:
    """VGG-19's weighted layers, counted on torchvision's model (built on the meta device: no weight is read)."""
    with torch.device("meta"):
        return paper_depth(build_model("vgg19"))


# ---------------------------------------------------------------------------------------------------------------
# Why it works: the shipped lesion study and the paths
# ---------------------------------------------------------------------------------------------------------------

WHY_DEPTHS = (20, 56)  # the shipped plain/ResNet pairs
LANDSCAPE_VIEWS = ("contour", "surface")  # how the why tab draws the loss landscape (link parameter "view")


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


LIVE_JOB = "concepts_why_live_job"  # the session's live study (a job id)


def lab_checkpoints() -> dict[str, str]:
    """The Lab's saved Fashion-MNIST checkpoints the live study can test: label -> path."""
    from resnet_viz.explain.sources import find_checkpoints
    from resnet_viz.why.live import network_key

    return {e.label: str(e.path) for e in find_checkpoints() if e.origin == "lab" and network_key(e.path)}


def live_job():
    from app_pages.ui.server import session_job

    return session_job(LIVE_JOB)


def start_live(path: str, label: str) -> None:
    """Queue the live study of the checkpoint at ``path`` (a job of the server's queue, like a Lab run)."""
    from app_pages.ui.server import job_queue
    from app_pages.ui.session import session_id
    from resnet_viz.why.live import live_study, network_key

    def run(job) -> dict:
        model, meta = load_checkpoint(path)

        def tell(part: str, done: int, total: int) -> None:
            job.check()  # a cancelled job (its tab closed) stops here
            job.update(part=part, done=done, total=total)

        return {"key": network_key(path), "label": label, **live_study(model, meta, progress=tell)}

    st.session_state[LIVE_JOB] = job_queue().submit(session_id(), run, label=f"why: {label}").id


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


@st.cache_data(max_entries=1, show_spinner=False)
def misconception_numbers() -> dict[str, object]:
    """What the misconceptions format in: the paper's numbers, and ResNet-18/50 counted on their modules."""
    import torch

    from resnet_viz.nets import paper
    from resnet_viz.nets.models import build_model, layer_census

    with torch.device("meta"):
        basic, bottleneck = (layer_census(build_model(name)) for name in ("resnet18", "resnet50"))
    kernels = lambda census: " / ".join(f"{k}×{k}" for k in census["block_kernels"])  # noqa: E731
    order = paper.ORDERINGS_RESNET110
    return dict(p18=paper.TABLE2["plain-18"], p34=paper.TABLE2["plain-34"], r18=paper.TABLE2["resnet18"],
                r34=paper.TABLE2["resnet34"],
                train_1202=paper.RESNET1202_TRAIN_ERROR_BELOW, ensemble=paper.ENSEMBLE_TOP5_TEST,
                models=paper.ENSEMBLE_MODELS, single=paper.TABLE4[paper.SINGLE_BEST].top5, convs=basic["convs"],
                fc=basic["fc"],
                depth=basic["convs"] + basic["fc"], projections=basic["projections"], stem=basic["stem_kernel"],
                basic=kernels(basic),
                bottleneck=kernels(bottleneck), error_1202=paper.TABLE6[1202].error, error_110=paper.RESNET110_MEAN,
                runs=paper.RESNET110_RUNS,
                arxiv_2016=paper.IDENTITY_MAPPINGS_ARXIV, original=order["original"], bn_after=order["bn_after_add"],
                relu_before=order["relu_before_add"], preact=order["full_preact"])


@st.cache_data(max_entries=1, show_spinner=False)
def figure5_squeeze() -> dict[str, int]:
    """Figure 5's Bottleneck, from the real module: its first 1×1 convolution's channels in (``wide``) and out."""
    from resnet_viz.nets.summary import figure5_blocks

    first = figure5_blocks()["Bottleneck"]["convs"][0]
    return {"wide": first["in"], "narrow": first["out"]}


@st.cache_data(max_entries=2, show_spinner=False)
def _bn_ablation_runs(paths: tuple[str, str], mtimes_ns: tuple[int, int]) -> tuple[dict, dict]:
    from resnet_viz.train.runs import load_run

    return load_run(paths[0]), load_run(paths[1])


def bn_ablation_runs() -> tuple[dict, dict] | None:
    """The shipped BN ablation (the run with BN, the run without: resnet_viz.train.ablation); None if missing."""
    from resnet_viz.train.ablation import BN_ABLATION

    paths = (BN_ABLATION[True], BN_ABLATION[False])
    if not all(p.is_file() for p in paths):
        return None
    return _bn_ablation_runs(tuple(map(str, paths)), tuple(p.stat().st_mtime_ns for p in paths))
