"""Every view is a link: a page's settings mirrored into the URL's query string (``st.query_params``) and restored
from it, TensorFlow Playground style, plus the "copy link" control and presenter mode.

Each page declares its settings as :class:`Param` s: a short URL name, the plain session-state key its widget is
``bound`` to (:func:`app_pages.ui.session.bound`), how to read and write the value, and its default. Then:

- :func:`restore` runs before the widgets. When the URL carries this page's settings and they are not ones the
  page itself wrote in this session (a shared link, a URL typed by hand, a fresh server), or it was opened by one of
  the app's own links (:func:`followed`: the lesson's, the Concepts page's...), every setting is taken from it:
  present and valid → that value; absent → the default; unknown or invalid → the default and one notice. A URL
  without this page's settings (a click in the navigation, which clears the query string) changes nothing, so
  settings survive page switches as before; nor does a URL the page wrote earlier: on a loaded server the browser
  can bring an earlier address of the page back with a navigation click (a Lab run's settings and chart were reset
  to the page's first visit that way, once in CI).
- :func:`mirror` runs after the widgets and writes the current values, all of them, so a copied link is the exact
  view whatever the defaults are.

Streamlit's own ``bind="query-params"`` does not fit here: it binds the widget key (ours are per language for
translated choices), drops bad values silently, and forgets settings on page switches.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from resnet_viz import address
from resnet_viz.i18n import LANGUAGES, Translator
from resnet_viz.plots import style

PRESENT = "present"  # presenter mode: ?present=1
LESSON = "lesson"  # on a Lesson step's link: the step to come back to (?lesson=4)
FOCUS = "focus"  # on a Lesson step's link: the part of the page the step is about, scrolled to (?focus=reference)
GO = "go"  # a one-time token on the app's own links: their settings apply even where this session wrote them before
_WRITTEN = "_links.written"  # what each page last wrote into the URL
_HISTORY = "_links.history"  # every set of settings each page wrote in this session (the latest 50)
_FOLLOWED = "_links.followed"  # the link tokens already followed
_KEPT = 50
_NOTICES = "_links.notices"
_FROM_LESSON = "_links.from_lesson"  # the Lesson step a step's link came from, until the Lesson is open again
_FOCUS = "_links.focus"  # (part, token) to scroll to once


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
    earlier = [] if _link_followed() else ss.get(_HISTORY, {}).get("_frame", [])
    value = st.query_params.get("lang")
    if value is not None and value != written.get("lang") and value not in [e["lang"] for e in earlier]:
        if value in LANGUAGES:
            ss["lang"] = value
        else:
            notice("lang", value)
    value = st.query_params.get(PRESENT)
    if value is not None and value != written.get(PRESENT) and value not in [e[PRESENT] for e in earlier]:
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
    if not _link_followed() and mine in ss.get(_HISTORY, {}).get(page, []):
        return False  # an address this page wrote earlier, brought back by the browser: not a link
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
    token = st.query_params.get(GO)  # read before the loop below takes it out of the address
    values = {p.name: p.write(ss.get(p.key, p.default)) for p in params}
    full = {"lang": ss.get("lang", "en"), **values}
    if presenting():
        full[PRESENT] = "1"
    arrived = _link_followed()
    if arrived:
        # The address the link opened stays as it is for now: Streamlit pushes a browser-history entry for every
        # change of the query, so rewriting it here would put a second entry of this page after the link's, and the
        # browser's Back would land on the link again instead of where it was followed from. Its settings count as
        # written: a later run does not take them from the address again.
        seen = {p.name: st.query_params.get(p.name) for p in params if p.name in st.query_params}
        history = ss.setdefault(_HISTORY, {}).setdefault(page, [])
        if seen not in history:
            history.append(seen)
            del history[:-_KEPT]
    else:
        for name in list(st.query_params):
            if name not in full:
                del st.query_params[name]
        for name, value in full.items():
            if st.query_params.get(name) != value:
                st.query_params[name] = value
    frame = {"lang": full["lang"], PRESENT: full.get(PRESENT, "0")}
    ss.setdefault(_WRITTEN, {})[page] = values
    ss[_WRITTEN]["_frame"] = frame
    for name, written in ((page, values), ("_frame", frame)):
        history = ss.setdefault(_HISTORY, {}).setdefault(name, [])
        if written not in history:
            history.append(written)
            del history[:-_KEPT]
    if token:  # the link has been followed: its token is spent (the next run takes it out of the address)
        ss.setdefault(_FOLLOWED, []).append(token)
        del ss[_FOLLOWED][:-_KEPT]
    return full


def followed(query: dict[str, str]) -> dict[str, str]:
    """The query of one of the app's own links (``st.page_link(..., query_params=followed(query))``): a fresh token
    makes :func:`restore` take its settings even where this session had them before."""
    return {**query, GO: secrets.token_urlsafe(6)}


def _link_followed() -> bool:
    """Whether this run was opened by one of the app's own links whose token has not been spent yet."""
    token = st.query_params.get(GO)
    return bool(token) and token not in st.session_state.get(_FOLLOWED, [])


