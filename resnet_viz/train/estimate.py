"""Before Start: how long a run will take, from comparable saved runs scaled by multiply-adds."""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Iterable
from typing import Any

from resnet_viz.device import pick_device
from resnet_viz.nets.models import build_model
from resnet_viz.train.config import TrainConfig
from resnet_viz.train.data import DataError, load_dataset
from resnet_viz.train.engine import DeviceSetup, engine_plan, environment


@functools.lru_cache(maxsize=64)
def network_macs(depth: int, width: int, in_channels: int, num_classes: int, image_size: int) -> int:
    """Multiply-adds of one CIFAR net on one image (resnet_viz.nets.summary.layer_table); its plain twin's are the same
    (option A shortcuts add none)."""
    from resnet_viz.nets.summary import layer_table

    model = build_model(f"cifar_resnet{depth}", residual=True, num_classes=num_classes, in_channels=in_channels,
                        width=width)
    return layer_table(model, image_size, in_channels).macs


def run_macs(depths: Iterable[int], width: int, in_channels: int, num_classes: int, image_size: int) -> int:
    """Multiply-adds of one image through every network of a run: a plain net and a ResNet per depth."""
    return sum(2 * network_macs(int(d), int(width), in_channels, num_classes, image_size) for d in depths)


def _machine(environment: dict[str, Any]) -> tuple[Any, ...]:
    """What must match for a recorded speed to say something about another run: the device (a CPU's model and
    threads), the processes and the engine (runs from before the engine choice were eager)."""
    return (environment.get("device_type"), environment.get("device"),
            environment.get("cpu") if environment.get("device_type") == "cpu" else None,
            environment.get("processes", 1), environment.get("engine", "eager"))


def _recorded_speed(doc: dict[str, Any]) -> tuple[float, int, int] | None:
    """(multiply-adds per second, multiply-adds per image, batch size) a saved run sustained while training: the
    median of its logged images/s (the first point, which holds the warm-up, left out when there are more)."""
    try:
        speeds = [v for v in doc["curves"]["images_per_s"] if v]
        cfg, data = doc["config"], doc["data"]
        macs = run_macs(cfg["depths"], cfg["width"], data["in_channels"], len(data["classes"]), data["image_size"])
        batch = int(cfg["batch_size"])
    except (KeyError, TypeError, ValueError):
        return None
    if not speeds:
        return None
    return statistics.median(speeds[1:] if len(speeds) > 2 else speeds) * macs, macs, batch


def _saved_runs() -> list[dict[str, Any]]:
    """Every readable run document: the reference runs, then the saved ones (resnet_viz.train.runs)."""
    from resnet_viz.train.runs import RunError, load_run, run_files

    docs = []
    for path, _ in run_files():
        try:
            docs.append(load_run(path))
        except RunError:
            continue
    return docs


def estimate_seconds(config: TrainConfig, docs: Iterable[dict[str, Any]] | None = None) -> float | None:
    """The wall time ``config`` will take on its device, before Start, or None when no comparable run is known.

    A run is comparable when it ran on the same device (model and threads for a CPU), in as many processes, with the
    engine ``config`` would use here (:func:`engine_plan`). Its median images/s times its multiply-adds per image
    (every network's, :func:`run_macs`) gives the multiply-adds per second the device sustained; the estimate is the
    training's multiply-adds over that, plus the evaluations' (a forward pass is counted as a third of a training
    step: the backward pass costs about twice the forward). Scaling by multiply-adds assumes the device is busy
    computing; a launch-bound GPU runs smaller nets no faster per launch, so the comparable run nearest in
    multiply-adds per image (then with the same batch size) is the one used. ``docs``: run documents to learn from
    (default: the reference runs and the saved runs). A dataset that cannot be loaded gives None.
    """
    device = pick_device(config.device)
    try:
        train, test = (load_dataset(config.dataset, split, config.data_dir) for split in ("train", "test"))
    except DataError:
        return None
    size = config.image_size or train.image_size
    macs = run_macs(config.depths, config.width, train.in_channels, len(train.classes), size)
    here = environment(DeviceSetup(device), config.threads if device.type == "cpu" else None)
    here["engine"] = engine_plan(config, device.type).label
    candidates = []
    for doc in _saved_runs() if docs is None else docs:
        speed = _recorded_speed(doc) if _machine(doc.get("environment", {})) == _machine(here) else None
        if speed:
            rate, their_macs, batch = speed
            candidates.append((abs(math.log(their_macs / macs)), batch != config.batch_size, rate))
    if not candidates:
        return None
    rate = min(candidates)[2]
    train_n = min(config.train_size or len(train), len(train))
    test_n = min(config.test_size or len(test), len(test))
    iterations = config.iterations
    if config.epochs is not None:
        iterations = max(1, round(config.epochs * (train_n // config.batch_size)))
    training = iterations * config.batch_size * macs / rate
    evaluation = min(config.evals, iterations) * test_n * macs / (3 * rate)
    return training + evaluation
