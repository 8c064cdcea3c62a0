"""The command line: ``python -m resnet_viz {summary,train,explain,fetch-weights,transfer,board,lesion} ...``.

Only dispatches: each command is a module of :mod:`resnet_viz.cli` with ``register(subparsers)``, which adds its
parser and sets ``func(args) -> exit code``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "resnet_viz.cli.summary", "resnet_viz.cli.train", "resnet_viz.cli.explain", "resnet_viz.cli.weights",
    "resnet_viz.cli.transfer", "resnet_viz.cli.board", "resnet_viz.cli.why",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m resnet_viz", description="ResNet Explorer from the terminal.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue  # a command not built yet
            missing = e.name  # a package this command needs is not installed: every other command still works
            command = {"weights": "fetch-weights"}.get(name.rsplit(".", 1)[-1], name.rsplit(".", 1)[-1])
            stub = subparsers.add_parser(command, help=f"(needs {missing}: pip install -r requirements.txt)")
            stub.set_defaults(func=lambda args, m=missing, c=command: _missing(c, m))
            continue
        module.register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


def _missing(command: str, package: str) -> int:
    print(f"error: the {command} command needs the package {package!r}: pip install -r requirements.txt",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
