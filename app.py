"""ResNet Explorer: the frame. Navigation, the shared sidebar, the theme; the pages do the rest.

The page scripts live in ``app_pages/``, not ``pages/``: Streamlit treats a folder called ``pages`` beside the main
script as a legacy multipage app, and the first browser session on a fresh server that opens a page's own address
(``/lab``) would then run that page without this frame (no sidebar, helper modules listed as pages).
"""

import streamlit as st

from app_pages.ui import links
from app_pages.ui.sidebar import sidebar
from resnet_viz.i18n import Translator
from resnet_viz.paths import ASSETS

links.language_and_mode()  # ?lang=zh&present=1 before anything is drawn in a language
st.set_page_config(page_title=Translator(st.session_state.get("lang", "en"))("app.title"),
                   page_icon=str(ASSETS / "favicon.png"),  # a file: a material icon is fetched from Google's fonts
                   layout="wide",
                   initial_sidebar_state="collapsed" if links.presenting() else "auto")
tr = sidebar()
lesson = st.Page("app_pages/lesson.py", title=tr("nav.lesson"), icon=":material/co_present:", default=True)
page = st.navigation([
    lesson,
    st.Page("app_pages/concepts.py", title=tr("nav.concepts"), icon=":material/school:"),
    st.Page("app_pages/architecture.py", title=tr("nav.architecture"), icon=":material/account_tree:"),
    st.Page("app_pages/lab.py", title=tr("nav.lab"), icon=":material/show_chart:"),
    st.Page("app_pages/board.py", title=tr("nav.board"), icon=":material/leaderboard:"),
    st.Page("app_pages/transfer.py", title=tr("nav.transfer"), icon=":material/move_up:"),
    st.Page("app_pages/inspector.py", title=tr("nav.inspector"), icon=":material/image_search:"),
])
links.focus_request()
links.lesson_return(tr, on_lesson=page.url_path == lesson.url_path)  # a Lesson step's link: the way back
page.run()