def show_notices(tr: Translator) -> None:
    """One line per URL value that could not be used (then forgotten)."""
    for name, value in st.session_state.pop(_NOTICES, []):
        st.warning(tr("links.bad_value", name=name, value=value[:60]), icon=":material/link_off:")


def notice(name: str, value: str) -> None:
    """Remember a URL value that cannot be used, for :func:`show_notices`."""
    st.session_state.setdefault(_NOTICES, []).append((name, value))


def share_link(tr: Translator, query: dict[str, str]) -> None:
    """The "copy link" control: this exact view as a link students can open (Streamlit's code block has a copy
    button). Not in presenter mode: it is the teacher's, not the class's."""
    if presenting():
        return
    page = (st.context.url or "").rstrip("/").rsplit("/", 1)[-1]
    link = reachable(f"{page}?{urlencode(query)}")
    with st.popover(tr("links.copy"), icon=":material/link:"):
        st.caption(tr("links.copy.help"))
        st.code(link.url, language=None, wrap_lines=True)
        if link.problem:
            st.caption(tr(f"links.class.{link.problem}", listen=st.get_option("server.address")))


def reachable(path: str) -> address.ClassLink:
    """The link to ``path`` (a page and its query) that the class can open: the server's local-network address in
    place of the teacher's ``localhost`` (resnet_viz.address.class_link)."""
    return address.class_link(st.context.url or "", path, st.get_option("server.address"),
                              st.get_option("server.port"), _lan())


@st.cache_data(ttl=60, max_entries=1, show_spinner=False)
def _lan() -> str | None:
    return address.lan_address()


@st.cache_data(max_entries=16, show_spinner=False)
def _qr(url: str) -> bytes:
    return address.qr_png(url)


def class_link(tr: Translator, path: str) -> None:
    """A link for the whole class, as text and as a QR code for the projector, with one line when no student could
    open it."""
    link = reachable(path)
    text, code = st.columns([3, 1], vertical_alignment="center")
    text.code(link.url, language=None, wrap_lines=True)
    if link.problem:
        text.warning(tr(f"links.class.{link.problem}", listen=st.get_option("server.address")),
                     icon=":material/wifi_off:")
    code.image(_qr(link.url), caption=tr("links.class.scan"), width=180, alt=tr("links.class.qr"))


# Chart type grows with the body's (16 -> 19 px) and a little more: charts are read from afar.
PRESENTER_FONT_SCALE = 1.3
PRESENTER_MIN_PX = 16  # no chart text smaller on a projector, where the body is 19 px (a diagram's 11 px labels)


def projected(fig):
    """``fig`` as the page draws it: in presenter mode every text it draws (axis titles, tick labels, annotations such
    as subplot titles and diagram labels, trace labels, the legend) grows by :data:`PRESENTER_FONT_SCALE`, to at
    least :data:`PRESENTER_MIN_PX` (:func:`resnet_viz.plots.style.projected`), so a class reads them from the back."""
    return style.projected(fig, PRESENTER_FONT_SCALE, PRESENTER_MIN_PX) if presenting() else fig


def chart(fig, **kwargs):
    """``st.plotly_chart`` of :func:`projected` ``fig``: every chart of the app goes through here."""
    return st.plotly_chart(projected(fig), **kwargs)


def presenting() -> bool:
    """Whether this session is in presenter mode (``?present=1`` or the sidebar's toggle)."""
    return bool(st.session_state.get(PRESENT, False))


