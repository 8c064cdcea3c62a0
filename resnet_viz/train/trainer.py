"""The trainer: plain and residual CIFAR nets trained side by side, as in the paper's Figure 6.

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

import dataclasses
import math
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from resnet_viz.errors import first_line
from resnet_viz.explain.checkpoints import save_checkpoint
from resnet_viz.nets.models import build_model, weighted_layers
from resnet_viz.nets.twins import StackedCifarResNet
from resnet_viz.train.config import (
    ConfigError,
    TrainConfig,
    departures_from_paper,
    eval_points,
    learning_rate,
    model_key,
)
from resnet_viz.train.data import DATASETS, augment, fixed_subset, load_dataset, normalize, resize
from resnet_viz.train.engine import (
    GRAPH_RECORDERS,
    SEEDED,
    capture_step,
    count_errors,
    cpu_threads,
    device_setup,
    divergence,
    engine_plan,
    environment,
    sgd_step,
)


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
        self.train_set, self.test_set = (dataclasses.replace(ds, images=ds.images[:0], labels=ds.labels[:0])
                                         for ds in (self.train_set, self.test_set))  # prepared images only are kept
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
        self.lr_t, self.window_t = (torch.zeros((), device=dev) for _ in range(2))  # the grouped step's lr, window
        self.groups: list[Group] = []
        self.lanes: list[Lane] = []
        with SEEDED:  # no other trainer's thread draws from the global RNG between a seed and its weights
            for depth in config.depths:
                kinds = [residual for residual in (False, True) if config.trains(depth, residual)]
                nets = [self._network(depth, residual) for residual in kinds]
                if self.plan.engine == "stacked" and nets:
                    self.lanes += self._group(depth, nets)
                elif self.plan.graphs:  # eager, recorded: one network per group
                    for net in nets:
                        self.lanes += self._group(depth, [net])
                else:
                    self.lanes += [self._lane(depth, residual, net) for residual, net in zip(kinds, nets)]
        self._replay: Callable[[torch.Tensor, torch.Tensor], None] | None = None
        self.capture_s: float | None = None
        self._lr: float | None = None  # what lr_t and window_t hold (filled on the device only when they change)
        self._in_window: bool | None = None

    def _network(self, depth: int, residual: bool) -> nn.Module:
        """One network, on the CPU, from the run's seed: twins start alike; the caller's global RNG is kept."""
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.config.seed)
            return build_model(f"cifar_resnet{depth}", residual=residual, num_classes=len(self.train_set.classes),
                               in_channels=self.train_set.in_channels, width=self.config.width,
                               batch_norm=self.config.batch_norm)

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
            "departures": departures_from_paper(self.config, self.setup.cuda),
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
