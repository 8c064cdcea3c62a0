"""The server's job queue: bounded concurrency per device, FIFO, cancellation, owners that leave, failures."""

import threading
import time

import pytest

from resnet_viz.errors import one_line
from resnet_viz.train.jobs import CANCELLED, DONE, FAILED, RUNNING, JobQueue


def blocking_job(release: threading.Event, started: list):
    """A job that runs until ``release`` is set or it is cancelled."""

    def fn(job):
        started.append(job.id)
        while not release.is_set():
            job.check()
            job.update(step=len(started))
            time.sleep(0.01)
        return job.id

    return fn


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.01)


def test_one_at_a_time_per_device_in_order():
    queue, release, started = JobQueue(), threading.Event(), []
    jobs = [queue.submit(f"owner{i}", blocking_job(release, started), device="cpu") for i in range(3)]
    wait_until(lambda: started == [jobs[0].id])
    assert [queue.position(j.id) for j in jobs] == [0, 1, 2]
    assert queue.length() == {"running": 1, "waiting": 2}
    release.set()
    for j in jobs:
        assert queue.wait(j.id, timeout=5).state == DONE
    assert started == [j.id for j in jobs] and [j.result for j in jobs] == started
    assert queue.length() == {"running": 0, "waiting": 0}


def test_devices_have_their_own_slots():
    queue, release, started = JobQueue(slots={"cpu": 1, "cuda": 2}), threading.Event(), []
    jobs = [queue.submit("o", blocking_job(release, started), device=d) for d in ("cpu", "cuda", "cuda", "cpu")]
    wait_until(lambda: len(started) == 3)
    assert [queue.position(j.id) for j in jobs] == [0, 0, 0, 1]
    release.set()
    for j in jobs:
        queue.wait(j.id, timeout=5)


def test_cancel_running_starts_the_next_and_cancel_queued_removes_it():
    queue, release, started = JobQueue(), threading.Event(), []
    a, b, c = (queue.submit(o, blocking_job(release, started)) for o in "abc")
    wait_until(lambda: a.state == RUNNING)
    assert queue.cancel(b.id)  # queued: removed at once, never runs
    assert b.state == CANCELLED and queue.position(c.id) == 1
    assert queue.cancel(a.id)  # running: asked to stop, the next one starts
    assert queue.wait(a.id, timeout=5).state == CANCELLED
    wait_until(lambda: c.state == RUNNING)
    assert started == [a.id, c.id]
    assert not queue.cancel(a.id)  # already finished
    release.set()
    assert queue.wait(c.id, timeout=5).state == DONE


def test_a_failing_job_is_its_owners_problem_only():
    queue = JobQueue()

    def oom(job):
        raise RuntimeError("CUDA out of memory. Tried to allocate 20.00 GiB\nmore details")

    bad = queue.submit("unlucky", oom)
    good = queue.submit("fine", lambda job: 42)
    assert queue.wait(bad.id, timeout=5).state == FAILED
    assert bad.error == "out of memory: try a smaller model, batch or image"
    assert queue.wait(good.id, timeout=5).result == 42


