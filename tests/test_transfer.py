"""Transfer learning: what trains in each mode, frozen BatchNorm, the backbone's own (or wrong) normalisation, the
data (photos, folders, fashion-split) and its one-line errors, checkpoints the Inspector reopens, the job.

No downloads: torchvision's weights are made here, in its format, in a temporary torch hub cache (as in
tests/test_sources.py), and the network is cut off."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn
from torchvision.models import ResNet18_Weights

from resnet_viz import transfer
from resnet_viz.errors import Phrase
from resnet_viz.explain import sources
from resnet_viz.explain.checkpoints import CheckpointError, load_checkpoint, save_checkpoint
from resnet_viz.explain.images import Preprocess
from resnet_viz.nets.models import build_model
from resnet_viz.paths import REFERENCE_TRANSFER
from resnet_viz.train.jobs import JobQueue
from resnet_viz.transfer import TransferConfig, TransferError, TransferRun
from resnet_viz.transfer import data as transfer_data
from tests.hostile_corpus import _png_declaring

RESNET18_LAYER4 = (  # layer4 of resnet18, counted by hand from torchvision's BasicBlock (arXiv:1512.03385 Table 1)
    3 * 3 * 256 * 512  # layer4.0.conv1, stride 2
    + 3 * 3 * 512 * 512 * 3  # layer4.0.conv2, layer4.1.conv1, layer4.1.conv2
    + 256 * 512  # layer4.0.downsample.0, the 1x1 projection
    + 5 * 2 * 512  # five BatchNorm layers (bn1, bn2, downsample.1, bn1, bn2): weight and bias
)
RESNET18_BODY = 11_689_512 - (512 * 1000 + 1000)  # torchvision's resnet18 without its 1000-way fc


# ---------------------------------------------------------------------------------------------------------------
# Helpers shared with tests/test_transfer_cli.py
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _resnet18_file(tmp_path_factory) -> tuple[Path, dict]:
    """resnet18's weights file, made once per test run (random, seeded): building and saving it took 0.6 s a test."""
    torch.manual_seed(0)
    state = build_model("resnet18").state_dict()
    path = tmp_path_factory.mktemp("resnet18") / ResNet18_Weights.DEFAULT.url.rsplit("/", 1)[-1]
    torch.save(state, path)
    return path, state


@pytest.fixture
def offline_resnet18(offline, _resnet18_file):
    """resnet18's default ImageNet weights made here in an empty torch hub cache; no network. The file is a hard
    link to the one made for the run: torchvision only reads it, and each test gets its own cache folder."""
    path, state = _resnet18_file
    offline.mkdir(parents=True)
    (offline / path.name).hardlink_to(path)
    return state


def tiny_backbone(path: Path, *, name: str = "cifar_resnet8", classes: int = 4, channels: int = 3,
                  size: int = 32, seed: int = 0) -> Path:
    """A checkpoint of this app to use as a backbone: random weights, BatchNorm statistics that are not the defaults
    (so 'unchanged' means kept, not reset), its own normalisation."""
    torch.manual_seed(seed)
    model = build_model(name, in_channels=channels, num_classes=classes)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    meta = {"architecture": {"name": name, "residual": True, "num_classes": classes, "in_channels": channels,
                             "width": 16},
            "classes": [f"source {i}" for i in range(classes)],
            "normalization": {"mean": [0.4, 0.45, 0.5][:channels], "std": [0.2, 0.25, 0.3][:channels]},
            "input_size": size, "dataset": "made in a test"}
    return save_checkpoint(path, model.eval(), meta)


def png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, "PNG")
    return out.getvalue()


def pattern(kind: str, seed: int, size: tuple[int, int] = (36, 40)) -> np.ndarray:
    """Two clearly different synthetic kinds: 'bright' or 'dark' noise (RGB), or a solid 'red' or 'blue'."""
    rng = np.random.default_rng(seed)
    h, w = size
    if kind in ("red", "blue"):
        a = np.zeros((h, w, 3), np.uint8)
        a[..., 0 if kind == "red" else 2] = 255
        return a
    low = 170 if kind == "bright" else 0
    return rng.integers(low, low + 86, (h, w, 3), dtype=np.uint8)


