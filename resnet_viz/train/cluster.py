"""Training and transfer jobs on a school's cluster: Dask distributed (``RESNET_VIZ_CLUSTER=tcp://host:8786``).

The server's :class:`ClusterQueue` is the in-process :class:`~resnet_viz.train.jobs.JobQueue` with one more
device, ``cluster``: a job whose function says how to run it elsewhere (a :class:`RemoteSpec`, attached by
:func:`resnet_viz.train.job.training_job` and :func:`resnet_viz.transfer.run.transfer_job`) waits in the same queue
(so a student sees their place), then runs on a worker as :func:`remote_job`, the app's own function, with the
config's fields checked again there. Nothing a browser sends runs as code: a spec holds a kind and a config's values.

- Progress streams back through a Dask ``Queue`` (the live curve moves as with a local run); Stop sets a Dask
  ``Event`` the worker polls.
- The worker writes the run file and checkpoints in a temporary folder and returns their bytes; the server writes
  them atomically into its own runs folder, so a run file is never half-written and lands where local runs do.
- A worker killed mid-run: Dask runs the job again on another worker; the student reads one line saying so.
- The scheduler gone: the job (and every later one) runs in-process, with one notice.
- A worker running another version of the project (:func:`fingerprint` of the library's source) is refused: it
  gets no jobs, the sidebar says why, and :func:`remote_job` refuses to run on it anyway.
- A worker started with ``--resources GPU=1`` (``scripts/worker.sh`` does so where ``nvidia-smi`` answers) is
  preferred for the big jobs (:data:`BIG_JOB`); the run file names the device the job ran on.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from resnet_viz.errors import UserError
from resnet_viz.files import write_atomic
from resnet_viz.train.jobs import Job, JobQueue
from resnet_viz.train.remote import RemoteSpec

ENV = "RESNET_VIZ_CLUSTER"
CLUSTER = "cluster"  # the queue's device name for jobs sent to the cluster
BIG_JOB = 2_000_000  # iterations × sum of depths from which a run prefers a GPU worker (classroom 36,480; paper 9.7M)
POLL_S = 0.2  # how often a worker looks for Stop, and the server for progress and the end
SEND_EVERY_S = 0.25  # a worker sends progress at most this often (and always the last)


class ClusterError(UserError):
    MESSAGES = {
        "cluster.version": "the worker {worker} runs another version of ResNet Explorer ({theirs}; this server: "
                           "{ours}): its runs would not be comparable. Install this version there and restart it",
        "cluster.kind": "unknown job kind {kind!r}",
    }


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """The project's version as a worker must match it: a hash of the library's source (12 hex digits)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# -- on the worker ----------------------------------------------------------------------------------------------


class _WorkerJob:
    """What a job function sees on a worker: ``update`` sends progress to the server (at most every
    :data:`SEND_EVERY_S`, and the last one always), ``cancelled`` follows the server's Stop."""

    def __init__(self, queue: Any, stop: Any) -> None:
        self._queue, self._stop = queue, stop
        self.cancelled = threading.Event()
        self._pending: dict[str, Any] = {}
        self._sent = 0.0
        self._done = threading.Event()
        threading.Thread(target=self._watch_stop, daemon=True).start()

    def _watch_stop(self) -> None:
        while not self._done.is_set():
            if self._stop.is_set():
                self.cancelled.set()
                return
            self._done.wait(POLL_S)

    def update(self, **progress: Any) -> None:
        self._pending.update(progress)
        if time.monotonic() - self._sent >= SEND_EVERY_S:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._queue.put(self._pending)
            self._pending, self._sent = {}, time.monotonic()

    def close(self) -> None:
        self.flush()
        self._done.set()


