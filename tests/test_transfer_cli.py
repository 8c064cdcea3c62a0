"""``python -m resnet_viz transfer``: an ImageFolder end to end, torchvision and checkpoint backbones, the offline
default, the source backbone's command, and bad input as one line on stderr with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from resnet_viz.__main__ import main
from resnet_viz.explain import sources
from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.transfer import SOURCE_BACKBONE, load_transfer_run
from tests.hostile_corpus import _png_declaring
from tests.test_transfer import (  # noqa: F401  (fixtures)
    _resnet18_file,
    image_folder,
    offline_resnet18,
    pattern,
    png,
    tiny_backbone,
)

ROOT = Path(__file__).resolve().parents[1]


def test_an_image_folder_end_to_end(tmp_path, capsys):
    folder = image_folder(tmp_path / "flowers", n=8)
    out = tmp_path / "run.json"
    code = main(["transfer", "--backbone", str(tiny_backbone(tmp_path / "b.pt")), "--data", str(folder),
                 "--mode", "scratch,all,last,fc", "--iterations", "30", "--evals", "3", "--seed", "3",
                 "--threads", "1", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    doc = load_transfer_run(out)
    assert doc["format"] == "resnet-explorer-transfer/1" and doc["status"] == "done"
    assert list(doc["modes"]) == ["scratch", "all", "last", "fc"] and doc["classes"] == ["bright", "dark"]
    assert doc["data"]["train_per_class"] == [6, 6] and doc["data"]["val_per_class"] == [2, 2]
    assert doc["validation"]["iteration"] == [10, 20, 30] and doc["config"]["seed"] == 3
    assert doc["environment"]["threads"] == 1 and doc["normalization"]["kind"] == "weights"
    assert doc["normalization"]["mean"] == [0.4, 0.45, 0.5]  # the backbone checkpoint's own
    assert doc["modes"]["all"]["val_accuracy"] >= 0.75  # bright against dark: chance is 0.5
    for mode, entry in doc["modes"].items():
        assert len(doc["validation"]["val_accuracy"][mode]) == 3 and len(doc["curves"]["train_loss"][mode]) == 3
        assert Path(entry["checkpoint"]).parent == tmp_path / "run"
        assert sources.checkpoint_classifier(entry["checkpoint"]).classes == ("bright", "dark")
    assert "val acc" in printed and f"run file: {out}" in printed and "trainable params" in printed


def test_a_torchvision_backbone_from_the_cache_and_the_wrong_normalization(offline_resnet18, tmp_path, capsys):
    folder = image_folder(tmp_path / "photos", ("cat", "dog"), n=3)
    out = tmp_path / "r18.json"
    code = main(["transfer", "--backbone", "resnet18", "--data", str(folder), "--mode", "fc", "--iterations", "5",
                 "--wrong-normalization", "--out", str(out), "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0
    doc = load_transfer_run(out)
    assert doc["backbone"]["name"] == "resnet18" and doc["backbone"]["weights"] == "IMAGENET1K_V1"
    assert doc["preprocessing"]["resize_size"] == 256 and doc["preprocessing"]["crop_size"] == 224
    assert doc["normalization"]["kind"] == "wrong" and doc["normalization"]["std"] == [0.5] * 3
    assert "WRONG on purpose" in printed and "it " not in printed  # --quiet: the summary only
    _, meta = load_checkpoint(doc["modes"]["fc"]["checkpoint"])
    assert meta["architecture"] == {"name": "resnet18", "residual": True, "in_channels": 3, "num_classes": 2}


@pytest.mark.slow  # trains the four ways on the offline default
def test_the_offline_default_uses_the_shipped_source_backbone(tmp_path):
    out = tmp_path / "default.json"
    assert main(["transfer", "--iterations", "4", "--per-class", "2", "--val-per-class", "10", "--evals", "1",
                 "--out", str(out), "--no-checkpoints", "--quiet"]) == 0
    doc = load_transfer_run(out)
    assert doc["backbone"]["path"] == str(SOURCE_BACKBONE) and doc["data"]["kind"] == "fashion-split"
    assert doc["classes"] == ["Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    assert doc["data"]["train_size"] == 10 and doc["data"]["val_size"] == 50
    assert list(doc["modes"]) == ["all", "last", "fc", "scratch"]
    assert all(m["checkpoint"] is None for m in doc["modes"].values()) and not (tmp_path / "default").exists()


@pytest.mark.slow  # trains the source backbone
def test_the_source_backbone_command(tmp_path, capsys):
    out = tmp_path / "source.pt"
    assert main(["transfer", "--make-source-backbone", "--dataset", "fashion-mnist-sample", "--iterations", "2",
                 "--out", str(out), "--quiet"]) == 0
    assert f"source backbone: {out}" in capsys.readouterr().out
    _, meta = load_checkpoint(out)
    assert meta["classes"] == ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"]
    assert meta["architecture"]["num_classes"] == 5 and meta["input_size"] == 28
    assert meta["command"] == "python -m resnet_viz transfer --make-source-backbone --dataset fashion-mnist-sample " \
                              "--iterations 2"


def _one_class(tmp: Path) -> list[str]:
    return ["--data", str(image_folder(tmp / "one", ("cat",)))]


def _empty_class(tmp: Path) -> list[str]:
    folder = image_folder(tmp / "empty")
    (folder / "tulips").mkdir()
    return ["--data", str(folder)]


def _hostile(tmp: Path) -> list[str]:
    folder = image_folder(tmp / "hostile")
    (folder / "bright" / "x.png").write_bytes(_png_declaring(60_000, 60_000))
    return ["--data", str(folder)]


def _unreadable(tmp: Path) -> list[str]:
    folder = image_folder(tmp / "unreadable")
    (folder / "dark" / "y.png").write_bytes((folder / "dark" / "0.png").read_bytes()[:80])  # cut short
    return ["--data", str(folder)]


@pytest.mark.parametrize("make_args,expected", [
    (_one_class, "only one class ('cat')"),
    (_empty_class, "class 'tulips' has no images"),
    (_hostile, "bright/x.png (class 'bright') cannot be used: The image declares 60,000×60,000 pixels"),
    (_unreadable, "dark/y.png (class 'dark') cannot be used: The image is damaged"),
    (lambda tmp: ["--data", str(tmp / "nowhere")], "no folder at"),
    (lambda tmp: ["--backbone", "vgg16"], "unknown backbone 'vgg16'"),
    (lambda tmp: ["--backbone", "cifar_resnet20"], "cifar_resnet20 has no published pretrained weights"),
    (lambda tmp: ["--mode", "fc,head"], "unknown mode 'head'"),
    (lambda tmp: ["--per-class", "0"], "per_class must be between 1 and"),
    (lambda tmp: ["--backbone", "resnet34"], "`python -m resnet_viz fetch-weights resnet34`"),
])
def test_bad_input_is_one_line_on_stderr_with_exit_code_2(make_args, expected, offline_resnet18, tmp_path,
                                                          capsys):
    backbone = ["--backbone", str(tiny_backbone(tmp_path / "b.pt"))]
    args = make_args(tmp_path)
    code = main(["transfer", *(backbone if "--backbone" not in args else []), *args, "--iterations", "1",
                 "--out", str(tmp_path / "never.json")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1, captured.err
    assert expected in captured.err
    assert not (tmp_path / "never.json").exists()


@pytest.mark.slow  # a process of its own
def test_the_real_process_exits_2_with_one_line(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "resnet_viz", "transfer", "--data", str(tmp_path / "nothing")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr == f"error: no folder at {tmp_path / 'nothing'}\n"
