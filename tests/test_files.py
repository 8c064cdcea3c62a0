"""One atomic writer for every file the app writes: runs, checkpoints, the data cache, downloaded weights — the same
permissions, nothing half-written left behind, the old file kept when a write fails."""

from __future__ import annotations

import gzip
import stat

import pytest
import torch
from torchvision.models import ResNet18_Weights

from resnet_viz.explain import sources
from resnet_viz.explain.checkpoints import save_checkpoint
from resnet_viz.files import atomic_file, write_atomic
from resnet_viz.nets.models import build_model
from resnet_viz.train import data
from resnet_viz.train.runs import save_run
from tests.inspector_support import FakeResponse
from tests.test_runs import recorded


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = write_atomic(tmp_path / "a.bin", b"old")
    with pytest.raises(RuntimeError, match="disk on fire"):
        with atomic_file(target) as f:
            f.write(b"new, half")
            raise RuntimeError("disk on fire")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_every_writer_goes_through_it_with_the_same_permissions(tmp_path, monkeypatch):
    run = save_run(recorded(), tmp_path / "runs" / "run.json")
    model = build_model("cifar_resnet8", in_channels=1)
    meta = {"architecture": {"name": "cifar_resnet8", "residual": True, "num_classes": 10, "in_channels": 1},
            "classes": [str(i) for i in range(10)], "normalization": {"mean": [0.5], "std": [0.5]}, "input_size": 28}
    checkpoint = save_checkpoint(tmp_path / "ckpt" / "model.pt", model, meta)

    # The data cache: a flat folder of .gz files unpacked into torchvision's layout.
    flat = tmp_path / "flat"
    flat.mkdir()
    for name in data.DATASETS["fashion-mnist"].files:
        with gzip.open(flat / name, "wb") as f:
            f.write(b"idx")
    monkeypatch.setenv("RESNET_VIZ_DATA_DIR", str(tmp_path / "cache"))
    root = data._unpack_flat("fashion-mnist", flat)
    unpacked = sorted((root / "FashionMNIST" / "raw").iterdir())

    # Downloaded weights (the "network" hands over bytes whose hash matches the file name's prefix).
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    weights = ResNet18_Weights.IMAGENET1K_V1
    payload = b"weights"
    monkeypatch.setattr(sources.hashlib, "sha256", lambda: _FixedDigest(weights))

    monkeypatch.setattr(sources.urllib.request, "urlopen", lambda url, timeout: FakeResponse(payload))
    downloaded = sources.download_weights(weights)
    assert downloaded.read_bytes() == payload

    written = [run, checkpoint, *unpacked, downloaded]
    assert len(unpacked) == 4
    assert {mode(p) for p in written} == {0o644}
    assert torch.load(checkpoint, weights_only=True)["meta"]["input_size"] == 28
    for folder in {p.parent for p in written}:
        assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no temporary file left"


class _FixedDigest:
    """A SHA-256 stand-in whose hex digest starts with the prefix in the weights' file name."""

    def __init__(self, weights) -> None:
        self.prefix = weights.url.rsplit("-", 1)[-1].split(".")[0]

    def update(self, chunk: bytes) -> None:
        pass

    def hexdigest(self) -> str:
        return self.prefix + "0" * 56
