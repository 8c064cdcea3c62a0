"""How the networks run: the device setup (bf16 and channels_last on CUDA, ranks under ``torchrun``), the run's
environment, the engine plan (eager or stacked twins, CUDA graphs), the SGD step on device tensors, graph capture,
divergence, the CPU thread settings, and counting test errors.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import platform
import threading
from collections.abc import Callable, Iterator
from typing import Any

import torch
import torch.distributed as dist
from torch import nn

from resnet_viz.device import describe_device, pick_device
from resnet_viz.train.config import TrainConfig
from resnet_viz.train.data import normalize


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
    measured). A run without batch norm is always eager (the stack is built around its batch norm layers). Graphs
    default to on for CUDA in one process; asked for elsewhere, the run goes on without them and says so.
    """
    engine = config.engine
    if engine == "auto" and not config.batch_norm:
        engine = "eager"
    elif engine == "auto":
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


def server_threads(device_type: str) -> int | None:
    """Training threads on a server that also serves the pages: on a CPU, one core left to the server and the
    browsers that show the curves (with every core busy in training the projected page stutters, and PyTorch's
    spinning worker threads slow the run itself many times over); elsewhere, torch's default."""
    cores = os.cpu_count() or 1
    return max(1, cores - 1) if device_type == "cpu" else None


def class_plan(device_type: str) -> tuple[int, int | None]:
    """How a class experiment's parts train: ``(workers, threads)``, the parts trained at once and the torch threads
    each uses. On a CPU one part a core, each on one thread: on the 2-core VM two parts at once train 1.79-1.89x the
    network-iterations of one part on one thread, one part on both threads 1.61-1.64x (benchmarks/class_workers.py),
    and each worker's priority can be lowered on its own (lower_priority); elsewhere one part at a time, on torch's
    default."""
    return (max(1, os.cpu_count() or 1), 1) if device_type == "cpu" else (1, None)


SEEDED = threading.Lock()  # one seeded build of networks at a time in this process (Trainer._network)
BACKGROUND_NICE = 10  # a training thread's nice value beside the pages: they take a core from it the moment they ask


def lower_priority(nice: int = BACKGROUND_NICE) -> None:
    """Lower the calling thread's CPU priority (Linux schedules threads one by one), so that a page or an upload
    served by the same process is never queued behind training. Best effort: nothing where it is not supported."""
    try:
        me = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, me) < nice:  # never raise it (a server started with `nice` stays so)
            os.setpriority(os.PRIO_PROCESS, me, nice)
    except (AttributeError, OSError):
        pass


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
