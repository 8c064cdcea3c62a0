"""The run: every mode trained on the same batches, the frozen part run once; and the app's job."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.device import pick_device
from resnet_viz.explain.checkpoints import save_checkpoint
from resnet_viz.train.data import normalize
from resnet_viz.train.remote import RemoteSpec
from resnet_viz.transfer.backbones import (
    Backbone,
    forward_from,
    freeze,
    load_backbone,
    train_mode,
    trainable_parameters,
)
from resnet_viz.transfer.config import FASHION_SPLIT, FORMAT, PHOTOS, WRONG_STATISTIC, TransferConfig
from resnet_viz.transfer.data import TransferData, check_data, prepare_data
from resnet_viz.transfer.results import save_transfer_run, transfer_dir

# ---------------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Lane:
    """One mode being trained: its private model, its optimiser, the frozen part's cached output, its counters."""

    mode: str
    model: nn.Module
    split: int  # children before this index are frozen (and run once, on every image, by cache())
    optimizer: torch.optim.Optimizer | None
    train_inputs: torch.Tensor | None = None  # the frozen part's output on the training images (None: split 0)
    val_inputs: torch.Tensor | None = None
    seconds: float = 0.0  # time spent on this mode: caching, training steps and evaluations
    loss_sum: torch.Tensor | float = 0.0  # since the last log point
    correct: torch.Tensor | int = 0
    seen: int = 0


def learning_rate(config: TransferConfig, iteration: int) -> float:
    """Cosine decay from ``lr`` to 0 over the run (Loshchilov & Hutter, arXiv:1608.03983, without restarts)."""
    return config.lr * 0.5 * (1 + math.cos(math.pi * iteration / config.iterations))


def eval_points(config: TransferConfig) -> list[int]:
    n = min(config.evals, config.iterations)
    return sorted({round(k * config.iterations / n) for k in range(1, n + 1)})


