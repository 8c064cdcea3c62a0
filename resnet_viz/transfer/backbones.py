"""Backbones: pretrained weights as read-only tensors, a private model per run, and what trains in each mode."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import nn

from resnet_viz.explain.checkpoints import check_weights_file, load_checkpoint
from resnet_viz.explain.images import Preprocess
from resnet_viz.explain.sources import download_weights
from resnet_viz.nets.models import TORCHVISION_NAMES, build_model, parse_name, resolve_weights, stage_names
from resnet_viz.transfer.config import MODES, SOURCE_BACKBONE, TransferError

# ---------------------------------------------------------------------------------------------------------------
# Backbones: pretrained weights as read-only tensors, and a private model per run
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class Backbone:
    """A pretrained network as data: its architecture, its weights (never changed), its own preprocessing.

    Nothing here is a model: :meth:`build` makes a private one per run, so a Backbone can be cached and shared.
    """

    name: str  # 'resnet18', or the checkpoint's file name without .pt
    kind: str  # 'torchvision' or 'checkpoint'
    architecture: dict[str, Any]  # build_model's arguments except num_classes: name, residual, in_channels, width
    state_dict: dict[str, torch.Tensor] = dataclasses.field(repr=False)
    preprocess: Preprocess
    source_classes: tuple[str, ...] = dataclasses.field(repr=False)  # the source task's class names
    source: dict[str, Any] = dataclasses.field(default_factory=dict)  # weights name or path, dataset, accuracy

    def build(self, num_classes: int, pretrained: bool = True) -> nn.Module:
        """A private model with a new ``num_classes``-way fc head: the pretrained weights below it, or (``pretrained
        =False``) the same architecture freshly initialised. Seed torch's RNG first for a reproducible head."""
        arch = self.architecture
        model = build_model(arch["name"], residual=bool(arch.get("residual", True)), num_classes=num_classes,
                            in_channels=int(arch.get("in_channels", 3)), width=int(arch.get("width", 16)))
        if pretrained:
            body = {k: v for k, v in self.state_dict.items() if not k.startswith("fc.")}
            missing, unexpected = model.load_state_dict(body, strict=False)
            if sorted(missing) != ["fc.bias", "fc.weight"] or unexpected:
                raise RuntimeError(f"backbone {self.name}: weights do not fit ({missing[:3]}, {unexpected[:3]})")
        return model

    def describe(self) -> dict[str, Any]:
        """What the run document records about the backbone."""
        return {"name": self.name, "kind": self.kind, "architecture": dict(self.architecture),
                "source_classes": len(self.source_classes),
                "source_class_names": list(self.source_classes) if len(self.source_classes) <= 20 else None,
                **self.source}


def load_backbone(spec: str | os.PathLike | None = None, weights: str = "DEFAULT",
                  progress: Callable[[int, int], None] | None = None) -> Backbone:
    """A torchvision ImageNet ResNet (``'resnet18'``, ...; from torch's hub cache, downloaded with ``progress(done,
    total)`` when missing and online, else :class:`resnet_viz.explain.sources.WeightsUnavailable`) or a checkpoint of
    this app (a path). ``None``: the shipped source backbone of ``fashion-split``."""
    spec = SOURCE_BACKBONE if spec is None else spec
    text = str(spec)
    if text in TORCHVISION_NAMES:
        enum = resolve_weights(text, weights)
        download_weights(enum, progress)
        model = build_model(text, weights=enum)  # torchvision loads the file from its cache
        return Backbone(name=text, kind="torchvision", architecture={"name": text, "residual": True, "in_channels": 3},
                        state_dict=_frozen_state(model), preprocess=Preprocess.from_weights(enum),
                        source_classes=tuple(enum.meta["categories"]),
                        source={"weights": enum.name, "dataset": "ImageNet-1k", "url": enum.url})
    path = Path(text).expanduser()
    if not (path.suffix in (".pt", ".pth") or path.exists()):
        try:
            parse_name(text)
        except ValueError:
            raise TransferError("transfer.backbone", name=text, choices=", ".join(TORCHVISION_NAMES)) from None
        raise TransferError("transfer.no_weights", name=text)
    model, meta = load_checkpoint(check_weights_file(path))
    classes = tuple(str(c) for c in meta.get("classes", ()))
    if len(classes) != model.fc.out_features:
        raise TransferError("transfer.head", outputs=model.fc.out_features, classes=len(classes))
    preprocess = Preprocess.from_meta(meta)
    arch = {k: v for k, v in meta["architecture"].items() if k != "num_classes"}
    source = {"path": str(path), "dataset": meta.get("dataset"), "test_accuracy": meta.get("test_accuracy")}
    return Backbone(name=path.stem, kind="checkpoint", architecture=arch, state_dict=_frozen_state(model),
                    preprocess=preprocess, source_classes=classes, source=source)


def _frozen_state(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().cpu() for k, v in model.state_dict().items()}


# ---------------------------------------------------------------------------------------------------------------
# What trains in each mode
# ---------------------------------------------------------------------------------------------------------------


def first_trainable(model: nn.Module, mode: str) -> int:
    """The index, among the model's children (conv1, bn1, relu, [maxpool], layer1..N, avgpool, fc), where training
    starts: everything before it is frozen. 0 for ``all`` and ``scratch``, the last stage for ``last``, fc for
    ``fc``."""
    names = [name for name, _ in model.named_children()]
    if mode in ("all", "scratch"):
        return 0
    if mode == "last":
        return names.index(stage_names(model)[-1])
    if mode == "fc":
        return names.index("fc")
    raise TransferError("transfer.mode", mode=mode, choices=", ".join(MODES))


def freeze(model: nn.Module, mode: str) -> int:
    """Turn off gradients for the parts ``mode`` keeps fixed; returns :func:`first_trainable`."""
    split = first_trainable(model, mode)
    for i, (_, child) in enumerate(model.named_children()):
        child.requires_grad_(i >= split)
    return split


def train_mode(model: nn.Module, split: int) -> nn.Module:
    """Training mode for the trainable part only: the frozen children stay in eval mode, so their BatchNorm layers
    normalise with, and never update, the pretrained running statistics."""
    model.train()
    for i, (_, child) in enumerate(model.named_children()):
        if i < split:
            child.eval()
    return model


def forward_from(model: nn.Module, x: torch.Tensor, start: int = 0, stop: int | None = None) -> torch.Tensor:
    """Run children ``start:stop`` of a ResNet in order (flattening before fc): ``forward_from(m, x)`` equals
    ``m(x)`` for every network of the zoo, whose forward is exactly its children in order."""
    for name, child in list(model.named_children())[start:stop]:
        if name == "fc":
            x = torch.flatten(x, 1)
        x = child(x)
    return x


def trainable_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
