"""Per-browser-session state: the translator, the session's id, and widgets whose values are never lost."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from resnet_viz.i18n import DEFAULT_LANGUAGE, Translator


def translator() -> Translator:
    """The translator for this browser session's chosen language."""
    return Translator(st.session_state.get("lang", DEFAULT_LANGUAGE))


def session_id() -> str:
    """This browser session's id: the owner of its jobs."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else "local"


_CHOICE_WIDGETS = ("multiselect", "pills", "selectbox", "radio", "select_slider")
_DEFAULT_ARGUMENT = {"multiselect": "default", "pills": "default", "selectbox": "index", "radio": "index"}  # others: value


def bound(widget, label: str, *args, key: str, widget_key: str | None = None, on_change=None, **kwargs):
    """A widget whose value lives in ``st.session_state[key]``, a plain key, under a widget key of its own.

    Streamlit drops a keyed widget's state when a script run does not draw it, and under load (twenty browsers on
    two cores, benchmarks/load_test.py) a browser could fall back to a widget's *declared* default and send that
    back: a Lab page lost its depths and width. So the value lives in a plain key that nothing drops (presets,
    callbacks, lesson links and tests set it there); every run passes it to the widget as its default, or, when it
    has just been changed in code, sets it through the Session State API; and the widget's change callback writes
    the user's choice back before the script runs. A saved choice no longer among ``options`` falls back to the
    widget's own default.
    """
    ss = st.session_state
    name = widget.__name__
    widget_key = widget_key or f"_w.{key}"
    if key in ss and name in _CHOICE_WIDGETS:
        options = list(args[0])
        if isinstance(ss[key], list):  # a multiselect, or pills with selection_mode="multi"
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


class Section:
    """One section of a page: ``.open`` says whether it is the one shown; ``with section:`` draws into it."""

    def __init__(self, open: bool) -> None:
        self.open = open
        self._box = st.container() if open else None

    def __enter__(self):
        return self._box.__enter__() if self._box is not None else None

    def __exit__(self, *exc) -> None:
        if self._box is not None:
            self._box.__exit__(*exc)


def sections(tr: Translator, names: Sequence[str], key: str, label_prefix: str) -> dict[str, Section]:
    """A page's sections, chosen with a segmented control that wraps onto a second line rather than hide a section
    behind a scroll arrow (a projector at 1280 px with the sidebar open), and only the open one run: ``{name:
    section}``, each with ``.open``. The open section lives in the plain key ``key`` (a section name), so it
    survives a language switch (each language has its own widget: the labels change) and can come from a link."""
    ss = st.session_state
    names = list(names)
    labels = [tr(f"{label_prefix}.{name}") for name in names]
    widget_key = f"_tabs.{key}.{tr.lang}"

    def changed() -> None:
        ss[key] = names[labels.index(ss[widget_key])]

    if ss.get(key) not in names:
        ss[key] = names[0]
    if ss.get(widget_key) != labels[names.index(ss[key])]:
        ss[widget_key] = labels[names.index(ss[key])]
    st.segmented_control(tr("common.sections"), labels, key=widget_key, on_change=changed, required=True, wrap=True,
                         label_visibility="collapsed")
    return {name: Section(name == ss[key]) for name in names}
