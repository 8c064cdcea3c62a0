"""The class experiment at class size: the class shares the work of one Figure 6, and the server trains every part
that has been handed out at once, in turns, on every core.

- **Parts.** The board needs :data:`BOARD_SEEDS` seeds of every network of the recipe (plain and ResNet of each
  depth). The work is cut into parts of one seed each: a single network for a class large enough to cover the board
  with one network a student, a depth's plain/ResNet twins (trained as one stacked model) or a whole seed for a
  smaller class (:func:`part_size`). Parts are handed out seed by seed until the board's are all out; a student who
  joins after that shares a part (the one with the fewest students, a running one first): its curve is theirs too.
  A part trained alone learns exactly what it would beside the others: every network of a seed starts from the same
  weights and sees the same batches (:class:`~resnet_viz.train.trainer.Trainer`).
- **Turns.** One job in the server's queue (:class:`ClassEngine`) steps every part handed out in turn, one log
  interval (``log_every`` iterations) at a time, with one worker thread a core (:func:`engine.class_plan`): a
  student's curve moves within one round of turns of pressing Start, whoever else is training, and nobody waits
  for a turn in a line of thirty. Each worker trains on one torch thread at a lowered priority
  (:func:`engine.lower_priority`): a page or an upload takes a core from training the moment it asks for one.
- **Budget.** The recipe's iterations are sized for the board, not the class (:func:`size_iterations`): the server
  times one log interval of each depth with every worker busy (:func:`measure_speed`) and the iterations are cut,
  if needed, until the board's :data:`BOARD_SEEDS` seeds of every network fit in :data:`SHARE_OF_TIME` of the
  minutes the teacher chose; more students share parts instead of shrinking everyone's. The cut is a departure from
  the paper, listed with the others.

A part's run is saved when it ends, in ``<runs dir>/assignments/<id>/`` (out of the Lab's list of runs), tagged with
the assignment and its part; the board pools them by seed (:func:`resnet_viz.train.classroom.pool`). A student who
closes the tab loses nothing: the part trains on. A part that fails goes back to be handed out again.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from resnet_viz.errors import one_line
from resnet_viz.train import classroom
from resnet_viz.train.classroom import BOARD_SEEDS, AssignmentError, networks_of
from resnet_viz.train.config import TrainConfig, model_key
from resnet_viz.train.runs import RunRecord, save_run

SHARE_OF_TIME = 0.8  # of the teacher's minutes, for training: the rest for the pages, the test evaluations, latecomers
WAITING, RUNNING, DONE, FAILED, CANCELLED = "waiting", "running", "done", "failed", "cancelled"


def part_size(recipe: dict[str, Any], students: int) -> int:
    """Networks per part: the fewest (a divisor of a seed's networks) with which ``students`` parts cover the board."""
    per_seed = len(networks_of(recipe))
    wanted = math.ceil(BOARD_SEEDS * per_seed / max(1, students))
    return next(k for k in range(1, per_seed + 1) if per_seed % k == 0 and k >= min(wanted, per_seed))


def board_parts(recipe: dict[str, Any], size: int) -> int:
    """How many parts of ``size`` networks the board's :data:`BOARD_SEEDS` seeds take."""
    return math.ceil(BOARD_SEEDS * len(networks_of(recipe)) / size)


def layout(recipe: dict[str, Any], size: int, index: int) -> tuple[int, tuple[str, ...]]:
    """Part ``index``'s seed and networks, for parts of ``size`` networks handed out seed by seed."""
    nets = networks_of(recipe)
    first = index * size
    seed, at = divmod(first, len(nets))
    return seed, tuple(nets[at:at + size])


# ---------------------------------------------------------------------------------------------------------------
# The budget
# ---------------------------------------------------------------------------------------------------------------


def measure_speed(recipe: dict[str, Any], device: str = "cpu", threads: int | None = None,
                  intervals: int = 3, workers: int = 1) -> dict[int, float]:
    """Seconds of this machine per network-iteration of each depth of ``recipe``, with ``workers`` networks training
    at once as the class engine trains them (each in its own thread at its priority, on ``threads``): the slowest
    worker's fastest log interval after a first one (which holds the warm-up), divided by the workers. The fastest
    interval, as a page or another process busy for a moment would otherwise shrink the whole class's budget."""
    import torch

    from resnet_viz.train.engine import cpu_threads

    speed = {}
    with cpu_threads(torch.device(device), threads):
        for depth in sorted(recipe["depths"]):
            best: list[float] = []
            failed: list[BaseException] = []
            runners = [threading.Thread(target=_time_one, args=(recipe, depth, device, seed, intervals, best, failed),
                                        name=f"speed-{depth}-{seed}", daemon=True) for seed in range(workers)]
            for t in runners:
                t.start()
            for t in runners:
                t.join()
            if failed:  # the caller's, as one line where it is a UserError (missing data, a bad recipe)
                raise failed[0]
            speed[depth] = max(best) / recipe["log_every"] / workers
    return speed


def _time_one(recipe: dict[str, Any], depth: int, device: str, seed: int, intervals: int, out: list[float],
              failed: list[BaseException]) -> None:
    """The fastest of ``intervals`` log intervals of one network of ``depth`` (after the first), into ``out``; an
    error into ``failed``, for the calling thread to raise."""
    import torch

    from resnet_viz.train.engine import lower_priority
    from resnet_viz.train.trainer import Trainer

    try:
        lower_priority()
        torch.set_flush_denormal(True)  # per thread (x86 FTZ/DAZ), as each class worker sets it
        config = TrainConfig.from_dict({**recipe, "networks": (model_key(depth, False),), "device": device,
                                        "seed": seed, "warmup": 0,
                                        "iterations": (intervals + 1) * recipe["log_every"]})
        times = [e["elapsed_s"] for e in _logs(Trainer(config), intervals + 1)]
        out.append(min(b - a for a, b in zip(times, times[1:])))
    except BaseException as e:  # noqa: BLE001 - handed to the caller, raised there
        failed.append(e)


def _logs(trainer: Any, count: int) -> list[dict[str, Any]]:
    found = []
    events = trainer.run()
    for event in events:
        if event["type"] == "log":
            found.append(event)
            if len(found) == count:
                events.close()  # no test evaluation: only the training speed is wanted
                break
    return found


def size_iterations(recipe: dict[str, Any], students: int, minutes: float, speed: dict[int, float],
                    workers: int = 1) -> dict[str, Any]:
    """How many iterations the board's parts can train within ``minutes``: the recipe's, or fewer (a multiple of its
    log interval, at least two intervals). Sized for the board (:data:`BOARD_SEEDS` seeds of every network), not the
    class: students beyond the board's parts share one, so a larger class does not shrink everyone's run.

    Returns the budget: ``iterations``, ``students``, ``minutes``, ``part_size``, ``board_parts`` (parts the board
    takes), ``networks`` (network runs the board takes), ``workers`` (those with a part to train: no more than the
    parts), the ``seconds`` one iteration of all the board's networks takes (``speed`` is machine time per
    network-iteration with all ``workers`` busy), ``planned_s`` (the training time planned) and ``fits`` (False
    when even the least does not fit)."""
    size = part_size(recipe, students)
    count = board_parts(recipe, size)
    nets = [key for i in range(count) for key in layout(recipe, size, i)[1]]
    busy = max(1, min(workers, count))  # fewer parts than workers leave some idle
    per_iteration = sum(speed[int(key.split("-")[1])] for key in nets) * workers / busy
    step = recipe["log_every"]
    affordable = int(SHARE_OF_TIME * minutes * 60 / per_iteration) // step * step if per_iteration > 0 else 10**9
    least = 2 * step
    iterations = max(least, min(recipe["iterations"], affordable))
    return {"iterations": iterations, "students": students, "minutes": minutes, "part_size": size,
            "board_parts": count, "networks": len(nets), "workers": busy,
            "seconds": round(per_iteration, 4), "planned_s": round(per_iteration * iterations, 1),
            "fits": affordable >= least, "recipe_iterations": recipe["iterations"]}


def describe_budget(budget: dict[str, Any], recipe: dict[str, Any]) -> dict[str, Any]:
    """What a budget says, for its sentence: the board's ``seeds``, ``per_seed`` networks, ``networks`` runs,
    ``parts`` of ``part_size``, ``workers``, ``planned_s``, and ``students_case``: "share" (more students than
    parts: the later ones share), "cover" (one part a student) or "short" (``missing`` parts without a student:
    a small class trains whole seeds). A budget made before boards were sized (no ``board_parts``) is "old"."""
    if "board_parts" not in budget:
        return {"case": "old"}
    count, students = budget["board_parts"], budget["students"]
    case = "share" if students > count else "cover" if students == count else "short"
    return {"case": "board", "seeds": BOARD_SEEDS, "per_seed": len(networks_of(recipe)), "networks": budget["networks"],
            "parts": count, "part_size": budget["part_size"], "workers": budget["workers"],
            "planned_s": budget["planned_s"], "students_case": case, "missing": max(0, count - students)}


def sized_recipe(recipe: dict[str, Any], budget: dict[str, Any]) -> dict[str, Any]:
    """The recipe with the budget's iterations; the warm-up shrinks with them, in proportion."""
    out = dict(recipe, iterations=budget["iterations"])
    if budget["iterations"] < recipe["iterations"]:
        out["warmup"] = round(recipe["warmup"] * budget["iterations"] / recipe["iterations"])
    return out


# ---------------------------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Part:
    """A piece of the class's figure: ``networks`` of ``seed``, and how far it has come."""

    index: int
    seed: int
    networks: tuple[str, ...]
    state: str = WAITING
    students: list[str] = dataclasses.field(default_factory=list)  # the sessions given it
    started: float | None = None  # time.time() of the student's Start
    first_point: float | None = None  # when its first training-error point arrived
    finished: float | None = None
    error: str | None = None
    busy: bool = False  # a worker is stepping it now (a run's events come from one thread at a time)
    turn: int = -1  # the engine's count of turns when it was last handed to a worker (-1: never)
    path: str | None = None
    doc: dict[str, Any] | None = None  # the run so far (a snapshot: read-only)
    stop: threading.Event = dataclasses.field(default_factory=threading.Event, repr=False)
    _events: Any = dataclasses.field(default=None, repr=False)
    _record: RunRecord | None = dataclasses.field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.state in (WAITING, RUNNING)


class ClassEngine:
    """The parts of one class experiment and the job that trains them in turns.

    ``submit(fn, label)`` puts a job function in the server's queue and returns the job (``JobQueue.submit`` with
    the owner and device bound); the engine submits one whenever a part is handed out and none is in the queue.
    ``done_parts`` are the indices already saved (read from the assignment's folder when the server starts).
    ``workers`` parts train at once, each in a worker thread of the job.
    """

    def __init__(self, assignment_id: str, recipe: dict[str, Any], part_networks: int, folder: Path,
                 submit: Callable[[Callable[[Any], Any], str], Any], done_parts: dict[int, int] | None = None,
                 device: str = "cpu", threads: int | None = None, workers: int = 1) -> None:
        self.id, self.recipe, self.size, self.folder = assignment_id, recipe, part_networks, folder
        self.device, self.threads, self.workers, self._submit = device, threads, max(1, workers), submit
        self.board_parts = board_parts(recipe, part_networks)
        self._lock = threading.RLock()
        self._free = threading.Condition(self._lock)  # a part was handed out or put down by a worker
        self.parts: list[Part] = []
        self._done = dict(done_parts or {})  # part index -> seed of the parts saved before this engine
        self._by_student: dict[str, Part] = {}
        self._job: Any = None
        self._turn = 0
        self.stopped = False

    # -- students -----------------------------------------------------------------------------------------------

    def join(self, student: str) -> Part:
        """``student``'s part: the one they were given; else a part of the board nobody has yet (a failed one
        first); once the board's are all handed out, a share of the part with the fewest students (a running one
        first); a new part (another seed) only when no part of the board is left on this server to share."""
        with self._lock:
            part = self._by_student.get(student)
            if part is not None and part.state != FAILED:
                return part
            if self.stopped:
                raise AssignmentError("assignment.stopped", id=self.id)
            taken = {p.index for p in self.parts if p.state != FAILED} | set(self._done)
            index = next(i for i in range(len(taken) + 1) if i not in taken)
            shared = [p for p in self.parts if p.state not in (FAILED, CANCELLED)]
            if index >= self.board_parts and shared:
                part = min(shared, key=lambda p: (not p.active, len(p.students), p.index))
                part.students.append(student)
                self._by_student[student] = part
                return part
            seed, networks = layout(self.recipe, self.size, index)
            part = Part(index, seed, networks, students=[student], started=time.time())
            self.parts = [p for p in self.parts if p.index != index] + [part]
            self._by_student[student] = part
            self._ensure_job()
            self._free.notify_all()
            return part

    def part_of(self, student: str) -> Part | None:
        with self._lock:
            return self._by_student.get(student)

    def counts(self) -> dict[str, int]:
        """Parts done (saved, this server's life or before), running and waiting (handed out, not started yet)."""
        with self._lock:
            done = len(self._done) + sum(p.state == DONE for p in self.parts)
            return {"done": done, "running": sum(p.state == RUNNING for p in self.parts),
                    "waiting": sum(p.state == WAITING for p in self.parts),
                    "failed": sum(p.state == FAILED for p in self.parts)}

    def stop(self) -> None:
        """The teacher's Stop: every part ends (saved as cancelled) and none is handed out any more."""
        with self._lock:
            self.stopped = True
            for part in self.parts:
                part.stop.set()
                if part.state == WAITING:
                    part.state = CANCELLED
        if self._job is not None:
            self._job.cancelled.set()

    # -- the job --------------------------------------------------------------------------------------------------

    def _ensure_job(self) -> None:
        if self._job is None or self._job.done:
            self._job = self._submit(self._work, f"class experiment {self.id}")

    def _next(self, job: Any) -> Part | None:
        """The next active part in turn that no other worker is stepping (the one stepped longest ago), marked busy;
        None when this job is over (no active part left: the job then ends, under the lock). Waits while every
        active part is busy."""
        with self._lock:
            while True:
                if self._job is not job:
                    return None  # another worker of this job has ended it
                active = [p for p in self.parts if p.active]
                if not active:
                    self._job = None
                    self._free.notify_all()
                    return None
                free = [p for p in active if not p.busy]
                if free:  # the one whose turn was longest ago: a new part first, and none waits two rounds
                    part = min(free, key=lambda p: (p.turn, p.index))
                    part.busy, part.turn = True, self._turn
                    self._turn += 1
                    return part
                self._free.wait(timeout=1.0)

    def _work(self, job: Any) -> None:
        """Step the active parts in turn until none is left (or the teacher stops the experiment), with
        ``workers`` worker threads on the server's training threads for the whole job (each part's run leaves them
        as they are)."""
        import torch

        from resnet_viz.train.engine import cpu_threads

        with cpu_threads(torch.device(self.device), self.threads):
            workers = [threading.Thread(target=self._worker, args=(job,), name=f"class-{self.id}-{i}", daemon=True)
                       for i in range(self.workers)]
            for t in workers:
                t.start()
            for t in workers:
                t.join()

    def _worker(self, job: Any) -> None:
        """One worker: at a lowered priority, with denormals flushed (a per-thread setting), it steps parts."""
        import torch

        from resnet_viz.train.engine import lower_priority

        if self.device == "cpu":
            lower_priority()
            torch.set_flush_denormal(True)
        while True:
            if job.cancelled.is_set() and not self.stopped:
                self.stop()
            part = self._next(job)
            if part is None:
                return
            job.update(parts=self.counts())
            try:
                self._step(part)
            finally:
                with self._lock:
                    part.busy = False
                    self._free.notify_all()

    def _step(self, part: Part) -> None:
        """One turn of ``part``: to its next event (at most one log interval of training)."""
        try:
            if part._events is None:
                self._start(part)
            event = next(part._events)
        except Exception as e:  # a part's failure is its own: it goes back to be handed out again
            part.state, part.error, part._events = FAILED, one_line(e), None
            return
        record = part._record
        if event["type"] == "start":
            event["environment"]["time_shared"] = True  # its images/s is its share of the machine (estimates skip it)
        record.add(event)
        if event["type"] == "log" and part.first_point is None:
            part.first_point = time.time()
        part.doc = record.snapshot()
        if event["type"] == "end":
            self._finish(part)

    def _start(self, part: Part) -> None:
        from resnet_viz.train.trainer import Trainer

        config = TrainConfig.from_dict({**self.recipe, "seed": part.seed, "networks": part.networks,
                                        "device": self.device})
        part._record = RunRecord(f"{'/'.join(part.networks)} · seed {part.seed} · class {self.id}")
        part._record.doc.update(assignment=self.id, part=part.index)
        part._events = Trainer(config).run(stop=part.stop)
        part.state = RUNNING

    def _finish(self, part: Part) -> None:
        part._events = None  # the trainer and its data go
        doc = part._record.doc
        name = f"part{part.index:03d}-seed{part.seed}-{doc['id']}.json"
        try:
            part.path = str(save_run(doc, self.folder / name))
            part.state = DONE if doc["status"] == "done" else CANCELLED
        except OSError as e:
            part.state, part.error = FAILED, one_line(e)
        part.doc = part._record.snapshot()
        part._record = None
        part.finished = time.time()


def done_parts(assignment: classroom.Assignment, board: classroom.Board) -> dict[int, int]:
    """The parts (index -> seed) whose every network the board already holds: saved parts, and whole runs of the
    command line (``train --assignment ID --seed N``), so that nobody trains them again."""
    covered = {(key, seed) for key, seeds in board.seeds_of.items() for seed in seeds}
    if not covered:
        return {}
    per_seed = len(assignment.networks)
    last = (max(seed for _, seed in covered) + 1) * per_seed // assignment.part_size
    found = {}
    for index in range(last):
        seed, networks = layout(assignment.recipe, assignment.part_size, index)
        if all((key, seed) in covered for key in networks):
            found[index] = seed
    return found


class ClassEngines:
    """The server's class experiments' engines, one per class experiment, made when its first student joins.

    ``submit(owner, fn, label=..., detached=True)`` queues a job (the server's ``JobQueue.submit``, device bound): a
    class's job, owned by ``class:<id>``, is detached, so no closed tab cancels it. Runs go to ``root`` (default:
    the runs folder).
    """

    def __init__(self, submit: Callable[..., Any], device: str = "cpu", threads: int | None = None,
                 root: Path | None = None, workers: int = 1) -> None:
        self._submit, self.device, self.threads, self.root, self.workers = submit, device, threads, root, workers
        self._lock = threading.Lock()
        self._engines: dict[str, ClassEngine] = {}

    def get(self, assignment_id: str) -> ClassEngine:
        """The engine of a class experiment (AssignmentError for an unknown, damaged or stopped one)."""
        with self._lock:
            engine = self._engines.get(assignment_id)
            if engine is None:
                assignment = classroom.load(assignment_id, self.root)
                if assignment.stopped:
                    raise AssignmentError("assignment.stopped", id=assignment_id)
                done = done_parts(assignment, classroom.board(assignment_id, self.root))
                owner = f"class:{assignment_id}"
                engine = ClassEngine(assignment_id, assignment.recipe, assignment.part_size,
                                     classroom.parts_dir(assignment_id, self.root),
                                     lambda fn, label: self._submit(owner, fn, label=label, detached=True), done,
                                     self.device, self.threads, self.workers)
                self._engines[assignment_id] = engine
            return engine

    def counts(self, assignment_id: str) -> dict[str, int] | None:
        """The live counts of a class experiment with an engine on this server, else None."""
        with self._lock:
            engine = self._engines.get(assignment_id)
        return engine.counts() if engine is not None else None

    def stop(self, assignment_id: str) -> None:
        """The teacher's Stop: recorded in the assignment (no part is handed out again, even after a restart), and
        every part of it ends."""
        assignment = classroom.load(assignment_id, self.root)
        assignment.stopped = True
        classroom.save(assignment, self.root)
        with self._lock:
            engine = self._engines.get(assignment_id)
        if engine is not None:
            engine.stop()
