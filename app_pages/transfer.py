"""Transfer Learning Lab: the articles' three ways to reuse a pretrained ResNet (train everything, the last layers,
or only a new fc layer) beside training from scratch, on photos the class takes, a folder, or the offline default."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.ui import links
from app_pages.ui import transfer as tl
from app_pages.ui.errors import message, shown_errors
from app_pages.ui.lab import duration
from app_pages.ui.server import job_notice, job_queue, queue_device
from app_pages.ui.session import bound, translated, translator
from resnet_viz import transfer
from resnet_viz.explain.sources import WeightsUnavailable, download_failures, weights_cached
from resnet_viz.nets import paper
from resnet_viz.nets.models import display_name, resolve_weights
from resnet_viz.paths import DATA_DIR_ENV
from resnet_viz.plots import transfer_curves
from resnet_viz.train.effects import SIGNAL
from resnet_viz.transfer.config import SOURCE_CLASSES, TARGET_CLASSES, WRONG_STATISTIC

NEW_CLASSES = {"first": TARGET_CLASSES[0], "last": TARGET_CLASSES[-1]}  # the offline default's new task

PARAMS = (
    links.choice("backbone", "tl_backbone_kind", tl.BACKBONE_KINDS, "checkpoint"),
    links.choice("data", "tl_data", tl.DATA_KINDS, "default"),
    links.integer("per_class", "tl_per_class", 1, 100, transfer.DEFAULT_PER_CLASS),
    links.Param("modes", "tl_modes", tl.parse_modes, list(transfer.MODES), ",".join),
    links.integer("iterations", "tl_iterations", 1, 5_000, 200),
    links.Param("run", "tl_shown", tl.parse_shown, [], lambda paths: ",".join(Path(p).stem for p in paths)),
)


def main() -> None:
    ss = st.session_state
    defaults = {"tl_imagenet": "resnet18", "tl_modes": list(transfer.MODES), "tl_iterations": 200, "tl_seed": 0,
                "tl_folder": "", "tl_class_count": 2, "tl_share": False, "tl_shown": []}
    for key, value in defaults.items():
        ss.setdefault(key, value)
    links.restore("transfer", PARAMS)
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(tr("tl.title"))
    st.caption(tr("tl.intro"))
    links.show_notices(tr)
    setup, explain = st.columns([3, 2], gap="large")
    with setup:
        backbone()
        data()
        train()
    with explain:
        st.subheader(tr("tl.ways.title"))
        st.markdown(tr("tl.ways.body"))
        st.subheader(tr("tl.honest.title"))
        honest_note()
    preprocessing()
    results()
    with share:
        links.share_link(tr, links.mirror("transfer", PARAMS))


def honest_note() -> None:
    """What the shipped reference runs measured, and what that says about a narrow source's features."""
    with shown_errors(tr):
        measured = tl.reference_results()
        if len(measured) < 2:
            st.info(tr("tl.honest.missing"))
            return
        reading = transfer.against_scratch(measured)
        few, many, gain, behind = reading["few"], reading["many"], reading["gain"], reading["frozen_behind"]
        st.markdown(tr("tl.honest.body", few=few, many=many, source_n=len(SOURCE_CLASSES), target_n=len(TARGET_CLASSES),
                       **{f"{mode}_few": measured[few][mode] for mode in transfer.MODES},
                       **{f"{mode}_many": measured[many][mode] for mode in transfer.MODES},
                       gains=tr("tl.honest.gains", few=few, many=many, all_few=gain[few]["all"],
                                all_many=gain[many]["all"], fc_few=gain[few]["fc"], fc_many=gain[many]["fc"]),
                       verdict=tr("tl.honest.frozen_helps") if not behind else tr(
                           "tl.honest.frozen_behind", signal=SIGNAL,
                           sizes=behind[0] if len(behind) == 1 else tr("common.pair", first=few, second=many))))


