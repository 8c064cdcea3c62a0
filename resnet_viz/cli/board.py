"""``python -m resnet_viz board create|show``: a class experiment from the command line, so a teacher can prepare
its board before class (``create``, then ``train --assignment ID --seed N`` for a few seeds) and read it
afterwards (``show``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from resnet_viz.cli.train import add_config_arguments, config_from_args
from resnet_viz.errors import UserError
from resnet_viz.train import classroom


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("board", help="create or show a class experiment (one recipe, one seed per student)",
                              description=__doc__.split("\n\n", 1)[0].split(": ", 1)[1])
    commands = p.add_subparsers(dest="board_command", required=True)
    create = commands.add_parser("create", help="a class experiment with this recipe (the preset and options)")
    add_config_arguments(create)
    create.add_argument("--label", default="", help="the board's name")
    create.set_defaults(func=run_create)
    show = commands.add_parser("show", help="the pooled board: how many runs, the differences as mean ± std")
    show.add_argument("assignment", help="the class experiment's id")
    show.add_argument("--csv", metavar="FILE", help="also write the pooled curves as CSV")
    show.set_defaults(func=run_show)


def run_create(args: argparse.Namespace) -> int:
    try:
        assignment = classroom.create(config_from_args(args).to_dict(), label=args.label)
    except (UserError, ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(assignment.id)
    print(f"join it with: python -m resnet_viz train --preset {args.preset} --assignment {assignment.id} --seed N "
          f"(the same options), or the Lab's link ?assignment={assignment.id}", file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    try:
        board = classroom.board(args.assignment)
    except (UserError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    seeds = ", ".join(f"{key} {len(board.seeds_of.get(key, ()))}" for key in board.assignment.networks)
    print(f"{board.assignment.label or board.assignment.id}: {board.parts['done']} done (seeds per network: "
          f"{seeds}), {board.left_out} left out{'; complete' if board.complete else ''}")
    for effect in board.effects.values():
        spread = f" ± {effect['std']:.1f}" if effect["n"] > 1 else ""  # one run has no spread
        print(f"{effect['deep']} minus {effect['shallow']}: {effect['mean']:+.1f}{spread} points (n = {effect['n']})")
    if args.csv:
        Path(args.csv).write_text(classroom.board_csv(board))
        print(f"curves: {args.csv}")
    return 0