class TransferRun:
    """Loads the backbone and the data, builds one private model per mode; :meth:`run` trains them on the same
    batches and yields events, keeping the run document (:attr:`doc`) up to date before each.

    Events: ``start``, ``ready`` (a mode's frozen part has run over the images), ``log`` (training loss and
    accuracy over the last ``log_every`` iterations), ``eval`` (validation accuracy), ``end``.
    """

    def __init__(self, config: TransferConfig, backbone: Backbone | None = None, data: TransferData | None = None,
                 progress: Callable[[int, int], None] | None = None, label: str = "",
                 stop: threading.Event | None = None) -> None:
        self.config = config
        self.device = pick_device(config.device)
        if data is None:
            check_data(config)  # a missing folder is reported before any weights are downloaded
        self.backbone = backbone or load_backbone(config.backbone_spec, config.weights, progress)
        self.data = data or prepare_data(config, self.backbone.preprocess, stop)
        pre = self.backbone.preprocess
        own = {"mean": list(pre.mean), "std": list(pre.std)}
        if config.wrong_normalization:
            used = {"mean": [WRONG_STATISTIC] * pre.channels, "std": [WRONG_STATISTIC] * pre.channels}
        else:
            used = own
        self.normalization = {**used, "kind": "wrong" if config.wrong_normalization else "weights", "weights": own}
        dev = self.device
        self.mean = torch.tensor(used["mean"], device=dev).view(1, -1, 1, 1)
        self.std = torch.tensor(used["std"], device=dev).view(1, -1, 1, 1)
        self.train_images, self.train_labels = self.data.train_images.to(dev), self.data.train_labels.to(dev)
        self.val_images, self.val_labels = self.data.val_images.to(dev), self.data.val_labels.to(dev)
        self.batch_size = min(config.batch_size, len(self.train_images))
        self.lanes = [self._lane(mode) for mode in config.modes]
        self.doc = self._document(label)

    def _lane(self, mode: str) -> Lane:
        with torch.random.fork_rng(devices=[]):  # the same new head in every mode; the caller's RNG untouched
            torch.manual_seed(self.config.seed)
            model = self.backbone.build(len(self.data.classes), pretrained=mode != "scratch")
        model = model.to(self.device)
        split = freeze(model, mode)
        params = [p for p in model.parameters() if p.requires_grad]
        cfg = self.config
        optimizer = torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay)
        return Lane(mode, model, split, optimizer)

    # -- the document ------------------------------------------------------------------------------------------

    def _document(self, label: str) -> dict[str, Any]:
        from resnet_viz.train.engine import DeviceSetup, environment

        now = dt.datetime.now(dt.timezone.utc)
        pre, cfg = self.backbone.preprocess, self.config
        modes = {}
        for ln in self.lanes:
            children = [name for name, _ in ln.model.named_children()]
            trained = [n for n in children[ln.split:] if any(True for _ in getattr(ln.model, n).parameters())]
            modes[ln.mode] = {"pretrained": ln.mode != "scratch", "trained": trained,
                              "trainable_params": trainable_parameters(ln.model),
                              "total_params": sum(p.numel() for p in ln.model.parameters()),
                              "seconds": 0.0, "val_accuracy": None, "train_loss": None, "checkpoint": None}
        return {
            "format": FORMAT, "id": f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}", "label": label,
            "created": now.isoformat(timespec="seconds"), "status": "running",
            "config": cfg.to_dict(), "environment": environment(DeviceSetup(self.device)),
            "backbone": self.backbone.describe(), "data": self.data.info, "classes": list(self.data.classes),
            "preprocessing": {"resize_size": pre.resize_size, "crop_size": pre.crop_size, "channels": pre.channels,
                              "interpolation": pre.interpolation.value},
            "normalization": self.normalization, "batch_size": self.batch_size, "modes": modes,
            "curves": {"iteration": [], "train_loss": {m: [] for m in modes}, "train_accuracy": {m: [] for m in modes}},
            "validation": {"iteration": [], "val_accuracy": {m: [] for m in modes}},
            "progress": {"iteration": 0, "iterations": cfg.iterations, "elapsed_s": 0.0, "eta_s": None},
            "elapsed_s": None,
        }

    @property
    def filename(self) -> str:
        return f"{self.doc['id']}-transfer-{self.backbone.name}-seed{self.config.seed}.json"

    def snapshot(self) -> dict[str, Any]:
        """A copy of the run document for readers in other threads (a page), consistent at this moment."""
        return json.loads(json.dumps(self.doc))

    # -- training ----------------------------------------------------------------------------------------------

    def run(self, stop: threading.Event | None = None) -> Iterator[dict[str, Any]]:
        """Train every mode for ``iterations`` on the same batches. On a CPU ``threads`` applies for the run only,
        and denormal floats are flushed to zero (:func:`resnet_viz.train.engine.cpu_threads`)."""
        from resnet_viz.train.engine import cpu_threads

        with cpu_threads(self.device, self.config.threads):
            yield from self._run(stop)

    def _run(self, stop: threading.Event | None) -> Iterator[dict[str, Any]]:
        from resnet_viz.train.engine import DeviceSetup, environment

        cfg, doc = self.config, self.doc
        doc["environment"] = environment(DeviceSetup(self.device))  # with the run's thread count
        stopped = lambda: stop is not None and stop.is_set()  # noqa: E731
        yield {"type": "start"}
        start = time.perf_counter()
        for ln in self.lanes:
            if stopped():
                break
            if ln.split:
                self._cache(ln, stopped)
                doc["modes"][ln.mode]["seconds"] = _round(ln.seconds)
                yield {"type": "ready", "mode": ln.mode, "seconds": ln.seconds}
        evals, status, done = set(eval_points(cfg)), "done", 0
        batches = self._batches()
        for it in range(cfg.iterations):
            if stopped():
                break
            idx = next(batches)
            lr = learning_rate(cfg, it)
            for ln in self.lanes:
                self._step(ln, idx, lr)
            done = it + 1
            doc["progress"].update(iteration=done, elapsed_s=_round(time.perf_counter() - start))
            if done % cfg.log_every == 0 or done == cfg.iterations:
                yield self._log(done, start)
            if done in evals:
                yield self._evaluate(done)
        if stopped():
            status = "cancelled"
        for ln in self.lanes:
            doc["modes"][ln.mode]["seconds"] = _round(ln.seconds)
        doc["status"] = status
        doc["elapsed_s"] = _round(time.perf_counter() - start)
        doc["progress"].update(iteration=done, eta_s=0.0)
        yield {"type": "end", "status": status}

    def _cache(self, lane: Lane, stopped: Callable[[], bool], batch: int = 100) -> None:
        """Run the lane's frozen part (eval mode, no gradients) once over the training and validation images."""
        began = time.perf_counter()
        lane.model.eval()
        outputs = []
        for images in (self.train_images, self.val_images):
            parts = []
            with torch.no_grad():
                for i in range(0, len(images), batch):
                    if stopped():
                        return
                    x = normalize(images[i:i + batch], self.mean, self.std)
                    parts.append(forward_from(lane.model, x, 0, lane.split))
            outputs.append(torch.cat(parts))
        lane.train_inputs, lane.val_inputs = outputs
        _sync(self.device)
        lane.seconds += time.perf_counter() - began

    def _inputs(self, lane: Lane, idx: torch.Tensor) -> torch.Tensor:
        if lane.split == 0:
            return normalize(self.train_images[idx], self.mean, self.std)
        return lane.train_inputs[idx]

    def _batches(self) -> Iterator[torch.Tensor]:
        """Batch indices: a seeded shuffle per epoch, the last partial batch dropped; the same for every mode."""
        generator = torch.Generator().manual_seed(self.config.seed)
        n, b = len(self.train_images), self.batch_size
        while True:
            order = torch.randperm(n, generator=generator).to(self.device)
            for i in range(n // b):
                yield order[i * b:(i + 1) * b]

    def _step(self, lane: Lane, idx: torch.Tensor, lr: float) -> None:
        began = time.perf_counter()
        train_mode(lane.model, lane.split)
        for group in lane.optimizer.param_groups:
            group["lr"] = lr
        y = self.train_labels[idx]
        logits = forward_from(lane.model, self._inputs(lane, idx), lane.split)
        loss = F.cross_entropy(logits, y)
        lane.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        lane.optimizer.step()
        lane.loss_sum += loss.detach() * len(y)  # device tensors: no wait for the device until a log point
        lane.correct += (logits.argmax(1) == y).sum()
        lane.seen += len(y)
        _sync(self.device)  # so that the time is this mode's, on a GPU too
        lane.seconds += time.perf_counter() - began

    def _log(self, done: int, start: float) -> dict[str, Any]:
        curves, doc = self.doc["curves"], self.doc
        curves["iteration"].append(done)
        event = {"type": "log", "iteration": done, "train_loss": {}, "train_accuracy": {}}
        for ln in self.lanes:
            loss, acc = float(ln.loss_sum) / max(ln.seen, 1), int(ln.correct) / max(ln.seen, 1)
            curves["train_loss"][ln.mode].append(_round(loss))
            curves["train_accuracy"][ln.mode].append(_round(acc))
            doc["modes"][ln.mode].update(train_loss=_round(loss), seconds=_round(ln.seconds))
            event["train_loss"][ln.mode], event["train_accuracy"][ln.mode] = loss, acc
            ln.loss_sum, ln.correct, ln.seen = 0.0, 0, 0
        elapsed = time.perf_counter() - start
        doc["progress"].update(elapsed_s=_round(elapsed),
                               eta_s=_round(elapsed / done * (self.config.iterations - done)))
        return event

    @torch.no_grad()
    def accuracy(self, lane: Lane, batch: int = 250) -> float:
        """The lane's validation accuracy (eval mode: BatchNorm on running statistics)."""
        lane.model.eval()
        correct = 0
        for i in range(0, len(self.val_labels), batch):
            if lane.split == 0:
                x = normalize(self.val_images[i:i + batch], self.mean, self.std)
            else:
                x = lane.val_inputs[i:i + batch]
            correct += int((forward_from(lane.model, x, lane.split).argmax(1) == self.val_labels[i:i + batch]).sum())
        return correct / max(len(self.val_labels), 1)

    def _evaluate(self, done: int) -> dict[str, Any]:
        validation = self.doc["validation"]
        validation["iteration"].append(done)
        event = {"type": "eval", "iteration": done, "val_accuracy": {}}
        for ln in self.lanes:
            began = time.perf_counter()
            acc = self.accuracy(ln)  # waits for the device
            ln.seconds += time.perf_counter() - began
            validation["val_accuracy"][ln.mode].append(_round(acc))
            self.doc["modes"][ln.mode].update(val_accuracy=_round(acc), seconds=_round(ln.seconds))
            event["val_accuracy"][ln.mode] = acc
        return event

    # -- afterwards --------------------------------------------------------------------------------------------

    def save_checkpoints(self, directory: str | os.PathLike) -> list[Path]:
        """Save every mode's network for the Inspector (``<backbone>_<mode>.pt``): its class names, the
        normalisation it was trained with, its input and resize sizes; records the paths in the document."""
        pre = self.backbone.preprocess
        paths = []
        for ln in self.lanes:
            meta = {
                "architecture": {**self.backbone.architecture, "num_classes": len(self.data.classes)},
                "classes": list(self.data.classes),
                "normalization": {"mean": self.normalization["mean"], "std": self.normalization["std"]},
                "input_size": pre.crop_size, "resize_size": pre.resize_size,
                "dataset": self.data.info.get("kind"),
                "val_accuracy": self.doc["modes"][ln.mode]["val_accuracy"],
                "transfer": {"mode": ln.mode, "backbone": self.backbone.name, "run": self.doc["id"],
                             "normalization": self.normalization["kind"]},
            }
            path = save_checkpoint(Path(directory) / f"{self.backbone.name}_{ln.mode}.pt", ln.model.eval(), meta)
            self.doc["modes"][ln.mode]["checkpoint"] = str(path)
            paths.append(path)
        return paths


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _round(value: float | None, digits: int = 5) -> float | None:
    return None if value is None else float(f"{value:.{digits}g}")


# ---------------------------------------------------------------------------------------------------------------
# The app's job
# ---------------------------------------------------------------------------------------------------------------


def transfer_job(config: TransferConfig, directory: str | os.PathLike | None = None, label: str = "",
                 backbone: Backbone | None = None, checkpoints: bool = True) -> Callable[[Any], str]:
    """A job function for :class:`resnet_viz.train.jobs.JobQueue`: train every mode of ``config`` on the same split,
    publish the growing run document as ``job.progress()["run"]`` after every log and evaluation (and ``phase``:
    'backbone', 'data', 'training', 'saved'; ``download``: (done, total) bytes while weights download), stop at the
    next step once ``job.cancelled`` is set, save the run file (also when stopped; the checkpoints of a finished
    run in ``<directory>/<run id>/``) and return its path. ``directory`` defaults to :func:`transfer_dir`;
    ``backbone`` may be a cached :class:`Backbone` (it is not changed)."""

    def run(job: Any) -> str:
        check_data(config)
        job.update(phase="backbone")
        chosen = backbone or load_backbone(config.backbone_spec, config.weights,
                                           lambda done, total: job.update(download=(done, total)))
        job.update(phase="data")
        runner = TransferRun(config, backbone=chosen, label=label, stop=job.cancelled)
        job.update(phase="training", run=runner.snapshot())
        for _ in runner.run(stop=job.cancelled):
            job.update(run=runner.snapshot())
        folder = Path(directory) if directory is not None else transfer_dir()
        if checkpoints and runner.doc["status"] == "done":
            runner.save_checkpoints(folder / runner.doc["id"])
        path = save_transfer_run(runner.doc, folder / runner.filename)
        job.update(run=runner.snapshot(), path=str(path), phase="saved")
        return str(path)

    if backbone is None and config.data in (FASHION_SPLIT, PHOTOS):  # a teacher's folder stays on the teacher's server
        fields = {**{f.name: getattr(config, f.name) for f in dataclasses.fields(config)}, "device": None,
                  "threads": None}
        run.remote = RemoteSpec("transfer", fields, str(Path(directory) if directory is not None else transfer_dir()),
                                label, checkpoints)
    return run
