"""Streamlit glue shared by the pages: per-session state, the server's shared resources, the sidebar, one-line
errors, and each page's cached library calls. The pages themselves are the modules one level up."""
