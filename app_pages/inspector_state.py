"""Streamlit glue for the Inspector: shared read-only models, bounded caches of results, the two pickers.

- Models are loaded once per server with ``st.cache_resource`` (bounded) and only ever read: every computation in
  :mod:`resnet_viz.explain` works on a private view of the model.
- Results are cached with ``st.cache_data`` keyed by (model, image digest, layer, class, method), bounded in count
  and age, so moving the opacity slider or the colour map recomputes nothing.
- Anything a user brings that cannot be used ends as one translated ``st.error`` line, never a traceback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import streamlit as st
import torch
from PIL import Image

from app_pages.common import compute_gate, device, translated
from resnet_viz import explain as ex
from resnet_viz.checkpoints import CheckpointError
from resnet_viz.device import is_out_of_memory, release_memory
from resnet_viz.i18n import Translator
from resnet_viz.images import ImageError, image_digest, list_samples, load_image
from resnet_viz.models import MODEL_NAMES, TORCHVISION_NAMES, resolve_weights
from resnet_viz.sources import (
    Classifier, WeightsUnavailable, checkpoint_classifier, download_weights, find_checkpoints, imagenet_classifier,
    imagenet_weights, weights_cached, weights_file_classifier,
)

UPLOAD_TYPES = ["jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff"]
RESULTS = dict(max_entries=256, ttl=3600, show_spinner=False)  # small arrays: maps are at most 224×224 floats
MAX_WEIGHTS_BYTES = 1 << 30  # a weights file read from a path (resnet152's is 230 MB)
RETRY_DOWNLOAD_S = 300  # after a failed download, wait this long before trying again (offline servers)


# ---------------------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------------------


def one_line(tr: Translator, error: Exception) -> str:
    """A user-facing, translated, single-line message for anything a computation raised."""
    if isinstance(error, ImageError):
        return tr(f"insp.imgerr.{error.code}", **error.values)
    if is_out_of_memory(error):
        return tr("common.oom")
    if isinstance(error, WeightsUnavailable):
        return str(error)
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, (CheckpointError, ValueError)):
        return text
    return tr("common.error", message=f"{type(error).__name__}: {text[:300]}")


@contextmanager
def shown_errors(tr: Translator) -> Iterator[None]:
    """Run a block; if it fails, show one ``st.error`` line and carry on with the rest of the page."""
    try:
        yield
    except Exception as e:  # Streamlit's own control flow (rerun, stop) derives from BaseException and passes
        if is_out_of_memory(e):
            release_memory()
        st.error(one_line(tr, e))


# ---------------------------------------------------------------------------------------------------------------
# Shared, read-only models
# ---------------------------------------------------------------------------------------------------------------


def _shared(classifier: Classifier) -> Classifier:
    """Move a freshly loaded model to the server's device before anyone else can see it."""
    classifier.model.to(device())
    return classifier


@st.cache_resource(max_entries=4, show_spinner=False)  # resnet152 is 240 MB
def imagenet_model(name: str, weights: str) -> Classifier:
    return _shared(imagenet_classifier(name, weights))


@st.cache_resource(max_entries=8, show_spinner=False)
def checkpoint_model(path: str, mtime_ns: int) -> Classifier:
    return _shared(checkpoint_classifier(Path(path)))


@st.cache_resource(max_entries=2, show_spinner=False)
def uploaded_model(arch: str, residual: bool, file_id: str, label: str, _data: bytes) -> Classifier:
    return _shared(weights_file_classifier(arch, _data, residual=residual, name=label))


@st.cache_resource(max_entries=2, show_spinner=False)
def weights_path_model(arch: str, residual: bool, path: str, mtime_ns: int, size: int) -> Classifier:
    return _shared(weights_file_classifier(arch, Path(path), residual=residual))