def image_folder(root: Path, kinds: tuple[str, ...] = ("bright", "dark"), n: int = 6) -> Path:
    """An ImageFolder: one sub-folder per kind, ``n`` small PNGs in each."""
    for kind in kinds:
        (root / kind).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            (root / kind / f"{i}.png").write_bytes(png(pattern(kind, i)))
    return root


def photos(kinds: tuple[str, ...] = ("bright", "dark"), n: int = 3) -> list[tuple[bytes, str]]:
    return [(png(pattern(kind, i)), kind) for kind in kinds for i in range(n)]


# ---------------------------------------------------------------------------------------------------------------
# What trains in each mode
# ---------------------------------------------------------------------------------------------------------------


def test_trainable_parameters_per_mode_are_exact_for_torchvision_resnet18(offline_resnet18):
    backbone = transfer.load_backbone("resnet18")
    assert backbone.preprocess == Preprocess.from_weights(ResNet18_Weights.DEFAULT)
    head = 512 * 3 + 3
    expected = {"all": RESNET18_BODY + head, "last": RESNET18_LAYER4 + head, "fc": head,
                "scratch": RESNET18_BODY + head}
    for mode, count in expected.items():
        torch.manual_seed(1)
        model = backbone.build(3, pretrained=mode != "scratch")
        transfer.freeze(model, mode)
        assert transfer.trainable_parameters(model) == count, mode
        trained = {n.split(".")[0] for n, p in model.named_parameters() if p.requires_grad}
        frozen = {n.split(".")[0] for n, p in model.named_parameters() if not p.requires_grad}
        assert trained == {"all": {"conv1", "bn1", "layer1", "layer2", "layer3", "layer4", "fc"},
                           "last": {"layer4", "fc"}, "fc": {"fc"}}.get(mode, trained)
        assert not trained & frozen
        pretrained = torch.equal(model.layer2[0].conv1.weight, offline_resnet18["layer2.0.conv1.weight"])
        assert pretrained == (mode != "scratch")
    assert set(expected) == set(transfer.MODES)


def test_last_mode_of_a_cifar_backbone_trains_layer3_and_the_head(tmp_path):
    backbone = transfer.load_backbone(tiny_backbone(tmp_path / "b.pt"))
    model = backbone.build(2)
    transfer.freeze(model, "last")
    layer3 = 3 * 3 * 32 * 64 + 3 * 3 * 64 * 64 + 2 * 2 * 64  # one block, zero-padding shortcut: no parameters
    assert transfer.trainable_parameters(model) == layer3 + 64 * 2 + 2
    assert {n for n, p in model.named_parameters() if p.requires_grad} == {
        n for n, _ in model.named_parameters() if n.startswith(("layer3.", "fc."))}


@pytest.mark.parametrize("name,size", [("resnet18", 32), ("cifar_resnet8", 32)])
def test_running_the_children_in_order_is_the_forward_pass(name, size):
    torch.manual_seed(0)
    model = build_model(name, num_classes=3).eval()
    x = torch.randn(2, 3, size, size)
    n = len(list(model.children()))
    with torch.no_grad():
        for split in range(n):
            middle = transfer.forward_from(model, x, 0, split)
            assert torch.allclose(transfer.forward_from(model, middle, split), model(x), atol=1e-5), split


def test_frozen_batchnorm_stays_in_eval_mode_and_keeps_its_running_statistics(tmp_path):
    path = tiny_backbone(tmp_path / "b.pt")
    backbone = transfer.load_backbone(path)
    pretrained = backbone.state_dict
    model = backbone.build(2)
    split = transfer.freeze(model, "last")
    transfer.train_mode(model, split)
    for name, m in model.named_modules():
        if isinstance(m, nn.BatchNorm2d):
            assert m.training == name.startswith("layer3."), name
    with torch.no_grad():
        model(torch.randn(4, 3, 32, 32))  # a forward in training mode: only layer3's statistics may move
    assert torch.equal(model.bn1.running_mean, pretrained["bn1.running_mean"])
    assert not torch.equal(model.layer3[0].bn1.running_mean, pretrained["layer3.0.bn1.running_mean"])

    config = TransferConfig(backbone=str(path), data=str(image_folder(tmp_path / "data")), modes=("last", "fc"),
                            iterations=6, evals=1, log_every=3)
    runner = TransferRun(config)
    list(runner.run())
    saved = runner.save_checkpoints(tmp_path / "ck")
    for mode, file in zip(("last", "fc"), saved):
        _, meta = load_checkpoint(file)
        state = torch.load(file, weights_only=True)["state_dict"]
        for key, value in pretrained.items():
            if key.startswith("fc."):
                continue
            changed = not torch.equal(state[key], value)
            assert changed == (mode == "last" and key.startswith("layer3.")), (mode, key)
        assert meta["transfer"]["mode"] == mode


