"""Anything that fails on a page ends as one translated ``st.error`` line, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from resnet_viz.device import is_out_of_memory, release_memory
from resnet_viz.errors import UserError, one_line
from resnet_viz.explain.sources import WeightsUnavailable
from resnet_viz.i18n import Translator


def message(tr: Translator, error: BaseException) -> str:
    """A user-facing, translated, single-line message for anything a computation raised."""
    if is_out_of_memory(error):
        return tr("common.oom")
    if isinstance(error, UserError):
        return tr.message(error)
    if isinstance(error, (WeightsUnavailable, ValueError)):
        return one_line(error, limit=600)  # our own one-line messages: whole
    return tr("common.error", message=f"{type(error).__name__}: {one_line(error)}")


@contextmanager
def shown_errors(tr: Translator) -> Iterator[None]:
    """Run a block; if it fails, show one ``st.error`` line and carry on with the rest of the page."""
    try:
        yield
    except Exception as e:  # Streamlit's own control flow (rerun, stop) derives from BaseException and passes
        if is_out_of_memory(e):
            release_memory()
        st.error(message(tr, e))