@st.cache_resource(max_entries=2, show_spinner=False)
def randomized_model(key: str, _classifier: Classifier) -> Classifier:
    """The sanity check's copy with random weights (Adebayo et al. 2018), shared read-only like the original."""
    c = _classifier
    return Classifier(ex.randomized_copy(c.model), c.classes, c.preprocess, name=f"{c.name} (random)",
                      key=f"{key}:random")


_failed_downloads: dict[str, tuple[float, str]] = {}
_failed_lock = threading.Lock()


def _recent_failure(url: str) -> str | None:
    with _failed_lock:
        when, message = _failed_downloads.get(url, (0.0, ""))
    return message if time.time() - when < RETRY_DOWNLOAD_S else None


def _remember_failure(url: str, message: str) -> None:
    with _failed_lock:
        _failed_downloads[url] = (time.time(), message)


def _forget_failure(url: str) -> None:
    with _failed_lock:
        _failed_downloads.pop(url, None)


def default_classifier() -> Classifier | None:
    """The offline default: the first shipped checkpoint (fashion-mnist_resnet20 once it is there)."""
    entries = [e for e in find_checkpoints() if e.origin == "shipped"] or find_checkpoints()
    if not entries:
        return None
    return checkpoint_model(str(entries[0].path), entries[0].path.stat().st_mtime_ns)


def _imagenet(tr: Translator, key: str) -> Classifier | None:
    left, right = st.columns(2)
    name = left.selectbox(tr("insp.model.architecture"), TORCHVISION_NAMES, key=f"{key}_tv")
    version = right.selectbox(tr("insp.model.version"), imagenet_weights(name), key=f"{key}_tv_version_{name}")
    weights = resolve_weights(name, version)
    if not weights_cached(weights):
        failure = _recent_failure(weights.url)
        if failure is None:
            bar = st.progress(0.0, text=tr("insp.model.downloading", name=name))
            try:
                download_weights(weights, progress=lambda done, total: bar.progress(
                    min(done / total, 1.0) if total else 0.0,
                    text=tr("insp.model.downloading_mb", name=name, done=done / 2**20, total=total / 2**20)))
            except WeightsUnavailable as e:
                _remember_failure(weights.url, e.reason)
                failure = e.reason
            finally:
                bar.empty()
        if failure is not None:
            st.warning(tr("insp.model.offline", weights=str(weights), reason=failure, name=name,
                          folder=str(Path(torch.hub.get_dir()) / "checkpoints")), icon="📡")
            if st.button(tr("insp.model.retry"), key=f"{key}_retry"):
                _forget_failure(weights.url)
                st.rerun()
            fallback = default_classifier()
            if fallback is not None:
                st.caption(tr("insp.model.fallback", name=fallback.name))
            return fallback
    with st.spinner(tr("insp.model.loading", name=name)):
        return imagenet_model(name, version)


def _checkpoint(tr: Translator, key: str, second: bool) -> Classifier | None:
    entries = find_checkpoints()
    if not entries:
        st.info(tr("insp.model.no_checkpoints"))
        return None
    paths = [str(e.path) for e in entries]
    labels = {str(e.path): tr(f"insp.model.origin.{e.origin}", name=e.label) for e in entries}
    path = translated(st.selectbox, tr("insp.model.checkpoint"), paths, f"{key}_checkpoint", tr,
                             labels.__getitem__, index=1 if second and len(paths) > 1 else 0)  # Compare: another
    with st.spinner(tr("insp.model.loading", name=labels[path])):
        return checkpoint_model(path, Path(path).stat().st_mtime_ns)


