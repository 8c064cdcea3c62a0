"""A small run of the classroom load test (benchmarks/load_test.py): six students upload different images to the
Inspector at once while two of them train in the Lab. Each must get the single-user top-1 and Grad-CAM map, see no
error, and the server's memory must settle back. The full 20-student run is the benchmark; its numbers are in the
README."""

import json
import subprocess
import sys

from tests.e2e.harness import ARTIFACTS, ROOT


def test_six_students_at_once_get_their_own_results():
    (ARTIFACTS / "load-test.json").unlink(missing_ok=True)  # never read an earlier run's report
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_test", "--sessions", "6", "--lab-iterations", "20",
         "--settle", "20", "--timeout", "600"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode in (0, 1), proc.stderr[-3000:]  # 1: the test ran and found a problem (checked below)
    report = json.loads((ARTIFACTS / "load-test.json").read_text())
    assert report["sessions"] == 6 and report["lab_runs"] == 2
    assert report["wrong_results"] == [] and report["errors_seen"] == []
    assert report["memory_after_vs_warmup"] <= 0.2, report["memory_mib"]
    assert proc.returncode == 0
