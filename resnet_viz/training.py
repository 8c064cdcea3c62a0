"""The training engine: plain and residual CIFAR nets trained side by side, as in the paper's Figure 6.

He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", arXiv:1512.03385, Sec. 4.2: SGD with momentum
0.9, weight decay 1e-4, batch 128, learning rate 0.1 divided by 10 at 32k and 48k iterations, stop at 64k; 4 pixels
of padding, random 32x32 crops and horizontal flips.

Read it in one sitting (airbench / nanoGPT style): one commented config, small named functions, the whole dataset on
the device, augmentation per batch on the device, no DataLoader. Every network sees the same batches in the same
order, and the plain and residual twins (identical parameter shapes) start from identical weights.

Evidence, this repository's 2-core AMD EPYC CPU (torch 2.14.1): ``python -m resnet_viz train --preset classroom``
trains plain-20, plain-56, ResNet-20 and ResNet-56 in 80-90 s wall time including start-up on a quiet machine, and
shows the degradation for seeds 0, 1 and 2 (plain-56 minus plain-20: +0.29/+0.32/+0.25 final training error;
ResNet-56 minus ResNet-20: -0.003/-0.004/-0.008). The engine runs at 0.97-1.01x a bare training loop on the same
batches (benchmarks/training_throughput.py).
"""

from __future__ import annotations

import dataclasses
import math
import platform
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn

from .checkpoints import save_checkpoint
from .data import DATASETS, load_dataset
from .device import describe_device, pick_device
from .errors import UserError
from .models import build_model, weighted_layers


class ConfigError(UserError):
    """A training setup that cannot run; the message is one line meant for the user."""

    MESSAGES = {
        "config.no_depths": "choose at least one depth",
        "config.depth": "depth {depth} is not 6n+2 (the paper's CIFAR nets: 20, 32, 44, 56, 110)",
        "config.dataset": "unknown dataset {dataset!r}: choose one of {choices}",
        "config.augment": "augment must be one of {choices}, not {augment!r}",
        "config.positive": "{field} must be positive, got {value}",
        "config.final_window": "final_window must be in (0, 1], got {value}",
        "config.too_few_images": "the training set has {images} images, fewer than one batch ({batch})",
        "config.batch_split": "batch size {batch} does not split over {processes} processes",
    }


@dataclasses.dataclass
class TrainConfig:
    """Everything that decides a run. The defaults are the paper's CIFAR-10 recipe (Sec. 4.2)."""

    # -- the networks: each depth is trained twice, as a plain net and as a ResNet, on the same batches ------------
    depths: tuple[int, ...] = (20, 32, 44, 56)  # the paper's Figure 6 (ResNet-110 too); any 6n+2 builds
    width: int = 16  # stem filters; the three stages use width, 2*width, 4*width (paper: 16/32/64)
    # -- the data ---------------------------------------------------------------------------------------------------
    dataset: str = "cifar10"  # a key of resnet_viz.data.DATASETS
    data_dir: str | None = None  # where to look first (torchvision's layout, or a flat folder of .gz files)
    download: bool = False  # let torchvision download the dataset if it is not found
    train_size: int | None = None  # train on a fixed, class-mixed subset of this many images (None: all)
    test_size: int | None = None  # evaluate on a fixed subset of the test split (None: all)
    image_size: int | None = None  # resize every image once, before training (None: keep the native size)
    augment: str = "crop-flip"  # "crop-flip" (pad 4, random crop, horizontal flip: the paper), "crop", "none"
    # -- the optimiser: the paper's recipe ---------------------------------------------------------------------------
    batch_size: int = 128
    iterations: int = 64_000
    epochs: float | None = None  # if set, replaces iterations: epochs x (training images // batch_size)
    lr: float = 0.1
    momentum: float = 0.9
    weight_decay: float = 1e-4
    milestones: tuple[float, ...] = (0.5, 0.75)  # lr *= gamma at these fractions of the run (paper: 32k, 48k of 64k)
    gamma: float = 0.1
    warmup: int = 0  # iterations of linear warm-up to lr (paper: none; 0.01 for ResNet-110's first ~400)
    # -- measuring ---------------------------------------------------------------------------------------------------
    log_every: int = 100  # one training-error point per this many iterations: the error over those iterations
    evals: int = 32  # test-error evaluations, evenly spaced, the last one at the end of the run
    final_window: float = 0.1  # "final training error": the error over this last fraction of the iterations
    seed: int = 0  # one seed for the weights, the batch order and the augmentation
    # -- where --------------------------------------------------------------------------------------------------------
    device: str | None = None  # "cpu", "cuda", "mps"; None picks the best available
    threads: int | None = None  # torch.set_num_threads on CPU (None: torch's default, one per core)

    def __post_init__(self) -> None:
        self.depths = tuple(int(d) for d in self.depths)
        self.milestones = tuple(float(m) for m in self.milestones)
        if not self.depths:
            raise ConfigError("config.no_depths")
        for d in self.depths:
            if d < 8 or (d - 2) % 6:
                raise ConfigError("config.depth", depth=d)
        if self.dataset not in DATASETS:
            raise ConfigError("config.dataset", dataset=self.dataset, choices=", ".join(DATASETS))
        if self.augment not in AUGMENTATIONS:
            raise ConfigError("config.augment", augment=self.augment, choices=", ".join(AUGMENTATIONS))
        if self.epochs is not None and self.epochs <= 0:
            raise ConfigError("config.positive", field="epochs", value=self.epochs)
        for name in ("width", "batch_size", "iterations", "log_every", "evals"):
            if getattr(self, name) < 1:
                raise ConfigError("config.positive", field=name, value=getattr(self, name))
        if not 0 < self.final_window <= 1:
            raise ConfigError("config.final_window", value=self.final_window)

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


