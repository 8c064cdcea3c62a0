"""The training engine: plain and residual CIFAR nets trained side by side, as in the paper's Figure 6.

He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", arXiv:1512.03385, Sec. 4.2: SGD with momentum
0.9, weight decay 1e-4, batch 128, learning rate 0.1 divided by 10 at 32k and 48k iterations, stop at 64k; 4 pixels
of padding, random 32x32 crops and horizontal flips.

Read it in one sitting (airbench / nanoGPT style): one commented config, small named functions, the whole dataset on
the device, augmentation per batch on the device, no DataLoader. Every network sees the same batches in the same
order, and the plain and residual twins (identical parameter shapes) start from identical weights.

Two engines step the networks (``TrainConfig.engine``, chosen by :func:`engine_plan`; never part of the recipe):
*eager*, each network with its own optimiser, and *stacked*, each depth's twins as one batched model
(:mod:`resnet_viz.nets.twins`), so one kernel launch serves both. On CUDA the whole step can also be recorded once as a
CUDA graph and replayed (``TrainConfig.graphs``); a failed recording falls back to the unrecorded step and the run's
environment says so. A network whose training loss becomes NaN or infinite (a hazard of deep plain nets, more so in
bf16) is found at the next log point, reported in a ``diverged`` event and stopped; the others train on.

Evidence, this repository's 2-core AMD EPYC CPU (torch 2.14.1), eager engine: ``python -m resnet_viz train --preset
classroom`` trains plain-20, plain-56, ResNet-20 and ResNet-56 in 80-90 s wall time including start-up on a quiet
machine, and shows the degradation for seeds 0, 1 and 2 (plain-56 minus plain-20: +0.29/+0.32/+0.25 final training
error; ResNet-56 minus ResNet-20: -0.003/-0.004/-0.008). The engine runs at 0.97-1.01x a bare training loop on the
same batches (benchmarks/training_throughput.py). On the 2-core Intel Xeon the repository ran on later, the stacked
engine trains the classroom preset 1.13-1.18x faster than the eager one (benchmarks/engine_throughput.py), with the
same losses and gradients within fp32 rounding (tests/test_twins.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
import platform
import statistics
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn

from resnet_viz.checkpoints import save_checkpoint
from resnet_viz.data import DATASETS, DataError, load_dataset
from resnet_viz.device import describe_device, pick_device
from resnet_viz.errors import UserError, first_line
from resnet_viz.nets.models import build_model, weighted_layers
from resnet_viz.nets.twins import StackedCifarResNet


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
        "config.engine": "engine must be one of {choices}, not {engine!r}",
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
    # -- how the networks are stepped: never part of the recipe (the same updates either way, up to rounding) -------
    engine: str = "auto"  # "eager": each network on its own; "stacked": each depth's twins as one batched model
    #                       (resnet_viz.nets.twins); "auto": stacked on CUDA and for narrow nets on a CPU (engine_plan)
    graphs: bool | None = None  # record the training step once as a CUDA graph and replay it (None: on CUDA, alone)

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
        if self.engine not in ENGINES:
            raise ConfigError("config.engine", engine=self.engine, choices=", ".join(ENGINES))

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


AUGMENTATIONS = ("crop-flip", "crop", "none")
ENGINES = ("auto", "eager", "stacked")
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
                 std: torch.Tensor, setup: DeviceSetup, batch: int | None = None) -> torch.Tensor:
    """How many of ``images`` the model (in eval mode, BN on running statistics) gets wrong; a device tensor, with
    one count per member for a stacked model (logits G×N×classes). Batches of ``setup.eval_batch`` by default."""
    batch = batch or setup.eval_batch
    was_training = model.training
    model.eval()
    wrong = torch.zeros((), dtype=torch.int64, device=images.device)
    for i in range(0, len(images), batch):
        x = setup.prepare(normalize(images[i:i + batch], mean, std))
        with setup.autocast():
            wrong = wrong + (model(x).argmax(-1) != labels[i:i + batch]).sum(-1)
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

    @property
    def eval_batch(self) -> int:
        """Test images per forward pass: large on CUDA (fewer launches), 1000 elsewhere (memory)."""
        return 5000 if self.cuda else 1000

    def autocast(self, cache: bool = True):
        """bf16 autocast on CUDA; ``cache=False`` inside a captured graph (PyTorch's CUDA graphs notes)."""
        if self.cuda:
            return torch.autocast("cuda", dtype=torch.bfloat16, cache_enabled=cache)
        return torch.autocast("cpu", enabled=False)

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


def environment(setup: DeviceSetup, threads: int | None = None) -> dict[str, Any]:
    """What runs the run: device, library versions, threads (default: torch's now), processes."""
    import torchvision

    threads = threads or torch.get_num_threads()
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


# ---------------------------------------------------------------------------------------------------------------
# The engine: which networks share a step, and whether the step is recorded as a CUDA graph
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class EnginePlan:
    """What a run uses: ``engine`` ("eager" or "stacked"), ``graphs`` (the step recorded once and replayed), and
    ``note``: one line saying why something asked for is not used (it goes into the run's environment)."""

    engine: str
    graphs: bool
    note: str | None = None

    @property
    def label(self) -> str:
        return self.engine + (", CUDA graphs" if self.graphs else "")


def engine_plan(config: TrainConfig, device_type: str, world: int = 1) -> EnginePlan:
    """Resolve ``config.engine`` and ``config.graphs`` for a device.

    "auto": stacked on CUDA, where the eager engine is launch-bound (1,646 images/s for plain/ResNet 20 and 56 on an
    H100: assets/runs/paper-share-fashion-mnist-h100.json). On a CPU, stacked for nets narrower than the paper's
    (width < 16), eager otherwise: on this repository's 2-core CPU the stack trains the classroom preset (width 8)
    1.13-1.18x faster, but is no faster at width 16 (0.88-1.03x; benchmarks/engine_throughput.py). Eager on MPS (not
    measured). Graphs default to on for CUDA in one process; asked for elsewhere, the run goes on without them and
    says so.
    """
    engine = config.engine
    if engine == "auto":
        narrow_cpu = device_type == "cpu" and config.width < 16
        engine = "stacked" if device_type == "cuda" or narrow_cpu else "eager"
    graphs = config.graphs if config.graphs is not None else (device_type == "cuda" and world == 1)
    if graphs and device_type not in GRAPH_RECORDERS:
        return EnginePlan(engine, False, f"graph capture needs CUDA, not {device_type}: ran without it")
    if graphs and world > 1:
        return EnginePlan(engine, False, "graph capture is not used with several processes: ran without it")
    return EnginePlan(engine, graphs)


@torch.no_grad()
def sgd_step(params: list[torch.Tensor], buffers: list[torch.Tensor], lr: torch.Tensor, momentum: float,
             weight_decay: float) -> None:
    """torch.optim.SGD's update (dampening 0, no Nesterov) with the learning rate a device tensor, so a recorded
    graph reads its current value: v = momentum·v + (g + weight_decay·p); p -= lr·v. Buffers start at zero, which
    gives torch's first step (v = g + weight_decay·p) exactly."""
    grads = torch._foreach_add([p.grad for p in params], params, alpha=weight_decay)
    torch._foreach_mul_(buffers, momentum)
    torch._foreach_add_(buffers, grads)
    torch._foreach_sub_(params, torch._foreach_mul(buffers, lr))


Recorder = Callable[[Callable[[], None]], Callable[[], None]]


def record_cuda_graph(fn: Callable[[], None]) -> Callable[[], None]:
    """Record the kernels ``fn`` launches as one CUDA graph (without running them); returns its replay."""
    graph = torch.cuda.CUDAGraph()
    # thread_local: a server's other threads (the Inspector) may use the GPU while this one records
    with torch.cuda.graph(graph, capture_error_mode="thread_local"):
        fn()
    return graph.replay


GRAPH_RECORDERS: dict[str, Recorder] = {"cuda": record_cuda_graph}  # by device type


def capture_step(step: Callable[[torch.Tensor, torch.Tensor], None], state: list[torch.Tensor], x: torch.Tensor,
                 y: torch.Tensor, record: Recorder, warmup: int = 3) -> Callable[[torch.Tensor, torch.Tensor], None]:
    """Whole-network capture (PyTorch's notes, "CUDA Graphs"): run ``step`` ``warmup`` times on static copies of a
    batch (on a side stream on CUDA, so cuDNN picks its kernels and the allocator settles), undo what that did to
    ``state`` (weights, momentum, BN statistics, counters), record one step, and return ``run(x, y)``: copy a batch
    into the static inputs and replay. The training itself is then exactly the unrecorded step's."""
    static_x, static_y = x.clone(), y.clone()
    saved = [t.clone() for t in state]
    side = torch.cuda.Stream(x.device) if x.is_cuda else None
    if side is not None:
        side.wait_stream(torch.cuda.current_stream(x.device))
    with torch.cuda.stream(side) if side is not None else contextlib.nullcontext():
        for _ in range(warmup):
            step(static_x, static_y)
    if side is not None:
        torch.cuda.current_stream(x.device).wait_stream(side)
    with torch.no_grad():
        for t, s in zip(state, saved):
            t.copy_(s)
    replay = record(lambda: step(static_x, static_y))

    def run(x: torch.Tensor, y: torch.Tensor) -> None:
        static_x.copy_(x)
        static_y.copy_(y)
        replay()

    return run


def divergence(loss_sum: float) -> str | None:
    """Why a network's summed training loss says it has diverged ("nan_loss", "inf_loss"), or None if finite."""
    if math.isnan(loss_sum):
        return "nan_loss"
    return "inf_loss" if math.isinf(loss_sum) else None


@dataclasses.dataclass(eq=False)
class Group:
    """Networks stepped as one model (:class:`~resnet_viz.nets.twins.StackedCifarResNet`): a depth's plain and residual
    twins stacked, or one network alone (so that its step can be recorded as a graph)."""

    model: StackedCifarResNet
    step_model: nn.Module  # what the step calls: the stack, or its DistributedDataParallel wrapper
    params: list[nn.Parameter]
    momentum: list[torch.Tensor]  # SGD's momentum buffers, one per parameter (sgd_step)
    alive: torch.Tensor  # G bools: False once a member has diverged (its loss masked, its weights parked at zero)
    wrong: torch.Tensor  # G training-mistake counts since the last log point
    loss_sum: torch.Tensor
    final_wrong: torch.Tensor  # G counts over the final window

    @property
    def size(self) -> int:
        return self.model.groups


@dataclasses.dataclass(eq=False)
class Lane:
    """One network of the run: its name, its error counters (on the device) and what steps it.

    Eager: ``model`` (never the DDP wrapper), ``step_model`` and ``optimizer`` are its own. In a group, ``group`` and
    ``index`` say where it sits, and its counters are views of the group's.
    """

    key: str
    depth: int
    residual: bool
    layers: list[str]
    params: int
    wrong: torch.Tensor  # training mistakes since the last log point
    loss_sum: torch.Tensor
    final_wrong: torch.Tensor  # training mistakes over the final window
    model: nn.Module | None = None
    step_model: nn.Module | None = None
    optimizer: torch.optim.Optimizer | None = None
    group: Group | None = None
    index: int = 0
    grad_norms: torch.Tensor | None = None  # at the last log point
    diverged: dict[str, Any] | None = None  # {"iteration", "reason"} once its loss is no longer finite


# ---------------------------------------------------------------------------------------------------------------
# The trainer
# ---------------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def cpu_threads(device: torch.device, threads: int | None) -> Iterator[None]:
    """A training run's CPU settings, for the run only: ``threads`` torch threads (if given), and denormal floats
    flushed to zero (without that, convolutions slow down tenfold once small weights and gradients turn denormal:
    x86 FTZ/DAZ). On another device, nothing."""
    if device.type != "cpu":
        yield
        return
    before = torch.get_num_threads()
    torch.set_flush_denormal(True)
    if threads:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class Trainer:
    """Loads the data onto the device and builds the networks; :meth:`run` trains them and yields metric events.

    Events are dicts with a ``type``: ``start`` (models, data, environment), ``log`` (training error and loss over
    the last ``log_every`` iterations, lr, images/s, ETA, per-layer gradient norms), ``eval`` (test error),
    ``diverged`` (a network whose loss became NaN or infinite: ``key``, ``iteration``, ``reason``; it is stopped, the
    others go on, and its values are None from then on), ``end`` (status ``done`` or ``cancelled``, final errors).
    On CUDA the loop never waits for the device between log points.
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
        self.plan = engine_plan(config, dev.type, self.setup.world)
        self.lr_t = torch.zeros((), device=dev)  # the grouped step's learning rate and final-window flag, on the device
        self.window_t = torch.zeros((), device=dev)
        self.groups: list[Group] = []
        self.lanes: list[Lane] = []
        for depth in config.depths:
            nets = [self._network(depth, residual) for residual in (False, True)]
            if self.plan.engine == "stacked":
                self.lanes += self._group(depth, nets)
            elif self.plan.graphs:  # eager, recorded: one network per group
                for net in nets:
                    self.lanes += self._group(depth, [net])
            else:
                self.lanes += [self._lane(depth, residual, net) for residual, net in zip((False, True), nets)]
        self._replay: Callable[[torch.Tensor, torch.Tensor], None] | None = None
        self.capture_s: float | None = None
        self._lr: float | None = None  # what lr_t and window_t hold (filled on the device only when they change)
        self._in_window: bool | None = None

    def _network(self, depth: int, residual: bool) -> nn.Module:
        """One network, on the CPU. The same seed for every network: twins (same parameter shapes) start from the
        same weights. fork_rng keeps the caller's global RNG untouched."""
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.config.seed)
            return build_model(f"cifar_resnet{depth}", residual=residual, num_classes=len(self.train_set.classes),
                               in_channels=self.train_set.in_channels, width=self.config.width)

    def _to_device(self, model: nn.Module) -> tuple[nn.Module, nn.Module]:
        """The model on the device (channels_last on CUDA), and what the step calls: it, or its DDP wrapper."""
        dev = self.setup.device
        model = model.to(dev)
        if self.setup.cuda:
            model = model.to(memory_format=torch.channels_last)
        step_model = model
        if self.setup.world > 1:
            ids = [dev.index] if self.setup.cuda else None
            step_model = nn.parallel.DistributedDataParallel(model, device_ids=ids)
        return model, step_model

    def _lane(self, depth: int, residual: bool, net: nn.Module) -> Lane:
        """An eager lane: the network with its own torch.optim.SGD (the paper's recipe, Sec. 4.2)."""
        cfg, dev = self.config, self.setup.device
        model, step_model = self._to_device(net)
        optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum,
                                    weight_decay=cfg.weight_decay)
        zero = lambda: torch.zeros((), device=dev)  # noqa: E731
        return Lane(model_key(depth, residual), depth, residual, [name for name, _ in weighted_layers(model)],
                    sum(p.numel() for p in model.parameters()), zero(), zero(), zero(), model=model,
                    step_model=step_model, optimizer=optimizer)

    def _group(self, depth: int, nets: list[nn.Module]) -> list[Lane]:
        """Stack ``nets`` into one group (their weights copied: the same start as eager) and return their lanes."""
        dev = self.setup.device
        layers = [name for name, _ in weighted_layers(nets[0])]
        params = sum(p.numel() for p in nets[0].parameters())
        model, step_model = self._to_device(StackedCifarResNet(nets))
        g = model.groups
        group = Group(model, step_model, list(model.parameters()),
                      [torch.zeros_like(p) for p in model.parameters()], torch.ones(g, dtype=torch.bool, device=dev),
                      torch.zeros(g, device=dev), torch.zeros(g, device=dev), torch.zeros(g, device=dev))
        self.groups.append(group)
        return [Lane(model_key(depth, residual), depth, residual, layers, params, group.wrong[i], group.loss_sum[i],
                     group.final_wrong[i], group=group, index=i) for i, residual in enumerate(model.residual)]

    # -- reading ------------------------------------------------------------------------------------------------

    @property
    def iterations_per_epoch(self) -> int:
        return len(self.images) // self.config.batch_size

    def describe(self) -> dict[str, Any]:
        """The ``start`` event: the networks, the data and the environment."""
        ds = self.train_set
        env = environment(self.setup)
        env["engine"] = self.plan.label
        if self.plan.note:
            env["engine_note"] = self.plan.note
        if self.capture_s is not None:
            env["graph_capture_s"] = round(self.capture_s, 2)
        return {
            "type": "start",
            "models": [{"key": ln.key, "depth": ln.depth, "residual": ln.residual, "layers": ln.layers,
                        "params": ln.params} for ln in self.lanes],
            "data": {"dataset": self.config.dataset, "title": DATASETS[self.config.dataset].title,
                     "train_size": len(self.images), "test_size": len(self.test_images),
                     "image_size": self.images.shape[-1], "in_channels": ds.in_channels, "classes": ds.classes,
                     "mean": list(ds.mean), "std": list(ds.std), "iterations_per_epoch": self.iterations_per_epoch},
            "environment": env,
            "config": self.config.to_dict(),
            "departures": departures_from_paper(self.config),
        }

    def network(self, lane: Lane) -> nn.Module:
        """``lane``'s network as a CifarResNet: the eager lane's own model, or a copy unstacked from its group."""
        if lane.group is None:
            return lane.model
        net = self._network(lane.depth, lane.residual)
        net.load_state_dict(lane.group.model.unstack()[lane.index])
        return net

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
        """One SGD step of one eager network; errors are counted on the device (no host sync)."""
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

    def step_groups(self, x: torch.Tensor, y: torch.Tensor) -> None:
        """One SGD step of every group, reading the learning rate and the final-window flag from the device: the
        step a CUDA graph records. No host sync; the Python runs only when not replaying."""
        cfg = self.config
        for group in self.groups:
            for p in group.params:
                p.grad = None
            with self.setup.autocast(cache=False):
                logits = group.step_model(x)  # G×N×classes
                losses = F.cross_entropy(logits.flatten(0, 1), y.repeat(group.size), reduction="none")
                losses = losses.view(group.size, -1).mean(1)
            # A diverged member's loss is masked out with where (0·NaN would be NaN), so its gradient is zero.
            torch.where(group.alive, losses, 0.0).sum().backward()
            sgd_step(group.params, group.momentum, self.lr_t, cfg.momentum, cfg.weight_decay)
            wrong = (logits.argmax(-1) != y).sum(1)
            group.wrong += wrong
            group.loss_sum += losses.detach().float() * len(y)
            group.final_wrong += wrong * self.window_t

    def training_state(self) -> list[torch.Tensor]:
        """Every tensor a grouped step changes: weights, momentum, BN statistics and counters (see capture_step)."""
        state = []
        for group in self.groups:
            state += group.params + group.momentum
            state += [b for name, b in group.model.named_buffers() if not name.endswith("gate")]  # gates: constant
            state += [group.wrong, group.loss_sum, group.final_wrong]
        return state

    def _prepare_graphs(self) -> None:
        """Record the grouped step as a graph, once, before the first iteration; on any failure, go on without it
        (the run's environment says why)."""
        if not self.plan.graphs or self._replay is not None:
            return
        began = time.perf_counter()
        per = self.config.batch_size // self.setup.world  # any batch of the right shape: the warm-up is undone
        x, y = self.setup.prepare(normalize(self.images[:per], self.mean, self.std)), self.labels[:per]
        saved = [t.clone() for t in self.training_state()]
        try:
            record = GRAPH_RECORDERS[self.setup.device.type]
            self._replay = capture_step(self.step_groups, self.training_state(), x, y, record)
            self.capture_s = time.perf_counter() - began
        except Exception as e:  # a run never fails for want of a graph: it goes on with the plain grouped step
            with torch.no_grad():
                for t, s in zip(self.training_state(), saved):
                    t.copy_(s)
            for group in self.groups:
                for p in group.params:
                    p.grad = None
            self.plan = dataclasses.replace(self.plan, graphs=False,
                                            note=f"graph capture failed, ran without it: {first_line(e, 160)}")

    def _train_step(self, x: torch.Tensor, y: torch.Tensor, lr: float, in_window: bool, log: bool) -> None:
        """One iteration of every network: eager lanes one by one, groups as one (replayed if recorded)."""
        for ln in self.lanes:
            if ln.group is None and ln.diverged is None:
                self.step(ln, x, y, lr, in_window, log)
        if not self.groups:
            return
        if lr != self._lr:
            self.lr_t.fill_(lr)
            self._lr = lr
        if in_window != self._in_window:
            self.window_t.fill_(float(in_window))
            self._in_window = in_window
        if self._replay is not None:
            self._replay(x, y)
        else:
            self.step_groups(x, y)
        if log:
            for group in self.groups:
                norms = group.model.member_norms([p.grad for _, p in weighted_layers(group.model)])
                for ln in self.lanes:
                    if ln.group is group:
                        ln.grad_norms = norms[ln.index]

    def run(self, stop: threading.Event | None = None) -> Iterator[dict[str, Any]]:
        """Train every network for ``config.iterations`` on the same batches; yield events as it goes.

        On a CPU, ``config.threads`` applies for the run only, and denormal floats are flushed to zero
        (:func:`cpu_threads`).
        """
        with cpu_threads(self.setup.device, self.config.threads):
            yield from self._run(stop)

    def _run(self, stop: threading.Event | None) -> Iterator[dict[str, Any]]:
        cfg = self.config
        self._prepare_graphs()  # before the start event, so that its environment says what ran
        yield self.describe()
        evals = eval_points(cfg)
        window_start = cfg.iterations - max(1, math.ceil(cfg.final_window * cfg.iterations))
        for ln in self.lanes:
            if ln.model is not None:
                ln.model.train()
        for group in self.groups:
            group.model.train()
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
            self._train_step(x, y, lr, it >= window_start, log)
            if log:
                event, diverged = self._log_event(done, lr)  # waits for the device: the clock is read after it
                now = time.perf_counter()
                event["elapsed_s"] = now - start
                event["images_per_s"] = cfg.batch_size * (done - last_it) / max(now - last_time - paused, 1e-9)
                event["eta_s"] = (now - start) / done * (cfg.iterations - done)
                yield event
                for ln in diverged:
                    yield {"type": "diverged", "key": ln.key, **ln.diverged}
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
            "final": {ln.key: self._final(ln, w, final_n, test_error) for ln, w in zip(self.lanes, final)},
        }

    @staticmethod
    def _final(lane: Lane, wrong: float, final_n: int, test_error: dict[str, float | None]) -> dict[str, Any]:
        """A network's final errors; None for both, and ``diverged: True``, for one that diverged."""
        if lane.diverged is not None:
            return {"train_error": None, "test_error": None, "diverged": True}
        return {"train_error": (wrong / final_n if final_n > 0 else None), "test_error": test_error.get(lane.key)}

    def _gather(self, values: list[torch.Tensor]) -> list[float]:
        """Sum device counters over processes and bring them to the host: the loop's only sync points."""
        return self.setup.all_reduce(torch.stack(values).double()).tolist()

    def _log_event(self, done: int, lr: float) -> tuple[dict[str, Any], list[Lane]]:
        """The ``log`` event, and the networks found diverged at this log point (stopped from now on)."""
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
        diverged = []
        for i, ln in enumerate(self.lanes):
            reason = None if ln.diverged else divergence(counts[n + i])
            if reason:
                ln.diverged = {"iteration": done, "reason": reason}
                self._park(ln)
                diverged.append(ln)
        gone = [ln.diverged is not None for ln in self.lanes]
        return {
            "type": "log", "iteration": done, "epoch": done / self.iterations_per_epoch, "lr": lr,
            "train_error": {ln.key: None if gone[i] else counts[i] / seen for i, ln in enumerate(self.lanes)},
            "train_loss": {ln.key: None if gone[i] else counts[n + i] / seen for i, ln in enumerate(self.lanes)},
            "grad_norms": {ln.key: [None] * len(ln.layers) if gone[i] else norms[bounds[i]:bounds[i + 1]]
                           for i, ln in enumerate(self.lanes)},
        }, diverged

    @torch.no_grad()
    def _park(self, lane: Lane) -> None:
        """Stop a diverged network. Eager: it is no longer stepped. In a group: its loss is masked from now on and its
        weights, momentum and BN statistics are set to zero (variances to one), so it computes zeros, its update is
        zero, and nothing non-finite is left in the stack; the other members are untouched."""
        if lane.group is None:
            return
        group, i = lane.group, lane.index
        group.alive[i] = False
        view = group.model.member_view
        for t in group.params + group.momentum:
            view(t)[i].zero_()
        for name, buf in group.model.named_buffers():
            if name.endswith(("running_mean", "running_var")):
                view(buf)[i].fill_(1.0 if name.endswith("running_var") else 0.0)

    def _evaluate(self) -> dict[str, float | None]:
        """Test error of every network on this process's share of the test set, summed over processes; None for a
        diverged one."""
        per = math.ceil(len(self.test_images) / self.setup.world)
        part = slice(self.setup.rank * per, (self.setup.rank + 1) * per)
        args = (self.test_images[part], self.test_labels[part], self.mean, self.std, self.setup)
        wrong = []
        for group in self.groups:
            wrong += list(torch.broadcast_to(count_errors(group.model, *args), (group.size,)))
        by_lane = iter(wrong)
        counts = self._gather([next(by_lane) if ln.group is not None
                               else torch.zeros((), device=self.setup.device) if ln.diverged
                               else count_errors(ln.model, *args) for ln in self.lanes])
        return {ln.key: None if ln.diverged else c / len(self.test_images) for ln, c in zip(self.lanes, counts)}

    # -- afterwards ---------------------------------------------------------------------------------------------

    def save_checkpoints(self, directory: str | Path, final: dict[str, dict[str, Any]],
                         run_id: str | None = None) -> list[Path]:
        """Save every network that did not diverge, with the metadata the Inspector needs:
        ``<dataset>_<plain|resnet><depth>.pt`` (stacked twins are unstacked into CifarResNet's layout)."""
        paths = []
        for ln in self.lanes:
            if ln.diverged is not None or final.get(ln.key, {}).get("diverged"):
                continue
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
            paths.append(save_checkpoint(Path(directory) / name, self.network(ln), meta))
        return paths


def train(config: TrainConfig, stop: threading.Event | None = None) -> Iterator[dict[str, Any]]:
    """Load, build and train: ``for event in train(config): ...`` (see :class:`Trainer` for the events)."""
    yield from Trainer(config).run(stop)


# ---------------------------------------------------------------------------------------------------------------
# Before Start: how long will a run take?
# ---------------------------------------------------------------------------------------------------------------


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
    """Every readable run document: the reference runs, then the saved ones (resnet_viz.runs)."""
    from resnet_viz.runs import RunError, load_run, run_files

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
