"""A class experiment at class size, without a browser: the server's real queue and class engine, N simulated
students pressing Start at random moments in the first two minutes, and the class board read every second.

    python -m benchmarks.class_experiment --students 30          # the issue's class: 30 students, 10 minutes

What it does, as the app does it: the teacher's button measures this machine's speed and sizes the classroom
recipe's iterations for N students in ``--minutes`` (resnet_viz.train.parts.size_iterations); each student's Start
takes a part (ClassEngine.join); one job in the JobQueue trains every part handed out in turns, with the server's
training threads (one core left to the pages); the board pools the saved parts (classroom.board).

Printed as the last line, one JSON object: ``students``, ``board_complete_s`` (from the teacher's start until every
network has BOARD_SEEDS seeds on the board), ``all_done_s``, ``plain_gap`` and ``resnet_gap`` (deep minus shallow
final training error in points: mean, std, n over the seeds), ``first_curve_p50_s`` and ``first_curve_max_s`` (from
a student's Start to their part's first training-error point), ``peak_rss_mb`` (this process's peak resident memory),
the budget (``iterations``, ``part_size``, the measured seconds per iteration) and the machine.

Evidence: README, "The class experiment at class size".
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import tempfile
import threading
import time
from pathlib import Path

from resnet_viz.train import classroom, parts
from resnet_viz.train.config import PRESETS
from resnet_viz.train.engine import _cpu_name, server_threads
from resnet_viz.train.jobs import JobQueue


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def gap(board: classroom.Board, kind: str) -> dict[str, float | int | None]:
    e = board.effects.get(kind)
    if not e:
        return {"mean": None, "std": None, "n": 0}
    return {"mean": round(e["mean"], 2), "std": round(e["std"], 2) if e["n"] > 1 else None, "n": e["n"]}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=30)
    p.add_argument("--minutes", type=float, default=10.0, help="the teacher's minutes for the board (default 10)")
    p.add_argument("--arrivals-s", type=float, default=120.0, help="students press Start within this many seconds")
    p.add_argument("--threads", type=int, default=None, help="training threads (default: the server's rule)")
    p.add_argument("--seed", type=int, default=0, help="seed of the simulated arrival times")
    p.add_argument("--timeout-s", type=float, default=None, help="give up after (default: 2x the minutes)")
    args = p.parse_args(argv)
    threads = args.threads or server_threads("cpu")
    root = Path(tempfile.mkdtemp(prefix="class-experiment-"))
    queue = JobQueue(slots={"cpu": 1})
    engines = parts.ClassEngines(lambda owner, fn, **job: queue.submit(owner, fn, device="cpu", **job),
                                 device="cpu", threads=threads, root=root)

    began = time.perf_counter()  # the teacher presses "Start a class experiment"
    recipe = classroom.recipe(PRESETS["classroom"].to_dict())
    speed = parts.measure_speed(recipe, "cpu", threads)
    budget = parts.size_iterations(recipe, args.students, args.minutes, speed)
    assignment = classroom.create(parts.sized_recipe(recipe, budget), "benchmark", root, budget)
    calibration_s = time.perf_counter() - began
    print(f"budget: {budget}; measured in {calibration_s:.1f} s", flush=True)

    t0 = time.time()  # the link is shared: the experiment starts
    rng = random.Random(args.seed)
    arrivals = sorted(rng.uniform(0, args.arrivals_s) for _ in range(args.students))
    engine = engines.get(assignment.id)
    joined: list[parts.Part] = []

    def students() -> None:
        for i, at in enumerate(arrivals):
            time.sleep(max(0.0, t0 + at - time.time()))
            joined.append(engine.join(f"student-{i}"))

    arriving = threading.Thread(target=students, name="students", daemon=True)
    arriving.start()
    timeout = args.timeout_s or 2 * 60 * args.minutes
    complete_s = all_done_s = None
    last_print = 0.0
    while time.time() - t0 < timeout:
        time.sleep(1.0)
        board = classroom.board(assignment.id, root, engines.counts(assignment.id))
        now = time.time() - t0
        if complete_s is None and board.complete:
            complete_s = now
        counts = engine.counts()
        if now - last_print >= 30:
            last_print = now
            print(f"{now:5.0f} s: {len(joined)} joined, parts {counts}, complete {board.complete}, "
                  f"rss {peak_rss_mb():.0f} MB", flush=True)
        if not arriving.is_alive() and counts["running"] + counts["waiting"] == 0:
            all_done_s = now
            break
    engines.stop(assignment.id)
    queue.close()
    board = classroom.board(assignment.id, root)
    first = [p.first_point - p.started for p in joined if p.first_point is not None]
    result = {
        "students": args.students, "minutes": args.minutes, "threads": threads, "cpu": _cpu_name(),
        "iterations": budget["iterations"], "recipe_iterations": budget["recipe_iterations"],
        "part_size": budget["part_size"], "seconds_per_iteration": {str(d): round(s, 4) for d, s in speed.items()},
        "calibration_s": round(calibration_s, 1),
        "board_complete_s": None if complete_s is None else round(complete_s, 1),
        "all_done_s": None if all_done_s is None else round(all_done_s, 1),
        "parts_done": board.parts["done"], "parts_failed": sum(p.state == parts.FAILED for p in joined),
        "seeds_per_network": {k: len(v) for k, v in board.seeds_of.items()},
        "plain_gap": gap(board, "plain"), "resnet_gap": gap(board, "resnet"),
        "first_curve_p50_s": round(statistics.median(first), 1) if first else None,
        "first_curve_max_s": round(max(first), 1) if first else None,
        "students_without_curve": len(joined) - len(first),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
