"""``python -m resnet_viz train [--preset classroom|paper] [--depths 20,56] [--dataset ...] [--out FILE] ...``

Trains plain and residual twins side by side, prints progress, and writes the same run file as the Lab page. Runs
under ``torchrun --nproc_per_node=N`` too: DistributedDataParallel over gloo (CPU) or nccl (CUDA); rank 0 prints and
writes the files.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from resnet_viz.paths import runs_dir
from resnet_viz.train import classroom
from resnet_viz.train.config import AUGMENTATIONS, ENGINES, PRESETS, TrainConfig
from resnet_viz.train.data import DATASETS, DataError
from resnet_viz.train.runs import depth_effects

REASONS = {"nan_loss": "its loss became NaN", "inf_loss": "its loss became infinite"}  # divergence reason codes


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "train", help="train plain and residual nets side by side (the paper's Figure 6)",
        description="Train plain and residual CIFAR nets on the same batches and save a run file. The preset sets "
                    "every option; the options given override it.")
    add_config_arguments(p)
    p.add_argument("--label", default="", help="a name for the run, shown on the Lab page")
    p.add_argument("--out", help="the run file to write (default: a new file in $RESNET_VIZ_RUNS_DIR or runs/)")
    p.add_argument("--save-checkpoints", metavar="DIR", help="save each trained network there for the Inspector")
    p.add_argument("--assignment", metavar="ID",
                   help="a class experiment (python -m resnet_viz board create) this run joins: its recipe must be "
                        "the experiment's (another seed, the same settings)")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.set_defaults(func=run)


def add_config_arguments(p: argparse.ArgumentParser) -> None:
    """The options that make a training config: a preset, and any setting to change in it."""
    p.add_argument("--preset", choices=sorted(PRESETS), default="classroom",
                   help="classroom: plain/ResNet 20 and 56 on the embedded sample, about two minutes on a 2-core "
                        "CPU; paper: the paper's CIFAR-10 recipe, 64k iterations (a GPU job)")
    p.add_argument("--depths", help="comma-separated 6n+2 depths, e.g. 20,56 (paper: 20,32,44,56; 110)")
    p.add_argument("--dataset", choices=list(DATASETS))
    p.add_argument("--data-dir", help="folder holding the dataset (torchvision's layout, or the raw .gz files)")
    p.add_argument("--download", action="store_true", help="download the dataset with torchvision if not found")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--iterations", type=int)
    length.add_argument("--epochs", type=float)
    p.add_argument("--width", type=int, help="stem filters (paper: 16)")
    p.add_argument("--no-batch-norm", dest="batch_norm", action="store_false", default=None,
                   help="no batch norm after the convs (each conv gets a bias): the Concepts page's BN ablation")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", type=float)
    p.add_argument("--warmup", type=int, help="iterations of linear lr warm-up")
    p.add_argument("--augment", choices=AUGMENTATIONS)
    p.add_argument("--train-size", type=int, help="train on a fixed subset of this many images")
    p.add_argument("--test-size", type=int, help="evaluate on a fixed subset of this many test images")
    p.add_argument("--image-size", type=int, help="resize images to this side before training (0: native size)")
    p.add_argument("--evals", type=int, help="number of test-error evaluations")
    p.add_argument("--log-every", type=int, help="iterations per training-error point")
    p.add_argument("--seed", type=int)
    p.add_argument("--device", help="cpu, cuda, mps (default: the best available)")
    p.add_argument("--threads", type=int, help="CPU threads per process")
    p.add_argument("--engine", choices=ENGINES,
                   help="eager: each network on its own; stacked: each depth's plain and residual twins as one "
                        "batched model; auto (default): stacked on CUDA and, on a CPU, for nets narrower than width 16")
    p.add_argument("--graphs", action=argparse.BooleanOptionalAction, default=None,
                   help="record the training step as a CUDA graph and replay it (default: on CUDA, one process)")


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset, with every option given on the command line replacing its value."""
    changes: dict[str, Any] = {}
    if args.depths:
        try:
            changes["depths"] = tuple(int(d) for d in args.depths.split(","))
        except ValueError:
            raise ValueError(f"--depths takes comma-separated numbers such as 20,56, not {args.depths!r}") from None
    for name in ("dataset", "data_dir", "width", "batch_size", "lr", "warmup", "augment", "train_size", "test_size",
                 "image_size", "evals", "log_every", "seed", "device", "threads", "engine", "graphs", "batch_norm"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.image_size == 0:
        changes["image_size"] = None
    if args.download:
        changes["download"] = True
    if args.iterations is not None:
        changes["iterations"], changes["epochs"] = args.iterations, None
    if args.epochs is not None:
        changes["epochs"] = args.epochs
    return dataclasses.replace(PRESETS[args.preset], **changes)


def _distributed(config: TrainConfig) -> tuple[TrainConfig, int]:
    """Join the process group when launched by torchrun (nccl on CUDA, gloo on CPU); returns (config, rank)."""
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return config, 0
    import torch
    import torch.distributed as dist

    local = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = (config.device or ("cuda" if torch.cuda.is_available() else "cpu")).startswith("cuda")
    if cuda:
        torch.cuda.set_device(local)
        config = dataclasses.replace(config, device=f"cuda:{local}")
    elif config.threads is None:  # share the cores between the processes on this machine
        per_node = int(os.environ.get("LOCAL_WORLD_SIZE", os.environ["WORLD_SIZE"]))
        config = dataclasses.replace(config, device="cpu", threads=max(1, (os.cpu_count() or 1) // per_node))
    dist.init_process_group("nccl" if cuda else "gloo")
    return config, dist.get_rank()


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _errors(values: dict[str, float | None]) -> str:
    return "  ".join(f"{k} {'-' if v is None else f'{v:.3f}'}" for k, v in values.items())


def print_event(event: dict[str, Any], iterations: int) -> None:
    kind = event["type"]
    if kind == "start":
        data, env = event["data"], event["environment"]
        print(f"{data['title']}: {data['train_size']:,} training / {data['test_size']:,} test images at "
              f"{data['image_size']}x{data['image_size']}; {env['device']}, {env['processes']} process(es), "
              f"torch {env['torch']}")
        print("networks: " + ", ".join(f"{m['key']} ({m['params']:,} params)" for m in event["models"]))
        print(f"engine: {env.get('engine', 'eager')}" + (f" ({env['engine_note']})" if env.get("engine_note") else ""))
        for d in event["departures"]:
            print(f"  changed from the paper, for every network: {d['field']} {d['paper']} -> {d['used']}")
    elif kind == "log":
        print(f"it {event['iteration']:>6}/{iterations} ep {event['epoch']:6.2f}  lr {event['lr']:.4f}  "
              f"{event['images_per_s']:7.0f} img/s  ETA {_duration(event['eta_s']):>7}  "
              f"train err  {_errors(event['train_error'])}", flush=True)
    elif kind == "eval":
        print(f"it {event['iteration']:>6}/{iterations}  test err  {_errors(event['test_error'])}", flush=True)
    elif kind == "diverged":
        print(f"it {event['iteration']:>6}/{iterations}  {event['key']} diverged: "
              f"{REASONS.get(event['reason'], event['reason'])}; stopped, the other networks go on", flush=True)


def print_summary(doc: dict[str, Any]) -> None:
    final = doc["final"]
    print(f"\n{doc['status']} after {doc['progress']['iteration']} iterations in {_duration(doc['elapsed_s'])}")
    print(f"{'network':<12}{'final train err':>16}{'test err':>10}")
    diverged = doc.get("diverged", {})
    for key, f in final.items():
        if key in diverged:
            d = diverged[key]
            print(f"{key:<12}  diverged at iteration {d['iteration']} ({REASONS.get(d['reason'], d['reason'])})")
            continue
        train = "-" if f.get("train_error") is None else f"{f['train_error']:.3f}"
        test = "-" if f.get("test_error") is None else f"{f['test_error']:.3f}"
        print(f"{key:<12}{train:>16}{test:>10}")
    window = doc["config"]["final_window"]
    print(f"(final train err: the training error over the last {window:.0%} of the iterations)")
    for effect in depth_effects(doc):
        print(f"{effect['deep']} minus {effect['shallow']}: {effect['difference']:+.3f}")


def run(args: argparse.Namespace) -> int:
    from resnet_viz.train.runs import RunRecord, save_run
    from resnet_viz.train.trainer import Trainer

    try:
        config = config_from_args(args)
        if args.assignment:
            classroom.check_recipe(classroom.load(args.assignment), config.to_dict())
        config, rank = _distributed(config)
        trainer = Trainer(config)
    except (DataError, ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    stop = threading.Event()
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread:  # Ctrl-C stops the run at the next iteration; the partial run is saved
        previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    record = RunRecord(args.label)
    if args.assignment:
        record.doc["assignment"] = args.assignment
    talk = rank == 0 and not args.quiet
    try:
        for event in trainer.run(stop):
            record.add(event)
            if talk:
                print_event(event, trainer.config.iterations)
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
    if rank == 0:
        path = save_run(record.doc, Path(args.out) if args.out else runs_dir() / record.filename)
        print_summary(record.doc)
        print(f"run file: {path}")
        if args.save_checkpoints and record.doc["status"] == "done":
            for saved in trainer.save_checkpoints(args.save_checkpoints, record.doc["final"], record.doc["id"]):
                print(f"checkpoint: {saved}")
    if trainer.setup.world > 1:
        import torch.distributed as dist

        dist.destroy_process_group()
    return 0 if record.doc["status"] == "done" else 130
