"""What every session on the server shares: the compute device, the training queue, the computation gate.

Only read-only things are cached with ``st.cache_resource``; every cache has a bound.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
import torch
from streamlit import runtime

from resnet_viz import describe_device, pick_device
from resnet_viz.train import cluster
from resnet_viz.train.engine import class_plan
from resnet_viz.train.jobs import Job, JobQueue
from resnet_viz.train.parts import ClassEngines
from resnet_viz.train.runs import RunError


@st.cache_resource(max_entries=1)
def device() -> torch.device:
    """The server's compute device, picked once."""
    return pick_device()


def device_label(tr) -> str:
    """The server's device in the user's language: 'CPU (2 cores)' / 'CPU（2 核）', or the GPU's name."""
    if device().type == "cpu":
        return tr("sidebar.cpu", cores=os.cpu_count() or 1)
    return describe_device(device())


def _session_alive(session: str) -> bool:
    """Whether a browser session is still connected (always, outside a running server)."""
    return not runtime.exists() or runtime.get_instance().is_active_session(session)


@st.cache_resource(max_entries=1)
def job_queue() -> JobQueue:
    """The server's one queue of training runs: ``$RESNET_VIZ_RUNS_PER_DEVICE`` at a time per device (default 1).

    A run whose tab has been closed for ``$RESNET_VIZ_ORPHAN_GRACE_S`` seconds (default 10) is cancelled.
    """
    per_device = int(os.environ.get("RESNET_VIZ_RUNS_PER_DEVICE", "1"))
    settings = dict(slots={"cpu": per_device, "cuda": per_device, "mps": per_device}, owner_alive=_session_alive,
                    grace_s=float(os.environ.get("RESNET_VIZ_ORPHAN_GRACE_S", "10")))
    address = os.environ.get(cluster.ENV, "").strip()
    return cluster.ClusterQueue(address, **settings) if address else JobQueue(**settings)


def cluster_lines(tr) -> list[str]:
    """What the sidebar says of the school's cluster (``$RESNET_VIZ_CLUSTER``): its address and workers, the workers
    refused, or why runs train here. Nothing without a cluster."""
    queue = job_queue()
    if not isinstance(queue, cluster.ClusterQueue):
        return []
    if queue.notice in ("unreachable", "gone") or not queue.connected:
        return [tr(f"cluster.{queue.notice or 'gone'}", address=queue.address)]
    workers = queue.workers(max_age_s=5)
    accepted = [w["name"] + (" · GPU" if w["gpu"] else "") for w in workers if w["accepted"]]
    lines = [tr("sidebar.cluster", address=queue.address,
                workers=tr.count("sidebar.cluster.workers", len(accepted), names=", ".join(accepted) or "–"))]
    refused = [w["name"] for w in workers if not w["accepted"]]
    if refused:
        lines.append(tr("sidebar.cluster.refused", names=", ".join(refused)))
    if not accepted:
        lines.append(tr("cluster.no_worker"))
    return lines


def on_cluster(job: Any) -> bool:
    """Whether a job runs on the school's cluster (a class experiment's part, which has no device, never does)."""
    return getattr(job, "device", "") == cluster.CLUSTER


def queue_device(tr, job: Any) -> str:
    """What a queued job waits for: the server's device, or the school's cluster."""
    return tr("cluster.device") if on_cluster(job) else device_label(tr)


def job_notice(tr, job: Job | None) -> None:
    """One line where a job ran elsewhere than asked: moved to another worker, or back on this server."""
    notice = job.progress().get("notice") if job is not None else None
    if notice in ("moved", "here"):
        st.info(tr(f"cluster.{notice}"), icon=":material/sync:")


@st.cache_resource(max_entries=1)
def class_engines() -> ClassEngines:
    """The class experiments' engines: each trains its students' parts in turns, as one job of the queue."""
    workers, threads = class_plan(device().type)
    return ClassEngines(lambda owner, fn, **job: job_queue().submit(owner, fn, device=device().type, **job),
                        device=str(device()), threads=threads, workers=workers)


@st.cache_resource(max_entries=1)
def compute_gate() -> threading.BoundedSemaphore:
    """How many model computations (predictions, maps) run at once on this server: ``$RESNET_VIZ_COMPUTATIONS``,
    by default 1 on a CPU and 4 on a GPU. Each computation already uses every core; thirty students' requests
    running at once would only fight over them (PyTorch's threads oversubscribed) and all finish late."""
    default = "1" if device().type == "cpu" else "4"
    return threading.BoundedSemaphore(int(os.environ.get("RESNET_VIZ_COMPUTATIONS", default)))


@st.cache_data(max_entries=64, show_spinner=False)
def _read(kind: str, path: str, mtime: float, _read_file: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    return _read_file(path)


def saved_file(kind: str, path: str, read_file: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """A run file of ``kind`` read by ``read_file``, cached for every session until the file changes; RunError if
    it is gone. (Callers treat the document as read-only: it is shared.)"""
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        raise RunError("run.missing", path=path) from None
    return _read(kind, path, mtime, read_file)


def session_job(key: str) -> Job | None:
    """The job this session started, whose id it keeps under ``key`` (None if none, or if the queue forgot it)."""
    job_id = st.session_state.get(key)
    return job_queue().get(job_id) if job_id else None


def still_running(job_key: str, message_key: str, tr) -> bool:
    """Before a Start: clear the session's last message; if its job (id under ``job_key``) is still running, say so
    under ``message_key`` and return True (one run per session at a time)."""
    st.session_state.pop(message_key, None)
    job = session_job(job_key)
    if job is not None and not job.done:
        st.session_state[message_key] = tr("lab.busy")
        return True
    return False
