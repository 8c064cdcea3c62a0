"""How long the Architecture page's computations take for ResNet-152, cold and warm.

Cold: the first visit builds the model and runs the layer table's forward pass (flop counter, shape hooks,
receptive-field tracking). Warm: every later visit (any browser) hits Streamlit's ``st.cache_data``.
Measured 2026-11-26 on the 2-core CPU development machine: see the README's "Benchmarks" section.

Run: ``.venv/bin/python -m benchmarks.architecture_page``
"""

import logging
import os
import time

logging.getLogger("streamlit").setLevel(logging.ERROR)
os.environ.setdefault("STREAMLIT_GLOBAL_SHOW_WARNING_ON_DIRECT_EXECUTION", "false")

import streamlit as st

from app_pages.ui.architecture import anatomy, architecture_report
from app_pages.ui.server import device
from resnet_viz.plots import architecture_diagram


def page_computations(name: str, size: int, dev: str) -> None:
    """What one visit to the Architecture page computes (the cached calls, plus the figure built every run)."""
    report = architecture_report(name, True, size, dev)
    architecture_diagram(report)
    anatomy(256)


def main() -> None:
    dev = str(device())
    st.cache_data.clear()
    t0 = time.perf_counter()
    page_computations("resnet152", 224, dev)
    cold = time.perf_counter() - t0
    warm_times = []
    for _ in range(5):
        t0 = time.perf_counter()
        page_computations("resnet152", 224, dev)
        warm_times.append(time.perf_counter() - t0)
    warm = sorted(warm_times)[len(warm_times) // 2]
    print(f"device: {dev}, torch threads: {__import__('torch').get_num_threads()}")
    print(f"resnet152 Architecture page, cold: {cold:.2f} s")
    print(f"resnet152 Architecture page, warm (median of 5): {warm * 1000:.0f} ms")
    print(f"cold / warm: {cold / warm:.0f}x; warm is {'under' if warm < 1 else 'OVER'} one second")


if __name__ == "__main__":
    main()
