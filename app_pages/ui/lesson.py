"""The guided lesson's steps (each opens a real page in the right state) and the teacher's place in it, shared by
every session on the server so that students can follow on their own devices."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.ui.server import class_engines
from resnet_viz import lesson
from resnet_viz.explain.responses import ARTICLE_FINE_TUNE_BATCH
from resnet_viz.nets.models import display_name
from resnet_viz.paths import REPO
from resnet_viz.plots import model_title
from resnet_viz.train.config import PRESETS


@dataclasses.dataclass(frozen=True)
class Step:
    id: str
    page: str  # the page script, e.g. "app_pages/lab.py"
    query: dict[str, str]  # the page's settings for this step (its URL parameters)
    answer: Callable[[], dict[str, Any] | None]  # what the class's question is answered with, computed
    words: dict[str, Any] = dataclasses.field(default_factory=dict)  # the numbers the text and question name
    focus: str = ""  # the part of the page the question is about (links.focus), scrolled to when the link opens


@st.cache_data(max_entries=1, show_spinner=False)
def _reference() -> dict[str, Any]:
    return lesson.reference_degradation()


@st.cache_data(max_entries=1, ttl=10, show_spinner=False)  # the class's runs change during the lesson
def _class() -> dict[str, Any] | None:
    return lesson.class_degradation(live=class_engines().counts)


@st.cache_data(max_entries=1, show_spinner=False)
def _identity() -> dict[str, Any]:
    return lesson.identity_costs_nothing()


@st.cache_data(max_entries=1, show_spinner=False)
def _inside() -> dict[str, Any]:
    return lesson.block_inside()


@st.cache_data(max_entries=1, show_spinner=False)
def _code() -> dict[str, Any]:
    return lesson.shortcut_rule()


@st.cache_data(max_entries=1, show_spinner=False)
def _bottleneck() -> dict[str, Any]:
    return lesson.bottleneck_saving()


@st.cache_data(max_entries=1, show_spinner=False)
def _map_size() -> dict[str, Any]:
    return lesson.map_size_after()


@st.cache_data(max_entries=1, show_spinner=False)
def _option_c() -> dict[str, Any]:
    return lesson.option_c_gain()


def _lesion() -> dict[str, Any] | None:
    """The Concepts page's own lesion study (its cached reading of the shipped file), so the lesson and the why tab
    it opens show the class the same numbers."""
    from app_pages.ui import concepts

    return lesson.lesion_rise(concepts.lesions())


def _batch_of_one() -> dict[str, Any]:
    """The Concepts page's own measurement (its cached call of ``responses.bn_study`` on the checkpoint the step
    opens, the same images), so the lesson and the page it opens show the class the same numbers."""
    from app_pages.ui import concepts

    accuracy = concepts.modes(concepts.BN_MODEL)
    return {"eval": accuracy.eval_mode, "one": accuracy.train_mode_one, "images": accuracy.images}


def _batch_size() -> dict[str, Any]:
    """The Concepts page's own batch-size sweep (the cached measurement its BN tab draws and reads out), so the
    lesson and the page it opens say the same numbers."""
    from app_pages.ui import concepts

    return {**lesson.batch_size_limit(concepts.batch_sizes(concepts.BN_MODEL)), "model": concepts.BN_MODEL}


@st.cache_data(max_entries=1, show_spinner=False)
def _prediction() -> dict[str, Any]:
    return lesson.inspector_prediction()


@st.cache_data(max_entries=1, show_spinner=False)
def _transfer() -> dict[str, Any] | None:
    return lesson.transfer_winner()


@st.cache_data(max_entries=1, show_spinner=False)
def _transfer_query() -> dict[str, str]:
    """The Transfer page as the step's answer reads it: the offline default, with that reference run shown."""
    found = lesson.transfer_reference()
    query = {"backbone": "checkpoint", "data": "default"}
    return {**query, "per_class": str(found[0]), "run": found[1]} if found else {**query, "per_class": "5"}