def _job_function(spec: RemoteSpec, folder: Path) -> Callable[[Any], str]:
    """The app's own job function for ``spec``, writing into ``folder``; the config is validated as it is built."""
    if spec.kind == "train":
        from resnet_viz.train.config import TrainConfig
        from resnet_viz.train.job import training_job

        return training_job(TrainConfig.from_dict(spec.config), folder, spec.label,
                            checkpoints=folder / "checkpoints" if spec.checkpoints else None,
                            assignment=spec.assignment)
    if spec.kind == "transfer":
        from resnet_viz.transfer import TransferConfig
        from resnet_viz.transfer.run import transfer_job

        return transfer_job(TransferConfig(**spec.config), folder, spec.label, checkpoints=bool(spec.checkpoints))
    raise ClusterError("cluster.kind", kind=spec.kind)


def remote_job(spec: RemoteSpec, version: str, channel: str) -> dict[str, Any]:
    """Run ``spec`` on this worker (Dask calls it): refuse another version, say where it runs, stream progress to
    the Dask queue ``channel``, stop when the event ``channel + '-stop'`` is set; return the files it wrote."""
    from distributed import Event, Queue, get_worker

    from resnet_viz.device import pick_device

    worker = get_worker()
    if version != fingerprint():
        raise ClusterError("cluster.version", worker=worker.address, theirs=fingerprint(), ours=version)
    queue = Queue(channel)
    queue.put({"worker": worker.address, "worker_device": str(pick_device())})
    job = _WorkerJob(queue, Event(channel + "-stop"))
    try:
        with tempfile.TemporaryDirectory(prefix="resnet-viz-job-") as tmp:
            folder = Path(tmp)
            path = Path(_job_function(spec, folder)(job))
            doc = json.loads(path.read_text())  # the run file names where it ran: the worker, beside its device
            doc.setdefault("environment", {})["worker"] = str(worker.name)
            write_atomic(path, json.dumps(doc, indent=1).encode())
            files = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
            return {"path": str(Path(path).relative_to(folder)), "files": files, "worker": worker.address}
    finally:
        job.close()


# -- on the server ----------------------------------------------------------------------------------------------