def _weights_file(tr: Translator, key: str) -> Classifier | None:
    left, right = st.columns([2, 1])
    arch = left.selectbox(tr("insp.model.architecture"), MODEL_NAMES, key=f"{key}_file_arch")
    residual = not right.checkbox(tr("common.plain"), key=f"{key}_file_plain")
    upload = st.file_uploader(tr("insp.model.upload"), type=["pt", "pth"], key=f"{key}_file_upload")
    path = st.text_input(tr("insp.model.path"), key=f"{key}_file_path").strip()
    if upload is not None:
        with st.spinner(tr("insp.model.loading", name=upload.name)):
            return uploaded_model(arch, residual, upload.file_id, f"{arch} · {upload.name}", upload.getvalue())
    if path:
        file = Path(path).expanduser()
        if not file.is_file():
            st.error(tr("insp.model.no_file", path=path))
            return None
        info = file.stat()
        if info.st_size > MAX_WEIGHTS_BYTES:
            st.error(tr("insp.model.too_big", size=info.st_size / 2**20, limit=MAX_WEIGHTS_BYTES / 2**20))
            return None
        with st.spinner(tr("insp.model.loading", name=file.name)):
            return weights_path_model(arch, residual, str(file.resolve()), info.st_mtime_ns, info.st_size)
    st.info(tr("insp.model.file_hint"))
    return None


def model_picker(tr: Translator, key: str, second: bool = False) -> Classifier | None:
    """Choose a model: trained checkpoints (shipped, Lab), torchvision's ImageNet ResNets, or a weights file.
    ``second``: the Compare section's picker, which starts on another checkpoint when there is one."""
    source = translated(st.radio, tr("insp.model.source"), ["checkpoint", "imagenet", "file"], f"{key}_source",
                               tr, lambda s: tr(f"insp.source.{s}"), horizontal=True)
    with shown_errors(tr):
        if source == "checkpoint":
            return _checkpoint(tr, key, second)
        if source == "imagenet":
            return _imagenet(tr, key)
        return _weights_file(tr, key)
    return None


# ---------------------------------------------------------------------------------------------------------------
# The image
# ---------------------------------------------------------------------------------------------------------------


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)  # at most 3 MB each
def decode(digest: str, _data: bytes) -> Image.Image:
    """The decoded image for these bytes (``digest`` is their SHA-256), at most 1024 pixels on a side."""
    return load_image(_data)


def image_picker(tr: Translator, prefer_fashion: bool) -> tuple[str, Image.Image, str] | None:
    """Choose an image (sample, upload or camera): ``(digest, image, label)``. A file that cannot be used shows
    one line and the last good image stays (kept per session: one decoded image, at most 1024² pixels)."""
    source = translated(st.radio, tr("insp.image.source"), ["sample", "upload", "camera"], "insp_image_source",
                               tr, lambda s: tr(f"insp.image.{s}"), horizontal=True)
    data = label = None
    if source == "sample":
        samples = list_samples()
        if prefer_fashion:
            samples.sort(key=lambda s: s.dataset != "fashion-mnist")
        if samples:
            chosen = translated(
                st.selectbox, tr("insp.image.sample_pick"), samples, f"insp_sample_{int(prefer_fashion)}", tr,
                lambda s: tr("insp.image.sample_label", title=s.title, label=s.label or "—"))
            data, label = chosen.path.read_bytes(), chosen.title
    elif source == "upload":
        upload = st.file_uploader(tr("insp.image.upload_pick"), type=UPLOAD_TYPES, key="insp_upload")
        if upload is not None:
            data, label = upload.getvalue(), upload.name
    else:
        shot = st.camera_input(tr("insp.image.camera_pick"), key="insp_camera")
        if shot is not None:
            data, label = shot.getvalue(), tr("insp.image.camera_label")
    if data is not None:
        digest = image_digest(data)
        try:
            image = decode(digest, data)
            st.session_state["insp_last_good"] = (digest, image, label)
        except ImageError as e:
            st.error(tr("insp.image.rejected", name=label, message=one_line(tr, e)))
    return st.session_state.get("insp_last_good")


# ---------------------------------------------------------------------------------------------------------------
# Cached results: (model key, image digest, layer, class, method) -> small arrays
# ---------------------------------------------------------------------------------------------------------------


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
