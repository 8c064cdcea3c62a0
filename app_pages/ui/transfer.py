"""Streamlit glue for the Transfer Learning Lab: the photos a class takes (per tab, or shared by the class), the
run in the server's job queue, and saved transfer runs.

- Photos are checked with the Inspector's safe decoder as they arrive; a bad one is refused with one line.
- A tab's photos live in its session; shared photos live in one bounded, server-wide store, so a class can build a
  dataset together (the library's limits: at most ``MAX_PHOTOS`` photos and ``MAX_PHOTO_BYTES`` in all).
- Training runs as a job in the same queue as the Lab's (progress, Stop, cancelled when the tab is closed).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.ui.errors import message
from app_pages.ui.lab import training_threads
from app_pages.ui.server import device, job_queue, saved_file, session_job, still_running
from app_pages.ui.session import session_id
from resnet_viz import transfer
from resnet_viz.explain.images import ImageError, Sample, list_samples, load_image
from resnet_viz.explain.sources import find_checkpoints
from resnet_viz.i18n import Translator
from resnet_viz.paths import REFERENCE_TRANSFER
from resnet_viz.train.jobs import Job
from resnet_viz.transfer.preprocess import Views, views

PREPROCESS_PHOTO = "coffee"  # a bundled photo with room around its object: its random crops differ visibly


def photo_samples() -> list[Sample]:
    """The bundled ImageNet photos (the preprocessing section crops one of them)."""
    return [s for s in list_samples() if s.dataset == "imagenet"]


@st.cache_data(max_entries=16, show_spinner=False)
def preprocess_views(path: str, seed: int) -> Views:
    """A bundled photo as training's random crops and evaluation's one view (resnet_viz.transfer.preprocess)."""
    return views(load_image(Path(path)), seed=seed)


DATA_KINDS = ("default", "photos", "folder")
BACKBONE_KINDS = ("checkpoint", "imagenet")
IMAGENET = ("resnet18", "resnet34", "resnet50")


class ClassPhotos:
    """Photos shared by the whole class on this server: ``(bytes, class name)``, bounded like any photo set."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.photos: list[tuple[bytes, str]] = []

    def add(self, data: bytes, name: str) -> bool:
        with self._lock:
            size = sum(len(b) for b, _ in self.photos) + len(data)
            if len(self.photos) >= transfer.MAX_PHOTOS or size > transfer.MAX_PHOTO_BYTES:
                return False
            self.photos.append((data, name))
            return True

    def all(self) -> list[tuple[bytes, str]]:
        with self._lock:
            return list(self.photos)

    def clear(self) -> None:
        with self._lock:
            self.photos.clear()


@st.cache_resource(max_entries=1)
def class_photos() -> ClassPhotos:
    return ClassPhotos()


def photos() -> list[tuple[bytes, str]]:
    """The photos this tab trains on: its own, or the class's shared ones."""
    ss = st.session_state
    return class_photos().all() if ss.get("tl_share") else list(ss.get("tl_photos", []))


def add_photo(data: bytes, name: str, tr: Translator) -> None:
    """Check a photo with the safe decoder and keep it (in this tab or for the class), or say in one line why not."""
    ss = st.session_state
    try:
        load_image(data)
    except ImageError as e:
        ss["tl_photo_message"] = tr("tl.photo.rejected", message=message(tr, e))
        return
    if ss.get("tl_share"):
        kept = class_photos().add(data, name)
    else:
        mine = ss.setdefault("tl_photos", [])
        size = sum(len(b) for b, _ in mine) + len(data)
        kept = len(mine) < transfer.MAX_PHOTOS and size <= transfer.MAX_PHOTO_BYTES
        if kept:
            mine.append((data, name))
    if not kept:
        ss["tl_photo_message"] = tr("tl.photo.full", limit=transfer.MAX_PHOTOS,
                                    limit_mb=transfer.MAX_PHOTO_BYTES / 2**20)


def clear_photos() -> None:
    if st.session_state.get("tl_share"):
        class_photos().clear()
    else:
        st.session_state["tl_photos"] = []


def parse_modes(value: str) -> list[str]:
    """'last,fc' from a link: known modes, in the library's order; ValueError for anything else."""
    modes = [m for m in value.split(",") if m]
    if not modes or any(m not in transfer.MODES for m in modes):
        raise ValueError(value)
    return [m for m in transfer.MODES if m in modes]