def steps() -> list[Step]:
    """The lesson in the articles' order; a step whose page does not exist yet is left out."""
    reference = lesson.REFERENCE_RUN.stem
    classroom_lab = {"preset": "classroom", "depths": "20,56", "dataset": "fashion-mnist-sample", "width": "8",
                     "iterations": "480", "seed": "0", "run": ""}
    depths = PRESETS["classroom"].depths  # the reference run's and the class's networks
    pair = {"shallow": min(depths), "deep": max(depths)}
    from app_pages.ui.concepts import BN_MODEL as bn_model  # the checkpoint the BN step's answer is measured on
    inside = {"model": lesson.INSIDE_NETWORK, "plain": "0", "size": str(lesson.INSIDE_SIZE),
              "shortcut": lesson.INSIDE_OPTION, "tab": "blocks", "block": lesson.INSIDE_BLOCK}
    all_steps = [
        Step("deeper", "app_pages/concepts.py", {"tab": "degradation"}, _reference, pair, "degradation"),
        Step("reference", "app_pages/lab.py", {**classroom_lab, "run": reference}, _reference, pair, "curves"),
        Step("live", "app_pages/lab.py", classroom_lab, _class, pair, "class-experiment"),
        Step("block", "app_pages/concepts.py", {"tab": "block"}, _identity, focus="block"),
        # right after the block, on the same page: a block is F(x) + x, so what if F is taken away? (before the
        # Architecture page's run of steps: inside, code, Bottleneck, Table 1, shortcuts)
        Step("lesion", "app_pages/concepts.py", {"tab": "why", "depth": str(lesson.LESION_DEPTH)}, _lesion,
             {kind: model_title(f"{kind}-{lesson.LESION_DEPTH}") for kind in ("plain", "resnet")}, "lesion"),
        Step("inside", "app_pages/architecture.py", inside, _inside, {"network": display_name(lesson.INSIDE_NETWORK)},
             "inside"),
        Step("code", "app_pages/architecture.py", inside, _code, focus="code"),  # the code sits beside the same drawing
        Step("bottleneck", "app_pages/architecture.py",
             {"model": "resnet50", "plain": "0", "size": "224", "shortcut": "B", "tab": "blocks"}, _bottleneck,
             {"channels": lesson.BOTTLENECK_CHANNELS}, "anatomy"),
        Step("table1", "app_pages/architecture.py",
             {"model": "resnet50", "plain": "0", "size": "224", "shortcut": "B", "tab": "table1", "walk": "resnet50",
              "walk_size": "224"}, _map_size, lesson.table1_plan(), "table1"),
        Step("shortcuts", "app_pages/architecture.py",
             {"model": "resnet34", "plain": "0", "size": "224", "shortcut": "B", "tab": "shortcuts"}, _option_c,
             focus="options"),
        Step("bn", "app_pages/concepts.py", {"tab": "bn", "model": bn_model}, _batch_of_one, focus="bn-modes"),
        Step("batch", "app_pages/concepts.py", {"tab": "bn", "model": bn_model}, _batch_size,
             {"network": model_title(bn_model), "article": ARTICLE_FINE_TUNE_BATCH,
              "paper_batch": PRESETS["paper"].batch_size}, "bn-sizes"),  # the paper's CIFAR-10 batch (Sec. 4.2)
        Step("transfer", "app_pages/transfer.py", _transfer_query(), _transfer, focus="results"),
        Step("looks", "app_pages/inspector.py",
             {"source": "sample", "model": lesson.INSPECTOR_CHECKPOINT.stem, "sample": lesson.INSPECTOR_SAMPLE.stem,
              "layer": "layer3", "target": "Bag", "method": "grad_cam"}, _prediction, focus="prediction"),
    ]
    return [s for s in all_steps if (REPO / s.page).is_file()]


class TeacherBoard:
    """Where the teacher (a session in presenter mode) is in the lesson; students' pages can follow it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.step, self.updated = 0, 0.0

    def set(self, step: int) -> None:
        with self._lock:
            self.step, self.updated = step, time.time()

    def get(self) -> tuple[int, float]:
        with self._lock:
            return self.step, self.updated


@st.cache_resource(max_entries=1)
def teacher() -> TeacherBoard:
    return TeacherBoard()


def page_path(step: Step) -> Path:
    return REPO / step.page
