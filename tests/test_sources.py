"""Where models come from: torchvision's real loading path offline, checkpoints, users' weights files."""

from __future__ import annotations

import socket
import urllib.error

import pytest
import torch
from torchvision.models import ResNet18_Weights

from resnet_viz.explain import sources
from resnet_viz.explain.checkpoints import CheckpointError
from resnet_viz.explain.images import Preprocess
from resnet_viz.nets.models import build_model
from tests.inspector_support import FakeResponse, tiny_checkpoint


def test_imagenet_weights_load_through_torchvision_from_its_cache(offline):
    """The file torchvision expects (basename of weights.url) in $TORCH_HOME/hub/checkpoints is all it needs."""
    weights = ResNet18_Weights.IMAGENET1K_V1
    torch.manual_seed(0)
    reference = build_model("resnet18")
    offline.mkdir(parents=True)
    torch.save(reference.state_dict(), offline / weights.url.rsplit("/", 1)[-1])
    assert sources.weights_cached(weights)
    clf = sources.imagenet_classifier("resnet18", "IMAGENET1K_V1")
    assert clf.classes == tuple(weights.meta["categories"]) and len(clf.classes) == 1000
    assert clf.preprocess == Preprocess.from_weights(weights)
    assert not clf.model.training
    assert torch.equal(clf.model.fc.weight, reference.fc.weight)
    assert clf.key == "torchvision:resnet18:IMAGENET1K_V1"


def test_imagenet_weights_offline_give_one_line_with_what_to_do(offline):
    with pytest.raises(sources.WeightsUnavailable) as caught:
        sources.imagenet_classifier("resnet50")
    message = str(caught.value)
    assert "\n" not in message
    assert "fetch-weights resnet50" in message and str(offline) in message and "no network" in message
    assert offline.is_dir() and list(offline.iterdir()) == []  # the download began in the cache: nothing left
    assert caught.value.kind == "offline" and caught.value.name == "resnet50"  # what a page says, in its words


@pytest.mark.parametrize("error, kind", [
    (urllib.error.URLError(socket.gaierror(-2, "Name or service not known")), "offline"),
    (urllib.error.HTTPError("https://download.pytorch.org/x.pth", 403, "Forbidden", None, None), "http"),
    (TimeoutError("timed out"), "offline"),
    (ConnectionResetError(104, "Connection reset by peer"), "offline"),
    (OSError(28, "No space left on device"), "save"),
])
def test_a_failed_download_says_why_in_a_word(error, kind):
    assert sources.failure_kind(error) == kind


def test_download_streams_with_progress_and_checks_the_hash(offline, monkeypatch):
    weights = ResNet18_Weights.IMAGENET1K_V1
    payload = b"x" * (3 << 20)

    monkeypatch.setattr(sources.urllib.request, "urlopen", lambda url, timeout: FakeResponse(payload))
    seen = []
    with pytest.raises(sources.WeightsUnavailable, match="checksum mismatch") as caught:
        sources.download_weights(weights, progress=lambda done, total: seen.append((done, total)))
    assert caught.value.kind == "corrupt"
    assert seen == [(1 << 20, 3 << 20), (2 << 20, 3 << 20), (3 << 20, 3 << 20)]
    assert not sources.weights_cached(weights) and not list(offline.glob("*"))


def test_checkpoints_shipped_first_then_lab_runs(tmp_path):
    shipped, runs = tmp_path / "shipped", tmp_path / "runs"
    tiny_checkpoint(shipped / "a_plain.pt")
    tiny_checkpoint(shipped / sources.DEFAULT_CHECKPOINT)
    tiny_checkpoint(runs / "run-7" / "model.pt")
    found = sources.find_checkpoints(shipped, runs)
    assert [e.path.name for e in found] == [sources.DEFAULT_CHECKPOINT, "a_plain.pt", "model.pt"]
    assert [e.origin for e in found] == ["shipped", "shipped", "lab"]
    assert sources.find_checkpoints(tmp_path / "none", tmp_path / "none") == []


def test_checkpoint_classifier_takes_classes_and_preprocessing_from_its_metadata(tmp_path):
    clf = sources.checkpoint_classifier(tiny_checkpoint(tmp_path / "tiny.pt"))
    assert clf.classes[9] == "Ankle boot" and clf.in_channels == 1
    assert clf.preprocess.crop_size == 28 and len(clf.preprocess.mean) == 1
    assert clf.key.startswith("checkpoint:")


def test_weights_file_for_the_wrong_architecture_names_the_mismatch(tmp_path):
    path = tmp_path / "r18.pth"
    torch.save(build_model("resnet18").state_dict(), path)
    with pytest.raises(CheckpointError) as caught:
        sources.weights_file_classifier("resnet34", path)
    message = str(caught.value)
    assert "do not fit resnet34" in message and "missing" in message and "\n" not in message
    clf = sources.weights_file_classifier("resnet18", path)  # the right one: ImageNet names from torchvision
    assert len(clf.classes) == 1000 and clf.classes[0] == ResNet18_Weights.DEFAULT.meta["categories"][0]


def test_weights_file_plain_state_dict_and_our_checkpoint(tmp_path):
    model = build_model("cifar_resnet8", in_channels=1, num_classes=4)
    torch.save(model.state_dict(), tmp_path / "plain.pt")
    clf = sources.weights_file_classifier("cifar_resnet8", (tmp_path / "plain.pt").read_bytes())
    assert clf.classes == ("#0", "#1", "#2", "#3") and clf.in_channels == 1
    ours = tiny_checkpoint(tmp_path / "tiny.pt")
    assert sources.weights_file_classifier("cifar_resnet8", ours).classes[0] == "T-shirt/top"
    with pytest.raises(CheckpointError, match="are for cifar_resnet8 .* not plain cifar_resnet8"):
        sources.weights_file_classifier("cifar_resnet8", ours, residual=False)
    with pytest.raises(CheckpointError, match="not a PyTorch weights file"):
        sources.weights_file_classifier("cifar_resnet8", b"not weights")


def test_command_line_model_argument(tmp_path):
    ckpt = tiny_checkpoint(tmp_path / "tiny.pt")
    assert sources.classifier_for(str(ckpt)).classes[0] == "T-shirt/top"
    with pytest.raises(ValueError, match="no published weights"):
        sources.classifier_for("cifar_resnet20")
    with pytest.raises(ValueError, match="unknown model"):
        sources.classifier_for("vgg16")


def test_weights_over_an_upload_limit_follow_torchvisions_file_sizes():
    from resnet_viz.explain.sources import weights_over

    assert weights_over(50) == ["resnet34", "resnet50", "resnet101", "resnet152"]  # ResNet-34's file is 83 MB
    assert weights_over(100) == ["resnet101", "resnet152"]
    assert weights_over(1000) == []
