"""The Architecture page's library calls, cached per server (bounded)."""

from __future__ import annotations

import streamlit as st

from resnet_viz import describe
from resnet_viz.summary import block_anatomy, flops_comparison


@st.cache_data(max_entries=32, show_spinner=False)
def architecture_report(name: str, residual: bool, input_size: int, device_name: str):
    return describe(name, residual=residual, input_size=input_size, device=device_name)


@st.cache_data(max_entries=8, show_spinner=False)
def anatomy(channels: int):
    return block_anatomy(channels)


@st.cache_data(max_entries=1, show_spinner=False)
def flops_table(device_name: str):
    return flops_comparison(lambda name: architecture_report(name, True, 224, device_name).table.macs / 1e9)
