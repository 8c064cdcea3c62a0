"""A school's cluster (resnet_viz.train.cluster) on a real local Dask cluster: a scheduler and two worker processes
on loopback. The same seed gives the same run as in-process; curves stream while it trains and Stop stops it; a
worker killed mid-run and the job still completes elsewhere, its run file written once; a worker of another version
is refused; without a scheduler jobs run here, with a notice."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import sys
import time
import types
from pathlib import Path

import pytest

from resnet_viz.train.cluster import CLUSTER, ClusterError, ClusterQueue, fingerprint, remote_job
from resnet_viz.train.config import TrainConfig
from resnet_viz.train.job import training_job
from resnet_viz.train.jobs import CANCELLED, DONE, JobQueue
from resnet_viz.train.runs import load_run

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

CONFIG = TrainConfig(depths=(8,), width=4, dataset="fashion-mnist-sample", train_size=256, test_size=64,
                     batch_size=32, iterations=24, log_every=4, evals=2, augment="none", device="cpu", threads=1)


@pytest.fixture(scope="module", autouse=True)
def plain_main():
    """Dask starts its worker processes with multiprocessing's spawn, which runs the parent's ``__main__`` again in
    each: after an ``AppTest.from_function`` (tests/app/test_widget_state.py) that is a temporary Streamlit script,
    and every worker failed to start. The workers get an empty ``__main__`` here, as under ``python -m``."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="module")
def cluster(plain_main):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as c:
        yield c


@pytest.fixture
def queue(cluster):
    q = ClusterQueue(cluster.scheduler_address, watch_every_s=None)
    yield q
    q.close()


def first_point(job, timeout: float = 120) -> None:
    """Wait until the server has the first point of the job's curve: it is training on a worker."""
    deadline = time.monotonic() + timeout
    while not (job.progress().get("run") or {}).get("curves", {}).get("iteration") and time.monotonic() < deadline:
        time.sleep(0.05)


def same_run(a: dict, b: dict) -> bool:
    """The same training: every curve but the timings, the final errors, the test evaluations."""
    curves = [{k: v for k, v in run["curves"].items() if k not in ("elapsed_s", "images_per_s")} for run in (a, b)]
    return curves[0] == curves[1] and a["final"] == b["final"] and a["test"] == b["test"]


def test_the_same_seed_gives_the_same_run_as_in_process_and_curves_stream(queue, tmp_path):
    here = JobQueue(watch_every_s=None)
    local = here.wait(here.submit("a", training_job(CONFIG, tmp_path / "here")), 120)
    job = queue.submit("b", training_job(CONFIG, tmp_path / "there", checkpoints=tmp_path / "checkpoints"))
    assert job.device == CLUSTER
    seen = set()
    while not job.done:  # the live curve: the run's iterations as the server sees them, while it trains
        run = job.progress().get("run")
        if run and run["curves"]["iteration"]:
            seen.add(run["curves"]["iteration"][-1])
        time.sleep(0.02)
    assert local.state == job.state == DONE, (local.error, job.error)
    assert len(seen) >= 3, seen  # several points arrived before the end, not one at the end
    remote, ours = load_run(job.result), load_run(local.result)
    assert Path(job.result).parent == tmp_path / "there" and same_run(remote, ours)
    assert job.progress()["worker"] in {w["address"] for w in queue.workers()}
    assert remote["environment"]["worker"] in {w["name"] for w in queue.workers()}  # the run file names it
    assert list((tmp_path / "checkpoints").rglob("*.pt"))  # the networks, where a local run puts them


def test_stop_reaches_the_worker_and_the_stopped_run_lands(queue, tmp_path):
    job = queue.submit("a", training_job(dataclasses.replace(CONFIG, iterations=20_000), tmp_path))
    first_point(job)
    queue.cancel(job.id)
    queue.wait(job, 60)
    assert job.state == CANCELLED
    [saved] = tmp_path.glob("*.json")
    assert load_run(saved)["status"] == "cancelled"


