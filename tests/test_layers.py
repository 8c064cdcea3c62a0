"""The test layers mean what they say: ``-m e2e`` selects exactly the tests in tests/e2e, ``-m "not e2e"`` every
other test (the e2e conftest's marking hook sees the whole session's items, so it must check where each lives)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def collected(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return {line for line in proc.stdout.splitlines() if "::" in line}


@pytest.mark.slow  # two collections of the whole suite by a second pytest
def test_the_e2e_marker_selects_exactly_the_browser_tests():
    e2e, rest = collected("-m", "e2e"), collected("-m", "not e2e")  # a partition of the collection, by definition
    assert e2e and rest
    assert all(test.startswith("tests/e2e/") for test in e2e)
    assert not any(test.startswith("tests/e2e/") for test in rest)
