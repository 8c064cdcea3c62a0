"""Every view is a link: a page's settings mirrored into the URL's query string (``st.query_params``) and restored
from it, TensorFlow Playground style, plus the "copy link" control and presenter mode.

Each page declares its settings as :class:`Param` s: a short URL name, the plain session-state key its widget is
``bound`` to (:func:`app_pages.ui.session.bound`), how to read and write the value, and its default. Then:

- :func:`restore` runs before the widgets. When the URL carries this page's settings and they are not the ones the
  page itself last wrote (a shared link, a lesson link, a URL typed by hand, a fresh server), every setting is taken
  from it: present and valid → that value; absent → the default; unknown or invalid → the default and one notice.
  A URL without this page's settings (a click in the navigation, which clears the query string) changes nothing,
  so settings survive page switches as before.
- :func:`mirror` runs after the widgets and writes the current values, all of them, so a copied link is the exact
  view whatever the defaults are.

Streamlit's own ``bind="query-params"`` does not fit here: it binds the widget key (ours are per language for
translated choices), drops bad values silently, and forgets settings on page switches.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from resnet_viz.i18n import LANGUAGES, Translator

PRESENT = "present"  # presenter mode: ?present=1
_WRITTEN = "_links.written"  # what each page last wrote into the URL
_NOTICES = "_links.notices"


@dataclasses.dataclass(frozen=True)
class Param:
    """One setting in the URL: ``name`` in the query string, ``key`` in session state."""

    name: str
    key: str
    parse: Callable[[str], Any]  # URL text -> value; raises ValueError (or KeyError) for a bad value
    default: Any
    write: Callable[[Any], str] = str


def choice(name: str, key: str, options: Sequence[Any], default: Any, text: Callable[[Any], str] = str) -> Param:
    """A setting that must be one of ``options``, written as ``text(option)``."""
    by_text = {text(o): o for o in options}

    def parse(value: str) -> Any:
        return by_text[value]

    return Param(name, key, parse, default, text)


def integer(name: str, key: str, low: int, high: int, default: int) -> Param:
    """A whole number in [low, high]."""

    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return Param(name, key, parse, default)


def flag(name: str, key: str, default: bool) -> Param:
    """On or off: 1 or 0."""
    return choice(name, key, (True, False), default, lambda b: "1" if b else "0")


def integers(name: str, key: str, options: Sequence[int], default: Sequence[int]) -> Param:
    """Several whole numbers from ``options``, comma-separated (e.g. depths 20,56)."""

    def parse(value: str) -> list[int]:
        numbers = sorted({int(v) for v in value.split(",") if v.strip()})
        if not numbers or any(n not in options for n in numbers):
            raise ValueError(value)
        return numbers

    return Param(name, key, parse, list(default), lambda v: ",".join(str(n) for n in sorted(v)))


def language_and_mode() -> None:
    """``lang`` (en|zh) and ``present`` (1|0), on every page before anything is drawn, from the URL when it carries
    them and they are not what the app itself last wrote there (a link was followed, or a URL typed); absent, the
    session's own choice stays (a click in the navigation clears the query string). A choice made in the sidebar
    therefore wins over the URL the previous run wrote."""
    ss = st.session_state
    written = ss.get(_WRITTEN, {}).get("_frame", {})
    value = st.query_params.get("lang")
    if value is not None and value != written.get("lang"):
        if value in LANGUAGES:
            ss["lang"] = value
        else:
            notice("lang", value)
    value = st.query_params.get(PRESENT)
    if value is not None and value != written.get(PRESENT):
        if value in ("0", "1"):
            ss[PRESENT] = value == "1"
        else:
            notice(PRESENT, value)


def restore(page: str, params: Sequence[Param]) -> bool:
    """Take this page's settings from the URL, if it carries them and they are not what the page wrote last;
    True when it did (a link was followed)."""
    ss = st.session_state
    for p in params:
        ss.setdefault(p.key, p.default)
    query = {name: st.query_params.get(name) for name in st.query_params}
    mine = {p.name: query[p.name] for p in params if p.name in query}
    if not mine or mine == ss.get(_WRITTEN, {}).get(page):
        return False
    for p in params:
        if p.name not in mine:
            ss[p.key] = p.default
            continue
        try:
            ss[p.key] = p.parse(mine[p.name])
        except (ValueError, KeyError, TypeError):
            ss[p.key] = p.default
            notice(p.name, mine[p.name])
    return True


def mirror(page: str, params: Sequence[Param]) -> dict[str, str]:
    """Write this page's current settings (all of them), the language and presenter mode into the URL."""
    ss = st.session_state
    values = {p.name: p.write(ss.get(p.key, p.default)) for p in params}
    full = {"lang": ss.get("lang", "en"), **values}
    if presenting():
        full[PRESENT] = "1"
    for name in list(st.query_params):
        if name not in full:
            del st.query_params[name]
    for name, value in full.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    ss.setdefault(_WRITTEN, {})[page] = values
    ss[_WRITTEN]["_frame"] = {"lang": full["lang"], PRESENT: full.get(PRESENT, "0")}
    return full


def show_notices(tr: Translator) -> None:
    """One line per URL value that could not be used (then forgotten)."""
    for name, value in st.session_state.pop(_NOTICES, []):
        st.warning(tr("links.bad_value", name=name, value=value[:60]), icon=":material/link_off:")


def notice(name: str, value: str) -> None:
    """Remember a URL value that cannot be used, for :func:`show_notices`."""
    st.session_state.setdefault(_NOTICES, []).append((name, value))


def share_link(tr: Translator, query: dict[str, str]) -> None:
    """The "copy link" control: this exact view as a link (Streamlit's code block has a copy button)."""
    base = st.context.url or ""
    with st.popover(tr("links.copy"), icon=":material/link:"):
        st.caption(tr("links.copy.help"))
        st.code(f"{base}?{urlencode(query)}", language=None, wrap_lines=True)


def presenting() -> bool:
    """Whether this session is in presenter mode (``?present=1`` or the sidebar's toggle)."""
    return bool(st.session_state.get(PRESENT, False))


def link_to(page: str, values: dict[str, Any], lang: str | None = None, present: bool | None = None) -> str:
    """A relative lesson link to ``page`` (its URL path) with these settings."""
    query = dict(values)
    if lang:
        query["lang"] = lang
    if present:
        query[PRESENT] = "1"
    return f"{page}?{urlencode(query)}" if query else page