def test_a_backbone_is_never_changed_by_a_run(tmp_path):
    backbone = transfer.load_backbone(tiny_backbone(tmp_path / "b.pt"))
    before = {k: v.clone() for k, v in backbone.state_dict.items()}
    config = TransferConfig(data=str(image_folder(tmp_path / "data")), modes=("all",), iterations=3, evals=1)
    list(TransferRun(config, backbone=backbone).run())
    assert all(torch.equal(before[k], v) for k, v in backbone.state_dict.items())


# ---------------------------------------------------------------------------------------------------------------
# Preprocessing: the weights' own, or wrong on purpose
# ---------------------------------------------------------------------------------------------------------------


def _stem_inputs(config: TransferConfig) -> tuple[TransferRun, torch.Tensor]:
    """Train, recording every distinct pixel that reached a stem (the one convolution taking 3 channels) through
    a global hook: every model, every call, frozen passes, training steps and evaluations alike."""
    seen = []

    def record(module, inputs):
        if isinstance(module, nn.Conv2d) and module.in_channels == 3:
            seen.append(inputs[0].detach().permute(1, 0, 2, 3).reshape(3, -1).unique(dim=1))

    handle = nn.modules.module.register_module_forward_pre_hook(record)
    try:
        runner = TransferRun(config)
        list(runner.run())
    finally:
        handle.remove()
    return runner, torch.cat(seen, dim=1).unique(dim=1)


@pytest.mark.parametrize("backbone,mode", [("resnet18", "fc"), ("tiny", "all")])
def test_the_wrong_normalization_is_really_used_and_recorded(backbone, mode, offline_resnet18, tmp_path):
    """Solid red and blue photos hold only 0 and 255: the stem must see exactly (x - mean) / std of those, with
    the weights' own statistics, or with 0.5 and 0.5 when asked; through a frozen pass (fc) and per batch (all)."""
    if backbone == "tiny":
        backbone = str(tiny_backbone(tmp_path / "b.pt"))
        own = {"mean": [0.4, 0.45, 0.5], "std": [0.2, 0.25, 0.3]}  # what tiny_backbone's metadata says
    else:
        preset = ResNet18_Weights.DEFAULT.transforms()
        own = {"mean": list(preset.mean), "std": list(preset.std)}
    red, blue = torch.tensor([[1.0], [0.0], [0.0]]), torch.tensor([[0.0], [0.0], [1.0]])
    for wrong in (False, True):
        config = TransferConfig(backbone=backbone, photos=photos(("red", "blue")), modes=(mode,), iterations=2,
                                evals=1, wrong_normalization=wrong)
        runner, values = _stem_inputs(config)
        used = {"mean": [0.5] * 3, "std": [0.5] * 3} if wrong else own
        m, s = torch.tensor(used["mean"])[:, None], torch.tensor(used["std"])[:, None]
        expected = torch.cat([(red - m) / s, (blue - m) / s], dim=1)
        assert values.shape == (3, 2), values
        assert torch.allclose(values.sort(dim=1).values, expected.sort(dim=1).values, atol=1e-5)
        norm = runner.doc["normalization"]
        assert norm["kind"] == ("wrong" if wrong else "weights") and norm["weights"] == own
        assert norm["mean"] == pytest.approx(used["mean"]) and norm["std"] == pytest.approx(used["std"])
        _, meta = load_checkpoint(runner.save_checkpoints(tmp_path / f"ck{wrong}")[0])
        assert meta["normalization"] == {"mean": pytest.approx(used["mean"]), "std": pytest.approx(used["std"])}
        assert meta["transfer"]["normalization"] == norm["kind"]