def table(frame, **kwargs) -> None:
    """A small table of results: an interactive grid at a desk; in presenter mode a static table, whose text grows
    with the body (the grid draws on a canvas that keeps its size). ``kwargs`` go to the grid (column configs)."""
    if presenting():
        st.table(frame.style.hide(axis="index").format(str))  # values as the grid shows them
    else:
        st.dataframe(frame, hide_index=True, width="stretch", **kwargs)


def link_to(page: str, values: dict[str, Any], lang: str | None = None, present: bool | None = None) -> str:
    """A relative lesson link to ``page`` (its URL path) with these settings."""
    query = dict(values)
    if lang:
        query["lang"] = lang
    if present:
        query[PRESENT] = "1"
    return f"{page}?{urlencode(query)}" if query else page


def lesson_return(tr: Translator, on_lesson: bool) -> None:
    """On a page that a Lesson step's link opened (``?lesson=N``): one control at the top that returns to the Lesson
    at step N, its answer as it was (the session keeps it), in presenter mode too. Remembered for the session until
    the Lesson is open again (the page's own address drops the parameter); a bad value is one notice."""
    ss = st.session_state
    value = st.query_params.get(LESSON)
    if value is not None and _link_followed():
        if value.isdigit() and 0 < int(value) < 100:
            ss[_FROM_LESSON] = int(value)
        else:
            notice(LESSON, value)
    if on_lesson:
        ss.pop(_FROM_LESSON, None)
        return
    step = ss.get(_FROM_LESSON)
    if step is None:
        return
    query = {"step": str(step), "lang": tr.lang, **({PRESENT: "1"} if presenting() else {})}
    st.html(RETURN_CSS)
    with st.container(key="lesson-return"):
        st.page_link("app_pages/lesson.py", label=tr("links.back_to_lesson", step=step), icon=":material/arrow_back:",
                     query_params=followed(query))


# The way back sits in Streamlit's header bar (fixed at the top, beside its menu), so it is on the screen however
# far the page scrolls; a part a link scrolls to stops below the header.
RETURN_CSS = """<style>
.st-key-lesson-return { position: fixed; top: 0.55rem; right: 3.6rem; z-index: 999991; width: auto; }
.st-key-lesson-return a { background: var(--st-secondary-background-color, #f0f2f6); }
[class*="st-key-focus-"] { scroll-margin-top: 4.5rem; }
</style>"""


def focus_request() -> None:
    """Remember the part of the page a followed Lesson link is about (``?focus=NAME``), to scroll to once."""
    value = st.query_params.get(FOCUS)
    if value is not None and _link_followed() and value.replace("-", "").isalnum():
        st.session_state[_FOCUS] = (value, st.query_params.get(GO))


def focus_wanted(name: str) -> bool:
    """Whether a followed Lesson link asked for the part ``name`` (before :func:`focus` draws it: a folded section
    it names opens)."""
    wanted = st.session_state.get(_FOCUS)
    return bool(wanted) and wanted[0] == name


def focus(name: str):
    """A container for the part of a page named ``name``; when a Lesson link asked for it, the browser scrolls it
    to the top of the screen once it is drawn (so the chart or table a step's question names is on the first
    screen)."""
    box = st.container(key=f"focus-{name}")
    if focus_wanted(name):
        wanted = st.session_state.pop(_FOCUS)
        # The token makes each followed link's script new, so the browser runs it (the same script is not re-run).
        st.html(f"""<script>/* {wanted[1]} */
(function () {{
  // Scroll the part to the top once drawn, and again while what is above it is still being drawn (charts,
  // tables), until it stays put or the reader scrolls, taps or types.
  const started = Date.now();
  let stop = false, still = 0;
  const quit = () => {{ stop = true; }};
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(e => window.addEventListener(e, quit, {{once: true}}));
  const go = () => {{
    if (stop || Date.now() - started > 10000) return;
    const el = document.querySelector(".st-key-focus-{name}");
    if (el && el.getBoundingClientRect().height > 0) {{
      const before = el.getBoundingClientRect().top;
      el.scrollIntoView({{block: "start"}});
      still = Math.abs(el.getBoundingClientRect().top - before) < 2 ? still + 1 : 0;
      if (still >= 10) return;  // a second without moving
    }}
    setTimeout(go, 100);
  }};
  go();
}})();</script>""", unsafe_allow_javascript=True)
    return box
