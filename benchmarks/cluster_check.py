"""The school's cluster end to end, on this machine: a Dask scheduler and ``--workers`` worker processes on loopback,
``--jobs`` small Lab runs sent through the app's queue (:class:`resnet_viz.train.cluster.ClusterQueue`), one worker
killed while the first job trains. Counts what completed, what ran again elsewhere and what was lost (a job not done,
or its run file missing or not whole), and the per-job overhead against the same run in-process.

Run: ``.venv/bin/python -m benchmarks.cluster_check``; the last line is one JSON object with ``workers``, ``jobs``,
``completed``, ``rerun``, ``lost``, ``in_process_s`` and ``cluster_s`` (median wall time of one job) and
``overhead_s`` (their difference).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import signal
import statistics
import tempfile
import time
from pathlib import Path

from resnet_viz.train.cluster import ClusterQueue
from resnet_viz.train.config import TrainConfig
from resnet_viz.train.job import training_job
from resnet_viz.train.jobs import DONE, JobQueue
from resnet_viz.train.runs import load_run

CONFIG = TrainConfig(depths=(8,), width=4, dataset="fashion-mnist-sample", train_size=512, test_size=128,
                     batch_size=32, iterations=120, log_every=10, evals=2, augment="none", device="cpu", threads=1)


def whole(path: str | None) -> bool:
    try:
        return path is not None and load_run(path)["status"] == "done"
    except Exception:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.ERROR)
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp, \
            LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                         host="127.0.0.1") as cluster:
        here = JobQueue(watch_every_s=None)
        local_s = []
        for i in range(2):
            began = time.perf_counter()
            here.wait(here.submit("bench", training_job(dataclasses.replace(CONFIG, seed=i), Path(tmp) / "here")))
            local_s.append(time.perf_counter() - began)
        queue = ClusterQueue(cluster.scheduler_address, watch_every_s=None)
        queue.client.run(lambda: __import__("torch"))  # the workers import torch once, as a running cluster has
        began = time.perf_counter()
        jobs = [queue.submit("bench", training_job(dataclasses.replace(CONFIG, seed=i), Path(tmp) / "cluster"))
                for i in range(args.jobs)]
        while "worker" not in jobs[0].progress() or not (jobs[0].progress().get("run") or {}).get("curves", {}).get(
                "iteration"):
            time.sleep(0.05)
        victim = jobs[0].progress()["worker"]
        os.kill(queue.client.run(os.getpid, workers=[victim])[victim], signal.SIGKILL)
        for job in jobs:
            queue.wait(job, 600)
        wall = time.perf_counter() - began
        completed = sum(j.state == DONE and whole(j.result) for j in jobs)
        cluster_s = []  # then one job at a time, as the two in-process ones ran: the overhead alone
        for i in range(2):
            started = time.perf_counter()
            queue.wait(queue.submit("bench", training_job(dataclasses.replace(CONFIG, seed=i), Path(tmp) / "one")))
            cluster_s.append(time.perf_counter() - started)
        report = {
            "workers": args.workers, "jobs": args.jobs, "completed": completed,
            "rerun": sum(j.progress().get("reruns", 0) for j in jobs), "lost": args.jobs - completed,
            "killed_worker": victim, "wall_s": round(wall, 2),
            "in_process_s": round(statistics.median(local_s), 2), "cluster_s": round(statistics.median(cluster_s), 2),
            "overhead_s": round(statistics.median(cluster_s) - statistics.median(local_s), 2),
            "cores": os.cpu_count(), "iterations_per_job": CONFIG.iterations,
        }
        queue.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
