"""The shipped source backbone: a ResNet-20 trained on Fashion-MNIST's classes 0-4 (the offline default's)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from resnet_viz.device import pick_device
from resnet_viz.explain.checkpoints import save_checkpoint
from resnet_viz.nets.models import build_model
from resnet_viz.train.config import TrainConfig
from resnet_viz.train.config import learning_rate as step_lr
from resnet_viz.train.data import FASHION_MNIST_CLASSES, augment, load_dataset
from resnet_viz.train.data import normalize as norm
from resnet_viz.train.engine import DeviceSetup, count_errors, cpu_threads
from resnet_viz.transfer.config import SOURCE_BACKBONE, SOURCE_CLASSES, TARGET_CLASSES

# The shipped source backbone
# ---------------------------------------------------------------------------------------------------------------


def make_source_backbone(path: str | os.PathLike = SOURCE_BACKBONE, *, dataset: str = "fashion-mnist",
                         data_dir: str | os.PathLike | None = None, iterations: int = 1500, batch_size: int = 128,
                         lr: float = 0.1, seed: int = 0, device: str | None = None, threads: int | None = None,
                         log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Train the lesson's source backbone and save it as a checkpoint; returns its metadata.

    A CIFAR ResNet-20 (1 input channel, 5 outputs) trained on Fashion-MNIST's clothing classes 0-4 only, with the
    paper's recipe scaled to ``iterations`` (arXiv:1512.03385 Sec. 4.2: SGD, momentum 0.9, weight decay 1e-4, batch
    128, lr 0.1 divided by 10 at 50% and 75% of the run; 4-pixel padded random crops and horizontal flips), on the
    28×28 images normalised by the source training images' own mean and std. Its test accuracy is measured on the
    five source classes' test images. Reproduce the shipped file: ``python -m resnet_viz transfer
    --make-source-backbone`` (full Fashion-MNIST, found locally or ``--download``ed by ``train --download``).
    """
    say = log or (lambda line: None)
    dev = pick_device(device)
    setup = DeviceSetup(dev)
    train_set, test_set = load_dataset(dataset, "train", data_dir), load_dataset(dataset, "test", data_dir)
    keep = torch.isin(train_set.labels, torch.tensor(SOURCE_CLASSES))
    images, labels = train_set.images[keep].to(dev), train_set.labels[keep].to(dev)
    keep = torch.isin(test_set.labels, torch.tensor(SOURCE_CLASSES))
    test_images, test_labels = test_set.images[keep].to(dev), test_set.labels[keep].to(dev)
    x = images.float() / 255
    mean, std = [float(x.mean())], [float(x.std())]
    mean_t, std_t = torch.tensor(mean, device=dev).view(1, -1, 1, 1), torch.tensor(std, device=dev).view(1, -1, 1, 1)
    schedule = TrainConfig(depths=(20,), dataset=dataset, iterations=iterations, batch_size=batch_size, lr=lr,
                           milestones=(0.5, 0.75), seed=seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build_model("cifar_resnet20", in_channels=1, num_classes=len(SOURCE_CLASSES)).to(dev)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=1e-4)
    order_gen, aug_gen = torch.Generator().manual_seed(seed), torch.Generator(device=dev).manual_seed(seed)
    began = time.perf_counter()
    with cpu_threads(dev, threads):  # denormals flushed, the threads asked for
        model.train()
        order, at = torch.randperm(len(images), generator=order_gen), 0
        for it in range(iterations):
            if at + batch_size > len(order):
                order, at = torch.randperm(len(images), generator=order_gen), 0
            idx = order[at:at + batch_size].to(dev)
            at += batch_size
            for group in optimizer.param_groups:
                group["lr"] = step_lr(schedule, it)
            xb = augment(norm(images[idx], mean_t, std_t), "crop-flip", aug_gen)
            loss = F.cross_entropy(model(xb), labels[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if (it + 1) % 100 == 0 or it + 1 == iterations:
                say(f"it {it + 1:>5}/{iterations}  loss {loss.item():.3f}  {time.perf_counter() - began:6.0f} s")
        wrong = int(count_errors(model, test_images, test_labels, mean_t, std_t, setup))
    accuracy = 1 - wrong / len(test_labels)
    classes = [FASHION_MNIST_CLASSES[c] for c in SOURCE_CLASSES]
    meta = {
        "architecture": {"name": "cifar_resnet20", "residual": True, "num_classes": len(SOURCE_CLASSES),
                         "in_channels": 1, "width": 16},
        "classes": classes,
        "normalization": {"mean": mean, "std": std},
        "input_size": int(images.shape[-1]),
        "dataset": dataset,
        "source_classes": list(SOURCE_CLASSES),
        "test_accuracy": round(accuracy, 4),
        "test_images": len(test_labels),
        "note": "the transfer lesson's source backbone: ResNet-20 trained on Fashion-MNIST's classes 0-4 ("
                + ", ".join(classes) + ") only; the lesson reuses it for classes 5-9 ("
                + ", ".join(FASHION_MNIST_CLASSES[c] for c in TARGET_CLASSES) + ")",
        "recipe": {"iterations": iterations, "batch_size": batch_size, "lr": lr, "milestones": [0.5, 0.75],
                   "momentum": 0.9, "weight_decay": 1e-4, "augment": "crop-flip", "seed": seed,
                   "train_images": len(labels), "seconds": round(time.perf_counter() - began, 1)},
        "command": "python -m resnet_viz transfer --make-source-backbone"
                   + ("" if dataset == "fashion-mnist" else f" --dataset {dataset}")
                   + ("" if iterations == 1500 else f" --iterations {iterations}")
                   + ("" if seed == 0 else f" --seed {seed}"),
    }
    save_checkpoint(path, model.eval(), meta)
    return meta
