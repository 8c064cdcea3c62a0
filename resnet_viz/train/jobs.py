"""One queue for long jobs (training runs) on a shared server: a bounded number run at once per device.

Every browser session submits its jobs here instead of starting threads of its own. A job is a function
``fn(job) -> result`` that checks ``job.cancelled`` between steps and reports progress with ``job.update(...)``.
The queue runs each in its own thread, at most ``slots[device]`` at a time per device, in order of submission.
A job whose owner has gone (a closed tab) for longer than ``grace_s`` is cancelled, queued or running.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from resnet_viz.device import release_memory
from resnet_viz.errors import one_line

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)


class JobCancelled(Exception):
    """Raised inside a job function to stop early; the job ends as cancelled."""


@dataclasses.dataclass(eq=False)
class Job:
    id: str
    owner: str
    label: str
    device: str
    fn: Callable[[Job], Any] = dataclasses.field(repr=False)
    state: str = QUEUED
    result: Any = None
    error: str | None = None  # one line, English
    exception: BaseException | None = dataclasses.field(default=None, repr=False)  # what failed, for translation
    created: float = dataclasses.field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    cancelled: threading.Event = dataclasses.field(default_factory=threading.Event, repr=False)
    detached: bool = False  # owned by no browser session: never cancelled because an owner has gone
    _progress: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False)

    def update(self, **progress: Any) -> None:
        """Publish progress (replacing the keys given); readers see a consistent snapshot."""
        with self._lock:
            self._progress.update(progress)

    def progress(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._progress)

    def check(self) -> None:
        """Raise :class:`JobCancelled` if the job has been cancelled."""
        if self.cancelled.is_set():
            raise JobCancelled

    @property
    def done(self) -> bool:
        return self.state in FINISHED


class JobQueue:
    """A FIFO per device with ``slots[device]`` jobs running at once (one per device unless told otherwise).

    ``owner_alive(owner)`` says whether a job's owner (a browser session) is still connected; jobs of owners gone
    for ``grace_s`` seconds (by ``clock``) are cancelled by :meth:`check_owners`, which a watchdog thread calls every
    ``watch_every_s`` seconds (``None``: no thread; the caller calls it). Each owner keeps at most
    ``keep_per_owner`` finished jobs.
    """

    def __init__(
        self,
        slots: dict[str, int] | None = None,
        owner_alive: Callable[[str], bool] | None = None,
        grace_s: float = 15.0,
        keep_per_owner: int = 10,
        watch_every_s: float | None = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.slots = dict(slots or {})
        self.owner_alive = owner_alive
        self.grace_s = grace_s
        self.keep_per_owner = keep_per_owner
        self.clock = clock
        self._lock = threading.RLock()
        self._waiting: dict[str, list[Job]] = {}
        self._running: dict[str, list[Job]] = {}
        self._jobs: dict[str, Job] = {}
        self._gone_since: dict[str, float] = {}
        self._ids = itertools.count(1)
        self._stop = threading.Event()
        if owner_alive is not None and watch_every_s is not None:
            threading.Thread(target=self._watch, args=(watch_every_s,), name="job-watchdog", daemon=True).start()

    # -- submitting and cancelling -----------------------------------------------------------------------------

    def submit(self, owner: str, fn: Callable[[Job], Any], *, device: str = "cpu", label: str = "",
               detached: bool = False) -> Job:
        """Queue ``fn``; a ``detached`` job (a class experiment's) runs on whether or not its owner is connected."""
        with self._lock:
            job = Job(id=f"job-{next(self._ids)}", owner=owner, label=label, device=device, fn=fn, detached=detached)
            self._jobs[job.id] = job
            self._waiting.setdefault(device, []).append(job)
            self._dispatch(device)
            return job

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued job at once, or ask a running one to stop. False if it had already finished."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.done:
                return False
            job.cancelled.set()
            waiting = self._waiting.get(job.device, [])
            if job in waiting:
                waiting.remove(job)
                self._finish(job, CANCELLED)
            return True

    def cancel_owner(self, owner: str) -> int:
        """Cancel every unfinished job of ``owner``; returns how many."""
        with self._lock:
            ids = [j.id for j in self._jobs.values() if j.owner == owner and not j.done]
        return sum(self.cancel(i) for i in ids)

    # -- reading -----------------------------------------------------------------------------------------------

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def position(self, job_id: str) -> int | None:
        """0 while running, 1 for next in line, ...; None once finished or unknown."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.done:
                return None
            if job.state == RUNNING:
                return 0
            return self._waiting[job.device].index(job) + 1

    def jobs_of(self, owner: str) -> list[Job]:
        with self._lock:
            return [j for j in self._jobs.values() if j.owner == owner]

    def length(self) -> dict[str, int]:
        """How many jobs are running and waiting, over all devices."""
        with self._lock:
            return {
                "running": sum(len(v) for v in self._running.values()),
                "waiting": sum(len(v) for v in self._waiting.values()),
            }

    def wait(self, job: Job | str, timeout: float | None = None) -> Job:
        """Block until the job (or the job with that id) has finished; for the command line and tests."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if isinstance(job, str):
            job = self._jobs[job]
        while not job.done:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"{job.id} still {job.state} after {timeout} s")
            time.sleep(0.02)
        return job

    def close(self) -> None:
        """Stop the watchdog and cancel everything (server shutdown, tests)."""
        self._stop.set()
        with self._lock:
            ids = list(self._jobs)
        for i in ids:
            self.cancel(i)

    # -- inside ------------------------------------------------------------------------------------------------

    def _dispatch(self, device: str) -> None:
        running = self._running.setdefault(device, [])
        waiting = self._waiting.setdefault(device, [])
        while waiting and len(running) < self.slots.get(device, 1):
            job = waiting.pop(0)
            job.state, job.started = RUNNING, time.time()
            running.append(job)
            threading.Thread(target=self._run, args=(job,), name=job.id, daemon=True).start()

    def _run(self, job: Job) -> None:
        state, result, error, exception = DONE, None, None, None
        try:
            result = job.fn(job)
            if job.cancelled.is_set():
                state = CANCELLED
        except JobCancelled:
            state = CANCELLED
        except Exception as e:  # a job's failure is its owner's, never the server's
            state, error, exception = FAILED, one_line(e), e
        release_memory()  # what the run held goes back to the system before the next job starts
        with self._lock:
            self._running[job.device].remove(job)
            job.result, job.error, job.exception = result, error, exception
            self._finish(job, state)
            self._dispatch(job.device)

    def _finish(self, job: Job, state: str) -> None:
        job.state, job.finished = state, time.time()
        finished = [j for j in self._jobs.values() if j.owner == job.owner and j.done]
        for old in finished[: max(0, len(finished) - self.keep_per_owner)]:
            del self._jobs[old.id]

    def _watch(self, every: float) -> None:
        while not self._stop.wait(every):
            self.check_owners()

    def check_owners(self) -> list[str]:
        """Cancel the (not detached) jobs of owners who have been gone for ``grace_s`` seconds; returns those
        owners."""
        if self.owner_alive is None:
            return []
        with self._lock:
            owners = {j.owner for j in self._jobs.values() if not j.done and not j.detached}
        now, cancelled = self.clock(), []
        for owner in owners:
            try:
                alive = self.owner_alive(owner)
            except Exception:
                alive = True  # never cancel on a failed check
            if alive:
                self._gone_since.pop(owner, None)
            elif now - self._gone_since.setdefault(owner, now) >= self.grace_s:
                with self._lock:
                    ids = [j.id for j in self._jobs.values() if j.owner == owner and not j.done and not j.detached]
                for job_id in ids:
                    self.cancel(job_id)
                self._gone_since.pop(owner, None)
                cancelled.append(owner)
        return cancelled