class Clock:
    """A clock the test moves by hand: the watchdog's decisions depend on it alone, never on the machine's load."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_jobs_of_owners_who_left_are_cancelled_after_grace():
    alive, clock = {"stays": True, "leaves": True}, Clock()
    queue = JobQueue(owner_alive=lambda o: alive[o], grace_s=10, watch_every_s=None, clock=clock)
    release, started = threading.Event(), []
    leaving = queue.submit("leaves", blocking_job(release, started))
    staying = queue.submit("stays", blocking_job(release, started))
    wait_until(lambda: leaving.state == RUNNING)
    clock.now += 60
    assert queue.check_owners() == [] and leaving.state == RUNNING  # alive: untouched, however long it runs
    alive["leaves"] = False  # the tab is closed
    assert queue.check_owners() == []  # gone since now
    clock.now += 9.9
    assert queue.check_owners() == [] and leaving.state == RUNNING  # within the grace period
    clock.now += 0.1
    assert queue.check_owners() == ["leaves"]
    assert queue.wait(leaving.id, timeout=5).state == CANCELLED
    wait_until(lambda: staying.state == RUNNING)  # the next job starts
    release.set()
    assert queue.wait(staying.id, timeout=5).state == DONE


def test_a_detached_job_runs_on_when_its_owner_is_gone():
    """A class experiment's job (detached) is nobody's tab: a closed tab of the same owner cancels only its own."""
    clock = Clock()
    queue = JobQueue(slots={"cpu": 2}, owner_alive=lambda o: False, grace_s=10, watch_every_s=None, clock=clock)
    release, started = threading.Event(), []
    detached = queue.submit("teacher", blocking_job(release, started), detached=True)
    own = queue.submit("teacher", blocking_job(release, started))
    wait_until(lambda: detached.state == RUNNING and own.state == RUNNING)
    queue.check_owners()
    clock.now += 60
    assert queue.check_owners() == ["teacher"]
    assert queue.wait(own.id, timeout=5).state == CANCELLED and detached.state == RUNNING
    release.set()
    assert queue.wait(detached.id, timeout=5).state == DONE


def test_a_short_disconnect_within_grace_cancels_nothing():
    alive, clock = {"o": True}, Clock()
    queue = JobQueue(owner_alive=lambda o: alive["o"], grace_s=10, watch_every_s=None, clock=clock)
    release, started = threading.Event(), []
    job = queue.submit("o", blocking_job(release, started))
    alive["o"] = False
    queue.check_owners()
    clock.now += 5  # a page reload
    alive["o"] = True
    queue.check_owners()
    alive["o"] = False  # gone again: the grace period starts afresh
    clock.now += 1
    queue.check_owners()
    clock.now += 9
    assert queue.check_owners() == [] and job.state == RUNNING  # 15 s since the first loss, 9 s since the second
    release.set()
    assert queue.wait(job.id, timeout=5).state == DONE


def test_the_watchdog_thread_cancels_an_orphan():
    """The server's configuration: a thread checks the owners on its own."""
    queue = JobQueue(owner_alive=lambda o: False, grace_s=0.0, watch_every_s=0.01)
    job = queue.submit("gone", blocking_job(threading.Event(), []))
    assert queue.wait(job.id, timeout=30).state == CANCELLED
    queue.close()


def test_finished_jobs_are_bounded_per_owner():
    queue = JobQueue(keep_per_owner=3)
    jobs = [queue.submit("o", lambda job, i=i: i) for i in range(6)]
    for j in jobs:
        queue.wait(j, timeout=5)
    assert [j.result for j in queue.jobs_of("o")] == [3, 4, 5]


def test_progress_snapshots_are_copies():
    queue, release = JobQueue(), threading.Event()
    job = queue.submit("o", blocking_job(release, []))
    wait_until(lambda: "step" in job.progress())
    snapshot = job.progress()
    snapshot["step"] = -1
    assert job.progress()["step"] != -1
    release.set()
    queue.wait(job.id, timeout=5)


@pytest.mark.parametrize("error, message", [
    (MemoryError(), "out of memory: try a smaller model, batch or image"),
    (ValueError("bad depth 21\ntraceback-ish detail"), "bad depth 21"),
    (KeyError(), "KeyError"),
])
def test_one_line_errors(error, message):
    assert one_line(error) == message


def test_memory_is_given_back_when_a_job_ends_before_the_next_starts(monkeypatch):
    events = []
    monkeypatch.setattr("resnet_viz.train.jobs.release_memory", lambda: events.append("release"))
    queue = JobQueue()

    def job(name, fail=False):
        def fn(job):
            events.append(name)
            if fail:
                raise RuntimeError("boom")
        return fn

    first = queue.submit("a", job("first", fail=True), device="cpu")
    second = queue.submit("b", job("second"), device="cpu")
    assert queue.wait(first.id, timeout=5).state == FAILED
    assert queue.wait(second.id, timeout=5).state == DONE
    assert events == ["first", "release", "second", "release"]
