"""Fixtures shared by the library's tests."""

from __future__ import annotations

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
