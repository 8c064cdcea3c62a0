"""The training engine on tiny runs: determinism, same batches and weights for twins, cancellation, metrics."""

from __future__ import annotations

import dataclasses
import threading

import pytest
import torch
import torch.nn.functional as F

from resnet_viz import training as T
from resnet_viz.checkpoints import load_checkpoint
from resnet_viz.jobs import CANCELLED, DONE, JobQueue
from resnet_viz.runs import load_run, training_job

TINY = T.TrainConfig(depths=(8,), width=4, dataset="fashion-mnist-sample", train_size=256, test_size=64,
                     batch_size=32, iterations=6, lr=0.05, warmup=2, augment="crop-flip", log_every=2, evals=2,
                     device="cpu", threads=1)
TIMING = ("elapsed_s", "images_per_s", "eta_s")


def without_timing(events):
    return [{k: v for k, v in e.items() if k not in TIMING and k != "environment"} for e in events]


def test_a_run_is_deterministic_for_a_seed_on_cpu():
    first = list(T.train(TINY))
    again = list(T.train(TINY))
    other = list(T.train(dataclasses.replace(TINY, seed=1)))
    assert without_timing(first) == without_timing(again)
    assert without_timing(first) != without_timing(other)
    assert [e["type"] for e in first] == ["start", "log", "eval", "log", "log", "eval", "end"]


def test_events_carry_the_metrics():
    events = list(T.train(dataclasses.replace(TINY, depths=(8, 14))))
    start, logs = events[0], [e for e in events if e["type"] == "log"]
    keys = ["plain-8", "resnet-8", "plain-14", "resnet-14"]
    assert [m["key"] for m in start["models"]] == keys
    assert start["models"][0]["params"] == start["models"][1]["params"]  # option A: the twins match exactly
    assert [d["field"] for d in start["departures"]] == [
        "dataset", "train_size", "width", "batch_size", "iterations", "lr", "warmup"]
    for log in logs:
        assert set(log["train_error"]) == set(keys) and all(0 <= v <= 1 for v in log["train_error"].values())
        assert all(v > 0 for v in log["train_loss"].values()) and log["images_per_s"] > 0
        # one gradient norm per weighted layer: conv1, two convs per block, fc = the depth
        assert {k: len(v) for k, v in log["grad_norms"].items()} == {k: int(k.split("-")[1]) for k in keys}
        assert all(v > 0 for norms in log["grad_norms"].values() for v in norms)
    assert [e["iteration"] for e in events if e["type"] == "eval"] == [3, 6]
    end = events[-1]
    assert end["status"] == "done" and end["iteration"] == 6
    assert set(end["final"]) == set(keys) and all(0 <= f["test_error"] <= 1 for f in end["final"].values())


def test_twins_start_from_the_same_weights_and_see_the_same_batches():
    trainer = T.Trainer(TINY)
    plain, residual = (lane.model.state_dict() for lane in trainer.lanes)
    assert plain.keys() == residual.keys() and all(torch.equal(plain[k], residual[k]) for k in plain)
    # the batch stream depends on the seed alone
    a = [b for _, b in zip(range(10), T.Trainer(TINY).batches())]
    b = [b for _, b in zip(range(10), trainer.batches())]
    assert all(torch.equal(x1, x2) and torch.equal(y1, y2) for (x1, y1), (x2, y2) in zip(a, b))


def test_the_learning_rate_schedule():
    cfg = T.TrainConfig(iterations=100, lr=0.1, warmup=10, milestones=(0.5, 0.75))
    assert T.learning_rate(cfg, 0) == pytest.approx(0.01)
    assert T.learning_rate(cfg, 9) == pytest.approx(0.1)
    assert [T.learning_rate(cfg, i) for i in (10, 49, 50, 74, 75, 99)] == pytest.approx(
        [0.1, 0.1, 0.01, 0.01, 0.001, 0.001])
    assert T.departures_from_paper(T.PAPER) == []
    assert T.eval_points(dataclasses.replace(cfg, evals=4)) == {25, 50, 75, 100}


