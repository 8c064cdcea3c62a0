"""Small models for the Inspector's tests: checkpoints made on the spot, so no test needs downloaded weights."""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F

from resnet_viz.explain.checkpoints import save_checkpoint
from resnet_viz.nets.models import build_model
from resnet_viz.train.data import load_sample


def tiny_checkpoint(path: Path, *, steps: int = 0, name: str = "cifar_resnet8", residual: bool = True,
                    seed: int = 0) -> Path:
    """A 1-channel 28×28 Fashion-MNIST checkpoint, trained for ``steps`` batches of the embedded sample (0: none)."""
    torch.manual_seed(seed)
    sample = load_sample("train")
    model = build_model(name, residual=residual, in_channels=1, num_classes=10)
    mean, std = sample.mean[0], sample.std[0]
    if steps:
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
        generator = torch.Generator().manual_seed(seed)
        model.train()
        for _ in range(steps):
            idx = torch.randint(0, len(sample), (128,), generator=generator)
            x = (sample.images[idx].float() / 255 - mean) / std
            loss = F.cross_entropy(model(x), sample.labels[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    meta = {
        "architecture": {"name": name, "residual": residual, "num_classes": 10, "in_channels": 1, "width": 16},
        "classes": list(sample.classes),
        "normalization": {"mean": [mean], "std": [std]},
        "input_size": 28,
        "dataset": "fashion-mnist-sample",
        "test_accuracy": None,
    }
    return save_checkpoint(path, model, meta)


class FakeResponse:
    """What ``urllib.request.urlopen`` returns, for downloads in tests: ``payload`` in chunks of ``chunk`` bytes."""

    def __init__(self, payload: bytes, chunk: int = 1 << 20) -> None:
        self.headers = {"Content-Length": str(len(payload))}
        self.chunks = [payload[i:i + chunk] for i in range(0, len(payload), chunk)] + [b""]

    def read(self, n: int) -> bytes:
        return self.chunks.pop(0)

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc) -> bool:
        return False
