"""``python -m resnet_viz transfer [--backbone resnet18|resnet34|resnet50|CHECKPOINT] [--data DIR|fashion-split]
[--mode all,last,fc,scratch] [--per-class N] [--seed S] [--out FILE] [--wrong-normalization] ...``

Reuses a pretrained network on a small new dataset in up to four ways on the same split with the same budget, and
writes the run file the Transfer page reads, plus a checkpoint per mode for the Inspector. Without ``--backbone``,
``fashion-split`` (the offline default) uses the shipped source backbone. ``--make-source-backbone`` trains and saves
that backbone (:func:`resnet_viz.transfer.make_source_backbone`).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from resnet_viz.nets.models import TORCHVISION_NAMES
from resnet_viz.transfer import FASHION_SPLIT, MODES, SOURCE_BACKBONE, TransferConfig


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "transfer", help="transfer learning: reuse a pretrained ResNet on a small dataset, mode by mode",
        description="Train a new head (fc), the last stage and a new head (last), every parameter (all) or the "
                    "same network from random weights (scratch) on the same split, and save a run file.")
    p.add_argument("--backbone", help=f"{', '.join(TORCHVISION_NAMES[:3])} (ImageNet weights, from torch's hub "
                                      "cache or downloaded) or a checkpoint file of this app; default: the shipped "
                                      "source backbone for fashion-split, resnet18 for a folder")
    p.add_argument("--weights", default="DEFAULT", help="torchvision's weights for a torchvision backbone")
    p.add_argument("--data", default=FASHION_SPLIT,
                   help="a folder in ImageFolder layout (one sub-folder of images per class), or fashion-split: "
                        "Fashion-MNIST's classes 5-9 with a backbone trained on classes 0-4 (offline, the default)")
    p.add_argument("--mode", default=",".join(MODES),
                   help=f"comma-separated modes from {', '.join(MODES)} (default: all four)")
    p.add_argument("--per-class", type=int,
                   help="training images per class (fashion-split: default 5; a folder: default all)")
    p.add_argument("--val-per-class", type=int, help="fashion-split: validation images per class (default: all)")
    p.add_argument("--val-fraction", type=float, help="a folder: share of each class kept for validation (0.25)")
    p.add_argument("--wrong-normalization", action="store_true",
                   help="normalise with mean 0.5, std 0.5 instead of the backbone's own statistics (the lesson)")
    p.add_argument("--iterations", type=int, help="training iterations per mode (default 200; 1500 with "
                                                  "--make-source-backbone)")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", type=float)
    p.add_argument("--evals", type=int, help="number of validation-accuracy evaluations")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", help="cpu, cuda, mps (default: the best available)")
    p.add_argument("--threads", type=int, help="CPU threads")
    p.add_argument("--label", default="", help="a name for the run")
    p.add_argument("--out", help="the run file to write (default: a new file in <runs dir>/transfer); with "
                                 f"--make-source-backbone the checkpoint (default {SOURCE_BACKBONE.name} in "
                                 "assets/checkpoints)")
    p.add_argument("--checkpoints", metavar="DIR",
                   help="where to save each mode's network (default: beside the run file, in a folder named after it)")
    p.add_argument("--no-checkpoints", action="store_true", help="save no networks")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.add_argument("--make-source-backbone", action="store_true",
                   help="train the shipped source backbone (ResNet-20 on Fashion-MNIST classes 0-4) and save it")
    p.add_argument("--dataset", choices=("fashion-mnist", "fashion-mnist-sample"), default="fashion-mnist",
                   help="with --make-source-backbone: full Fashion-MNIST (the shipped file) or the embedded sample")
    p.add_argument("--data-dir", help="with --make-source-backbone: a folder holding Fashion-MNIST")
    p.set_defaults(func=run)


def config_from_args(args: argparse.Namespace) -> TransferConfig:
    values: dict[str, Any] = {"backbone": args.backbone, "weights": args.weights, "data": args.data,
                              "modes": args.mode, "wrong_normalization": args.wrong_normalization, "seed": args.seed,
                              "device": args.device, "threads": args.threads}
    for name in ("per_class", "val_per_class", "val_fraction", "iterations", "batch_size", "lr", "evals"):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    return TransferConfig(**values)


def _error(e: BaseException) -> int:
    from resnet_viz.errors import first_line

    print(f"error: {first_line(e, limit=2000)}", file=sys.stderr)  # one line, whole (weights: where to copy them)
    return 2


def run(args: argparse.Namespace) -> int:
    from resnet_viz.explain.sources import WeightsUnavailable
    from resnet_viz.transfer import TransferRun, save_transfer_run, transfer_dir

    if args.make_source_backbone:
        return make_source(args)
    try:
        config = config_from_args(args)
        progress = None if args.quiet else _download_progress()
        runner = TransferRun(config, progress=progress, label=args.label)
    except (ValueError, WeightsUnavailable, OSError) as e:  # UserError is a ValueError
        return _error(e)
    stop = threading.Event()
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread:  # Ctrl-C stops at the next step; the partial run is saved
        previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    if not args.quiet:
        print_start(runner)
    try:
        for event in runner.run(stop):
            if not args.quiet:
                print_event(event, config.iterations)
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, previous)
    out = Path(args.out) if args.out else transfer_dir() / runner.filename
    if runner.doc["status"] == "done" and not args.no_checkpoints:
        folder = Path(args.checkpoints) if args.checkpoints else (
            out.with_suffix("") if args.out else transfer_dir() / runner.doc["id"])
        runner.save_checkpoints(folder)
    path = save_transfer_run(runner.doc, out)
    print_summary(runner.doc)
    print(f"run file: {path}")
    for mode, entry in runner.doc["modes"].items():
        if entry["checkpoint"]:
            print(f"checkpoint ({mode}): {entry['checkpoint']}")
    return 0 if runner.doc["status"] == "done" else 130


def make_source(args: argparse.Namespace) -> int:
    from resnet_viz.transfer import make_source_backbone

    out = Path(args.out) if args.out else SOURCE_BACKBONE
    try:
        meta = make_source_backbone(out, dataset=args.dataset, data_dir=args.data_dir,
                                    iterations=args.iterations or 1500, seed=args.seed, device=args.device,
                                    threads=args.threads, log=None if args.quiet else print)
    except (ValueError, OSError) as e:
        return _error(e)
    print(f"source backbone: {out} ({meta['architecture']['name']} on {meta['dataset']} classes "
          f"{', '.join(meta['classes'])}; test accuracy {meta['test_accuracy']:.4f} on {meta['test_images']:,} "
          f"test images, {meta['recipe']['seconds']:.0f} s)")
    return 0


def _download_progress():
    state = {"shown": -1}

    def show(done: int, total: int) -> None:
        percent = int(100 * done / total) if total else -1
        if percent // 10 != state["shown"] // 10:
            state["shown"] = percent
            print(f"downloading weights: {done / 2**20:.0f} MB" + (f" ({percent}%)" if total else ""), flush=True)

    return show


def _stats(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


def describe_normalization(doc: dict[str, Any]) -> str:
    norm = doc["normalization"]
    own = f"mean ({_stats(norm['weights']['mean'])}), std ({_stats(norm['weights']['std'])})"
    if norm["kind"] == "wrong":
        return (f"WRONG on purpose: mean ({_stats(norm['mean'])}), std ({_stats(norm['std'])}) instead of the "
                f"backbone's own {own}")
    return f"the backbone's own: {own}"


def print_start(runner: Any) -> None:
    doc = runner.doc
    bb, data, pre, env = doc["backbone"], doc["data"], doc["preprocessing"], doc["environment"]
    where = bb.get("weights") or bb.get("path")
    print(f"backbone: {bb['name']} ({bb['kind']}: {where}; source task: {bb['source_classes']} classes"
          + (f", {bb['dataset']}" if bb.get("dataset") else "") + ")")
    print(f"data: {data['kind']}: {data['train_size']:,} training images {data['train_per_class']}, "
          f"{data['val_size']:,} validation images; classes: {', '.join(doc['classes'])}")
    print(f"preprocessing: resize {pre['resize_size']}, centre crop {pre['crop_size']}, {pre['channels']} channel(s); "
          f"normalisation {describe_normalization(doc)}")
    print(f"{env['device']}, torch {env['torch']}; batch {doc['batch_size']}, {doc['config']['iterations']} "
          f"iterations per mode")
    for mode, m in doc["modes"].items():
        print(f"  {mode:<8} trains {', '.join(m['trained'])} ({m['trainable_params']:,} of {m['total_params']:,} "
              f"parameters; {'pretrained' if m['pretrained'] else 'random'} weights)")


def print_event(event: dict[str, Any], iterations: int) -> None:
    kind = event["type"]
    if kind == "ready":
        print(f"  {event['mode']}: frozen part run over every image once ({event['seconds']:.1f} s)", flush=True)
    elif kind == "log":
        losses = "  ".join(f"{m} {v:.3f}" for m, v in event["train_loss"].items())
        print(f"it {event['iteration']:>5}/{iterations}  train loss  {losses}", flush=True)
    elif kind == "eval":
        accs = "  ".join(f"{m} {v:.3f}" for m, v in event["val_accuracy"].items())
        print(f"it {event['iteration']:>5}/{iterations}  val acc     {accs}", flush=True)


def print_summary(doc: dict[str, Any]) -> None:
    print(f"\n{doc['status']} after {doc['progress']['iteration']} iterations per mode in "
          f"{doc['elapsed_s'] or 0:.1f} s")
    print(f"{'mode':<9}{'trainable params':>17}{'val accuracy':>14}{'seconds':>9}")
    for mode, m in doc["modes"].items():
        acc = "-" if m["val_accuracy"] is None else f"{m['val_accuracy']:.3f}"
        print(f"{mode:<9}{m['trainable_params']:>17,}{acc:>14}{m['seconds']:>9.1f}")
    print(f"(validation: {doc['data']['val_size']:,} images; normalisation {describe_normalization(doc)})")