def checkpoint_backbones() -> dict[str, str]:
    """The app's checkpoints that can serve as a backbone, path -> name; the lesson's source backbone first."""
    entries = sorted(find_checkpoints(), key=lambda e: e.path != transfer.SOURCE_BACKBONE)
    return {str(e.path): e.label for e in entries if "/transfer/" not in str(e.path).replace("\\", "/")}


def config_from_state() -> transfer.TransferConfig:
    """The run the widgets describe (raises TransferError for a setting that cannot run)."""
    ss = st.session_state
    backbone = ss["tl_imagenet"] if ss["tl_backbone_kind"] == "imagenet" else ss.get("tl_checkpoint")
    kind = ss["tl_data"]
    values: dict[str, Any] = dict(backbone=backbone, modes=tuple(ss["tl_modes"]), iterations=int(ss["tl_iterations"]),
                                  seed=int(ss["tl_seed"]), device=str(device()))
    if device().type == "cpu":
        values["threads"] = training_threads()  # as the Lab: one core left to the server and the browsers
    if kind == "default":
        return transfer.TransferConfig(data=transfer.FASHION_SPLIT, per_class=int(ss["tl_per_class"]), **values)
    if kind == "folder":
        return transfer.TransferConfig(data=ss.get("tl_folder", "").strip() or str(Path.cwd()), **values)
    return transfer.TransferConfig(data=transfer.PHOTOS, photos=photos(), **values)


def current_job() -> Job | None:
    return session_job("tl_job")


def start(tr: Translator, wrong_normalization: bool = False) -> None:
    """Start (or, for the preprocessing lesson, start again with the wrong normalisation) through the queue."""
    ss = st.session_state
    if still_running("tl_job", "tl_message", tr):
        return
    try:
        if wrong_normalization:
            previous = load_run(ss["tl_shown"][0])
            config = transfer.TransferConfig(**{**_config_values(previous), "wrong_normalization": True})
        else:
            config = config_from_state()
        transfer.check_data(config)
    except (ValueError, OSError, KeyError, IndexError) as e:
        ss["tl_message"] = tr("lab.failed", message=message(tr, e))
        return
    job = job_queue().submit(session_id(), transfer.transfer_job(config, label=config.data),
                             device=device().type, label=f"Transfer: {config.data}")
    ss["tl_job"] = job.id
    ss["tl_wrong_of"] = ss["tl_shown"][0] if wrong_normalization else None


def _config_values(doc: dict[str, Any]) -> dict[str, Any]:
    """The settings of a saved run, to repeat it (photos cannot be repeated from a file: they are this tab's)."""
    config = {k: v for k, v in doc["config"].items() if k in transfer.TransferConfig.__dataclass_fields__}
    config.pop("photos", None)
    if config.get("data") == transfer.PHOTOS:
        config["photos"] = photos()
    config["modes"] = tuple(config["modes"])
    return config


def stop() -> None:
    job = current_job()
    if job is not None:
        job_queue().cancel(job.id)


def load_run(path: str) -> dict[str, Any]:
    """A transfer run (cached until the file changes); :class:`resnet_viz.train.runs.RunError` if it cannot be read."""
    return saved_file("transfer", path, transfer.load_transfer_run)


def is_reference(path: str) -> bool:
    return Path(path).parent.resolve() == REFERENCE_TRANSFER.resolve()


def saved_runs() -> list[str]:
    """The shipped reference runs (the ones the Lesson quotes), then this server's runs, newest first."""
    return [str(p) for p in transfer.transfer_runs(REFERENCE_TRANSFER) + transfer.transfer_runs()]


def parse_shown(value: str) -> list[str]:
    """The runs shown, from a link's ``run=`` (saved runs' names, at most two, comma-separated): their paths;
    ValueError for a name no saved run has."""
    by_stem = {Path(path).stem: path for path in saved_runs()}
    stems = [v for v in value.split(",") if v]
    if len(stems) > 2 or any(stem not in by_stem for stem in stems):
        raise ValueError(value)
    return [by_stem[stem] for stem in stems]


@st.cache_data(max_entries=1, show_spinner=False)
def reference_results() -> dict[int, dict[str, float]]:
    """The shipped reference runs (:func:`resnet_viz.transfer.reference_results`), read once: they ship with the
    app, and the page reruns on every widget change."""
    return transfer.reference_results()