def preprocessing() -> None:
    """One ImageNet photo as training (random crops) and evaluation (the weights' own resize and crop) see it."""
    with st.expander(tr("tl.prep.title"), expanded=False):
        samples = {str(s.path): s for s in tl.photo_samples()}
        if not samples:
            return
        st.session_state.setdefault("tl_prep_seed", 0)
        st.session_state.setdefault("tl_prep_photo", next((p for p in samples if tl.PREPROCESS_PHOTO in p), None))
        pick, seed_column, _ = st.columns([2, 2, 3], vertical_alignment="bottom")
        with pick:
            path = bound(st.selectbox, tr("tl.prep.photo"), list(samples), key="tl_prep_photo",
                         format_func=lambda p: tr.name("sample", samples[p].title))
        with seed_column:
            seed = bound(st.number_input, tr("tl.prep.seed"), min_value=0, max_value=2**31 - 1, key="tl_prep_seed")
        shown = tl.preprocess_views(path, int(seed))
        low, high = paper.SCALE_AUGMENTATION
        st.markdown(tr("tl.prep.body", crop=shown.crop_size, scale_min=shown.scale[0], scale_max=shown.scale[1],
                       ratio_min=shown.ratio[0], ratio_max=shown.ratio[1], flip=shown.flip,
                       resize=shown.resize_size, v2_resize=shown.newer_resize_size, v2_crop=shown.newer_crop_size,
                       v1_name=shown.weights, v2_name=shown.newer_weights))
        columns = st.columns([shown.photo.width / shown.photo.height, 1, 0.1] + [1] * len(shown.crops))
        said = tr("tl.prep.photo_size", width=shown.photo.width, height=shown.photo.height)
        columns[0].image(shown.photo, caption=said, alt=said, width="stretch")
        said = tr("tl.prep.eval", resize=shown.resize_size, crop=shown.crop_size)
        columns[1].image(shown.evaluation, caption=said, alt=said, width="stretch")
        for number, (column, crop) in enumerate(zip(columns[3:], shown.crops), start=1):
            said = tr("tl.prep.crop.flipped" if crop.flipped else "tl.prep.crop", number=number, area=crop.area)
            column.image(crop.image, width="stretch", caption=said, alt=said)
        st.caption(tr("tl.prep.paper", low=low, high=high, crop=paper.PAPER_CROP))


def backbone() -> None:
    st.subheader(tr("tl.backbone"))
    kind = translated(st.radio, tr("tl.backbone.kind"), list(tl.BACKBONE_KINDS), "tl_backbone_kind", tr,
                      lambda k: tr(f"tl.backbone.kind.{k}"), horizontal=True)
    if kind == "imagenet":
        name = bound(st.selectbox, tr("insp.model.architecture"), list(tl.IMAGENET), key="tl_imagenet")
        weights = resolve_weights(name, "DEFAULT")
        if not weights_cached(weights):
            failure = download_failures.recent(weights.url)
            st.info(tr("tl.backbone.download", name=name) if failure is None
                    else tr("tl.backbone.offline", name=display_name(name), reason=tr(f"insp.weights.{failure}")),
                    icon=":material/cloud_download:")
        return
    choices = tl.checkpoint_backbones()
    st.session_state.setdefault("tl_checkpoint", next(iter(choices), None))
    translated(st.selectbox, tr("tl.backbone.checkpoint"), list(choices), "tl_checkpoint", tr,
               format_func=lambda p: choices.get(p, Path(p).stem))


def data() -> None:
    st.subheader(tr("tl.data"))
    kind = translated(st.radio, tr("tl.data.kind"), list(tl.DATA_KINDS), "tl_data", tr,
                      lambda k: tr(f"tl.data.kind.{k}", **NEW_CLASSES), horizontal=True)
    if kind == "default":
        bound(st.slider, tr("tl.data.per_class"), min_value=1, max_value=100, key="tl_per_class",
              help=tr("tl.data.per_class.help", **NEW_CLASSES))
    elif kind == "folder":
        bound(st.text_input, tr("tl.data.folder_path"), key="tl_folder",
              help=tr("tl.data.folder_path.help", env=DATA_DIR_ENV))
    else:
        photo_collector()


def photo_collector() -> None:
    """Name the classes, then add photos (camera or upload) to the chosen class; they are checked on arrival."""
    ss = st.session_state
    bound(st.toggle, tr("tl.photos.share"), key="tl_share", help=tr("tl.photos.share.help"))
    count = bound(st.number_input, tr("tl.photos.classes"), min_value=transfer.MIN_CLASSES,
                  max_value=transfer.MAX_PHOTO_CLASSES, key="tl_class_count")
    names = []
    columns = st.columns(int(count))
    for i, column in enumerate(columns):
        ss.setdefault(f"tl_class_{i}", "")
        with column:
            names.append(bound(st.text_input, tr("tl.photos.class_name", number=i + 1), key=f"tl_class_{i}",
                               max_chars=transfer.MAX_CLASS_NAME).strip())
    named = [n for n in names if n]
    if not named:
        st.info(tr("tl.photos.name_first"))
        return
    target = bound(st.radio, tr("tl.photos.to_class"), named, key="tl_photo_class", horizontal=True)
    shots = ss.setdefault("tl_shots", 0)
    shot = st.camera_input(tr("tl.photos.camera", cls=target), key=f"tl_camera_{shots}")
    if shot is not None:
        tl.add_photo(shot.getvalue(), target, tr)
        ss["tl_shots"] = shots + 1  # a fresh camera for the next photo
        st.rerun()
    uploads = st.file_uploader(tr("tl.photos.upload", cls=target), type=["jpg", "jpeg", "png", "webp", "bmp"],
                               accept_multiple_files=True, key=f"tl_upload_{ss.setdefault('tl_uploads', 0)}")
    if uploads:
        for upload in uploads:
            tl.add_photo(upload.getvalue(), target, tr)
        ss["tl_uploads"] += 1
        st.rerun()
    if "tl_photo_message" in ss:
        st.error(ss.pop("tl_photo_message"))
    taken = tl.photos()
    per_class = {n: sum(1 for _, c in taken if c == n) for n in named}
    st.caption(tr("tl.photos.counts", counts=" · ".join(f"{n}: {k}" for n, k in per_class.items()),
                  total=len(taken), limit=transfer.MAX_PHOTOS))
    st.button(tr("tl.photos.clear"), on_click=tl.clear_photos, key="tl_clear")


