"""ResNet Explorer: the frame. Navigation, the shared sidebar, the theme; the pages do the rest."""

import streamlit as st

from pages.common import sidebar

st.set_page_config(page_title="ResNet Explorer", page_icon="🧱", layout="wide")
tr = sidebar()
page = st.navigation([
    st.Page("pages/architecture.py", title=tr("nav.architecture"), icon="🏛️", default=True),
    st.Page("pages/inspector.py", title=tr("nav.inspector"), icon="🔍"),
    st.Page("pages/lab.py", title=tr("nav.lab"), icon="📉"),
])
page.run()