def land(spec: RemoteSpec, result: dict[str, Any]) -> str:
    """Write a remote job's files where the same job run here would have written them (each atomically, the run
    file last); the run file's path. A name that would leave its folder is refused."""
    directory = Path(spec.directory)
    for name, data in sorted(result["files"].items(), key=lambda item: item[0] == result["path"]):
        base, rel = directory, name
        if isinstance(spec.checkpoints, str) and name.startswith("checkpoints/"):
            base, rel = Path(spec.checkpoints), name.removeprefix("checkpoints/")
        target = base / rel
        if base.resolve() not in target.resolve().parents:
            raise ValueError(f"a worker sent a file outside the runs folder: {name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    return str(directory / result["path"])


class ClusterQueue(JobQueue):
    """A :class:`JobQueue` that sends the jobs that can run elsewhere to a Dask cluster at ``address``.

    Jobs wait in this queue (``slots['cluster']`` = the workers' threads, counted at each submission) and run on
    the cluster in order; the others run here as before. If the scheduler cannot be reached, every job runs here
    and :attr:`notice` says why (``'unreachable'``, ``'gone'``, ``'no_worker'``)."""

    def __init__(self, address: str, *, version: str | None = None, connect_timeout: float = 3, **queue: Any):
        super().__init__(**queue)
        self.address, self.version = address, version or fingerprint()
        self.notice: str | None = None
        self.client = None
        self._asked: tuple[float, list[dict[str, Any]]] = (float("-inf"), [])
        try:
            from distributed import Client

            self.client = Client(address, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            self.notice, self.reason = "unreachable", str(e)

    @property
    def connected(self) -> bool:
        return self.client is not None and self.client.status == "running"

    def workers(self, max_age_s: float = 0.0) -> list[dict[str, Any]]:
        """Each worker: ``address``, ``name``, ``threads``, ``gpu`` and ``version`` (None if it did not answer)
        and ``accepted`` (it runs this version). An answer up to ``max_age_s`` old is given again (the sidebar of
        every student asks every few seconds)."""
        if not self.connected:
            return []
        if max_age_s and time.monotonic() - self._asked[0] < max_age_s:
            return self._asked[1]
        try:
            info = self.client.scheduler_info(n_workers=-1)["workers"]
            versions = self.client.run(fingerprint, on_error="return")
        except Exception:  # the scheduler went away between two questions
            return []
        found = [{"address": address, "name": str(w.get("name", address)), "threads": int(w.get("nthreads", 1)),
                 "gpu": bool(w.get("resources", {}).get("GPU")),
                 "version": versions.get(address) if isinstance(versions.get(address), str) else None,
                 "accepted": versions.get(address) == self.version}
                 for address, w in sorted(info.items(), key=lambda item: str(item[1].get("name", item[0])))]
        self._asked = (time.monotonic(), found)
        return found

    def submit(self, owner: str, fn: Callable[[Job], Any], *, device: str = "cpu", label: str = "",
               detached: bool = False) -> Job:
        spec = getattr(fn, "remote", None)
        if spec is not None and not self.connected:
            self.notice = self.notice or "gone"
        elif spec is not None:
            accepted = [w for w in self.workers() if w["accepted"]]
            if accepted:
                with self._lock:
                    self.slots[CLUSTER] = sum(w["threads"] for w in accepted)
                return super().submit(owner, functools.partial(self._remote, fn, spec), device=CLUSTER, label=label,
                                      detached=detached)
            self.notice = "no_worker"
        return super().submit(owner, fn, device=device, label=label, detached=detached)

    def _remote(self, fn: Callable[[Job], Any], spec: RemoteSpec, job: Job) -> str:
        """Run ``spec`` on the cluster for ``job``: progress in, Stop out, files landed; here if the cluster goes."""
        from distributed import Event, Queue

        channel = f"resnet-viz-{uuid.uuid4().hex}"
        try:
            queue, stop = Queue(channel, client=self.client), Event(channel + "-stop", client=self.client)
            accepted = [w for w in self.workers(max_age_s=5) if w["accepted"]]  # submit() has just asked
            gpus = [w["address"] for w in accepted if w["gpu"]]
            big = bool(gpus) and spec.cost >= BIG_JOB
            future = self.client.submit(
                remote_job, spec, self.version, channel, pure=False, key=f"{job.id}-{channel[-8:]}",
                workers=gpus if big else [w["address"] for w in accepted], allow_other_workers=big)
        except Exception:  # the scheduler went between the submission and now
            return self._here(fn, job)
        workers_seen: list[str] = []
        stopping = False
        while True:
            if job.cancelled.is_set() and not stopping:  # Stop: told to the worker once
                try:
                    stop.set()
                    stopping = True
                except Exception:  # the scheduler gone: checked below
                    pass
            try:
                message = queue.get(timeout=POLL_S)
            except Exception:  # nothing new (a timeout), or the scheduler gone (checked below)
                message = None
            if message:
                if "worker" in message:
                    if workers_seen:
                        job.update(notice="moved")  # started again elsewhere: its curve restarts
                    workers_seen.append(message["worker"])
                job.update(**message)
                continue
            if future.done() or not self.connected:
                break
        if future.status == "cancelled" or (not self.connected and not future.done()):  # the scheduler went
            return self._here(fn, job)
        for message in _quietly(lambda: queue.get(batch=True), default=[]):
            job.update(**{k: v for k, v in message.items() if k != "worker"})
        result = future.result()  # a job's own error (bad data, a refused worker) is raised here, as in-process
        path = land(spec, result)
        job.update(path=path, phase="saved", reruns=max(0, len(workers_seen) - 1))
        return path

    def _here(self, fn: Callable[[Job], Any], job: Job) -> Any:
        """The scheduler went away: run the job here, from its start, and say so."""
        self.notice = "gone"
        job.update(notice="here")
        return fn(job)

    def close(self) -> None:
        super().close()
        if self.client is not None:
            _quietly(self.client.close)


def _quietly(call: Callable[[], Any], default: Any = None) -> Any:
    try:
        return call()
    except Exception:
        return default
