"""A classroom server: one student's failing computation (out of memory) is theirs alone — they get one line, the
next student's request is served, and the failing student can carry on with another image."""

from __future__ import annotations

import torch

from app_pages.ui import inspector_results as inspector_state
from resnet_viz.explain.images import image_digest, list_samples
from resnet_viz.i18n import t


def fashion_samples():
    return [s for s in list_samples() if s.dataset == "fashion-mnist"]


def test_out_of_memory_in_one_session_is_that_users_one_line(app, open_page, monkeypatch):
    first, second = fashion_samples()[:2]
    poisoned = image_digest(first.path.read_bytes())
    original = inspector_state.explanation
    failures = []

    def explanation(model_key, digest, *args, **kwargs):
        if digest == poisoned:  # this image "needs" more memory than the server has
            failures.append(digest)
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 48.00 GiB (GPU 0; 79.11 GiB total)")
        return original(model_key, digest, *args, **kwargs)

    monkeypatch.setattr(inspector_state, "explanation", explanation)

    unlucky = open_page(app, "inspector.py")  # the default sample is the poisoned one
    assert failures and not unlucky.exception
    assert [e.value for e in unlucky.error] == [t("common.oom")]
    assert "Top-5 prediction" not in [m.value for m in unlucky.markdown]

    other = type(app).from_file(app._script_path, default_timeout=120)
    other.switch_page("app_pages/inspector.py")
    other.run()
    sample = next(s for s in other.selectbox if s.label == "Sample image")
    sample.set_value(second).run()
    assert not other.exception and not other.error
    assert any("Top-5 prediction" in m.value for m in other.markdown)

    # The unlucky student loses nothing: another image works in the same session.
    sample = next(s for s in unlucky.selectbox if s.label == "Sample image")
    sample.set_value(second).run()
    assert not unlucky.exception and not unlucky.error
    assert any("Top-5 prediction" in m.value for m in unlucky.markdown)
