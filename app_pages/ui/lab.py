"""Streamlit glue for the Degradation Lab: widget state from the presets, the run in the server's job queue, runs.

- Training never runs in the script body: Start submits a job to the server's one queue (``job_queue()``), so a run
  keeps going when the user switches pages, queues behind other browsers' runs, and never blocks them.
- Saved runs are read through ``st.cache_data`` keyed by (path, modification time), bounded.
- Anything that fails ends as one translated ``st.error`` line, never a traceback.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import streamlit as st

from app_pages.ui.errors import message
from app_pages.ui.server import device, job_queue
from app_pages.ui.session import session_id
from resnet_viz.data import load_sample
from resnet_viz.i18n import CATALOG, Translator
from resnet_viz.jobs import Job
from resnet_viz.paths import runs_dir
from resnet_viz.runs import RunError, list_runs, load_run, run_files, training_job
from resnet_viz.training import PRESETS, TrainConfig

WIDTHS = (4, 8, 16, 32)
IMAGE_SIZES = (0, 16, 20, 24, 28, 32)  # 0: the dataset's own size
PRESET_NAMES = ("classroom", "paper")
CPU_WARN_ITERATIONS = 5_000  # above this on a CPU, say that the run is a GPU job


def preset_values(name: str) -> dict[str, Any]:
    """The Lab's widget values for a preset."""
    cfg = PRESETS[name]
    return {
        "lab_depths": list(cfg.depths), "lab_dataset": cfg.dataset, "lab_width": cfg.width,
        "lab_iterations": cfg.iterations, "lab_seed": cfg.seed, "lab_image_size": cfg.image_size or 0,
        "lab_lr": cfg.lr, "lab_warmup": cfg.warmup, "lab_augment": cfg.augment,
    }


def init_state() -> None:
    """First visit: the Classroom preset, and the first reference run on the chart (it opens instantly). The settings
    live in plain session-state keys (``common.bound``), so they are as they were when the user comes back."""
    ss = st.session_state
    load_sample("test")  # read the embedded sample here, in the script thread, not first in a training thread
    if "lab_preset" not in ss:
        ss["lab_preset"] = "classroom"
        ss.update(preset_values("classroom"))
        ss.setdefault("lab_data_dir", "")
    if "lab_compare" not in ss:
        references = [str(p) for p, ref in run_files() if ref]
        ss["lab_compare"] = references[:1]


def apply_preset() -> None:
    st.session_state.update(preset_values(st.session_state["lab_preset"]))


def config_from_state() -> TrainConfig:
    """The run the widgets describe: the preset, with the widgets' values in place of its own."""
    ss = st.session_state
    return dataclasses.replace(
        PRESETS[ss["lab_preset"]], depths=tuple(sorted(ss["lab_depths"])), dataset=ss["lab_dataset"],
        width=int(ss["lab_width"]), iterations=int(ss["lab_iterations"]), seed=int(ss["lab_seed"]),
        image_size=int(ss["lab_image_size"]) or None, lr=float(ss["lab_lr"]), warmup=int(ss["lab_warmup"]),
        augment=ss["lab_augment"], data_dir=ss.get("lab_data_dir", "").strip() or None,
        device=str(device()), epochs=None, threads=training_threads(),
    )


def training_threads() -> int | None:
    """On a CPU, leave one core to the server and the browser that shows the curves: with every core busy in
    training, the projected page stutters and PyTorch's spinning worker threads slow the run itself many times over.
    """
    cores = os.cpu_count() or 1
    return max(1, cores - 1) if device().type == "cpu" else None


def describe_departures(departures: list[dict[str, Any]], tr: Translator, key: str) -> str:
    """``key``'s sentence with 'width 16 → 8 · iterations 64,000 → 480 · …', or one saying the recipe is the
    paper's."""
    parts = []
    for d in departures:
        paper, used = (_show(d["field"], d[k], tr) for k in ("paper", "used"))
        parts.append(f"{tr('lab.field.' + d['field'])} {paper} → {used}")
    return tr(key, changes=" · ".join(parts)) if parts else tr("lab.departures.none")


def _show(field: str, value: Any, tr: Translator) -> str:
    if value is None:
        return {"image_size": tr("lab.image_size.native"), "train_size": tr("lab.value.all")}.get(field, "—")
    if field == "dataset":
        return tr(f"lab.dataset.{value}") if f"lab.dataset.{value}" in CATALOG else str(value)
    if field == "augment":
        return tr(f"lab.augment.{value}")
    if field == "milestones":
        return ", ".join(f"{m:.0%}" for m in value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# ---------------------------------------------------------------------------------------------------------------
# The run: one job in the server's queue per browser session at a time
# ---------------------------------------------------------------------------------------------------------------


def current_job() -> Job | None:
    job_id = st.session_state.get("lab_job")
    return job_queue().get(job_id) if job_id else None


def start(tr: Translator) -> None:
    """Start button: submit the widgets' run to the queue (or say why not)."""
    ss = st.session_state
    ss.pop("lab_message", None)
    job = current_job()
    if job is not None and not job.done:
        ss["lab_message"] = tr("lab.busy")
        return
    if not ss.get("lab_depths"):
        ss["lab_message"] = tr("lab.no_depths")
        return
    try:
        config = config_from_state()
    except ValueError as e:
        ss["lab_message"] = tr("lab.failed", message=message(tr, e))
        return
    label = f"{'/'.join(map(str, config.depths))} · {config.iterations:,} it · seed {config.seed}"
    job = job_queue().submit(session_id(), training_job(config, runs_dir(), label=label,
                                                        checkpoints=runs_dir() / "checkpoints"),
                             device=device().type, label=f"Lab: {label}")
    ss["lab_job"] = job.id
    ss["lab_compare"] = []  # the new run alone on the chart; saved runs can be added back below


def stop() -> None:
    job = current_job()
    if job is not None:
        job_queue().cancel(job.id)


def job_run(job: Job | None) -> dict[str, Any] | None:
    """The run document a job has published so far (None before it has started)."""
    if job is None:
        return None
    run = job.progress().get("run")
    if run is not None and run.get("models"):
        return run
    return None


# ---------------------------------------------------------------------------------------------------------------
# Saved runs
# ---------------------------------------------------------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def _load(path: str, mtime: float) -> dict[str, Any]:
    return load_run(path)


def load_saved(path: str) -> dict[str, Any]:
    """A saved run (cached until the file changes); RunError if it cannot be read."""
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        raise RunError("run.missing", path=path) from None
    return _load(path, mtime)


def saved_runs() -> list[dict[str, Any]]:
    """Summaries of the reference runs and this server's saved runs (read through the cache); unreadable files are
    left out."""
    return list_runs(load=lambda path: load_saved(str(path)))


def run_title(summary: dict[str, Any], tr: Translator) -> str:
    if summary["reference"]:
        return tr("lab.run.reference", label=summary["label"] or summary["id"])
    created = (summary.get("created") or "")[:16].replace("T", " ")
    return tr("lab.run.item", created=created, dataset=tr(f"lab.dataset.{summary['dataset']}"),
              depths="/".join(map(str, summary["depths"])), seed=summary["seed"],
              status=tr(f"lab.status.{summary['status']}"))


def duration(seconds: float | None, tr: Translator) -> str:
    """'1 min 05 s' / '1 分 05 秒'; '—' when unknown."""
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    if seconds >= 60:
        return tr("common.duration.minutes", minutes=seconds // 60, seconds=seconds % 60)
    return tr("common.duration.seconds", seconds=seconds)
