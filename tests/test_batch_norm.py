"""Why BN needs a big enough batch: training-mode accuracy by batch size on the same images, the sentence's verdict at
its edges, the chart, and the one measurement the Concepts page and the Lesson share."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from resnet_viz.explain.checkpoints import load_checkpoint
from resnet_viz.explain.responses import (
    ARTICLE_FINE_TUNE_BATCH,
    BATCH_SIZES,
    BN_IMAGES,
    NEAR_EVAL,
    BatchSizeAccuracy,
    accuracy_by_batch_size,
    accuracy_by_mode,
    bn_study,
    sample_batch,
)
from resnet_viz.paths import SHIPPED_CHECKPOINTS
from resnet_viz.plots import batch_size_chart
from resnet_viz.plots.style import ENGLISH


class BatchMean(nn.Module):
    """A hand-checkable 'classifier': BN over one channel (a 1×2 map holding x twice), then class 1 if the
    normalised value is positive. In evaluation mode (running mean 0) it answers by the sign of x; in training mode
    by whether x is above its batch's mean."""

    def __init__(self) -> None:
        super().__init__()
        self.bn = nn.BatchNorm2d(1, affine=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.bn(x).mean((2, 3))
        return torch.cat([-z, z - 0.1], dim=1)  # z = 0 (up to rounding) is class 0


def test_each_batch_is_normalised_by_its_own_statistics():
    model = BatchMean().eval()
    # in order: batches of 2 are (-3, -1), (1, 3); of 4 the whole set; every label is the sign of x
    x = torch.tensor([-3.0, -1.0, 1.0, 3.0]).view(4, 1, 1, 1).expand(4, 1, 1, 2).contiguous()
    labels = torch.tensor([0, 0, 1, 1])
    sweep = accuracy_by_batch_size(model, x, labels, sizes=(4, 1, 2))
    assert sweep.sizes == (1, 2, 4) and sweep.images == 4
    assert sweep.eval_mode == 1.0  # running mean 0, variance 1: the sign of x
    # one image: z = 0, class 0 -> right for the two negatives only
    # two images: -1 is above the mean of (-3, -1) -> class 1, wrong; 1 is below that of (1, 3) -> class 0, wrong
    assert sweep.train_mode == (0.5, 0.5, 1.0)
    assert sweep.at(4) == 1.0 and sweep.gap(1) == pytest.approx(0.5)
    assert not model.training  # the caller's model is untouched
    with pytest.raises(ValueError, match="do not split into batches of 3"):
        accuracy_by_batch_size(model, x, labels, sizes=(1, 3))


def sweep_of(train: tuple[float, ...], eval_mode: float = 0.9) -> BatchSizeAccuracy:
    return BatchSizeAccuracy(BATCH_SIZES[:len(train)], train, eval_mode, 64)


def test_the_verdict_follows_the_numbers_at_its_edges():
    tol = NEAR_EVAL
    # from 8 on within the tolerance; 4 is not
    case, values = sweep_of((0.1, 0.4, 0.9 - 2 * tol, 0.9 - tol / 2, 0.9)).verdict()
    assert case == "near" and values["near"] == 8 and values["near_acc"] == 0.9 - tol / 2
    # exactly at the tolerance counts as within; a size that dips out again after coming near does not count
    assert sweep_of((0.1, 0.9 - tol, 0.9 - 2 * tol, 0.9)).near_eval() == 8
    assert sweep_of((0.1, 0.9 - tol * 0.999, 0.9)).near_eval() == 2
    # only the largest size tried: no "from ... on", since nothing larger was tried
    case, values = sweep_of((0.1, 0.5, 0.9 - 2 * tol, 0.9 - tol)).verdict()
    assert case == "largest" and values["near"] == 8
    # never: even the largest falls short, and by how much (percentage points)
    case, values = sweep_of((0.1, 0.5, 0.8)).verdict()
    assert case == "never" and values["largest"] == 4 and values["gap"] == pytest.approx(10.0)
    # all: even a batch of one is within (or beats) evaluation mode
    assert sweep_of((0.95, 0.95, 0.95)).verdict()[0] == "all"
    assert sweep_of((0.9, 0.9)).verdict(tolerance=0.0)[0] == "all"  # a tie is within
    assert values["points"] == pytest.approx(100 * NEAR_EVAL)


@pytest.fixture(scope="module")
def resnet20():
    return load_checkpoint(SHIPPED_CHECKPOINTS / "fashion-mnist_resnet20.pt")


@pytest.mark.slow  # a real sweep of 256 images at seven batch sizes: seconds (the Concepts AppTest draws it too)
def test_small_batches_hurt_the_shipped_resnet20_on_the_same_images(resnet20):
    torch.set_num_threads(1)
    model, meta = resnet20
    before = {k: v.clone() for k, v in model.state_dict().items()}
    modes, sweep = bn_study(model, meta)
    assert sweep.sizes == BATCH_SIZES and sweep.images == modes.images == BN_IMAGES
    assert all(BN_IMAGES % b == 0 for b in BATCH_SIZES)  # every size sees exactly the same images
    assert sweep.eval_mode == modes.eval_mode and sweep.at(1) == modes.train_mode_one  # one measurement, two views
    assert sweep.at(1) < sweep.at(ARTICLE_FINE_TUNE_BATCH) < sweep.at(BATCH_SIZES[-1])
    assert sweep.gap(ARTICLE_FINE_TUNE_BATCH) > 5 * NEAR_EVAL  # what the article's batch costs: far from eval
    assert sweep.near_eval() is not None  # the shipped ResNet-20 does come near eval mode within the sizes tried
    assert not model.training and all(torch.equal(v, before[k]) for k, v in model.state_dict().items())


@pytest.mark.slow
def test_the_shared_measurement_is_accuracy_by_mode_on_the_first_bn_images(resnet20):
    model, meta = resnet20
    x, labels = sample_batch(meta, BN_IMAGES)
    assert bn_study(model, meta)[0] == accuracy_by_mode(model, x, labels)


def test_batch_size_chart_draws_the_sweep_and_the_reference():
    sweep = sweep_of((0.1, 0.5, 0.8), eval_mode=0.9)
    fig = batch_size_chart(sweep, ENGLISH)
    train, reference = fig.data
    assert list(train.x) == [1, 2, 4] and list(train.y) == pytest.approx([10, 50, 80])
    assert list(reference.y) == pytest.approx([90, 90]) and reference.line.dash == "dash"
    assert fig.layout.xaxis.type == "log" and list(fig.layout.xaxis.tickvals) == [1, 2, 4]
    assert fig.layout.xaxis.title.text == "batch size"
