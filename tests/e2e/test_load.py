"""The smallest run of the classroom load test (benchmarks/load_test.py) that still has students at once: two upload
different images to the Inspector at the same time. Each must get the single-user top-1 and Grad-CAM map, see no
error, and the server's memory must settle back. Lab runs beside other students are tests/e2e/test_lab.py's (a
second browser is served while a run trains); the 20- and 30-student runs with Lab runs are the benchmark
(``python -m benchmarks.load_test``); their numbers are in the README."""

import json
import subprocess
import sys

from tests.e2e.harness import ARTIFACTS, ROOT


def test_students_at_once_get_their_own_results():
    (ARTIFACTS / "load-test.json").unlink(missing_ok=True)  # never read an earlier run's report
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_test", "--sessions", "2", "--lab-runs", "0",
         "--settle", "10", "--timeout", "600"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode in (0, 1), proc.stderr[-3000:]  # 1: the test ran and found a problem (checked below)
    report = json.loads((ARTIFACTS / "load-test.json").read_text())
    assert report["sessions"] == 2 and report["lab_runs"] == 0
    assert report["wrong_results"] == [] and report["errors_seen"] == []
    assert report["memory_after_vs_warmup"] <= 0.2, report["memory_mib"]
    assert proc.returncode == 0
