"""A class experiment at class size, without a browser: the server's real queue and class engine, N simulated
students pressing Start at random moments in the first two minutes, and the class board read every second.

    python -m benchmarks.class_experiment --students 30          # the issue's class: 30 students, 10 minutes

What it does, as the app does it: the teacher's button measures this machine's speed with every class worker busy
and sizes the classroom recipe's iterations for the board in ``--minutes`` (resnet_viz.train.parts.size_iterations);
each student's Start takes a part, or a share of one once the board's are all handed out (ClassEngine.join); one job
in the JobQueue trains every part handed out in turns, one worker thread a core at a lowered priority
(engine.class_plan, engine.lower_priority); the board pools the saved parts (classroom.board). Meanwhile another
student opens a page every ``--page-every-s`` seconds, served in this process as the server serves it: the Lesson
page run by Streamlit's AppTest, or a photo through the Inspector's model (prediction and Grad-CAM); the same
requests are timed once on the idle machine before the experiment, for comparison.

Printed as the last line, one JSON object: ``students``, ``board_complete_s`` (from the teacher's start until every
network has BOARD_SEEDS seeds on the board), ``all_done_s``, ``plain_gap`` and ``resnet_gap`` (deep minus shallow
final training error in points: mean, std, n over the seeds), ``first_curve_p50_s`` and ``first_curve_max_s`` (from
a student's Start to their part's first training-error point), ``page_p95_s`` and ``page_p50_s`` (a page served
during the experiment) beside ``page_idle_p95_s``, ``peak_rss_mb`` (this process's peak resident memory), the budget
(``iterations``, ``part_size``, ``workers``, ``threads``, the measured seconds per network-iteration, the planned
training time) and the machine.

Evidence: README, "The class experiment at class size".
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import resource
import statistics
import tempfile
import threading
import time
from pathlib import Path

from resnet_viz.train import classroom, parts
from resnet_viz.train.config import PRESETS
from resnet_viz.train.engine import _cpu_name, class_plan
from resnet_viz.train.jobs import JobQueue


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (nearest rank) of ``values``, rounded to 10 ms; None for none."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))], 2)


class PageProbe:
    """Another student's requests, served in this process: the Lesson page (Streamlit's AppTest runs the page's
    script in a thread of this process, as the server does) and a photo through the Inspector's shipped model
    (preprocessing, top-5 and Grad-CAM, as the page computes them), taking turns."""

    def __init__(self) -> None:
        from resnet_viz.explain.sources import checkpoint_classifier, find_checkpoints

        entry = next(e for e in find_checkpoints() if e.origin == "shipped")
        self.classifier = checkpoint_classifier(entry.path)
        self.photo = (Path(__file__).resolve().parents[1] / "assets" / "samples" / "coffee.jpg").read_bytes()
        self.times: list[float] = []
        self.errors: list[str] = []
        self.stop = threading.Event()
        self._turn = 0

    def request(self) -> float:
        from streamlit.testing.v1 import AppTest

        from resnet_viz.explain import explain
        from resnet_viz.explain.images import load_image

        began = time.perf_counter()
        if self._turn % 2 == 0:
            at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
            at.run()
            if at.exception:
                raise RuntimeError(at.exception[0].message)
        else:
            _, x = self.classifier.preprocess(load_image(self.photo))
            explain(self.classifier.model, x)
        self._turn += 1
        return time.perf_counter() - began

    def sample(self, count: int) -> list[float]:
        self.request()  # the first of each kind imports and builds what later ones reuse
        self.request()
        return [self.request() for _ in range(count)]

    def every(self, seconds: float) -> None:
        while not self.stop.wait(seconds):
            try:
                self.times.append(self.request())
            except Exception as e:  # counted and said, never a dead probe that quietly stops measuring
                self.errors.append(f"{type(e).__name__}: {e}"[:200])


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
    p.add_argument("--workers", type=int, default=None, help="parts trained at once (default: the server's rule)")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: the server's rule)")
    p.add_argument("--page-every-s", type=float, default=3.0, help="a page request every this many seconds")
    p.add_argument("--seed", type=int, default=0, help="seed of the simulated arrival times")
    p.add_argument("--timeout-s", type=float, default=None, help="give up after (default: 2x the minutes)")
    args = p.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest in a plain thread warns of a missing context
    workers, threads = class_plan("cpu")
    workers, threads = args.workers or workers, args.threads or threads
    pages = PageProbe()
    idle = pages.sample(6)
    root = Path(tempfile.mkdtemp(prefix="class-experiment-"))
    queue = JobQueue(slots={"cpu": 1})
    engines = parts.ClassEngines(lambda owner, fn, **job: queue.submit(owner, fn, device="cpu", **job),
                                 device="cpu", threads=threads, root=root, workers=workers)

    began = time.perf_counter()  # the teacher presses "Start a class experiment"
    recipe = classroom.recipe(PRESETS["classroom"].to_dict())
    speed = parts.measure_speed(recipe, "cpu", threads, workers=workers)
    budget = parts.size_iterations(recipe, args.students, args.minutes, speed, workers)
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
    probing = threading.Thread(target=pages.every, args=(args.page_every_s,), name="pages", daemon=True)
    probing.start()
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
    pages.stop.set()
    probing.join()
    engines.stop(assignment.id)
    queue.close()
    board = classroom.board(assignment.id, root)
    first = [p.first_point - p.started for p in joined if p.first_point is not None]
    result = {
        "students": args.students, "minutes": args.minutes, "workers": workers, "threads": threads,
        "cpu": _cpu_name(), "cores": os.cpu_count(),
        "iterations": budget["iterations"], "recipe_iterations": budget["recipe_iterations"],
        "part_size": budget["part_size"], "board_parts": budget["board_parts"], "planned_s": budget["planned_s"],
        "seconds_per_network_iteration": {str(d): round(s, 4) for d, s in speed.items()},
        "calibration_s": round(calibration_s, 1),
        "board_complete_s": None if complete_s is None else round(complete_s, 1),
        "all_done_s": None if all_done_s is None else round(all_done_s, 1),
        "parts_done": board.parts["done"], "parts_failed": sum(p.state == parts.FAILED for p in joined),
        "seeds_per_network": {k: len(v) for k, v in board.seeds_of.items()},
        "plain_gap": gap(board, "plain"), "resnet_gap": gap(board, "resnet"),
        "first_curve_p50_s": round(statistics.median(first), 1) if first else None,
        "first_curve_max_s": round(max(first), 1) if first else None,
        "students_without_curve": len(joined) - len(first),
        "students_sharing": sum(len(p.students) > 1 for p in {id(p): p for p in joined}.values()),
        "page_requests": len(pages.times), "page_p50_s": percentile(pages.times, 50),
        "page_p95_s": percentile(pages.times, 95), "page_max_s": round(max(pages.times), 2) if pages.times else None,
        "page_idle_p95_s": percentile(idle, 95), "page_errors": len(pages.errors),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