def test_a_worker_killed_mid_run_and_the_job_completes_elsewhere(queue, tmp_path):
    job = queue.submit("a", training_job(dataclasses.replace(CONFIG, iterations=200), tmp_path))
    first_point(job)
    victim = job.progress()["worker"]
    pid = queue.client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    queue.wait(job, 180)
    assert job.state == DONE, job.error
    progress = job.progress()
    assert progress["notice"] == "moved" and progress["reruns"] == 1 and progress["worker"] != victim
    [saved] = tmp_path.glob("*.json")  # one run file, whole
    assert load_run(saved)["status"] == "done" and load_run(saved)["progress"]["iteration"] == 200


def test_a_worker_of_another_version_is_refused(cluster, tmp_path):
    other = ClusterQueue(cluster.scheduler_address, version="000000000000", watch_every_s=None)
    try:
        assert [w["accepted"] for w in other.workers()] == [False, False]
        assert {w["version"] for w in other.workers()} == {fingerprint()}
        job = other.submit("a", training_job(dataclasses.replace(CONFIG, iterations=4, evals=1), tmp_path))
        assert job.device == "cpu" and other.notice == "no_worker"  # it runs here instead
        other.wait(job, 120)
        assert job.state == DONE
        spec = training_job(CONFIG, tmp_path).remote
        with pytest.raises(ClusterError, match="runs another version of ResNet Explorer"):
            other.client.submit(remote_job, spec, "000000000000", "resnet-viz-test", pure=False).result()
    finally:
        other.close()


def test_without_a_scheduler_jobs_run_here_with_a_notice(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    q = ClusterQueue(f"tcp://127.0.0.1:{port}", connect_timeout=1, watch_every_s=None)
    try:
        assert q.notice == "unreachable" and q.workers() == []
        job = q.wait(q.submit("a", training_job(dataclasses.replace(CONFIG, iterations=4, evals=1), tmp_path)), 120)
        assert job.device == "cpu" and job.state == DONE
    finally:
        q.close()


def test_the_sidebar_names_the_cluster_and_its_workers(cluster, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from app_pages.ui.server import job_queue
    from tests.app.conftest import APP

    def sidebar(address: str) -> list[str]:
        monkeypatch.setenv("RESNET_VIZ_CLUSTER", address)
        job_queue.clear()  # the server's queue is made once per process: made again for this address
        at = AppTest.from_file(APP, default_timeout=120).run()
        assert not at.exception
        return [c.value for c in at.sidebar.caption]

    monkeypatch.setenv("RESNET_VIZ_RUNS_DIR", str(tmp_path))
    try:
        address = cluster.scheduler_address
        assert f"School cluster {address}: 2 workers (0, 1)" in sidebar(address)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            nobody = f"tcp://127.0.0.1:{s.getsockname()[1]}"
        assert f"The school cluster at {nobody} could not be reached: runs train on this server." in sidebar(nobody)
    finally:
        job_queue().close()
        job_queue.clear()


def test_the_scheduler_gone_mid_run_and_the_job_trains_here(tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as alone:
        q = ClusterQueue(alone.scheduler_address, watch_every_s=None)
        job = q.submit("a", training_job(dataclasses.replace(CONFIG, iterations=120), tmp_path))
        first_point(job)
    q.wait(job, 180)  # the cluster is closed: the job started again on this server
    assert job.state == DONE and job.progress()["notice"] == "here" and q.notice == "gone", job.error
    assert load_run(job.result)["progress"]["iteration"] == 120
    q.close()


def test_a_jobs_error_crosses_processes_whole():
    import pickle

    from resnet_viz.explain.images import ImageError
    from resnet_viz.train.config import ConfigError

    for error in (ClusterError("cluster.kind", kind="x"), ConfigError("config.positive", field="width", value=0),
                  ImageError("image.text")):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and (again.code, again.values, str(again)) == (error.code, error.values,
                                                                                          str(error))
