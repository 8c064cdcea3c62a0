"""The sidebar every page shares: language, device, the server's memory and training queue."""

from __future__ import annotations

import json

import streamlit as st

from app_pages.ui import links
from app_pages.ui.server import cluster_lines, device, device_label, job_queue
from app_pages.ui.session import bound, translator
from resnet_viz.device import memory_in_use
from resnet_viz.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator


def sidebar() -> Translator:
    """Draw the shared sidebar (language, device) and return the session's translator."""
    with st.sidebar:
        st.selectbox(
            Translator(st.session_state.get("lang", DEFAULT_LANGUAGE))("sidebar.language"),
            options=list(LANGUAGES), format_func=LANGUAGES.__getitem__, key="lang",
        )
        tr = translator()
        bound(st.toggle, tr("sidebar.present"), key=links.PRESENT, help=tr("sidebar.present.help"))
        st.caption(tr("sidebar.device", device=device_label(tr)))
        server_health(tr)
        st.caption(tr("sidebar.about"))
        # The page's language for the browser (Streamlit's page says "en"): Chinese punctuation and fonts, and
        # screen readers, follow it.
        st.html(f"<script>document.documentElement.lang = '{HTML_LANG[tr.lang]}';"
                f"window.__formulaLabel = {json.dumps(tr('a11y.formula'))};{FORMULA_JS}</script>",
                unsafe_allow_javascript=True)
    st.html(READABLE_CSS)
    if getattr(st.context.theme, "type", "light") != "dark":
        st.html(SELECTED_CSS)
    if links.presenting():
        st.html(PRESENTER_CSS)
    return tr


# WCAG 2.1 (axe-core's audit of every page): Streamlit's captions are grey at 60% of the text colour, under 4.5:1 on
# white; at 80% they pass in the light and the dark theme alike.
READABLE_CSS = """<style>
[data-testid="stCaptionContainer"] { color: inherit !important; opacity: 0.8; }
[data-testid="stCaptionContainer"] p { color: inherit !important; }
</style>"""

# Streamlit paints the selected option of a segmented control (the Concepts and Architecture sections) in a shade
# of the primary colour on its tint: 4.47:1 in the light theme, a hair under 4.5:1. A darker shade of the same red
# there (5.5:1); the dark theme keeps Streamlit's own.
SELECTED_CSS = """<style>
button[data-selected="true"] [data-testid="stMarkdownContainer"] p { color: #B02F3C !important; }
</style>"""

# A displayed formula (st.latex) scrolls sideways on a narrow screen: a keyboard must reach it too (WCAG 2.1.1).
# Streamlit draws it without a tabindex; every one the page shows, now or later, gets one, with a label in the
# page's language.
FORMULA_JS = """(function () {
  const fix = () => document.querySelectorAll('.katex-display').forEach(e => {
    e.tabIndex = 0; e.setAttribute('role', 'region'); e.setAttribute('aria-label', window.__formulaLabel);
  });
  fix();
  if (!window.__formulaObserver) {
    window.__formulaObserver = new MutationObserver(fix);
    window.__formulaObserver.observe(document.body, {childList: true, subtree: true});
  }
})();"""


HTML_LANG = {"en": "en", "zh": "zh-CN"}  # BCP 47 tags of the app's languages

# Presenter mode, for a projector at 1280×720 or 1920×1080: larger type (Streamlit sizes text in rem), less padding,
# nothing wider than the screen.
PRESENTER_CSS = """<style>
html { font-size: 19px; }
[data-testid="stMainBlockContainer"] { padding: 2.8rem 1.4rem 2rem 1.4rem; max-width: 100%; }
[data-testid="stAppViewContainer"] { overflow-x: hidden; }
h1 { font-size: 2.1rem !important; padding-bottom: 0.2rem !important; }
[data-testid="stCaptionContainer"] { font-size: 0.9rem; }
</style>"""


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
    for line in cluster_lines(tr):
        st.caption(line)