def train() -> None:
    st.subheader(tr("tl.train"))
    # Pills, not a multiselect: all four ways stay in view, chosen or not, and wrap onto a second line rather than
    # hide one behind the box's edge (a projector at 1280 px with the sidebar open).
    chosen = translated(st.pills, tr("tl.modes"), list(transfer.MODES), "tl_modes", tr,
                        format_func=lambda m: tr(f"tl.mode.{m}"), selection_mode="multi", wrap=True)
    st.session_state["tl_modes"] = [m for m in transfer.MODES if m in chosen]  # in the order the chart draws them
    a, b = st.columns(2)
    with a:
        bound(st.number_input, tr("lab.iterations"), min_value=1, max_value=5_000, step=50, key="tl_iterations")
    with b:
        bound(st.number_input, tr("lab.seed"), min_value=0, max_value=2**31 - 1, key="tl_seed")
    job = tl.current_job()
    running = job is not None and not job.done
    buttons = st.container(horizontal=True)
    buttons.button(tr("tl.start"), type="primary", on_click=tl.start, args=(tr,), disabled=running, key="tl_start")
    buttons.button(tr("lab.stop"), on_click=tl.stop, disabled=not running, key="tl_stop")
    shown = st.session_state.get("tl_shown", [])
    buttons.button(tr("tl.wrong"), on_click=tl.start, args=(tr, True), key="tl_wrong",
                   help=tr("tl.wrong.help", value=WRONG_STATISTIC),
                   disabled=running or not shown)
    if "tl_message" in st.session_state:
        st.error(st.session_state.pop("tl_message"))


def results() -> None:
    job = tl.current_job()

    @st.fragment(run_every=2.0 if job is not None and not job.done else None)
    def changing() -> None:
        job = tl.current_job()
        status(job)
        if job is not None and job.done and job.result and job.state == "done":
            path = str(job.result)
            shown = st.session_state.get("tl_shown", [])
            wrong_of = st.session_state.get("tl_wrong_of")
            st.session_state["tl_shown"] = [wrong_of, path] if wrong_of else [path]
            if shown != st.session_state["tl_shown"]:
                st.session_state.pop("tl_job", None)
                st.rerun(scope="app")
        show_runs()

    changing()
    saved = tl.saved_runs()
    if saved:
        with st.expander(tr("tl.saved"), expanded=False):
            titles = {}
            for path in saved:
                try:
                    titles[path] = run_title(tl.load_run(path), reference=tl.is_reference(path))
                except (ValueError, OSError):
                    continue
            bound(st.multiselect, tr("tl.saved.pick"), list(titles), key="tl_shown", max_selections=2,
                  format_func=titles.__getitem__, placeholder=tr("common.choose"))


def status(job) -> None:
    if job is None:
        return
    job_notice(tr, job)
    progress = job.progress()
    doc = progress.get("run") or {}
    if job.state == "queued":
        st.info(tr("lab.queued", position=max(1, job_queue().position(job.id) or 1), device=queue_device(tr, job)))
    elif job.state == "running":
        done = progress.get("download")
        step = (doc.get("progress") or {})
        if progress.get("phase") == "backbone" and done:
            st.progress(min(done[0] / max(done[1], 1), 1.0), text=tr("tl.downloading"))
        elif step.get("iteration"):
            total = max(step.get("iterations") or 1, 1)
            st.progress(min(step["iteration"] / total, 1.0), text=tr("tl.progress", iteration=step["iteration"],
                                                                      iterations=total,
                                                                      eta=duration(step.get("eta_s"), tr)))
        else:
            st.info(tr("lab.loading"))
    elif job.state == "failed":
        if isinstance(job.exception, WeightsUnavailable):
            e = job.exception
            st.error(tr("tl.backbone.offline", name=display_name(e.name), reason=tr(f"insp.weights.{e.kind}")))
        else:
            st.error(tr("lab.failed", message=message(tr, job.exception) if job.exception else job.error))
    elif job.state == "cancelled":
        st.warning(tr("lab.cancelled.queued"))


