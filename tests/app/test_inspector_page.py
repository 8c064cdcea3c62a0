"""AppTest of the Inspector page: a sample through a checkpoint gives the top-5, the Grad-CAM overlay and the feature
grid; the sections open; sliders recompute nothing; offline ImageNet weights and bad files give one-line messages."""

from __future__ import annotations

import socket
import urllib.error

import pytest
import torch

from resnet_viz import explain as ex  # noqa: E402
from resnet_viz.explain import sources
from resnet_viz.nets.models import build_model  # noqa: E402
from tests.inspector_support import tiny_checkpoint


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> bytes:
    return tiny_checkpoint(tmp_path_factory.mktemp("trained") / "tiny.pt", steps=20).read_bytes()


@pytest.fixture
def inspector(app, open_page, tmp_path, monkeypatch, trained):
    """The app on the Inspector page, with a small trained checkpoint in the runs folder, and a call counter."""
    checkpoint = tmp_path / "runs" / "run-1" / "tiny.pt"
    checkpoint.parent.mkdir(parents=True)
    checkpoint.write_bytes(trained)
    calls = []
    original = ex.explain

    def counted(*args, **kwargs):
        calls.append(kwargs.get("layer"))
        return original(*args, **kwargs)

    monkeypatch.setattr(ex, "explain", counted)
    at = open_page(app, "inspector.py")
    at.selectbox(key="insp_a_checkpoint.en").set_value(str(checkpoint)).run()
    at.calls = calls
    return at


def widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def texts(at) -> str:
    """Every text on the page, image captions included."""
    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info") for e in getattr(at, kind)]
    parts += [c for image in at.get("image") for c in image.captions if c]
    return "\n".join(parts)


def test_sample_gives_top5_overlay_and_features(inspector):
    at = inspector
    assert not at.exception
    assert not at.error
    shown = texts(at)
    assert "Top-5 prediction" in shown and "Where it looked for" in shown
    assert "layer3 · 7×7 map" in shown  # the overlay, labelled with its resolution
    assert len(at.get("plotly_chart")) >= 1  # the top-5 bars
    assert widget(at.selectbox, "Class to explain").value == int(widget(at.selectbox, "Class to explain").options[0]
                                                                   .rsplit("(", 1)[1].rstrip(")"))  # top-1
    # The stages (first section, open by default): layer1..layer3 side by side.
    for caption in ("layer1 · 28×28 map", "layer2 · 14×14 map"):
        assert caption in shown

    at.session_state["insp_section"] = "features"
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "channels × height × width = **16×28×28**" in shown  # conv1 of a width-16 CIFAR net on 28×28
    charts = at.get("plotly_chart")
    assert len(charts) >= 3  # top-5, feature grid, one channel enlarged


def test_opacity_and_colours_recompute_nothing(inspector):
    at = inspector
    before = len(at.calls)
    at.slider(key="insp_opacity").set_value(0.8).run()
    at.selectbox(key="insp_colours").set_value("Viridis").run()
    assert not at.exception
    assert len(at.calls) == before  # every map came from the cache
    widget(at.selectbox, "Layer (Grad-CAM)").set_value("layer1").run()
    assert not at.exception  # layer1 was already computed for the stages row: still nothing new
    assert len(at.calls) == before


def test_trust_methods_compare_and_chinese(inspector):
    at = inspector
    at.toggle(key="insp_trust").set_value(True).run()
    assert not at.exception and not at.error
    assert texts(at).count("Deletion") >= 3 and "Random-weights network" in texts(at)
    at.session_state["insp_section"] = "methods"
    at.run()
    assert not at.exception and not at.error
    assert all(m in texts(at) for m in ("Guided Grad-CAM", "Integrated Gradients", "Occlusion"))
    at.session_state["insp_section"] = "compare"
    at.run()
    assert not at.exception and not at.error
    assert texts(at).count("Grad-CAM for its top-1") == 2
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert "网络透视" in at.title[0].value
    # The choices survive the switch and show in Chinese (widgets with translated options are keyed per language).
    assert at.radio(key="insp_a_source.zh").value == "checkpoint"
    checkpoint = at.selectbox(key="insp_a_checkpoint.zh")
    assert checkpoint.value.endswith("tiny.pt") and "在实验室中训练" in checkpoint.format_func(checkpoint.value)
    assert texts(at).count("Grad-CAM") >= 2 and "其第 1 预测" in texts(at)  # still on the Compare section


def test_offline_imagenet_banner_and_fallback(inspector, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))

    def no_network(*args, **kwargs):  # what urllib raises on a machine without DNS
        raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))

    monkeypatch.setattr(sources.urllib.request, "urlopen", no_network)
    at = inspector
    at.radio(key="insp_a_source.en").set_value("imagenet").run()
    assert not at.exception
    banner = "\n".join(w.value for w in at.warning)
    assert banner.startswith("**The ImageNet weights of ResNet-18 are not on this server**: this server cannot "
                             "reach the internet.") and "fetch-weights resnet18" in banner
    assert "Errno" not in banner and str(tmp_path) not in banner and "/" not in banner.replace("fetch-weights", "")
    assert "Showing the offline default instead" in texts(at)
    assert "Top-5 prediction" in texts(at)  # the page still works, on a checkpoint


def test_bad_weights_file_is_one_line(inspector, tmp_path):
    at = inspector
    bad = tmp_path / "homework.pt"
    bad.write_text("not weights")
    at.radio(key="insp_a_source.en").set_value("file").run()
    hint = next(i.value for i in at.info if "state dict" in i.value)  # the limit read, the nets over it computed
    assert "(up to 50 MB)" in hint and "weights of ResNet-34, ResNet-50, ResNet-101, ResNet-152 are over" in hint
    at.text_input(key="insp_a_file_path").set_value(str(bad)).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["not a PyTorch weights file (torch.save writes a zip archive; this is "
                                           "something else)"]
    assert "Choose a model and an image" in texts(at)

    good = tmp_path / "cifar20.pth"
    torch.save(build_model("cifar_resnet20", num_classes=4).state_dict(), good)
    at.selectbox(key="insp_a_file_arch").set_value("cifar_resnet20").run()
    at.text_input(key="insp_a_file_path").set_value(str(good)).run()
    assert not at.exception and not at.error
    # four classes: the heading counts the bars it shows, not a typed five
    assert "Top-4 prediction" in texts(at) and "cifar_resnet20 · cifar20.pth" in texts(at)
    at.selectbox(key="insp_a_file_arch").set_value("resnet34").run()  # the wrong architecture: one line
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("these weights do not fit resnet34")
