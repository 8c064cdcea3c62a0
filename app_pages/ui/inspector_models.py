"""The Inspector's two pickers and the models they share across sessions.

- Models are loaded once per server with ``st.cache_resource`` (bounded) and only ever read: every computation in
  :mod:`resnet_viz.explain` works on a private view of the model.
- A file that cannot be used ends as one translated ``st.error`` line; the last good image stays.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from PIL import Image

from app_pages.ui import links
from app_pages.ui.errors import message, shown_errors
from app_pages.ui.server import device
from app_pages.ui.session import bound, translated
from resnet_viz.explain.checkpoints import check_weights_file
from resnet_viz.explain.images import ImageError, image_digest, list_samples, load_image
from resnet_viz.explain.sources import (
    Classifier,
    WeightsUnavailable,
    checkpoint_classifier,
    default_checkpoint,
    download_failures,
    download_weights,
    find_checkpoints,
    imagenet_classifier,
    imagenet_weights,
    weights_cached,
    weights_file_classifier,
    weights_over,
)
from resnet_viz.i18n import Translator
from resnet_viz.nets.models import MODEL_NAMES, TORCHVISION_NAMES, display_name, resolve_weights

UPLOAD_TYPES = ["jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff"]


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


def checkpoint_at(path: str | Path) -> Classifier:
    """The shared classifier of a checkpoint file (reloaded when the file changes)."""
    return checkpoint_model(str(path), Path(path).stat().st_mtime_ns)


@st.cache_resource(max_entries=2, show_spinner=False)
def uploaded_model(arch: str, residual: bool, file_id: str, label: str, _data: bytes) -> Classifier:
    return _shared(weights_file_classifier(arch, _data, residual=residual, name=label))


@st.cache_resource(max_entries=2, show_spinner=False)
def weights_path_model(arch: str, residual: bool, path: str, mtime_ns: int, size: int) -> Classifier:
    return _shared(weights_file_classifier(arch, Path(path), residual=residual))


def default_classifier() -> Classifier | None:
    """The offline default (:func:`resnet_viz.explain.sources.default_checkpoint`), or None on a server with none."""
    path = default_checkpoint()
    return None if path is None else checkpoint_at(path)


# ---------------------------------------------------------------------------------------------------------------
# The model picker
# ---------------------------------------------------------------------------------------------------------------


def _imagenet(tr: Translator, key: str) -> Classifier | None:
    left, right = st.columns(2)
    with left:
        name = bound(st.selectbox, tr("insp.model.architecture"), TORCHVISION_NAMES, key=f"{key}_tv")
    version = right.selectbox(tr("insp.model.version"), imagenet_weights(name), key=f"{key}_tv_version_{name}")
    weights = resolve_weights(name, version)
    if not weights_cached(weights):
        failure = download_failures.recent(weights.url)
        if failure is None:
            bar = st.progress(0.0, text=tr("insp.model.downloading", name=name))
            try:
                download_weights(weights, progress=lambda done, total: bar.progress(
                    min(done / total, 1.0) if total else 0.0,
                    text=tr("insp.model.downloading_mb", name=name, done=done / 2**20, total=total / 2**20)))
            except WeightsUnavailable as e:
                download_failures.remember(weights.url, e.kind)
                failure = e.kind
            finally:
                bar.empty()
        if failure is not None:
            st.warning(tr("insp.model.offline", reason=tr(f"insp.weights.{failure}"), name=display_name(name),
                          command=name), icon="📡")
            if st.button(tr("insp.model.retry"), key=f"{key}_retry"):
                download_failures.forget(weights.url)
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
        return checkpoint_at(path)


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
        file = check_weights_file(path)
        with st.spinner(tr("insp.model.loading", name=file.name)):
            info = file.stat()
            return weights_path_model(arch, residual, str(file), info.st_mtime_ns, info.st_size)
    limit = st.get_option("server.maxUploadSize")
    st.info(tr("insp.model.file_hint", limit=limit,
               too_big=tr("common.list_sep").join(display_name(n) for n in weights_over(limit))))
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
# The image picker
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
                st.selectbox, tr("insp.image.sample_pick"), samples, "insp_sample", tr,
                lambda s: tr("insp.image.sample_label", title=tr.name("sample", s.title),
                             label=tr.name("class", s.label) if s.label else "—"))
            data, label = chosen.path.read_bytes(), tr.name("sample", chosen.title)
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
            st.error(tr("insp.image.rejected", name=label, message=message(tr, e)))
    return st.session_state.get("insp_last_good")


# ---------------------------------------------------------------------------------------------------------------
# The Inspector as a link: model, sample (the rest, layer and class, once the model is loaded)
# ---------------------------------------------------------------------------------------------------------------


def link_name(classifier: Classifier | None) -> str:
    """How a link names the model shown: a torchvision name, a checkpoint's name, or '' (a weights file)."""
    ss = st.session_state
    source = ss.get("insp_a_source")
    if classifier is None or source == "file":
        return ""
    if source == "imagenet":
        return ss.get("insp_a_tv", "")
    return next((e.label for e in find_checkpoints() if str(e.path) == ss.get("insp_a_checkpoint")), "")


def apply_link() -> None:
    """A followed link's model and sample into the pickers' keys (unknown ones: a notice, and the default)."""
    ss = st.session_state
    model = ss.get("insp_link_model", "")
    if model in TORCHVISION_NAMES:
        ss["insp_a_source"], ss["insp_a_tv"] = "imagenet", model
    elif model:
        found = next((e for e in find_checkpoints() if model in (e.label, e.path.stem)), None)
        if found is None:
            links.notice("model", model)
        else:
            ss["insp_a_source"], ss["insp_a_checkpoint"] = "checkpoint", str(found.path)
    sample = ss.get("insp_link_sample", "")
    if sample:
        found = next((s for s in list_samples() if s.path.stem == sample), None)
        if found is None:
            links.notice("sample", sample)
        else:
            ss["insp_sample"] = found
    ss["insp_pending"] = {name: ss.get(f"insp_link_{name}", "") for name in ("layer", "target")}


def sample_name() -> str:
    """The sample shown, as a link names it (its file name without the extension)."""
    sample = st.session_state.get("insp_sample")
    return sample.path.stem if sample is not None and st.session_state.get("insp_image_source") == "sample" else ""
