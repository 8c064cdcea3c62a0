"""Degradation Lab: plain nets and ResNets trained side by side, live; the paper's Figure 6 on the class's machine."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app_pages.ui import lab, links
from app_pages.ui.errors import message
from app_pages.ui.server import device, job_notice, job_queue, on_cluster, queue_device
from app_pages.ui.session import bound, translated, translator
from resnet_viz.explain.init import POOR_STD, findings
from resnet_viz.i18n import CATALOG
from resnet_viz.nets import paper
from resnet_viz.nets.models import CIFAR_DEPTHS
from resnet_viz.nets.summary import stage_widths
from resnet_viz.plots import figure_png, gradient_flow, model_title, training_curves
from resnet_viz.plots.training import init_chart
from resnet_viz.train.classroom import BOARD_SEEDS
from resnet_viz.train.config import AUGMENTATIONS, PAPER, departures_from_paper
from resnet_viz.train.data import DATASETS, PAD
from resnet_viz.train.effects import FAR_LESS, SIGNAL, verdict
from resnet_viz.train.parts import SHARE_OF_TIME
from resnet_viz.train.runs import RunError, depth_effects, runs_csv


def main() -> None:
    lab.init_state()
    params = lab.url_params()
    if links.restore("lab", params):
        lab.apply_link_preset()
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(tr("lab.title"))
    st.caption(tr("lab.intro"))
    links.show_notices(tr)
    assignment = lab.current_assignment()
    if assignment is not None:
        part = lab.join(assignment)
        label = assignment.label or assignment.id
        if assignment.stopped or part is None:
            st.info(tr("lab.class.stopped" if assignment.stopped else "lab.class.joined", label=label),
                    icon=":material/groups:")
        else:
            others = len(part.students) - 1
            st.info(tr.count("lab.class.part.shared", others, label=label, others=others, seed=part.seed,
                             networks=", ".join(model_title(k, tr) for k in part.networks)) if others else
                    tr("lab.class.part", label=label, seed=part.seed,
                       networks=", ".join(model_title(k, tr) for k in part.networks)), icon=":material/groups:")
    controls, explain = st.columns([3, 2], gap="large")
    with controls:
        setup(assignment is not None)
    with explain:
        st.subheader(tr("lab.explain.title"))
        st.markdown(tr("lab.explain.body", shallow=paper.FIGURE6_PLAIN_DEPTHS[0], deep=paper.FIGURE6_PLAIN_DEPTHS[-1]))
        st.subheader(tr("lab.watch.title"))
        st.markdown(tr("lab.watch.body", iterations=PAPER.iterations))
    job = lab.current_job()
    live(job is not None and not job.done)
    saved()
    class_experiment(assignment)
    with share:
        links.share_link(tr, links.mirror("lab", params))


def setup(locked: bool) -> None:
    """The run's settings (the teacher's, read-only, in a class experiment), what differs from the paper, Start."""
    st.subheader(tr("lab.setup"))
    translated(st.radio, tr("lab.preset"), lab.PRESET_NAMES, "lab_preset", tr, on_change=lab.apply_preset,
               horizontal=True, format_func=lambda p: tr(f"lab.preset.{p}"), disabled=locked)
    a, b = st.columns(2)
    with a:
        bound(st.multiselect, tr("lab.depths"), CIFAR_DEPTHS, key="lab_depths", help=tr("lab.depths.help"),
              disabled=locked, placeholder=tr("common.choose"))
    with b:
        translated(st.selectbox, tr("lab.dataset"), list(DATASETS), "lab_dataset", tr,
                   format_func=lambda d: lab.dataset_name(d, tr), disabled=locked)
    a, b, c = st.columns(3)
    with a:
        widths = stage_widths("cifar_resnet20", width=PAPER.width)
        bound(st.select_slider, tr("lab.width"), lab.WIDTHS, key="lab_width", disabled=locked,
              help=tr("lab.width.help", width=PAPER.width, widths="/".join(map(str, widths)),
                      multiples="/".join(f"{w // widths[0]}×" for w in widths)))
    with b:
        bound(st.number_input, tr("lab.iterations"), min_value=1, max_value=200_000, step=20, key="lab_iterations",
              help=tr("lab.iterations.help", batch=PAPER.batch_size, iterations=PAPER.iterations), disabled=locked)
    with c:
        bound(st.number_input, tr("lab.seed"), min_value=0, max_value=2**31 - 1, step=1, key="lab_seed",
              disabled=locked)
    if not links.presenting():
        with st.expander(tr("lab.advanced")):
            bound(st.text_input, tr("lab.data_dir"), key="lab_data_dir", help=tr("lab.data_dir.help"))
            a, b, c, d = st.columns(4)
            with a:
                translated(st.selectbox, tr("lab.image_size"), lab.IMAGE_SIZES, "lab_image_size", tr,
                           format_func=lambda s: tr("lab.image_size.native") if s == 0 else f"{s}×{s}",
                           disabled=locked)
            with b:
                bound(st.number_input, tr("lab.lr"), min_value=0.0001, max_value=1.0, step=0.01, format="%.4f",
                      key="lab_lr", disabled=locked)
            with c:
                bound(st.number_input, tr("lab.warmup"), min_value=0, max_value=100_000, step=10, key="lab_warmup",
                      disabled=locked)
            with d:
                translated(st.selectbox, tr("lab.augment"), AUGMENTATIONS, "lab_augment", tr,
                           format_func=lambda k: tr(f"lab.augment.{k}", pad=PAD), disabled=locked)
    job = lab.current_job()
    running = job is not None and not job.done
    try:
        config = lab.config_from_state()
        st.caption(lab.describe_departures(departures_from_paper(config), tr, "lab.departures.setup"))
        if not running:  # while a run trains, its progress bar says how long is left
            seconds = lab.estimate(config)
            st.caption(tr("lab.estimate", time=lab.duration(seconds, tr)) if seconds else tr("lab.estimate.none"))
    except ValueError as e:
        st.error(tr("lab.failed", message=message(tr, e)))
    if device().type == "cpu" and st.session_state["lab_iterations"] > lab.CPU_WARN_ITERATIONS:
        st.warning(tr("lab.paper_on_cpu", iterations=PAPER.iterations))
    part = isinstance(job, lab.PartRun)  # a part belongs to the class: only the teacher stops the class's
    buttons = st.container(horizontal=True)
    buttons.button(tr("lab.start"), type="primary", on_click=lab.start, args=(tr,), disabled=running or part,
                   key="lab_start")
    buttons.button(tr("lab.stop"), on_click=lab.stop, disabled=not running or part, key="lab_stop",
                   help=tr("lab.class.no_stop") if part else None)
    if "lab_message" in st.session_state:
        st.error(st.session_state.pop("lab_message"))


def show_status(job) -> None:
    """Queue position, loading, or the progress bar with ETA, images/s and the device; the outcome once done."""
    if job is None:
        return
    job_notice(tr, job)
    position = job_queue().position(job.id)
    run = job.progress().get("run") or {}
    progress = run.get("progress", {})
    if position and position > 0:
        st.info(tr("lab.queued", position=position, device=queue_device(tr, job)))
    elif job.state == "queued":  # a part handed out, waiting for its first turn
        st.info(tr("lab.class.waiting"))
    elif job.state == "running" and progress.get("iteration", 0) == 0:
        st.info(tr("lab.loading"))
    elif job.state == "running":
        total = max(progress.get("iterations") or 1, 1)
        env = run.get("environment", {})
        st.progress(min(progress["iteration"] / total, 1.0), text=tr.count(
            "lab.progress", len(run.get("models", [])), iteration=progress["iteration"], iterations=total,
            eta=lab.duration(progress["eta_s"], tr), speed=progress.get("images_per_s") or 0,
            device=lab.device_name(env, tr)))
        cores = os.cpu_count() or 1
        if env.get("device_type") == "cpu" and env.get("threads", cores) < cores and not on_cluster(job):
            st.caption(tr("lab.threads.why", threads=env["threads"], cores=cores))
    elif job.state == "failed":
        st.error(tr("lab.failed", message=message(tr, job.exception) if job.exception else job.error))
    elif job.done and not job.result:
        st.warning(tr("lab.cancelled.queued"))
    elif job.done:
        name = Path(job.result).name
        if run.get("status") == "cancelled":
            st.warning(tr("lab.cancelled", iteration=progress.get("iteration", 0), file=name))
        else:
            st.success(tr("lab.done", elapsed=lab.duration(run.get("elapsed_s"), tr), file=name))


def show_finals(doc) -> None:
    """The final errors of the first run shown, the two differences the lesson is about, and what they say."""
    if not doc.get("final"):
        return
    st.markdown(f"**{tr('lab.final')}**")
    params = {m["key"]: m["params"] for m in doc["models"]}
    rows = [{tr("lab.col.network"): model_title(k, tr),
             tr("lab.col.train_error"): tr("lab.col.diverged") if f.get("diverged") else
             None if f.get("train_error") is None else f"{f['train_error']:.1%}",
             tr("lab.col.test_error"): None if f.get("test_error") is None else f"{f['test_error']:.1%}",
             tr("lab.col.params"): f"{params.get(k, 0):,}"} for k, f in doc["final"].items()]
    table, effects = st.columns([3, 2])
    for key, info in doc.get("diverged", {}).items():
        table.warning(tr("lab.diverged", network=model_title(key, tr), iteration=info["iteration"],
                         reason=tr(f"lab.diverged.{info['reason']}")), icon=":material/error:")
    with table:
        links.table(pd.DataFrame(rows))
    table.caption(tr("lab.final.help", window=doc["config"].get("final_window", 0.1)))
    env = doc.get("environment", {})
    table.caption(tr("lab.trained_on", device=lab.device_name(env, tr), torch=env.get("torch", "?"),
                     elapsed=lab.duration(doc.get("elapsed_s"), tr), iterations=doc["progress"]["iteration"],
                     engine=tr(f"lab.engine.{env.get('engine', 'eager')}") if f"lab.engine.{env.get('engine')}"
                     in CATALOG else env.get("engine", "eager")))
    table.caption(lab.describe_departures(doc.get("departures", []), tr, "lab.departures.run"))
    for effect in depth_effects(doc):
        names = {side: model_title(effect[side], tr) for side in ("deep", "shallow")}
        effects.metric(tr("lab.effect", **names), tr("lab.effect.value", value=100 * effect["difference"]),
                       help=tr("lab.effect.help"))
    found, lines = verdict(doc), []
    if "plain" in found:
        lines = [tr(f"lab.verdict.{found['plain']}", plain=found["plain_diff"], signal=SIGNAL),
                 tr(f"lab.verdict.resnet_{found['resnet']}", resnet=found["resnet_diff"], plain=found["plain_diff"],
                    signal=SIGNAL, share=FAR_LESS,
                    iterations=doc["progress"]["iteration"], paper_iterations=PAPER.iterations)]
    if "faster" in found:
        items = tr("lab.verdict.faster.sep").join(tr("lab.verdict.faster.item", **f) for f in found["faster"])
        lines.append(tr("lab.verdict.faster", items=items))
    if lines:
        effects.markdown("\n".join(f"- {line}" for line in lines))


def live(polling: bool) -> None:
    @st.fragment(run_every=2.0 if polling else None)
    def changing() -> None:
        """Everything that changes while a run trains: polled every 2 s by the fragment, never a full rerun (each
        poll redraws the charts in every browser watching; more often would take CPU from the training)."""
        job = lab.current_job()
        show_status(job)
        docs, names = [], []
        live_doc = lab.job_run(job)
        if live_doc is not None:
            docs.append(live_doc)
            names.append(tr("lab.live"))
        references = {str(path) for path, reference in lab.run_files() if reference}
        for path in st.session_state.get("lab_compare", []):
            try:
                doc = lab.load_saved(path)
            except RunError as e:
                st.error(message(tr, e))
                continue
            docs.append(doc)
            names.append(lab.run_title(doc, tr, reference=path in references))
        with links.focus("curves"):
            st.subheader(tr("lab.curves"))
            if not docs:
                st.info(tr("lab.nothing"))
            else:
                try:
                    draw(docs, names, live_doc, job)
                except Exception as e:  # a damaged but well-formed run file: one line, never a traceback
                    st.error(message(tr, e))
        if polling and (job is None or job.done):
            st.rerun(scope="app")  # the run has ended: redraw the page once (buttons, saved runs) and stop polling

    changing()


def draw(docs, names, live_doc, job) -> None:
    """The curves, the final errors and the gradient flow of the runs shown (the first run's, for the last two)."""
    st.caption(tr("lab.showing", runs=" · ".join(names)))
    overlay = bound(st.toggle, tr("lab.overlay"), key="lab_overlay")
    height = 380 if links.presenting() else 460
    links.chart(training_curves(docs, overlay=overlay, tr=tr, height=height, names=names), width="stretch",
                    key="lab_curves", config={"toImageButtonOptions": {"format": "png", "filename": "degradation-lab"}})
    show_finals(docs[0])
    st.subheader(tr("lab.grad"))
    st.caption(tr("lab.grad.help"))
    snapshots = docs[0].get("grad_norms", {}).get("iteration", [])
    if not snapshots:
        st.info(tr("lab.grad.none"))
        return
    index = len(snapshots) - 1  # a run still training: its latest snapshot
    if docs[0] is not live_doc or job.done:
        when = st.select_slider(tr("lab.grad.when"), snapshots, value=snapshots[0],
                                key=f"lab_grad_{docs[0].get('id')}", format_func=lambda i: f"{i:,}")
        index = snapshots.index(when)
    links.chart(gradient_flow(docs[0], index, tr), width="stretch", key="lab_grad")
    show_init(docs[0].get("config", {}))


def show_init(config) -> None:
    """The run's deepest plain net at iteration 0: He init against a small fixed std, with BN and without."""
    if not config.get("depths"):
        return
    depth, width = max(config["depths"]), config.get("width", PAPER.width)
    with st.expander(tr("lab.init.title"), icon=":material/start:"):
        comparison = lab.init_comparison(depth, width)
        st.markdown(tr("lab.init.intro", model=model_title(f"plain-{depth}", tr), width=width,
                       batch=comparison.batch, std=POOR_STD))
        links.chart(init_chart(comparison, POOR_STD, tr), width="stretch", key="lab_init")
        st.markdown("\n".join(f"- {tr(key, **fields)}" for key, fields in findings(comparison)))
        st.caption(tr("lab.init.seed", seed=comparison.seed))


def saved() -> None:
    """Saved runs to overlay (reference runs first), and the CSV/PNG export of what is shown."""
    st.subheader(tr("lab.saved"))
    st.caption(tr("lab.saved.help"))
    summaries = lab.saved_runs()
    if not summaries:
        st.info(tr("lab.saved.none"))
    else:
        titles = {}
        for s in summaries:
            try:
                titles[s["path"]] = lab.run_title(lab.load_saved(s["path"]), tr, reference=s["reference"])
            except RunError:
                continue
        st.session_state["lab_compare"] = [p for p in st.session_state.get("lab_compare", []) if p in titles]
        translated(st.multiselect, tr("lab.saved.pick"), list(titles), "lab_compare", tr,
                   format_func=titles.__getitem__, placeholder=tr("common.choose"))
    if links.presenting():
        return
    chosen = []
    live_doc = lab.job_run(lab.current_job())
    if live_doc is not None and live_doc.get("status") != "running":
        chosen.append(live_doc)
    for path in st.session_state.get("lab_compare", []):
        try:
            chosen.append(lab.load_saved(path))
        except RunError as e:
            st.error(message(tr, e))
    if chosen:
        a, b, c = st.columns([1, 1, 3])
        a.download_button(tr("lab.csv"), runs_csv(chosen).encode(), "degradation-lab.csv", "text/csv",
                          key="lab_csv_dl", on_click="ignore")
        chosen_ids = tuple(doc.get("id") for doc in chosen)
        if b.button(tr("lab.png"), key="lab_png", help=tr("lab.png.help")):
            try:
                st.session_state["lab_png_bytes"] = (chosen_ids, figure_png(training_curves(chosen, tr=tr)))
            except RuntimeError as e:
                st.error(str(e))
        ids, png = st.session_state.get("lab_png_bytes", ((), b""))
        if ids == chosen_ids and png:
            c.download_button(tr("lab.png.download"), png, "degradation-lab.png", "image/png", key="lab_png_dl",
                              on_click="ignore")


def class_experiment(assignment) -> None:
    """The teacher's class experiment: start one with these settings, sized for the class; share the links, follow
    its parts, stop it; or leave one."""
    if links.focus_wanted("class-experiment"):  # the Lesson's step opens it, and it stays open for the session
        st.session_state["lab_class_open"] = True
    opened = assignment is not None or bool(st.session_state.get("lab_class_open"))
    with links.focus("class-experiment"):
        with st.expander(tr("lab.class.title"), expanded=opened, icon=":material/groups:"):
            if assignment is None:
                st.markdown(tr("lab.class.help", seeds=BOARD_SEEDS))
                bound(st.text_input, tr("lab.class.label"), key="lab_assignment_label", max_chars=80)
                a, b = st.columns(2)
                with a:
                    bound(st.number_input, tr("lab.class.students"), min_value=1, max_value=200, step=1,
                          key="lab_class_students", help=tr("lab.class.students.help", seeds=BOARD_SEEDS))
                with b:
                    bound(st.number_input, tr("lab.class.minutes"), min_value=1, max_value=120, step=1,
                          key="lab_class_minutes", help=tr("lab.class.minutes.help", share=SHARE_OF_TIME))
                if st.button(tr("lab.class.create"), key="lab_class_create"):
                    with st.spinner(tr("lab.class.measuring")):  # a few seconds of training, timed
                        lab.create_assignment(tr)
                    st.rerun()
                return
            lab.show_budget(assignment, tr)
            st.markdown(tr("lab.class.share"))
            links.class_link(tr, f"lab?{urlencode({'assignment': assignment.id, 'lang': tr.lang})}")
            st.page_link("app_pages/board.py", label=tr("lab.class.board"), icon=":material/leaderboard:",
                         query_params=links.followed({"assignment": assignment.id, "lang": tr.lang}))
            buttons = st.container(horizontal=True)
            if st.session_state.get("lab_teacher_of") == assignment.id and not assignment.stopped:
                buttons.button(tr("lab.class.stop"), on_click=lab.stop_assignment, key="lab_class_stop",
                               icon=":material/stop_circle:")
            buttons.button(tr("lab.class.leave"), on_click=lab.leave, key="lab_class_leave")


tr = translator()
main()