AUGMENTATIONS = ("crop-flip", "crop", "none")
PAPER = TrainConfig()

# The presets. Classroom: a 2-core CPU, about two minutes for plain/ResNet 20 and 56. Everything it changes from the
# paper applies to all four networks alike and is listed by departures_from_paper() in the run file and on the page:
# width 8, the embedded 10k-image sample shrunk to 16x16, and 480 iterations (time: a quarter of the paper's FLOPs per
# image, ~6 epochs); no augmentation (the lesson is about *training* error); 60 iterations of linear warm-up (without
# it the 56-layer nets' first steps at lr 0.1 are erratic; the paper warms ResNet-110 up for the same reason).
# Measured on this repository's 2-core CPU, seeds 0/1/2: plain-56 minus plain-20 = +0.29/+0.32/+0.25 final training
# error, ResNet-56 minus ResNet-20 = -0.004/-0.004/-0.008.
PRESETS: dict[str, TrainConfig] = {
    "classroom": TrainConfig(
        depths=(20, 56), width=8, dataset="fashion-mnist-sample", image_size=16, augment="none", iterations=480,
        warmup=60, log_every=10, evals=4, final_window=0.25,
    ),
    "paper": TrainConfig(),
}


def departures_from_paper(config: TrainConfig) -> list[dict[str, Any]]:
    """The recipe settings where ``config`` differs from the paper's (field, paper's value, this run's value)."""
    recipe = ("dataset", "train_size", "image_size", "width", "augment", "batch_size", "iterations", "lr", "momentum",
              "weight_decay", "milestones", "gamma", "warmup")
    mine, paper = config.to_dict(), PAPER.to_dict()
    return [{"field": f, "paper": paper[f], "used": mine[f]} for f in recipe if mine[f] != paper[f]]


# ---------------------------------------------------------------------------------------------------------------
# Small named pieces
# ---------------------------------------------------------------------------------------------------------------


def model_key(depth: int, residual: bool) -> str:
    """'plain-20', 'resnet-56': the name of one network in a run."""
    return f"{'resnet' if residual else 'plain'}-{depth}"


def learning_rate(config: TrainConfig, iteration: int) -> float:
    """Linear warm-up, then the paper's step decay at fixed fractions of the run."""
    if iteration < config.warmup:
        return config.lr * (iteration + 1) / config.warmup
    steps = sum(iteration >= round(m * config.iterations) for m in config.milestones)
    return config.lr * config.gamma**steps


def eval_points(config: TrainConfig) -> set[int]:
    """The iterations (1-based counts) after which the test error is measured: evenly spaced, the last at the end."""
    n = min(config.evals, config.iterations)
    return {round(k * config.iterations / n) for k in range(1, n + 1)}


def fixed_subset(labels: torch.Tensor, size: int | None, seed: int) -> torch.Tensor:
    """Indices of a fixed random subset (the same for every run with this seed); all indices if ``size`` is None."""
    n = len(labels)
    if size is None or size >= n:
        return torch.arange(n)
    return torch.randperm(n, generator=torch.Generator().manual_seed(seed))[:size].sort().values


