"""Streamlit glue shared by every page: the translator, the shared sidebar, and the cached library calls.

Only read-only things are cached with ``st.cache_resource``; arrays and tables go through ``st.cache_data``.
Every cache has a bound.
"""

from __future__ import annotations

import os
import threading

import streamlit as st
import torch
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from resnet_viz import describe, describe_device, pick_device
from resnet_viz.device import memory_in_use
from resnet_viz.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from resnet_viz.jobs import JobQueue
from resnet_viz.summary import block_anatomy, flops_comparison


def translator() -> Translator:
    """The translator for this browser session's chosen language."""
    return Translator(st.session_state.get("lang", DEFAULT_LANGUAGE))


@st.cache_resource(max_entries=1)
def device() -> torch.device:
    """The server's compute device, picked once."""
    return pick_device()


def sidebar() -> Translator:
    """Draw the shared sidebar (language, device) and return the session's translator."""
    with st.sidebar:
        st.selectbox(
            Translator(st.session_state.get("lang", DEFAULT_LANGUAGE))("sidebar.language"),
            options=list(LANGUAGES), format_func=LANGUAGES.__getitem__, key="lang",
        )
        tr = translator()
        st.caption(tr("sidebar.device", device=describe_device(device())))
        server_health(tr)
        st.caption(tr("sidebar.about"))
    return tr


@st.fragment(run_every=10)
def server_health(tr: Translator) -> None:
    """Memory in use and the training queue, so a teacher sees at a glance how the server is doing (every 10 s)."""
    memory = memory_in_use(device())
    text = tr("sidebar.memory", process=f"{memory['process_mib'] / 1024:.1f}")
    if "gpu_mib" in memory:
        text += " · " + tr("sidebar.gpu_memory", used=f"{memory['gpu_mib'] / 1024:.1f}",
                          total=f"{memory['gpu_total_mib'] / 1024:.0f}")
    st.caption(text)
    queue = job_queue().length()
    st.caption(tr("sidebar.queue", running=queue["running"], waiting=queue["waiting"]))


@st.cache_data(max_entries=32, show_spinner=False)
def architecture_report(name: str, residual: bool, input_size: int, device_name: str):
    return describe(name, residual=residual, input_size=input_size, device=device_name)


@st.cache_data(max_entries=8, show_spinner=False)
def anatomy(channels: int):
    return block_anatomy(channels)


@st.cache_data(max_entries=1, show_spinner=False)
def flops_table(device_name: str):
    return flops_comparison(lambda name: architecture_report(name, True, 224, device_name).table.macs / 1e9)


def session_id() -> str:
    """This browser session's id: the owner of its jobs."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else "local"


def _session_alive(session: str) -> bool:
    """Whether a browser session is still connected (always, outside a running server)."""
    return not runtime.exists() or runtime.get_instance().is_active_session(session)


@st.cache_resource(max_entries=1)
def job_queue() -> JobQueue:
    """The server's one queue of training runs: ``$RESNET_VIZ_RUNS_PER_DEVICE`` at a time per device (default 1).

    A run whose tab has been closed for ``$RESNET_VIZ_ORPHAN_GRACE_S`` seconds (default 10) is cancelled.
    """
    per_device = int(os.environ.get("RESNET_VIZ_RUNS_PER_DEVICE", "1"))
    return JobQueue(
        slots={"cpu": per_device, "cuda": per_device, "mps": per_device},
        owner_alive=_session_alive,
        grace_s=float(os.environ.get("RESNET_VIZ_ORPHAN_GRACE_S", "10")),
    )


@st.cache_resource(max_entries=1)
def compute_gate() -> threading.BoundedSemaphore:
    """How many model computations (predictions, maps) run at once on this server: ``$RESNET_VIZ_COMPUTATIONS``,
    by default 1 on a CPU and 4 on a GPU. Each computation already uses every core; thirty students' requests
    running at once would only fight over them (PyTorch's threads oversubscribed) and all finish late."""
    default = "1" if device().type == "cpu" else "4"
    return threading.BoundedSemaphore(int(os.environ.get("RESNET_VIZ_COMPUTATIONS", default)))
