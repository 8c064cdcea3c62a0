"""``fetch-weights``: finds files already cached, and says clearly what to do when it cannot download."""

import urllib.error

import pytest
import torch
from torchvision.models import ResNet18_Weights

from resnet_viz.__main__ import main


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """An empty torch hub cache in ``tmp_path``, and torchvision's downloader failing as it does offline."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))

    def no_network(url, *args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr("torchvision.models._api.load_state_dict_from_url", no_network)
    return tmp_path / "hub" / "checkpoints"


def test_already_cached_weights_are_found(offline, capsys):
    target = offline / ResNet18_Weights.IMAGENET1K_V1.url.rsplit("/", 1)[-1]
    target.parent.mkdir(parents=True)
    torch.save({}, target)
    assert main(["fetch-weights", "resnet18"]) == 0
    assert f"resnet18 IMAGENET1K_V1: already at {target}" in capsys.readouterr().out


def test_failed_download_says_where_to_put_the_file(offline, capsys):
    assert main(["fetch-weights", "resnet34"]) == 1
    err = capsys.readouterr().err
    assert "could not download https://download.pytorch.org/models/resnet34-b627a593.pth" in err
    assert f"copy the file into {offline}" in err and "no network in tests" in err


def test_unknown_model(offline, capsys):
    assert main(["fetch-weights", "cifar_resnet20"]) == 2 and "has no torchvision weights" in capsys.readouterr().err