def test_checkpoints_reopen_in_the_inspector_with_their_classes_and_preprocessing(offline_resnet18, tmp_path):
    config = TransferConfig(backbone="resnet18", data=str(image_folder(tmp_path / "data", ("daisy", "tulip"), 4)),
                            modes=("fc",), iterations=5, evals=1)
    runner = TransferRun(config)
    list(runner.run())
    path = runner.save_checkpoints(tmp_path / "ck")[0]
    assert path.name == "resnet18_fc.pt" and runner.doc["modes"]["fc"]["checkpoint"] == str(path)
    clf = sources.checkpoint_classifier(path)
    assert clf.classes == ("daisy", "tulip")
    assert clf.preprocess == Preprocess.from_weights(ResNet18_Weights.DEFAULT)  # resize 256, crop 224
    _, meta = load_checkpoint(path)
    assert meta["architecture"] == {"name": "resnet18", "residual": True, "in_channels": 3, "num_classes": 2}
    assert torch.equal(clf.model.fc.weight, runner.lanes[0].model.fc.weight)
    assert meta["val_accuracy"] == runner.doc["modes"]["fc"]["val_accuracy"]


# ---------------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------------


def test_fashion_split_is_fixed_by_the_seed_and_holds_the_target_classes():
    pre = Preprocess(crop_size=28, resize_size=28, mean=(0.3,), std=(0.35,), channels=1)
    config = TransferConfig(per_class=3, val_per_class=20)
    a, b = transfer.prepare_data(config, pre), transfer.prepare_data(config, pre)
    other = transfer.prepare_data(TransferConfig(per_class=3, val_per_class=20, seed=1), pre)
    assert a.classes == ("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
    assert a.train_images.shape == (15, 1, 28, 28) and a.train_images.dtype == torch.uint8
    assert a.counts(a.train_labels) == [3] * 5 and a.counts(a.val_labels) == [20] * 5
    assert torch.equal(a.train_images, b.train_images) and torch.equal(a.val_images, b.val_images)
    assert not torch.equal(a.train_images, other.train_images)
    assert a.info["source_classes"] == ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"]


def test_fashion_split_goes_through_a_torchvision_backbones_preprocessing():
    pre = Preprocess.from_weights(ResNet18_Weights.DEFAULT)
    data = transfer.prepare_data(TransferConfig(per_class=1, val_per_class=1), pre)
    assert data.train_images.shape == (5, 3, 224, 224)


def test_split_keeps_one_image_per_class_for_each_side_and_caps_training_images():
    labels = torch.tensor([0] * 10 + [1] * 2)
    train, val = transfer.split_indices(labels, 2, 0.25, 4, seed=0)
    assert torch.bincount(labels[train]).tolist() == [4, 1] and torch.bincount(labels[val]).tolist() == [2, 1]
    assert not set(train.tolist()) & set(val.tolist())
    again = transfer.split_indices(labels, 2, 0.25, 4, seed=0)
    assert torch.equal(again[0], train) and torch.equal(again[1], val)


def test_photos_are_decoded_safely_and_split(tmp_path):
    pre = Preprocess(crop_size=32, resize_size=32, mean=(0.5,) * 3, std=(0.5,) * 3)
    data = transfer.prepare_data(TransferConfig(photos=photos(("dark", "bright"), 4)), pre)
    assert data.classes == ("dark", "bright")  # the order the class gave them
    assert data.info["kind"] == "photos" and data.train_images.shape[1:] == (3, 32, 32)
    assert data.counts(data.train_labels) == [3, 3] and data.counts(data.val_labels) == [1, 1]


def _error(config: TransferConfig, pre: Preprocess | None = None) -> TransferError:
    pre = pre or Preprocess(crop_size=32, resize_size=32, mean=(0.5,) * 3, std=(0.5,) * 3)
    with pytest.raises(TransferError) as caught:
        transfer.prepare_data(config, pre)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300, message
    return caught.value


def test_bad_photos_get_one_line_each(monkeypatch):
    good = photos(n=3)
    e = _error(TransferConfig(photos=good[:2] + [(b"", "bright")] + good[3:]))
    assert e.code == "transfer.bad_image" and str(e).startswith("photo 3 (class 'bright') cannot be used: The file")
    assert isinstance(e.values["reason"], Phrase) and e.values["reason"].code == "image.empty"
    e = _error(TransferConfig(photos=good + [(_png_declaring(50_000, 50_000), "dark")]))
    assert e.code == "transfer.bad_image" and "refused before decoding" in str(e)
    assert _error(TransferConfig(photos=photos(("bright",)))).code == "transfer.one_class"
    assert _error(TransferConfig(photos=good + [(good[0][0], "  ")])).code == "transfer.name_empty"
    e = _error(TransferConfig(photos=good + [(good[0][0], "x" * 500)] * 2))
    assert e.code == "transfer.name_long" and "500 characters" in str(e)
    assert _error(TransferConfig(photos=good + [(good[0][0], "third")])).code == "transfer.too_few"
    kinds = tuple(f"k{i}" for i in range(7))
    assert _error(TransferConfig(photos=[(good[0][0], k) for k in kinds for _ in range(2)])).code == \
        "transfer.too_many_classes"
    monkeypatch.setattr(transfer_data, "MAX_PHOTOS", 5)  # where the check reads it
    assert _error(TransferConfig(photos=good)).code == "transfer.too_many_images"
    monkeypatch.setattr(transfer_data, "MAX_PHOTO_BYTES", 1000)
    assert _error(TransferConfig(photos=good[:4])).code == "transfer.too_many_bytes"


def test_bad_folders_get_one_line_each(tmp_path):
    folder = image_folder(tmp_path / "ok", n=3)
    (folder / ".ipynb_checkpoints").mkdir()  # hidden: not a class
    (folder / "bright" / "notes.txt").write_text("not an image: ignored, counted")
    pre = Preprocess(crop_size=32, resize_size=32, mean=(0.5,) * 3, std=(0.5,) * 3)
    data = transfer.prepare_data(TransferConfig(data=str(folder)), pre)
    assert data.classes == ("bright", "dark") and data.info["ignored_files"] == 1

    assert _error(TransferConfig(data=str(tmp_path / "none"))).code == "transfer.no_folder"
    (tmp_path / "flat").mkdir()
    assert _error(TransferConfig(data=str(tmp_path / "flat"))).code == "transfer.no_classes"
    one = image_folder(tmp_path / "one", ("bright",))
    assert _error(TransferConfig(data=str(one))).code == "transfer.one_class"
    empty = image_folder(tmp_path / "empty")
    (empty / "nothing").mkdir()
    e = _error(TransferConfig(data=str(empty)))
    assert e.code == "transfer.empty_class" and "'nothing'" in str(e)
    hostile = image_folder(tmp_path / "hostile")
    (hostile / "dark" / "bomb.png").write_bytes(_png_declaring(50_000, 50_000))
    e = _error(TransferConfig(data=str(hostile)))
    assert e.code == "transfer.bad_image" and str(e).startswith("dark/bomb.png (class 'dark') cannot be used")


# ---------------------------------------------------------------------------------------------------------------
# Backbones and settings that cannot be used
# ---------------------------------------------------------------------------------------------------------------


def test_backbone_problems_are_one_line_errors(offline_resnet18, tmp_path):
    for spec, code in (("vgg16", "transfer.backbone"), ("cifar_resnet20", "transfer.no_weights")):
        with pytest.raises(TransferError) as caught:
            transfer.load_backbone(spec)
        assert caught.value.code == code
    with pytest.raises(sources.WeightsUnavailable, match="fetch-weights resnet34"):
        transfer.load_backbone("resnet34")  # not in the cache, no network
    with pytest.raises(CheckpointError, match="no weights file"):
        transfer.load_backbone(tmp_path / "missing.pt")
    torch.manual_seed(0)
    path = save_checkpoint(tmp_path / "head.pt", build_model("cifar_resnet8", num_classes=4), {
        "architecture": {"name": "cifar_resnet8", "residual": True, "num_classes": 4, "in_channels": 3},
        "classes": ["a", "b", "c"], "normalization": {"mean": [0.5] * 3, "std": [0.5] * 3}, "input_size": 32})
    with pytest.raises(TransferError) as caught:
        transfer.load_backbone(path)
    assert caught.value.code == "transfer.head" and "4 outputs but 3 class names" in str(caught.value)


def test_settings_that_cannot_run_are_refused():
    with pytest.raises(TransferError, match="unknown mode 'top'"):
        TransferConfig(modes="fc,top")
    with pytest.raises(TransferError, match="iterations must be between 1 and"):
        TransferConfig(iterations=0)
    with pytest.raises(TransferError, match="choose at least one mode"):
        TransferConfig(modes=())
    assert TransferConfig(modes="fc, all,fc").modes == ("fc", "all")
    assert TransferConfig().backbone_spec == transfer.SOURCE_BACKBONE
    assert TransferConfig(data="folder").backbone_spec == "resnet18"


# ---------------------------------------------------------------------------------------------------------------
# The run document, the job, the lesson's comparison
# ---------------------------------------------------------------------------------------------------------------


class FakeJob:
    """What a job function sees of resnet_viz.train.jobs.Job; cancels itself after the first training-loss point."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self.updates: list[dict] = []

    def update(self, **progress) -> None:
        self.updates.append(progress)
        if "run" in progress and progress["run"]["curves"]["iteration"]:
            self.cancelled.set()


def test_the_job_publishes_the_growing_run_and_stops_when_cancelled(tmp_path):
    backbone = transfer.load_backbone(tiny_backbone(tmp_path / "b.pt"))
    config = TransferConfig(data=str(image_folder(tmp_path / "data")), modes=("all", "fc"), iterations=50,
                            log_every=2, evals=5)
    job = FakeJob()
    path = Path(transfer.transfer_job(config, tmp_path / "runs", backbone=backbone)(job))
    doc = transfer.load_transfer_run(path)
    assert doc["status"] == "cancelled" and doc["progress"]["iteration"] == 2
    assert doc["curves"]["iteration"] == [2] and all(m["checkpoint"] is None for m in doc["modes"].values())
    assert [u["phase"] for u in job.updates if "phase" in u] == ["backbone", "data", "training", "saved"]

    queue = JobQueue(watch_every_s=None)
    try:
        config = TransferConfig(data=str(image_folder(tmp_path / "data")), modes=("fc", "last"), iterations=4,
                                log_every=1, evals=2, seed=3)
        done = queue.wait(queue.submit("me", transfer.transfer_job(config, tmp_path / "runs", backbone=backbone)),
                          timeout=120)
    finally:
        queue.close()
    assert done.state == "done", done.error
    doc = transfer.load_transfer_run(done.result)
    assert doc["status"] == "done" and doc == done.progress()["run"]
    assert doc["curves"]["iteration"] == [1, 2, 3, 4] and doc["validation"]["iteration"] == [2, 4]
    assert set(doc["modes"]) == {"fc", "last"} and doc["config"]["seed"] == 3
    for mode, entry in doc["modes"].items():
        assert Path(entry["checkpoint"]).parent == tmp_path / "runs" / doc["id"]
        assert sources.checkpoint_classifier(entry["checkpoint"]).classes == ("bright", "dark")
        assert 0 <= entry["val_accuracy"] <= 1 and entry["seconds"] > 0
    saved = transfer.transfer_runs(tmp_path / "runs")
    assert len(saved) == 2 and Path(done.result) in saved


def test_normalization_cost_compares_only_runs_that_differ_in_normalization():
    def doc(kind: str, accuracy: float, seed: int = 0) -> dict:
        return {"config": {"seed": seed, "wrong_normalization": kind == "wrong"}, "normalization": {"kind": kind},
                "modes": {"fc": {"val_accuracy": accuracy}, "all": {"val_accuracy": accuracy + 0.1}}}

    assert transfer.normalization_cost(doc("weights", 0.75), doc("wrong", 0.5)) == pytest.approx(
        {"fc": 0.25, "all": 0.25})
    with pytest.raises(TransferError, match=r"\(seed\)"):
        transfer.normalization_cost(doc("weights", 0.75), doc("wrong", 0.5, seed=1))
    with pytest.raises(TransferError, match="normalization"):
        transfer.normalization_cost(doc("wrong", 0.75), doc("weights", 0.5))


def test_reference_results_read_only_finished_fashion_split_runs_with_every_mode(tmp_path):
    shipped = sorted(REFERENCE_TRANSFER.glob("*.json"))
    assert len(shipped) >= 2
    doc = transfer.load_transfer_run(shipped[0])
    (tmp_path / "good.json").write_bytes(shipped[0].read_bytes())
    for name, change in (("running", {"status": "running"}), ("folder", {"data": {**doc["data"], "kind": "folder"}}),
                         ("no-scratch", {"modes": {m: v for m, v in doc["modes"].items() if m != "scratch"}})):
        (tmp_path / f"{name}.json").write_text(json.dumps({**doc, **change, "config": {**doc["config"],
                                                                                       "per_class": 99}}))
    (tmp_path / "broken.json").write_text("{not json")
    found = transfer.reference_results(tmp_path)
    assert found == {doc["config"]["per_class"]: {m: v["val_accuracy"] for m, v in doc["modes"].items()}}
    shipped_results = transfer.reference_results()
    assert sorted(shipped_results) == sorted(transfer.load_transfer_run(p)["config"]["per_class"] for p in shipped)


def test_against_scratch_gives_the_gains_in_points_and_whether_the_frozen_features_lose():
    def run(all_, last, fc, scratch):
        return {"all": all_, "last": last, "fc": fc, "scratch": scratch}

    behind = transfer.against_scratch({5: run(0.8, 0.7, 0.66, 0.6), 20: run(0.9, 0.85, 0.7, 0.8)})
    assert (behind["few"], behind["many"]) == (5, 20)
    assert behind["gain"][5] == pytest.approx({"all": 20.0, "last": 10.0, "fc": 6.0})
    assert behind["gain"][20]["fc"] == pytest.approx(-10.0) and behind["frozen_behind"] == [20]
    ahead = transfer.against_scratch({5: run(0.8, 0.7, 0.66, 0.6), 20: run(0.9, 0.85, 0.82, 0.8)})
    assert ahead["frozen_behind"] == []
    near = transfer.against_scratch({5: run(0.8, 0.7, 0.665, 0.66), 20: run(0.9, 0.85, 0.82, 0.8)})
    assert near["frozen_behind"] == [5]  # half a point ahead is not "beating" scratch on one seed
    both = transfer.against_scratch({5: run(0.8, 0.7, 0.5, 0.6), 10: run(0, 0, 0, 0), 20: run(0.9, 0.85, 0.7, 0.8)})
    assert both["frozen_behind"] == [5, 20] and set(both["gain"]) == {5, 20}  # the fewest and the most
    with pytest.raises(ValueError):
        transfer.against_scratch({5: run(0.8, 0.7, 0.66, 0.6)})


def test_the_lesson_reads_the_run_with_the_fewest_images_per_class():
    from resnet_viz.lesson import transfer_winner

    docs = [transfer.load_transfer_run(p) for p in REFERENCE_TRANSFER.glob("*.json")]
    doc = min(docs, key=lambda d: d["config"]["per_class"])
    accuracy = {m: v["val_accuracy"] for m, v in doc["modes"].items()}
    winner = transfer_winner()
    assert winner["per_class"] == doc["config"]["per_class"] and winner["accuracy"] == accuracy
    assert winner["best"] == [m for m in accuracy if accuracy[m] == max(accuracy.values())]  # all of a tie
    best_pretrained = max(accuracy["all"], accuracy["last"], accuracy["fc"])
    assert winner["gain"] == pytest.approx(100 * (best_pretrained - accuracy["scratch"]))


def test_the_shipped_source_backbone():
    path = transfer.SOURCE_BACKBONE
    assert path.stat().st_size < 2 * 2**20
    clf = sources.checkpoint_classifier(path)
    assert clf.classes == ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat") and clf.in_channels == 1
    _, meta = load_checkpoint(path)
    assert meta["architecture"]["name"] == "cifar_resnet20" and meta["source_classes"] == [0, 1, 2, 3, 4]
    assert meta["dataset"] == "fashion-mnist" and meta["recipe"]["iterations"] == 1500
    assert meta["test_accuracy"] > 0.85 and "source backbone" in meta["note"]


@pytest.mark.slow
def test_the_offline_default_transfers_to_the_new_classes():
    """fashion-split with the shipped backbone, every mode: all four learn the five new classes well above chance."""
    # One evaluation, at the end (the same training, 8 s less); one thread, as the page trains on a 2-core server
    # (two threads stalled to 88 s while two other processes used the cores); half the page's iterations, on the
    # page's data, backbone and modes (measured: 59-82% for every mode, seeds 0 and 1; 14 s less).
    runner = TransferRun(TransferConfig(threads=1, evals=1, iterations=TransferConfig.iterations // 2))
    list(runner.run())
    doc = runner.doc
    assert doc["status"] == "done" and doc["data"]["train_size"] == 25 and doc["data"]["val_size"] == 1000
    assert doc["modes"]["fc"]["trainable_params"] == 64 * 5 + 5
    for mode, entry in doc["modes"].items():
        assert entry["val_accuracy"] > 0.5, (mode, entry["val_accuracy"])  # chance: 0.2
