"""``python -m resnet_viz explain``: top-5 printed, overlay written; every bad input is one line and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from resnet_viz.__main__ import main
from resnet_viz.explain import sources
from resnet_viz.nets.models import build_model
from tests.hostile_corpus import build_corpus
from tests.inspector_support import tiny_checkpoint

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "assets" / "samples" / "fashion-mnist_ankle-boot.png"


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> Path:
    return tiny_checkpoint(tmp_path_factory.mktemp("ckpt") / "tiny.pt")  # untrained: the plumbing is tested


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["explain", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_top5_and_overlay(checkpoint, tmp_path, capsys):
    out_png = tmp_path / "overlay.png"
    code, out, err = run_cli(capsys, SAMPLE, "--model", checkpoint, "--out", out_png)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"tiny: top-5 for {SAMPLE.name}"
    ranked = lines[1:6]
    assert [line.split(".")[0].strip() for line in ranked] == ["1", "2", "3", "4", "5"]
    shown = [line.rsplit(" ", 1)[-1] for line in ranked]
    probabilities = [0.0 if p == "<0.1%" else float(p.rstrip("%")) for p in shown]
    assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 100.01
    assert "layer3 (7×7) written to" in lines[-1]
    overlay = np.asarray(Image.open(out_png))
    assert overlay.shape == (224, 224, 3)  # the 28×28 input, enlarged for a readable overlay


def test_target_by_name_and_layer(checkpoint, tmp_path, capsys):
    code, out, err = run_cli(capsys, SAMPLE, "--model", checkpoint, "--target", "bag", "--layer", "layer1",
                             "--out", tmp_path / "o.png")
    assert code == 0, err
    assert "Grad-CAM for 'Bag' at layer1 (28×28)" in out
    code, out, err = run_cli(capsys, SAMPLE, "--model", checkpoint, "--target", "3", "--out", tmp_path / "o.png")
    assert code == 0 and "Grad-CAM for 'Dress'" in out


@pytest.mark.parametrize("args, message", [
    (["--target", "shoe"], "no class named 'shoe'"),
    (["--target", "12"], "class 12 does not exist"),
    (["--layer", "layer4"], "no layer 'layer4'"),
    (["--opacity", "2"], "--opacity must be between 0 and 1"),
])
def test_bad_choices_are_one_line(checkpoint, tmp_path, capsys, args, message):
    code, out, err = run_cli(capsys, SAMPLE, "--model", checkpoint, *args, "--out", tmp_path / "o.png")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def test_weights_files_and_missing_models(tmp_path, capsys):
    r18 = tmp_path / "r18.pth"
    torch.save(build_model("resnet18").state_dict(), r18)
    code, _, err = run_cli(capsys, SAMPLE, "--model", "resnet34", "--weights", r18, "--out", tmp_path / "o.png")
    assert code == 2 and err.count("\n") == 1 and "do not fit resnet34" in err
    code, out, err = run_cli(capsys, SAMPLE, "--model", "resnet18", "--weights", r18, "--out", tmp_path / "o.png")
    assert code == 0 and "1." in out  # ImageNet class names from torchvision's metadata
    code, _, err = run_cli(capsys, SAMPLE, "--model", tmp_path / "missing.pt")
    assert code == 2 and err.count("\n") == 1 and "no weights file at" in err


def test_imagenet_weights_offline_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))

    def no_network(*args, **kwargs):
        raise urllib.error.URLError("no network in tests")

    monkeypatch.setattr(sources.urllib.request, "urlopen", no_network)
    code, out, err = run_cli(capsys, SAMPLE, "--model", "resnet50")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "fetch-weights resnet50" in err


def test_the_whole_hostile_corpus(checkpoint, tmp_path, capsys):
    """Odd but valid files give a top-5 and an overlay; every other one exits 2 with one line, never a traceback."""
    expectations = build_corpus(tmp_path / "corpus")
    for name, expect in expectations.items():
        out_png = tmp_path / "out" / f"{name}.png"
        out_png.parent.mkdir(exist_ok=True)
        code, out, err = run_cli(capsys, tmp_path / "corpus" / name, "--model", checkpoint, "--out", out_png)
        if expect.error:
            assert code == 2, name
            assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, (name, err)
            assert not out_png.exists()
        else:
            assert code == 0, (name, err)
            assert err == "" and out.count("\n") == 7 and out_png.stat().st_size > 0, name


@pytest.mark.slow  # a process of its own
def test_real_subprocess(checkpoint, tmp_path):
    """The installed entry point, in a fresh interpreter: one good run, one bad image."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    good = subprocess.run([sys.executable, "-m", "resnet_viz", "explain", str(SAMPLE), "--model", str(checkpoint),
                           "--out", str(tmp_path / "o.png")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stdout.count("%") == 5 and (tmp_path / "o.png").is_file()
    bad_file = tmp_path / "homework.jpg"
    bad_file.write_text("not a photo\n")
    bad = subprocess.run([sys.executable, "-m", "resnet_viz", "explain", str(bad_file), "--model", str(checkpoint)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == "error: This file holds text, not an image.\n"
