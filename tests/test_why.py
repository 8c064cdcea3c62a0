"""Why it works (resnet_viz.why): the lesion study deletes exactly the blocks that keep their shape, by the identity,
on a private copy; its numbers on a tiny net equal a hand-made deletion; the shipped study of the shipped pairs
matches a fresh computation; the paths follow Binomial(n, ½)."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.explain.responses import sample_batch
from resnet_viz.nets.models import build_model
from resnet_viz.paths import SHIPPED_CHECKPOINTS, WHY_DIR
from resnet_viz.why import landscape, lesion, paths


def tiny(residual: bool) -> nn.Module:
    torch.manual_seed(0)
    return build_model("cifar_resnet14", residual=residual, num_classes=3, in_channels=1, width=4).eval()


def test_only_the_blocks_that_keep_their_shape_can_be_deleted():
    found = lesion.blocks(tiny(True))
    assert [b.name for b in found] == ["layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0", "layer3.1"]
    assert [b.deletable for b in found] == [True, True, False, True, False, True]


@pytest.mark.parametrize("residual", [True, False])
def test_a_deleted_block_is_the_identity_and_the_shared_model_is_untouched(residual):
    model = tiny(residual)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.randn(64, 1, 16, 16)
    labels = torch.randint(0, 3, (64,))
    by_hand = tiny(residual)
    by_hand.layer2[1] = nn.Identity()  # what deleting layer2.1 means
    with torch.no_grad():
        expected = (by_hand(x).argmax(1) != labels).float().mean().item()
        intact = (model(x).argmax(1) != labels).float().mean().item()
    assert lesion.error_without(model, x, labels, ["layer2.1"]) == pytest.approx(expected)
    assert lesion.error_without(model, x, labels) == pytest.approx(intact)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items()) and not model._forward_hooks
    assert all(not m._forward_hooks for m in model.modules())


def test_the_study_on_a_tiny_net_and_the_ks():
    model, x = tiny(True), torch.randn(32, 1, 16, 16)
    labels = torch.randint(0, 3, (32,))
    study = lesion.lesion_study(model, x, labels, draws=2, ks=[1, 4])
    assert study.single[2] is None and study.single[4] is None and study.images == 32
    assert study.k == [1, 4] and study.std[-1] == 0.0  # k = all four: one draw, no spread
    assert study.mean[-1] == pytest.approx(lesion.error_without(model, x, labels, ["layer1.0", "layer1.1",
                                                                                  "layer2.1", "layer3.1"]))
    assert lesion.default_ks(7) == list(range(1, 8)) and lesion.default_ks(25)[-1] == 25


def test_the_shipped_study_is_what_the_shipped_checkpoints_give():
    shipped = lesion.shipped_lesions(WHY_DIR / lesion.LESION_FILE)
    assert set(shipped) == {"plain-20", "resnet-20", "plain-56", "resnet-56"}
    model, meta = load_checkpoint(SHIPPED_CHECKPOINTS / "fashion-mnist_resnet20.pt")
    study = shipped["resnet-20"]
    x, labels = sample_batch(meta, study.images)
    assert lesion.error_without(model, x, labels) == pytest.approx(study.intact)
    assert lesion.error_without(model, x, labels, [study.blocks[1].name]) == pytest.approx(study.single[1])
    for depth in (20, 56):  # what the page says: deleting a ResNet block costs little, a plain block a lot
        assert shipped[f"resnet-{depth}"].median_rise < shipped[f"plain-{depth}"].median_rise


def test_paths_follow_the_binomial():
    assert paths.path_counts(3) == [1, 3, 3, 1] and sum(paths.path_counts(27)) == 2**27
    assert paths.paper_blocks(56) == 27 and paths.paper_blocks(110) == paths.VEIT_NETWORK_BLOCKS
    low, high = paths.central_range(27)
    assert paths.share_within(27, low, high) >= 2 / 3 > paths.share_within(27, low + 1, high - 1)
    assert paths.share_within(10, 0, 10) == 1 and paths.share_within(10, 5, 5) == math.comb(10, 5) / 1024


def test_directions_are_filter_normalised_and_leave_bn_and_biases_alone():
    model = tiny(True)
    d = landscape.filter_normalised_direction(model, torch.Generator().manual_seed(0))
    for name, p in model.named_parameters():
        if p.dim() <= 1:
            assert not d[name].any(), name  # BN's scale and shift, the fc bias
        else:
            dims = tuple(range(1, p.dim()))
            norm = torch.linalg.vector_norm
            torch.testing.assert_close(norm(d[name], dim=dims), norm(p.detach(), dim=dims), rtol=1e-5, atol=1e-6)


def test_the_grid_is_centred_on_the_trained_weights_and_leaves_the_model_alone():
    model = tiny(False)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x, labels = torch.randn(48, 1, 16, 16), torch.randint(0, 3, (48,))
    seen = []
    grid = landscape.loss_grid(model, x, labels, [-1.0, 0.0, 1.0], seed=3, progress=lambda d, t: seen.append(d))
    with torch.no_grad():
        expected = torch.nn.functional.cross_entropy(model(x), labels).item()
    assert len(grid) == 3 and all(len(row) == 3 for row in grid) and seen == list(range(1, 10))
    assert grid[1][1] == pytest.approx(expected, rel=1e-5)
    assert landscape.neighbour_ratio(grid) == pytest.approx((grid[0][1] + grid[2][1] + grid[1][0] + grid[1][2])
                                                            / 4 / grid[1][1])
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


def test_the_shipped_landscapes_are_what_the_shipped_checkpoints_give():
    shipped = landscape.shipped_landscapes(WHY_DIR / landscape.LANDSCAPE_FILE)
    coords = shipped["coords"]
    assert len(coords) % 2 == 1 and coords[len(coords) // 2] == 0
    model, meta = load_checkpoint(SHIPPED_CHECKPOINTS / "fashion-mnist_resnet20.pt")
    x, labels = sample_batch(meta, shipped["images"], split="train")
    centre = len(coords) // 2
    grid = shipped["networks"]["resnet-20"]["loss"]
    assert landscape.loss_at(model, dict(model.named_parameters()), x, labels) == pytest.approx(grid[centre][centre],
                                                                                               abs=1e-4)
    [[corner]] = landscape.loss_grid(model, x, labels, [coords[0]], seed=shipped["seed"])  # one point: (-1, -1)
    assert corner == pytest.approx(grid[0][0], rel=1e-4)  # the same directions from the same seed
    # Li et al.'s finding, seen here too: at 56 layers the plain net's loss rises faster around its minimum (at 20
    # layers they found both landscapes smooth, and the page claims nothing there)
    plain, resnet = (shipped["networks"][f"{kind}-56"]["loss"] for kind in ("plain", "resnet"))
    steps = landscape.steps_to(coords)  # the distance the page compares at
    assert landscape.neighbour_ratio(plain, steps) > landscape.neighbour_ratio(resnet, steps)


def test_the_command_line_studies_one_checkpoint_in_the_issue_s_format(tmp_path, capsys):
    import argparse
    import json

    from resnet_viz.cli import why as why_cli
    from tests.inspector_support import tiny_checkpoint

    parser = argparse.ArgumentParser()
    why_cli.register(parser.add_subparsers())
    main = lambda argv: (args := parser.parse_args(argv)).func(args)  # noqa: E731 (what __main__ does)

    checkpoint = tiny_checkpoint(tmp_path / "lab.pt", name="cifar_resnet14", residual=False)
    model, meta = load_checkpoint(checkpoint)
    assert main(["lesion", str(checkpoint), "--images", "12", "--draws", "2", "--out", str(tmp_path / "l.json")]) == 0
    report = json.loads((tmp_path / "l.json").read_text())
    x, labels = sample_batch(meta, 12)
    assert report["baseline_error"] == pytest.approx(lesion.error_without(model, x, labels))
    assert [(b["name"], b["downsampling"]) for b in report["blocks"]] == [
        ("layer1.0", False), ("layer1.1", False), ("layer2.0", True), ("layer2.1", False), ("layer3.0", True),
        ("layer3.1", False)]
    assert report["blocks"][2]["error"] is None  # kept, never deleted
    assert report["blocks"][3]["error"] == pytest.approx(lesion.error_without(model, x, labels, ["layer2.1"]))
    assert [d["k"] for d in report["deletions"]] == [1, 2, 3, 4] and report["deletions"][-1]["std"] == 0
    errors = sorted(b["error"] for b in report["blocks"] if b["error"] is not None)  # four: the median is a mean
    assert lesion.from_report(report).median_rise == pytest.approx((errors[1] + errors[2]) / 2
                                                                   - report["baseline_error"])

    out = tmp_path / "s.json"
    assert main(["landscape", str(checkpoint), "--grid", "3", "--images", "12", "--seed", "1", "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["alphas"] == report["betas"] == [-1.0, 0.0, 1.0]
    assert len(report["loss"]) == 3 and all(len(row) == 3 for row in report["loss"] + report["accuracy"])
    x, labels = sample_batch(meta, 12, split="train")
    loss, accuracy = landscape.measure_at(model, dict(model.named_parameters()), x, labels)
    assert report["loss"][1][1] == pytest.approx(loss, abs=1e-4)
    assert report["accuracy"][1][1] == pytest.approx(accuracy, abs=1e-4)
    assert main(["landscape", str(checkpoint), "--grid", "4", "--out", str(out)]) == 2  # no centre point
    capsys.readouterr()


def test_the_surfaces_share_one_logarithmic_scale_and_mark_the_trained_weights():
    from resnet_viz.plots.why import landscape_surface

    grids = {"plain-56": [[100.0, 10.0, 100.0], [10.0, 0.1, 10.0], [100.0, 10.0, 1000.0]],
             "resnet-56": [[1.0, 1.0, 1.0], [1.0, 0.01, 1.0], [1.0, 1.0, 1.0]]}
    fig = landscape_surface(grids, [-1.0, 0.0, 1.0])
    surfaces = [t for t in fig.data if t.type == "surface"]
    assert [(s.cmin, s.cmax) for s in surfaces] == [(-2.0, 3.0)] * 2  # log₁₀ of the lowest and highest of both
    assert fig.layout.scene.zaxis.range == fig.layout.scene2.zaxis.range == (-2.0, 3.0)
    assert list(fig.layout.scene.zaxis.ticktext) == ["0.01", "0.1", "1", "10", "100", "1000"]
    assert [list(t.z) for t in fig.data if t.type == "scatter3d"] == [[-1.0], [-2.0]]  # the centres
    assert [s.showscale for s in surfaces] == [False, True]


def test_a_lab_checkpoint_s_live_study_reports_progress_and_stops_when_told(monkeypatch):
    from resnet_viz.why import live

    assert live.network_key("runs/x/fashion-mnist-sample_plain56.pt") == "plain-56"
    assert live.network_key("fashion-mnist_resnet20.pt") == "resnet-20"
    assert live.network_key("cifar10_resnet20.pt") is None  # tested on the Fashion-MNIST sample: not this one
    monkeypatch.setattr(live, "LIVE_IMAGES", 12)
    monkeypatch.setattr(live, "LIVE_LANDSCAPE_IMAGES", 12)
    monkeypatch.setattr(live, "LIVE_POINTS", 3)
    model = build_model("cifar_resnet8", residual=True, num_classes=10, in_channels=1, width=4).eval()
    meta = {"normalization": {"mean": [0.5], "std": [0.25]}, "input_size": 28}
    seen = []
    result = live.live_study(model, meta, progress=lambda part, done, total: seen.append((part, done, total)))
    assert seen[-1] == ("landscape", 9, 9) and ("lesion", 1, seen[0][2]) == seen[0]
    assert [s for s in seen if s[0] == "lesion"][-1][1] == seen[0][2]  # the lesion's total is what it counts
    assert len(result["landscape"]["loss"]) == 3 and result["lesion"].images == 12

    def stop(part, done, total):
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        live.live_study(model, meta, progress=stop)


def test_edge_heights_are_each_grids_highest_loss():
    from resnet_viz.why.landscape import edge_heights

    assert edge_heights({"a": [[0.2, 3.0], [1.0, 0.5]], "b": [[0.1]]}) == {"a": 3.0, "b": 0.1}


def test_the_page_compares_the_loss_at_the_same_distance_on_any_grid():
    grid = [[float(10 * r + c) for c in range(5)] for r in range(5)]  # centre 22
    assert landscape.neighbour_ratio(grid, 2) == pytest.approx((2 + 42 + 20 + 24) / 4 / 22)
    assert [landscape.steps_to(landscape.grid_coords(n)) for n in (3, 11, 21, 41)] == [1, 1, 2, 4]  # 0.2 away