def run_title(doc: dict, reference: bool = False) -> str:
    data = doc.get("data", {})
    per_class = data.get("train_per_class") or "—"
    if isinstance(per_class, list):  # one count per class: one number when they are all the same
        per_class = per_class[0] if len(set(per_class)) == 1 else f"{min(per_class)}–{max(per_class)}"
    title = tr("tl.run.title", created=(doc.get("created") or "")[:16].replace("T", " "),
               backbone=doc.get("backbone", {}).get("name", "?"),
               data=tr(f"tl.data.kind.{_data_kind(data)}", **NEW_CLASSES),
               classes=len(doc.get("classes", [])), per_class=per_class,
               normalization=norm_name(doc.get("normalization", {}).get("kind", "weights")))
    return tr("tl.run.reference", title=title) if reference else title


def norm_name(kind: str) -> str:
    """A normalisation's name in the user's language ("wrong normalisation (0.5/0.5)", its numbers formatted in)."""
    return tr(f"tl.norm.{kind}", value=WRONG_STATISTIC)


def _data_kind(data: dict) -> str:
    kind = data.get("kind", "")
    return "default" if kind == transfer.FASHION_SPLIT else "photos" if kind == transfer.PHOTOS else "folder"


def show_runs() -> None:
    """The runs shown (one, or a run and its wrong-normalisation twin): curves, the table, the lesson's numbers."""
    docs, paths = [], []
    for path in st.session_state.get("tl_shown", []):
        try:
            docs.append(tl.load_run(path))
            paths.append(path)
        except ValueError as e:
            st.error(message(tr, e))
    job = tl.current_job()
    live = (job.progress().get("run") if job is not None and not job.done else None)
    if live and live.get("modes"):
        docs, paths = [live], [None]
    if not docs:
        st.info(tr("tl.nothing"))
        return
    with links.focus("results"):
        st.subheader(tr("tl.results"))
        names = [norm_name(d.get("normalization", {}).get("kind", "weights")) for d in docs]
        links.chart(transfer_curves(docs, names, tr, height=340 if links.presenting() else 380), width="stretch",
                        key="tl_curves")
    first = docs[0]
    rows = [{tr("tl.col.mode"): tr(f"tl.mode.{mode}"),
             tr("tl.col.accuracy"): "—" if m.get("val_accuracy") is None else f"{m['val_accuracy']:.1%}",
             tr("tl.col.seconds"): "—" if m.get("seconds") is None else f"{m['seconds']:.1f}",
             tr("tl.col.trainable"): f"{m['trainable_params']:,}", tr("tl.col.total"): f"{m['total_params']:,}"}
            for mode, m in first["modes"].items()]
    links.table(pd.DataFrame(rows))
    data = first.get("data", {})
    st.caption(tr("tl.run.about", backbone=first.get("backbone", {}).get("name", "?"), classes=len(first["classes"]),
                  train=data.get("train_size", 0), val=data.get("val_size", 0),
                  normalization=norm_name(first["normalization"]["kind"]),
                  mean=", ".join(f"{v:.3f}" for v in first["normalization"]["mean"]),
                  std=", ".join(f"{v:.3f}" for v in first["normalization"]["std"])))
    if len(docs) == 2:
        with shown_errors(tr):
            cost = transfer.normalization_cost(docs[0], docs[1])
            right = docs[0]["normalization"]
            st.markdown(tr("tl.wrong.cost", costs=" · ".join(f"{tr(f'tl.mode.{m}')}: {100 * c:+.1f}"
                                                              for m, c in cost.items()),
                           mean=", ".join(f"{v:.3f}" for v in right["mean"]),
                           std=", ".join(f"{v:.3f}" for v in right["std"]), value=WRONG_STATISTIC))
    inspector_links(first)


def inspector_links(doc: dict) -> None:
    """Each mode's saved model, opened in the Inspector: where does the new model look?"""
    found = [(mode, m["checkpoint"]) for mode, m in doc["modes"].items() if m.get("checkpoint")]
    if not found:
        return
    st.markdown(tr("tl.inspect"))
    for column, (mode, path) in zip(st.columns(len(found)), found):
        label = str(Path(path).relative_to(transfer.transfer_dir().parent).with_suffix(""))
        column.page_link("app_pages/inspector.py", label=tr(f"tl.mode.{mode}"), icon=":material/image_search:",
                         query_params=links.followed({"model": label, "lang": tr.lang}))


tr = translator()
main()
