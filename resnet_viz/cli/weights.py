"""``python -m resnet_viz fetch-weights [MODEL ...]``: download torchvision's ImageNet weights ahead of class.

torchvision keeps downloaded weights in ``$TORCH_HOME/hub/checkpoints`` (``~/.cache/torch`` by default) and never
downloads a file that is already there. Run this on a connected machine, then copy that folder to the classroom
server (or point ``TORCH_HOME`` at a copy): the Inspector then finds the weights offline.
"""

from __future__ import annotations

import argparse
import sys

from torchvision.models import get_model_weights

from resnet_viz.nets.models import TORCHVISION_NAMES
from resnet_viz.paths import cached_weights_file, weights_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("fetch-weights", help="download torchvision's ImageNet weights before class",
                              description=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("models", nargs="*", default=list(TORCHVISION_NAMES),
                   help=f"which models (default: all of {', '.join(TORCHVISION_NAMES)})")
    p.add_argument("--all-versions", action="store_true", help="every published version, not only the default")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failures = 0
    for name in args.models:
        if name not in TORCHVISION_NAMES:
            print(f"error: {name!r} has no torchvision weights; choose from {', '.join(TORCHVISION_NAMES)}",
                  file=sys.stderr)
            return 2
        enum = get_model_weights(name)
        for weights in (list(enum) if args.all_versions else [enum.DEFAULT]):
            target = cached_weights_file(weights)
            if target.exists():
                print(f"{name} {weights.name}: already at {target}")
                continue
            try:
                weights.get_state_dict(progress=True, check_hash=True)
                print(f"{name} {weights.name}: saved to {target}")
            except (OSError, RuntimeError) as e:  # URLError is an OSError
                failures += 1
                print(f"error: {name} {weights.name}: could not download {weights.url} ({e}); "
                      f"on a machine without internet, copy the file into {weights_dir()}", file=sys.stderr)
    print(f"weights folder: {weights_dir()}")
    return 1 if failures else 0
