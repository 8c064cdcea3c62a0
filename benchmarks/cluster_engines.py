"""Dask distributed or Ray for a school's cluster (issue: "Beyond one machine")? Both measured here, side by side, on
what the app would ask of them: the install (time and size, in a fresh virtual environment each), the start-up of a
scheduler and two worker processes on loopback until a client sees both workers, the round trip of a job that does
nothing (the overhead every training job pays), and the delay of progress messages streamed from a running job back
to the client (how late a live curve would move).

Run: ``.venv/bin/python -m benchmarks.cluster_engines`` (needs the package registry; about two minutes on 2 cores).
The last line is one JSON object: ``dask`` and ``ray``, each with ``install_s``, ``install_mb`` (site-packages
growth), ``startup_s``, ``job_overhead_ms`` (median of the round trips), ``stream_delay_ms`` (median and largest)
and the versions. ``--engine dask|ray --inner`` runs one engine's part in the current interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JOBS = 30  # round trips measured
MESSAGES = 20  # progress messages streamed, one every 50 ms
PACKAGES = {"dask": ["distributed"], "ray": ["ray"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def noop(i: int) -> int:
    return i


def arrived(queue) -> float:
    """Seconds between a message's sending (its content) and now, when the client has it."""
    sent = queue.get(timeout=60)
    return time.time() - sent


def site_packages_mb(venv: Path) -> float:
    total = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file() and not f.is_symlink())
    return total / 2**20


# -- one engine, in the interpreter of its own environment -------------------------------------------------------


def dask_inner() -> dict:
    import distributed
    from distributed import Client, Queue

    bin_dir = Path(sys.executable).parent
    port = free_port()
    began = time.perf_counter()
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    address = f"tcp://127.0.0.1:{port}"
    procs += [subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    try:
        client = Client(address, timeout=120)
        client.wait_for_workers(2, timeout=120)
        startup = time.perf_counter() - began

        trips = []
        for i in range(JOBS):
            t = time.perf_counter()
            client.submit(noop, i, pure=False).result()
            trips.append(time.perf_counter() - t)

        def stream(n: int, name: str) -> int:
            from distributed import Queue as WorkerQueue

            queue = WorkerQueue(name)
            for k in range(n):
                queue.put(time.time())
                time.sleep(0.05)
            return n

        queue = Queue("progress", client=client)
        future = client.submit(stream, MESSAGES, "progress", pure=False)
        delays = [arrived(queue) for _ in range(MESSAGES)]
        future.result()
        client.close()
        return {"version": distributed.__version__, "startup_s": startup, "trips": trips, "delays": delays}
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)


def ray_inner() -> dict:
    import ray
    from ray.util.queue import Queue

    ray_cli = str(Path(sys.executable).parent / "ray")
    port = free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    began = time.perf_counter()
    try:
        subprocess.run([ray_cli, "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
                        "--num-cpus", "1", "--include-dashboard=false", "--disable-usage-stats"], check=True,
                       env=env, capture_output=True)
        subprocess.run([ray_cli, "start", "--address", f"127.0.0.1:{port}", "--node-ip-address", "127.0.0.1",
                        "--num-cpus", "1"], check=True, env=env, capture_output=True)
        ray.init(address=f"127.0.0.1:{port}", logging_level="ERROR", log_to_driver=False)
        while sum(n["Alive"] for n in ray.nodes()) < 2:
            time.sleep(0.1)
        startup = time.perf_counter() - began

        remote_noop = ray.remote(noop)
        trips = []
        for i in range(JOBS):
            t = time.perf_counter()
            ray.get(remote_noop.remote(i))
            trips.append(time.perf_counter() - t)

        @ray.remote
        def stream(queue, n: int) -> int:
            for _ in range(n):
                queue.put(time.time())
                time.sleep(0.05)
            return n

        queue = Queue()
        ref = stream.remote(queue, MESSAGES)
        delays = [arrived(queue) for _ in range(MESSAGES)]
        ray.get(ref)
        ray.shutdown()
        return {"version": ray.__version__, "startup_s": startup, "trips": trips, "delays": delays}
    finally:
        subprocess.run([ray_cli, "stop", "--force"], env=env, capture_output=True)


# -- both, each in a fresh environment ---------------------------------------------------------------------------


def measure(engine: str, root: Path) -> dict:
    venv = root / engine
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    before = site_packages_mb(venv)
    began = time.perf_counter()
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES[engine]], check=True,
                   capture_output=True)
    install_s = time.perf_counter() - began
    install_mb = site_packages_mb(venv) - before
    out = subprocess.run([str(python), __file__, "--engine", engine, "--inner"], check=True, capture_output=True,
                         text=True, timeout=600).stdout
    inner = json.loads(out.strip().splitlines()[-1])
    trips, delays = inner["trips"], inner["delays"]
    return {"version": inner["version"], "install_s": round(install_s, 1), "install_mb": round(install_mb, 1),
            "startup_s": round(inner["startup_s"], 2),
            "job_overhead_ms": round(1000 * statistics.median(trips), 2),
            "job_overhead_max_ms": round(1000 * max(trips), 2),
            "stream_delay_ms": round(1000 * statistics.median(delays), 2),
            "stream_delay_max_ms": round(1000 * max(delays), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=sorted(PACKAGES), action="append")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        (engine,) = args.engine
        print(json.dumps(dask_inner() if engine == "dask" else ray_inner()))
        return
    root = Path(tempfile.mkdtemp(prefix="cluster-engines-"))
    try:
        report = {engine: measure(engine, root) for engine in args.engine or sorted(PACKAGES)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report["cores"] = os.cpu_count()
    if "dask" in report and "ray" in report:
        for key in ("install_mb", "startup_s", "job_overhead_ms", "stream_delay_ms"):
            report[f"ray_over_dask_{key}"] = round(report["ray"][key] / max(report["dask"][key], 1e-9), 2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
