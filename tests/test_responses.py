"""Batch normalisation and layer responses on real (shipped) checkpoints: what BN computes, why evaluation mode
matters, the paper's Figure 7 measurement; nothing here changes the model it is given."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.explain.responses import (
    accuracy_by_mode,
    batch_norm_layers,
    batch_norm_view,
    median_std,
    response_stds,
    sample_batch,
)
from resnet_viz.nets.models import build_model
from resnet_viz.paths import SHIPPED_CHECKPOINTS


@pytest.fixture(scope="module")
def resnet20():
    return load_checkpoint(SHIPPED_CHECKPOINTS / "fashion-mnist_resnet20.pt")


def test_bn_in_training_mode_gives_every_channel_mean_0_and_std_1(resnet20):
    model, meta = resnet20
    before = {k: v.clone() for k, v in model.state_dict().items()}
    x, _ = sample_batch(meta, 200)
    view = batch_norm_view(model, x, "layer2.1.bn1")
    assert np.abs(view.mean_normalised).max() < 1e-6
    assert np.abs(view.std_normalised - 1).max() < 1e-2  # biased variance in BN, unbiased std here: n is large
    assert view.std_before.min() < 0.9 or view.std_before.max() > 1.1  # not normalised before BN
    assert view.before.shape == view.normalised.shape == view.after.shape and view.before.shape[0] == 4
    np.testing.assert_allclose(view.after, view.gamma[:4, None] * view.normalised + view.beta[:4, None],
                               rtol=1e-4, atol=1e-4)
    # evaluation mode uses the running statistics instead: close to, but not exactly, mean 0 and std 1
    eval_view = batch_norm_view(model, x, "layer2.1.bn1", mode="eval")
    assert 0 < np.abs(eval_view.mean_normalised).max() < 0.5
    assert not model.training and all(torch.equal(v, before[k]) for k, v in model.state_dict().items())


def test_a_batch_of_one_in_training_mode_breaks_a_trained_network(resnet20):
    model, meta = resnet20
    x, labels = sample_batch(meta, 100)
    accuracy = accuracy_by_mode(model, x, labels)
    assert accuracy.images == 100
    assert accuracy.eval_mode > 0.8  # the shipped ResNet-20 is a good classifier
    assert accuracy.train_mode_one < accuracy.eval_mode - 0.3  # each image normalised by its own statistics
    assert not model.training


def test_response_stds_follow_figure_7s_definition():
    """A hand-checkable network: the response of each 3x3 layer is its BN output, before the ReLU or the sum."""
    torch.manual_seed(0)
    model = build_model("cifar_resnet8", in_channels=1).eval()
    with torch.no_grad():
        model.layer1[0].bn2.weight.fill_(3.0)  # scale one response up: its std must follow
    x = torch.randn(16, 1, 28, 28)
    stds = dict(response_stds(model, x))
    assert list(stds) == ["bn1", "layer1.0.bn1", "layer1.0.bn2", "layer2.0.bn1", "layer2.0.bn2", "layer3.0.bn1",
                          "layer3.0.bn2"]  # every 3x3 conv's BN on the main path, in order
    seen = {}
    model.layer1[0].bn2.register_forward_hook(lambda m, i, o: seen.setdefault("y", o.detach().clone()))
    with torch.no_grad():
        model(x)
    assert stds["layer1.0.bn2"] == pytest.approx(float(seen["y"].double().std()), rel=1e-6)
    assert median_std(list(stds.items())) == pytest.approx(float(np.median(list(stds.values()))))
    assert batch_norm_layers(build_model("cifar_resnet8", shortcut="B")) == batch_norm_layers(model)  # no shortcuts


def test_figure_7_on_the_shipped_checkpoints_resnets_respond_less():
    medians = {}
    for key in ("plain20", "resnet20", "plain56", "resnet56"):
        model, meta = load_checkpoint(SHIPPED_CHECKPOINTS / f"fashion-mnist_{key}.pt")
        x, _ = sample_batch(meta, 200)
        stds = response_stds(model, x)
        assert len(stds) == int(key[-2:]) - 1  # 6n+1 3x3 layers: the stem and two per block
        medians[key] = median_std(stds)
    assert medians["resnet20"] < medians["plain20"] and medians["resnet56"] < medians["plain56"]


def test_the_figure7_reading_follows_the_medians_at_their_edges():
    """A tie within 2% is no agreement; a missing pair is not claimed; the deeper verdict needs both ResNets."""
    from resnet_viz.explain.responses import figure7_reading

    both = {"plain-20": 0.87, "resnet-20": 0.82, "plain-56": 0.86, "resnet-56": 0.82}
    assert figure7_reading(both, (20, 56)) == {"pairs": [20, 56], "agree": True, "deeper": "similar", "shallow": 20,
                                               "deep": 56, "interval": None}
    tie = dict(both, **{"resnet-56": 0.859})  # less, but by a third decimal
    assert figure7_reading(tie, (20, 56))["agree"] is False
    one_pair = {"plain-20": 0.87, "resnet-20": 0.82, "resnet-56": 0.70}
    assert figure7_reading(one_pair, (20, 56)) == {"pairs": [20], "agree": True, "deeper": "agree", "shallow": 20,
                                                   "deep": 56, "interval": None}
    assert figure7_reading({"resnet-56": 0.9}, (20, 56)) == {"pairs": [], "agree": None, "deeper": None,
                                                              "shallow": 56, "deep": 56, "interval": None}
    assert figure7_reading(dict(both, **{"resnet-56": 0.9}), (20, 56))["deeper"] == "disagree"


def test_the_deeper_resnet_reading_follows_its_interval():
    from resnet_viz.explain.responses import figure7_reading, ratio_interval

    less, tie, more = [0.9, 0.92, 0.88, 0.91], [0.97, 1.04, 0.99, 1.01], [1.1, 1.12, 1.08, 1.2]
    one = [1.0] * 4
    assert [ratio_interval(v, one)["verdict"] for v in (less, tie, more)] == ["agree", "similar", "disagree"]
    wide = ratio_interval([0.5, 1.4, 0.6, 1.3], one)  # a mean below one, but groups that disagree: no verdict
    assert wide["ratio"] < 1 and wide["low"] < 1 < wide["high"] and wide["verdict"] == "unclear"
    sure = ratio_interval([1.01, 1.012, 1.009, 1.011], one)  # surely above one, by 1%: about the same, not "more"
    assert sure["low"] > 1 and sure["verdict"] == "similar"
    medians = {"resnet-20": 1.0, "resnet-56": 0.9}  # 10% lower on the medians, a tie on the groups: the groups decide
    reading = figure7_reading(medians, (20, 56), {"resnet-20": one, "resnet-56": tie})
    assert reading["deeper"] == "similar" and reading["interval"]["groups"] == 4
    assert figure7_reading(medians, (20, 56))["deeper"] == "agree"  # without groups: the 2% rule on the medians


def test_response_groups_pool_to_the_whole_batch():
    from resnet_viz.explain.responses import response_groups, response_stds
    from resnet_viz.nets.models import build_model

    torch.manual_seed(0)
    model = build_model("cifar_resnet8", width=4)
    x = torch.randn(12, 3, 16, 16)
    whole, groups = response_groups(model, x, 3)
    assert len(groups) == 3 and [n for n, _ in whole] == [n for n, _ in groups[0]]
    assert [v for _, v in whole] == pytest.approx([v for _, v in response_stds(model, x)], rel=1e-9)
    assert [v for _, v in groups[1]] == pytest.approx([v for _, v in response_stds(model, x[4:8])], rel=1e-9)
