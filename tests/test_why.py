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
    again = landscape.loss_grid(model, x, labels, [coords[0], 0.0, coords[-1]], seed=shipped["seed"])
    assert again[0][0] == pytest.approx(grid[0][0], rel=1e-4)  # the same directions from the same seed
    # Li et al.'s finding, seen here too: at 56 layers the plain net's loss rises faster around its minimum (at 20
    # layers they found both landscapes smooth, and the page claims nothing there)
    plain, resnet = (shipped["networks"][f"{kind}-56"]["loss"] for kind in ("plain", "resnet"))
    assert landscape.neighbour_ratio(plain) > landscape.neighbour_ratio(resnet)
