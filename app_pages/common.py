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


_CHOICE_WIDGETS = ("multiselect", "selectbox", "radio", "select_slider")
_DEFAULT_ARGUMENT = {"multiselect": "default", "selectbox": "index", "radio": "index"}  # the others: value


def bound(widget, label: str, *args, key: str, widget_key: str | None = None, on_change=None, **kwargs):
    """A widget whose value lives in ``st.session_state[key]``, a plain key, under a widget key of its own.

    Streamlit drops a keyed widget's state when a script run does not draw it, and under load (twenty browsers on
    two cores, benchmarks/load_test.py) a browser could fall back to a widget's *declared* default and send that
    back: a Lab page lost its depths and width. So the value lives in a plain key that nothing drops (presets,
    callbacks and tests set it there); every run passes it to the widget as its default, or, when it has just
    been changed in code, sets it through the Session State API; and the widget's change callback writes the
    user's choice back before the script runs. A saved choice no longer among ``options`` falls back to the
    widget's own default.
    """
    ss = st.session_state
    name = widget.__name__
    widget_key = widget_key or f"_w.{key}"
    if key in ss and name in _CHOICE_WIDGETS:
        options = list(args[0])
        if name == "multiselect":
            ss[key] = [v for v in ss[key] if v in options]
        elif ss[key] not in options:
            del ss[key]
    if key in ss:
        if ss.get(widget_key) != ss[key]:
            ss[widget_key] = ss[key]
        else:
            argument = _DEFAULT_ARGUMENT.get(name, "value")
            kwargs[argument] = list(args[0]).index(ss[key]) if argument == "index" else ss[key]

    def changed() -> None:
        ss[key] = ss[widget_key]
        if on_change is not None:
            on_change()

    ss[key] = widget(label, *args, key=widget_key, on_change=changed, **kwargs)
    return ss[key]


def translated(widget, label: str, options: list, key: str, tr: Translator, format_func=str, **kwargs):
    """A radio, selectbox or multiselect whose option labels are translated: ``bound`` to ``key``, with a widget
    key per language (``<key>.<lang>``), because Streamlit keeps showing a keyed widget's old labels, or drops its
    choice, when only the translation of its options changes."""
    return bound(widget, label, options, key=key, widget_key=f"{key}.{tr.lang}", format_func=format_func, **kwargs)


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
