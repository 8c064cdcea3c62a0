"""``python -m resnet_viz summary MODEL [--plain] [--shortcut A|B|C] [--input-size N] [--format table|csv|json]``."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from resnet_viz.device import pick_device
from resnet_viz.nets.models import ARCHITECTURE_NAMES, SHORTCUTS, parse_name
from resnet_viz.nets.summary import describe


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("summary", help="print a model's layer table",
                              description="Print one row per layer: shape, parameters, multiply-adds, receptive field.")
    p.add_argument("model", help=f"one of {', '.join(ARCHITECTURE_NAMES)} or cifar_resnet<6n+2>")
    p.add_argument("--plain", action="store_true", help="the plain twin (no shortcuts)")
    p.add_argument("--shortcut", choices=SHORTCUTS, default=None,
                   help="the paper's shortcut option (Sec. 3.3): A zero-padding, B projections where the shape "
                        "changes, C projections everywhere (default: A for the CIFAR nets, B for torchvision's)")
    p.add_argument("--input-size", type=int, default=None, help="input height and width (224 ImageNet, 32 CIFAR)")
    p.add_argument("--in-channels", type=int, default=3)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--device", default=None,
                   help="build the model on cpu, cuda or mps (default: PyTorch's meta device: counting needs no "
                        "weights)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        family, _ = parse_name(args.model)
        size = args.input_size or (32 if family == "cifar" else 224)
        report = describe(args.model, residual=not args.plain, input_size=size, in_channels=args.in_channels,
                          device=pick_device(args.device) if args.device else "meta", shortcut=args.shortcut)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    table = report.table
    rows = table.as_dicts()
    if args.format == "json":
        json.dump({"model": args.model, "residual": report.residual, "shortcut": report.shortcut,
                   "weighted_layers": report.weighted_layers, "input_shape": list(table.input_shape),
                   "rows": rows, "totals": table.totals()}, sys.stdout, indent=1)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    else:
        headers = ["layer", "type", "stage", "output", "params", "MACs", "RF"]
        body = [[r["name"], r["type"], r["stage"], r["output_shape"], f"{r['params']:,}", f"{r['macs']:,}",
                 "global" if r["receptive_field"] is None else str(r["receptive_field"])] for r in rows]
        widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(headers)]
        for line in [headers, ["-" * w for w in widths], *body]:
            print("  ".join(c.rjust(w) if i >= 4 else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths))))
        kind = f"shortcut option {report.shortcut}" if report.shortcut else "plain" if report.family != "vgg" else "VGG"
        print(f"\n{args.model} ({kind}, {report.weighted_layers} weighted layers) at "
              f"{'×'.join(map(str, table.input_shape))}: {table.params:,} parameters, {table.macs / 1e9:.3f} GMACs")
    return 0
