"""Fixtures shared by the library's tests."""

from __future__ import annotations

import gc
import urllib.error

import pytest

from resnet_viz.explain import sources


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """A fresh, empty torch hub cache and no network at all: the path of the (not yet made) weights cache."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))

    def no_network(*args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(sources.urllib.request, "urlopen", no_network)
    return tmp_path / "torch" / "hub" / "checkpoints"


def pytest_collection_finish(session):
    """Move everything imported so far (torch, Streamlit, plotly, every test module) out of the garbage collector's
    sight: a full collection then scans only what the tests make. The job queue collects after every job and
    Python's own collections run throughout, each scanning the whole heap otherwise."""
    gc.collect()
    gc.freeze()