def resize(images: torch.Tensor, size: int | None) -> torch.Tensor:
    """Resize uint8 N×C×H×W images once (area averaging when shrinking), kept as uint8."""
    if size is None or size == images.shape[-1]:
        return images
    out = F.interpolate(images.float(), size=(size, size), mode="area" if size < images.shape[-1] else "bilinear")
    return out.round().clamp(0, 255).to(torch.uint8)


def normalize(images: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """uint8 -> float, minus the training set's mean, over its std (per channel)."""
    return (images.float().div_(255) - mean) / std


def augment(x: torch.Tensor, kind: str, generator: torch.Generator, pad: int = 4) -> torch.Tensor:
    """Per-sample random crops of the zero-padded batch (and horizontal flips), vectorised on the batch's device.

    Zero padding of normalised images pads with the mean, as the paper's mean-subtracted inputs did.
    """
    if kind == "none":
        return x
    n, c, h, w = x.shape
    shifts = torch.randint(0, 2 * pad + 1, (2, n), generator=generator, device=x.device)
    rows = shifts[0, :, None] + torch.arange(h, device=x.device)  # n×h: the rows each sample's crop takes
    cols = shifts[1, :, None] + torch.arange(w, device=x.device)  # n×w
    if kind == "crop-flip":  # a flipped crop takes its columns right to left
        flip = torch.rand(n, generator=generator, device=x.device) < 0.5
        cols = torch.where(flip[:, None], cols.flip(1), cols)
    padded = F.pad(x, (pad, pad, pad, pad)).flatten(2)  # n×c×(H·W)
    index = (rows[:, :, None] * (w + 2 * pad) + cols[:, None, :]).flatten(1)  # n×(h·w), into the padded image
    return padded.gather(2, index[:, None, :].expand(n, c, h * w)).view(n, c, h, w)  # one gather, NCHW strides


@torch.no_grad()
def count_errors(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, mean: torch.Tensor,
                 std: torch.Tensor, setup: DeviceSetup, batch: int = 1000) -> torch.Tensor:
    """How many of ``images`` the model (in eval mode, BN on running statistics) gets wrong; a device tensor."""
    was_training = model.training
    model.eval()
    wrong = torch.zeros((), dtype=torch.int64, device=images.device)
    for i in range(0, len(images), batch):
        x = setup.prepare(normalize(images[i:i + batch], mean, std))
        with setup.autocast():
            wrong += (model(x).argmax(1) != labels[i:i + batch]).sum()
    model.train(was_training)
    return wrong


@dataclasses.dataclass
class DeviceSetup:
    """Where and how the networks run: bf16 autocast and channels_last on CUDA only; fp32 elsewhere."""

    device: torch.device
    rank: int = 0
    world: int = 1

    @property
    def cuda(self) -> bool:
        return self.device.type == "cuda"

    def autocast(self):
        return torch.autocast("cuda", dtype=torch.bfloat16) if self.cuda else torch.autocast("cpu", enabled=False)

    def prepare(self, x: torch.Tensor) -> torch.Tensor:
        return x.contiguous(memory_format=torch.channels_last) if self.cuda else x

    def all_reduce(self, t: torch.Tensor) -> torch.Tensor:
        if self.world > 1:
            dist.all_reduce(t)
        return t


def device_setup(config: TrainConfig) -> DeviceSetup:
    """The device, and the rank and world size when launched by ``torchrun`` (the process group already set up)."""
    if dist.is_available() and dist.is_initialized():
        rank, world = dist.get_rank(), dist.get_world_size()
        if dist.get_backend() == "nccl":
            local = torch.cuda.current_device()
            return DeviceSetup(torch.device("cuda", local), rank, world)
        return DeviceSetup(pick_device(config.device or "cpu"), rank, world)
    return DeviceSetup(pick_device(config.device))


def environment(setup: DeviceSetup) -> dict[str, Any]:
    """What ran the run: device, library versions, threads, processes."""
    import torchvision

    threads = torch.get_num_threads()
    device = f"CPU ({threads} thread{'s' if threads != 1 else ''})" if setup.device.type == "cpu" \
        else describe_device(setup.device)
    return {
        "device": device, "device_type": setup.device.type, "cpu": _cpu_name(),
        "torch": torch.__version__,
        "torchvision": torchvision.__version__, "python": platform.python_version(), "platform": platform.platform(),
        "threads": threads, "processes": setup.world,
        "precision": "bf16 autocast, channels_last" if setup.cuda else "fp32",
    }


def _cpu_name() -> str:
    """The processor's model name (Linux), else whatever the platform module knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


@dataclasses.dataclass(eq=False)
class Lane:
    """One network being trained, with its optimiser and its error counters (kept on the device)."""

    key: str
    depth: int
    residual: bool
    model: nn.Module  # the network itself (never the DDP wrapper)
    step_model: nn.Module  # what the training step calls: the network, or its DistributedDataParallel wrapper
    optimizer: torch.optim.Optimizer
    wrong: torch.Tensor  # training mistakes since the last log point
    loss_sum: torch.Tensor
    final_wrong: torch.Tensor  # training mistakes over the final window
    layers: list[str]
    grad_norms: torch.Tensor | None = None  # at the last log point


# ---------------------------------------------------------------------------------------------------------------
# The trainer
# ---------------------------------------------------------------------------------------------------------------


class Trainer:
    """Loads the data onto the device and builds the networks; :meth:`run` trains them and yields metric events.

    Events are dicts with a ``type``: ``start`` (models, data, environment), ``log`` (training error and loss over
    the last ``log_every`` iterations, lr, images/s, ETA, per-layer gradient norms), ``eval`` (test error), ``end``
    (status ``done`` or ``cancelled``, final errors). On CUDA the loop never waits for the device between log points.
    """

    def __init__(self, config: TrainConfig) -> None:
        self.config = config
        self.setup = device_setup(config)
        self.train_set = load_dataset(config.dataset, "train", config.data_dir, config.download)
        self.test_set = load_dataset(config.dataset, "test", config.data_dir, config.download)
        dev = self.setup.device
        if self.setup.cuda:
            torch.backends.cudnn.benchmark = True  # fixed shapes: let cuDNN pick the fastest kernels once
        keep = fixed_subset(self.train_set.labels, config.train_size, config.seed)
        self.images = resize(self.train_set.images[keep], config.image_size).to(dev)
        self.labels = self.train_set.labels[keep].to(dev)
        keep = fixed_subset(self.test_set.labels, config.test_size, config.seed)
        self.test_images = resize(self.test_set.images[keep], config.image_size).to(dev)
        self.test_labels = self.test_set.labels[keep].to(dev)
        self.mean = torch.tensor(self.train_set.mean, device=dev).view(1, -1, 1, 1)
        self.std = torch.tensor(self.train_set.std, device=dev).view(1, -1, 1, 1)
        if len(self.images) < config.batch_size:
            raise ConfigError("config.too_few_images", images=len(self.images), batch=config.batch_size)
        if config.epochs is not None:
            iterations = max(1, round(config.epochs * self.iterations_per_epoch))
            self.config = config = dataclasses.replace(config, iterations=iterations)
        if config.batch_size % self.setup.world:
            raise ConfigError("config.batch_split", batch=config.batch_size, processes=self.setup.world)
        self.lanes = [self._lane(d, r) for d in config.depths for r in (False, True)]

    def _lane(self, depth: int, residual: bool) -> Lane:
        cfg, dev = self.config, self.setup.device
        # The same seed for every network: twins (same parameter shapes) start from the same weights. fork_rng keeps
        # the caller's global RNG untouched.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(cfg.seed)
            model = build_model(f"cifar_resnet{depth}", residual=residual, num_classes=len(self.train_set.classes),
                                in_channels=self.train_set.in_channels, width=cfg.width)
        model = model.to(dev)
        if self.setup.cuda:
            model = model.to(memory_format=torch.channels_last)
        step_model = model
        if self.setup.world > 1:
            ids = [dev.index] if self.setup.cuda else None
            step_model = nn.parallel.DistributedDataParallel(model, device_ids=ids)
        optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum,
                                    weight_decay=cfg.weight_decay)
        zero = lambda: torch.zeros((), device=dev)  # noqa: E731
        return Lane(model_key(depth, residual), depth, residual, model, step_model, optimizer, zero(), zero(), zero(),
                    [name for name, _ in weighted_layers(model)])

    # -- reading ------------------------------------------------------------------------------------------------

    @property
    def iterations_per_epoch(self) -> int:
        return len(self.images) // self.config.batch_size

    def describe(self) -> dict[str, Any]:
        """The ``start`` event: the networks, the data and the environment."""
        ds = self.train_set
        return {
            "type": "start",
            "models": [{"key": ln.key, "depth": ln.depth, "residual": ln.residual, "layers": ln.layers,
                        "params": sum(p.numel() for p in ln.model.parameters())} for ln in self.lanes],
            "data": {"dataset": self.config.dataset, "title": DATASETS[self.config.dataset].title,
                     "train_size": len(self.images), "test_size": len(self.test_images),
                     "image_size": self.images.shape[-1], "in_channels": ds.in_channels, "classes": ds.classes,
                     "mean": list(ds.mean), "std": list(ds.std), "iterations_per_epoch": self.iterations_per_epoch},
            "environment": environment(self.setup),
            "config": self.config.to_dict(),
            "departures": departures_from_paper(self.config),
        }

    # -- training -----------------------------------------------------------------------------------------------

    def batches(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """This process's share of each batch, augmented: shuffled per epoch, the last partial batch dropped.

        The order and the augmentation are drawn for the whole batch on every process, then sliced, so a run on N
        processes sees the same images as a run on one.
        """
        cfg, dev = self.config, self.setup.device
        order_gen = torch.Generator().manual_seed(cfg.seed)
        aug_gen = torch.Generator(device=dev).manual_seed(cfg.seed)
        per = cfg.batch_size // self.setup.world
        mine = slice(self.setup.rank * per, (self.setup.rank + 1) * per)
        while True:
            order = torch.randperm(len(self.images), generator=order_gen).to(dev, non_blocking=True)
            for i in range(self.iterations_per_epoch):
                idx = order[i * cfg.batch_size:(i + 1) * cfg.batch_size]
                x = augment(normalize(self.images[idx], self.mean, self.std), cfg.augment, aug_gen)
                yield self.setup.prepare(x[mine]), self.labels[idx][mine]

    def step(self, lane: Lane, x: torch.Tensor, y: torch.Tensor, lr: float, in_window: bool, log: bool) -> None:
        """One SGD step of one network; errors are counted on the device (no host sync)."""
        for group in lane.optimizer.param_groups:
            group["lr"] = lr
        with self.setup.autocast():
            logits = lane.step_model(x)
            loss = F.cross_entropy(logits, y)
        lane.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if log:
            grads = [p.grad for _, p in weighted_layers(lane.model)]
            lane.grad_norms = torch.stack([torch.linalg.vector_norm(g.float()) for g in grads])
        lane.optimizer.step()
        wrong = (logits.argmax(1) != y).sum()
        lane.wrong += wrong
        lane.loss_sum += loss.detach().float() * len(y)
        if in_window:
            lane.final_wrong += wrong

    def run(self, stop: threading.Event | None = None) -> Iterator[dict[str, Any]]:
        """Train every network for ``config.iterations`` on the same batches; yield events as it goes.

        On a CPU, ``config.threads`` applies for the run only, and denormal floats are flushed to zero: without
        that, convolutions slow down tenfold once small weights and gradients turn denormal (x86 FTZ/DAZ).
        """
        threads = torch.get_num_threads()
        cpu = self.setup.device.type == "cpu"
        if cpu:
            torch.set_flush_denormal(True)
            if self.config.threads:
                torch.set_num_threads(self.config.threads)
        try:
            yield from self._run(stop)
        finally:
            if cpu:
                torch.set_num_threads(threads)

    def _run(self, stop: threading.Event | None) -> Iterator[dict[str, Any]]:
        cfg = self.config
        yield self.describe()
        evals = eval_points(cfg)
        window_start = cfg.iterations - max(1, math.ceil(cfg.final_window * cfg.iterations))
        for ln in self.lanes:
            ln.model.train()
        start = last_time = time.perf_counter()
        last_it, seen, paused, test_error, status = 0, 0, 0.0, {}, "done"
        batches = self.batches()
        for it in range(cfg.iterations):
            if stop is not None and stop.is_set():
                status = "cancelled"
                break
            x, y = next(batches)
            lr = learning_rate(cfg, it)
            done = it + 1
            log = done % cfg.log_every == 0 or done == cfg.iterations
            for ln in self.lanes:
                self.step(ln, x, y, lr, it >= window_start, log)
            if log:
                event = self._log_event(done, lr)  # waits for the device: the clock is read after it
                now = time.perf_counter()
                event["elapsed_s"] = now - start
                event["images_per_s"] = cfg.batch_size * (done - last_it) / max(now - last_time - paused, 1e-9)
                event["eta_s"] = (now - start) / done * (cfg.iterations - done)
                yield event
                last_it, last_time, paused = done, time.perf_counter(), 0.0
            if done in evals:  # evaluation time counts towards the ETA, not towards images/s
                began = time.perf_counter()
                test_error = self._evaluate()
                yield {"type": "eval", "iteration": done, "test_error": test_error}
                paused += time.perf_counter() - began
            seen = done
        final_n = (seen - window_start) * cfg.batch_size
        final = self._gather([ln.final_wrong for ln in self.lanes])
        yield {
            "type": "end", "status": status, "iteration": seen, "elapsed_s": time.perf_counter() - start,
            "final": {ln.key: {"train_error": (w / final_n if final_n > 0 else None),
                               "test_error": test_error.get(ln.key)} for ln, w in zip(self.lanes, final)},
        }

    def _gather(self, values: list[torch.Tensor]) -> list[float]:
        """Sum device counters over processes and bring them to the host: the loop's only sync points."""
        return self.setup.all_reduce(torch.stack(values).double()).tolist()

    def _log_event(self, done: int, lr: float) -> dict[str, Any]:
        cfg = self.config
        n = len(self.lanes)
        counts = self._gather([ln.wrong for ln in self.lanes] + [ln.loss_sum for ln in self.lanes])
        seen = ((done - 1) % cfg.log_every + 1) * cfg.batch_size
        norms = torch.cat([ln.grad_norms for ln in self.lanes]).tolist()  # identical on every process (DDP)
        bounds = [0]
        for ln in self.lanes:
            bounds.append(bounds[-1] + len(ln.layers))
        for ln in self.lanes:
            ln.wrong.zero_()
            ln.loss_sum.zero_()
        return {
            "type": "log", "iteration": done, "epoch": done / self.iterations_per_epoch, "lr": lr,
            "train_error": {ln.key: counts[i] / seen for i, ln in enumerate(self.lanes)},
            "train_loss": {ln.key: counts[n + i] / seen for i, ln in enumerate(self.lanes)},
            "grad_norms": {ln.key: norms[bounds[i]:bounds[i + 1]] for i, ln in enumerate(self.lanes)},
        }

    def _evaluate(self) -> dict[str, float]:
        """Test error of every network on this process's share of the test set, summed over processes."""
        per = math.ceil(len(self.test_images) / self.setup.world)
        part = slice(self.setup.rank * per, (self.setup.rank + 1) * per)
        counts = self._gather([count_errors(ln.model, self.test_images[part], self.test_labels[part], self.mean,
                                            self.std, self.setup) for ln in self.lanes])
        return {ln.key: c / len(self.test_images) for ln, c in zip(self.lanes, counts)}

    # -- afterwards ---------------------------------------------------------------------------------------------

    def save_checkpoints(self, directory: str | Path, final: dict[str, dict[str, Any]],
                         run_id: str | None = None) -> list[Path]:
        """Save every network with the metadata the Inspector needs: ``<dataset>_<plain|resnet><depth>.pt``."""
        paths = []
        for ln in self.lanes:
            test_error = final.get(ln.key, {}).get("test_error")
            meta = {
                "architecture": {"name": f"cifar_resnet{ln.depth}", "residual": ln.residual,
                                 "num_classes": len(self.train_set.classes), "in_channels": self.train_set.in_channels,
                                 "width": self.config.width},
                "classes": list(self.train_set.classes),
                "normalization": {"mean": list(self.train_set.mean), "std": list(self.train_set.std)},
                "input_size": int(self.images.shape[-1]),
                "dataset": self.config.dataset,
                "test_accuracy": None if test_error is None else 1 - test_error,
                "test_images": len(self.test_images),
                "train_error": final.get(ln.key, {}).get("train_error"),
                "recipe": self.config.to_dict(),
                "run": run_id,
            }
            name = f"{self.config.dataset}_{'resnet' if ln.residual else 'plain'}{ln.depth}.pt"
            paths.append(save_checkpoint(Path(directory) / name, ln.model, meta))
        return paths


def train(config: TrainConfig, stop: threading.Event | None = None) -> Iterator[dict[str, Any]]:
    """Load, build and train: ``for event in train(config): ...`` (see :class:`Trainer` for the events)."""
    yield from Trainer(config).run(stop)
