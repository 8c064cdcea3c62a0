"""``fetch-weights``: finds files already cached, and says clearly what to do when it cannot download."""

import subprocess
import sys

import torch
from torchvision.models import ResNet18_Weights


def run(tmp_path, *args):
    env = {"TORCH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           # an unreachable proxy makes the download fail at once, whether or not this machine is online
           "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9"}
    return subprocess.run([sys.executable, "-m", "resnet_viz", "fetch-weights", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_already_cached_weights_are_found(tmp_path):
    target = tmp_path / "hub" / "checkpoints" / ResNet18_Weights.IMAGENET1K_V1.url.rsplit("/", 1)[-1]
    target.parent.mkdir(parents=True)
    torch.save({}, target)
    proc = run(tmp_path, "resnet18")
    assert proc.returncode == 0, proc.stderr
    assert f"resnet18 IMAGENET1K_V1: already at {target}" in proc.stdout


def test_failed_download_says_where_to_put_the_file(tmp_path):
    proc = run(tmp_path, "resnet34")
    assert proc.returncode == 1
    assert "could not download https://download.pytorch.org/models/resnet34-b627a593.pth" in proc.stderr
    assert f"copy the file into {tmp_path / 'hub' / 'checkpoints'}" in proc.stderr


def test_unknown_model(tmp_path):
    proc = run(tmp_path, "cifar_resnet20")
    assert proc.returncode == 2 and "has no torchvision weights" in proc.stderr
