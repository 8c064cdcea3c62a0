"""The training engine on tiny runs: determinism, same batches and weights for twins, cancellation, metrics."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.train.config import (
    PAPER,
    PRESETS,
    ConfigError,
    TrainConfig,
    departures_from_paper,
    eval_points,
    learning_rate,
)
from resnet_viz.train.data import augment, load_dataset, normalize
from resnet_viz.train.engine import DeviceSetup, EnginePlan, engine_plan, environment
from resnet_viz.train.estimate import estimate_seconds, network_macs, run_macs
from resnet_viz.train.job import training_job
from resnet_viz.train.jobs import CANCELLED, DONE, JobQueue
from resnet_viz.train.runs import load_run
from resnet_viz.train.trainer import Trainer, train

TINY = TrainConfig(depths=(8,), width=4, dataset="fashion-mnist-sample", train_size=256, test_size=64,
                   batch_size=32, iterations=6, lr=0.05, warmup=2, augment="crop-flip", log_every=2, evals=2,
                   device="cpu", threads=1)
TIMING = ("elapsed_s", "images_per_s", "eta_s")


def without_timing(events):
    return [{k: v for k, v in e.items() if k not in TIMING and k != "environment"} for e in events]


def test_a_run_is_deterministic_for_a_seed_on_cpu():
    first = list(train(TINY))
    again = list(train(TINY))
    other = list(train(dataclasses.replace(TINY, seed=1)))
    assert without_timing(first) == without_timing(again)
    assert without_timing(first) != without_timing(other)
    assert [e["type"] for e in first] == ["start", "log", "eval", "log", "log", "eval", "end"]


def test_events_carry_the_metrics():
    events = list(train(dataclasses.replace(TINY, depths=(8, 14))))
    start, logs = events[0], [e for e in events if e["type"] == "log"]
    keys = ["plain-8", "resnet-8", "plain-14", "resnet-14"]
    assert [m["key"] for m in start["models"]] == keys
    assert start["models"][0]["params"] == start["models"][1]["params"]  # option A: the twins match exactly
    assert [d["field"] for d in start["departures"]] == [
        "dataset", "train_size", "width", "batch_size", "iterations", "lr", "warmup", "normalization"]
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
    trainer = Trainer(TINY)
    plain, residual = (trainer.network(lane).state_dict() for lane in trainer.lanes)
    assert plain.keys() == residual.keys() and all(torch.equal(plain[k], residual[k]) for k in plain)
    # the batch stream depends on the seed alone
    a = [b for _, b in zip(range(10), Trainer(TINY).batches())]
    b = [b for _, b in zip(range(10), trainer.batches())]
    assert all(torch.equal(x1, x2) and torch.equal(y1, y2) for (x1, y1), (x2, y2) in zip(a, b))


def test_the_learning_rate_schedule():
    cfg = TrainConfig(iterations=100, lr=0.1, warmup=10, milestones=(0.5, 0.75))
    assert learning_rate(cfg, 0) == pytest.approx(0.01)
    assert learning_rate(cfg, 9) == pytest.approx(0.1)
    assert [learning_rate(cfg, i) for i in (10, 49, 50, 74, 75, 99)] == pytest.approx(
        [0.1, 0.1, 0.01, 0.01, 0.001, 0.001])
    normalization = {"field": "normalization", "paper": "per-pixel", "used": "per-channel"}  # always (Sec. 4.2)
    assert departures_from_paper(PAPER) == [normalization]  # the paper's recipe is never "unchanged" here
    deep = departures_from_paper(dataclasses.replace(PAPER, depths=(20, 110)), cuda=True)
    assert deep[-2:] == [{"field": "warmup_110", "paper": "constant", "used": 0},  # ResNet-110's warm-up (Sec. 4.2)
                         {"field": "precision", "paper": "fp32", "used": "bf16"}]  # bf16 on CUDA
    assert departures_from_paper(dataclasses.replace(PAPER, device="cuda:0"))[-1]["field"] == "precision"
    assert departures_from_paper(dataclasses.replace(PAPER, depths=(20, 56), device="cpu")) == [normalization]
    assert eval_points(dataclasses.replace(cfg, evals=4)) == {25, 50, 75, 100}


def test_augmentation_crops_a_window_of_the_padded_image_and_flips():
    x = torch.arange(2 * 1 * 6 * 6, dtype=torch.float32).reshape(2, 1, 6, 6)
    out = augment(x, "crop", torch.Generator().manual_seed(0), pad=2)
    assert out.shape == x.shape
    padded = F.pad(x, (2, 2, 2, 2))
    for i in range(2):
        windows = [padded[i, :, r:r + 6, c:c + 6] for r in range(5) for c in range(5)]
        assert any(torch.equal(out[i], w) for w in windows)
    flipped = [augment(x, "crop-flip", torch.Generator().manual_seed(s), pad=0) for s in range(8)]
    assert any(torch.equal(f[0], x[0].flip(-1)) for f in flipped) and any(torch.equal(f[0], x[0]) for f in flipped)
    assert augment(x, "none", torch.Generator()) is x


def test_stopping_ends_the_run_early_with_its_metrics_so_far():
    stop = threading.Event()
    events = []
    for event in train(dataclasses.replace(TINY, iterations=50), stop):
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
    trainer = Trainer(dataclasses.replace(TINY, epochs=2))
    assert trainer.config.iterations == 2 * (256 // 32)
    with pytest.raises(ValueError, match="6n\\+2"):
        TrainConfig(depths=(21,))
    with pytest.raises(ValueError, match="augment"):
        TrainConfig(augment="mixup")
    with pytest.raises(ValueError, match="dataset"):
        TrainConfig(dataset="imagenet")


def test_threads_apply_for_the_run_only():
    before = torch.get_num_threads()
    seen = []
    for event in train(dataclasses.replace(TINY, threads=1, iterations=2)):
        seen.append(torch.get_num_threads())
    assert seen[0] == 1 and torch.get_num_threads() == before


def test_the_shipped_checkpoints_open_for_the_inspector():
    folder = Path(__file__).resolve().parents[1] / "assets" / "checkpoints"
    for residual in (False, True):
        model, meta = load_checkpoint(folder / f"fashion-mnist_{'resnet' if residual else 'plain'}20.pt")
        assert meta["architecture"]["residual"] is residual and meta["architecture"]["name"] == "cifar_resnet20"
        assert meta["dataset"] == "fashion-mnist" and meta["classes"][0] == "T-shirt/top"
        assert meta["test_accuracy"] > 0.9 and meta["test_images"] == 10_000
        sample = load_dataset("fashion-mnist-sample", "test")
        mean, std = (torch.tensor(meta["normalization"][k]).view(1, -1, 1, 1) for k in ("mean", "std"))
        with torch.no_grad():
            predictions = model(normalize(sample.images[:500], mean, std)).argmax(1)
        assert (predictions == sample.labels[:500]).float().mean() > 0.85


def test_the_engine_plan_for_each_device():
    auto = TrainConfig()
    assert engine_plan(auto, "cpu") == EnginePlan("eager", False)
    assert engine_plan(PRESETS["classroom"], "cpu") == EnginePlan("stacked", False)  # width 8: stacking pays
    assert engine_plan(auto, "mps") == EnginePlan("eager", False)
    assert engine_plan(auto, "cuda") == EnginePlan("stacked", True)
    assert engine_plan(auto, "cuda", world=2) == EnginePlan("stacked", False)
    eager = dataclasses.replace(auto, engine="eager", graphs=False)
    assert engine_plan(eager, "cuda") == EnginePlan("eager", False)
    forced = dataclasses.replace(auto, graphs=True)
    assert engine_plan(forced, "cpu").note == "graph capture needs CUDA, not cpu: ran without it"
    assert engine_plan(forced, "cuda", world=2).note == (
        "graph capture is not used with several processes: ran without it")
    assert engine_plan(dataclasses.replace(forced, engine="eager"), "cuda").label == "eager, CUDA graphs"


def test_engine_fields_are_not_recipe():
    assert departures_from_paper(dataclasses.replace(PAPER, engine="stacked", graphs=False)) == \
        departures_from_paper(PAPER)
    with pytest.raises(ConfigError, match="engine must be one of auto, eager, stacked") as caught:
        TrainConfig(engine="fast")
    assert caught.value.code == "config.engine"


def run_doc(environment, width=4, batch=32, speeds=(50.0, 1000.0, 1000.0, 1000.0)):
    """A saved run as far as the estimate reads it: one depth-8 twin pair on 16x16 1-channel images, 10 classes."""
    return {"config": {"depths": [8], "width": width, "batch_size": batch},
            "data": {"in_channels": 1, "classes": [str(c) for c in range(10)], "image_size": 16},
            "curves": {"images_per_s": list(speeds)}, "environment": dict(environment)}


def test_the_estimate_scales_a_comparable_runs_speed_by_multiply_adds():
    # cifar_resnet8, width 4, 1 channel, 16x16: stem 4·1·9·256, layer1 2·(4·4·9·256), layer2 8·4·9·64 + 8·8·9·64,
    # layer3 16·8·9·16 + 16·16·9·16, fc 16·10
    assert network_macs(8, 4, 1, 10, 16) == 9216 + 73728 + 55296 + 55296 + 160
    config = dataclasses.replace(TINY, image_size=16, iterations=100, evals=2, engine="eager")
    here = {**environment(DeviceSetup(torch.device("cpu")), threads=1), "engine": "eager"}
    # the median images/s after the first point: 1000; 100 iterations of 32 images, 2 evaluations of 64 test images
    # at a third of a training image's cost
    expected = 100 * 32 / 1000 + 2 * 64 / (3 * 1000)
    assert estimate_seconds(config, [run_doc(here)]) == pytest.approx(expected)
    wider = dataclasses.replace(config, width=8)
    ratio = run_macs([8], 8, 1, 10, 16) / run_macs([8], 4, 1, 10, 16)
    assert 3 < ratio < 4  # the convs' cost grows with width squared; the stem's and the fc's linearly
    assert estimate_seconds(wider, [run_doc(here)]) == pytest.approx(expected * ratio)
    # the comparable run nearest in multiply-adds is the one used
    nearest = run_doc(here, width=8, speeds=(1, 400, 400))
    assert estimate_seconds(wider, [run_doc(here), nearest]) == pytest.approx(100 * 32 / 400 + 2 * 64 / (3 * 400))
    assert estimate_seconds(dataclasses.replace(config, epochs=2), [run_doc(here)]) == pytest.approx(
        2 * (256 // 32) * 32 / 1000 + 2 * 64 / (3 * 1000))


def test_no_estimate_without_a_comparable_run():
    config = dataclasses.replace(TINY, image_size=16, engine="eager")
    here = {**environment(DeviceSetup(torch.device("cpu")), threads=1), "engine": "eager"}
    gpu = {"device_type": "cuda", "device": "CUDA: NVIDIA H100 80GB HBM3", "processes": 1}
    assert estimate_seconds(config, []) is None
    assert estimate_seconds(config, [run_doc(gpu)]) is None
    assert estimate_seconds(config, [run_doc({**here, "engine": "stacked"})]) is None
    assert estimate_seconds(config, [run_doc({**here, "threads": 2, "device": "CPU (2 threads)"})]) is None
    assert estimate_seconds(config, [run_doc(here, speeds=())]) is None
    assert estimate_seconds(dataclasses.replace(config, engine="stacked"), [run_doc(here)]) is None


def test_batch_norm_is_part_of_the_recipe_and_an_old_run_file_had_it():
    no_bn = dataclasses.replace(PRESETS["classroom"], batch_norm=False)
    assert TrainConfig.from_dict(no_bn.to_dict()) == no_bn
    old = PRESETS["classroom"].to_dict()
    del old["batch_norm"]  # a run file written before the option
    assert TrainConfig.from_dict(old).batch_norm is True
    assert {"field": "batch_norm", "paper": True, "used": False} in departures_from_paper(no_bn)
    assert engine_plan(no_bn, "cpu").engine == "eager"  # "auto" would stack this width-8 run with BN
    assert engine_plan(dataclasses.replace(no_bn, engine="auto"), "cuda").engine == "eager"
    with pytest.raises(ConfigError, match="stacked engine needs batch norm") as caught:
        dataclasses.replace(no_bn, engine="stacked")
    assert caught.value.code == "config.stacked_bn"


def test_the_trainer_builds_nets_without_batch_norm_when_asked():
    trainer = Trainer(dataclasses.replace(TINY, batch_norm=False, iterations=1))
    nets = [trainer.network(lane) for lane in trainer.lanes]
    assert len(nets) == 2 and not [m for n in nets for m in n.modules() if isinstance(m, torch.nn.BatchNorm2d)]