def test_augmentation_crops_a_window_of_the_padded_image_and_flips():
    x = torch.arange(2 * 1 * 6 * 6, dtype=torch.float32).reshape(2, 1, 6, 6)
    out = T.augment(x, "crop", torch.Generator().manual_seed(0), pad=2)
    assert out.shape == x.shape
    padded = F.pad(x, (2, 2, 2, 2))
    for i in range(2):
        windows = [padded[i, :, r:r + 6, c:c + 6] for r in range(5) for c in range(5)]
        assert any(torch.equal(out[i], w) for w in windows)
    flipped = [T.augment(x, "crop-flip", torch.Generator().manual_seed(s), pad=0) for s in range(8)]
    assert any(torch.equal(f[0], x[0].flip(-1)) for f in flipped) and any(torch.equal(f[0], x[0]) for f in flipped)
    assert T.augment(x, "none", torch.Generator()) is x


def test_stopping_ends_the_run_early_with_its_metrics_so_far():
    stop = threading.Event()
    events = []
    for event in T.train(dataclasses.replace(TINY, iterations=50), stop):
        events.append(event)
        if event["type"] == "log":
            stop.set()
    assert events[-1]["type"] == "end" and events[-1]["status"] == "cancelled"
    assert events[-1]["iteration"] == 2 and len([e for e in events if e["type"] == "log"]) == 1


def test_a_lab_job_can_be_cancelled_and_still_saves_its_run(tmp_path):
    queue = JobQueue()
    job = queue.submit("me", training_job(dataclasses.replace(TINY, iterations=10_000), tmp_path), label="t")
    while not (job.progress().get("run") or {}).get("curves", {}).get("iteration"):
        assert not job.done, job.error
        threading.Event().wait(0.05)
    queue.cancel(job.id)
    queue.wait(job.id, timeout=60)
    assert job.state == CANCELLED
    doc = load_run(job.result)
    assert doc["status"] == "cancelled" and 0 < doc["progress"]["iteration"] < 10_000


def test_a_lab_job_saves_its_run_and_checkpoints(tmp_path):
    queue = JobQueue()
    job = queue.submit("me", training_job(TINY, tmp_path / "runs", checkpoints=tmp_path / "ckpt"))
    queue.wait(job.id, timeout=120)
    assert job.state == DONE, job.error
    doc = load_run(job.result)
    assert doc["status"] == "done" and doc["environment"]["device_type"] == "cpu"
    model, meta = load_checkpoint(tmp_path / "ckpt" / doc["id"] / "fashion-mnist-sample_resnet8.pt")
    assert meta["architecture"] == {"name": "cifar_resnet8", "residual": True, "num_classes": 10, "in_channels": 1,
                                    "width": 4}
    assert meta["test_accuracy"] == pytest.approx(1 - doc["final"]["resnet-8"]["test_error"], abs=1e-4)
    assert meta["input_size"] == 28 and meta["dataset"] == "fashion-mnist-sample" and meta["recipe"]["seed"] == 0
    assert model(torch.zeros(1, 1, 28, 28)).shape == (1, 10)


def test_epochs_set_the_iterations_and_bad_configs_are_refused():
    trainer = T.Trainer(dataclasses.replace(TINY, epochs=2))
    assert trainer.config.iterations == 2 * (256 // 32)
    with pytest.raises(ValueError, match="6n\\+2"):
        T.TrainConfig(depths=(21,))
    with pytest.raises(ValueError, match="augment"):
        T.TrainConfig(augment="mixup")
    with pytest.raises(ValueError, match="dataset"):
        T.TrainConfig(dataset="imagenet")


def test_threads_apply_for_the_run_only():
    before = torch.get_num_threads()
    seen = []
    for event in T.train(dataclasses.replace(TINY, threads=1, iterations=2)):
        seen.append(torch.get_num_threads())
    assert seen[0] == 1 and torch.get_num_threads() == before


def test_the_shipped_checkpoints_open_for_the_inspector():
    folder = T.Path(__file__).resolve().parents[1] / "assets" / "checkpoints"
    for residual in (False, True):
        model, meta = load_checkpoint(folder / f"fashion-mnist_{'resnet' if residual else 'plain'}20.pt")
        assert meta["architecture"]["residual"] is residual and meta["architecture"]["name"] == "cifar_resnet20"
        assert meta["dataset"] == "fashion-mnist" and meta["classes"][0] == "T-shirt/top"
        assert meta["test_accuracy"] > 0.9 and meta["test_images"] == 10_000
        sample = T.load_dataset("fashion-mnist-sample", "test")
        mean, std = (torch.tensor(meta["normalization"][k]).view(1, -1, 1, 1) for k in ("mean", "std"))
        with torch.no_grad():
            predictions = model(T.normalize(sample.images[:500], mean, std)).argmax(1)
        assert (predictions == sample.labels[:500]).float().mean() > 0.85
