"""He initialisation against a small fixed std on a plain net at iteration 0 (resnet_viz.explain.init): the inits are
the ones named, the measurements follow He et al.'s analysis (arXiv:1502.01852, Sec. 2.2), the sentences follow the
numbers at their edges, and the chart draws them."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from resnet_viz.explain.init import (
    POOR_STD,
    InitComparison,
    InitProfile,
    findings,
    init_comparison,
    plain_net,
    times,
)
from resnet_viz.i18n import Translator
from resnet_viz.nets.models import build_model, weighted_layers
from resnet_viz.plots.training import init_chart


@pytest.fixture(scope="module")
def small_net_comparison() -> InitComparison:
    return init_comparison(depth=14, width=4, batch=8)  # about 0.1 s on one core


def test_the_inits_are_the_ones_named_and_the_callers_random_state_is_kept():
    state = torch.random.get_rng_state()
    he, small = plain_net(14, 4, "he", True, 0), plain_net(14, 4, "small", False, 0)
    assert torch.equal(torch.random.get_rng_state(), state)
    torch.manual_seed(0)
    zoo = build_model("cifar_resnet14", residual=False, in_channels=1, width=4)
    assert all(torch.equal(a, b) for a, b in zip(he.state_dict().values(), zoo.state_dict().values()))
    conv = he.layer3[0].conv2.weight  # kaiming_normal_, fan-out: std = sqrt(2 / (16 filters · 3 · 3))
    assert conv.std().item() == pytest.approx(math.sqrt(2 / (16 * 9)), rel=0.1)
    assert all(w.std().item() == pytest.approx(POOR_STD, rel=0.2) for _, w in weighted_layers(small))
    assert not any(isinstance(m, nn.BatchNorm2d) for m in small.modules())
    assert sum(isinstance(m, nn.BatchNorm2d) for m in he.modules()) == 13
    with pytest.raises(ValueError, match="init must be one of he, small"):
        plain_net(14, 4, "xavier", True, 0)


def test_without_bn_std_001_shrinks_the_signal_by_the_analysis_factor_and_bn_stops_it(small_net_comparison):
    c = small_net_comparison
    assert c == init_comparison(depth=14, width=4, batch=8)  # seeded: the same numbers again
    other = init_comparison(depth=14, width=4, batch=8, seed=1)  # another draw: other factors, the same sentences
    assert other != c and [k for k, _ in findings(other)] == [k for k, _ in findings(c)]
    small = c.profile("small", False)
    # each conv multiplies the response's std by std·sqrt(fan_in / 2) (ReLU halves the second moment)
    fan_ins = [1 * 9] + [(w.shape[1] * 9) for _, w in weighted_layers(plain_net(14, 4, "he", True, 0))[1:-1]]
    expected = math.prod(POOR_STD * math.sqrt(n / 2) for n in fan_ins[1:])
    measured = small.response_std[12] / small.response_std[0]
    assert expected / 3 < measured < expected * 3, (measured, expected)  # zero padding takes a little more
    bn = c.profile("small", True).response_std
    assert max(bn[:13]) / min(bn[:13]) < 20  # BN rescales: no compounding
    he = c.profile("he", False)
    assert all(h > 1e6 * s for h, s in zip(he.grad_norm, small.grad_norm))  # the gradients vanish


def profile(init: str, bn: bool, stds, grads) -> InitProfile:
    return InitProfile(init, bn, tuple(f"l{i}" for i in range(len(stds))), tuple(stds), tuple(grads))


def comparison(small_no_bn_stds, small_no_bn_grads, he_no_bn_stds=(1.0, 0.5, 0.25, 0.3)) -> InitComparison:
    """A hand-made depth-4 comparison (three convolutions, then fc)."""
    return InitComparison(4, 4, 8, 0, (
        profile("he", True, (0.5, 1.0, 0.9, 0.3), (400.0, 20.0, 0.5, 0.2)),
        profile("small", True, (0.02, 0.1, 0.12, 0.03), (30.0, 3.0, 2.0, 0.2)),
        profile("he", False, he_no_bn_stds, (0.01, 0.02, 0.04, 0.02)),
        profile("small", False, small_no_bn_stds, small_no_bn_grads)))


def test_the_sentences_follow_the_numbers_at_their_edges():
    en = Translator("en")
    found = dict(findings(comparison((0.1, 0.001, 1e-5, 1e-6), (1e-9, 2e-9, 4e-9, 1e-9))))
    expected = dict(he_grad="800", small_grad="15", last=3, small_low="0.02", small_high="0.12")
    assert {k: found["lab.init.bn"][k] for k in expected} == expected
    assert found["lab.init.nobn.shrink"]["gain"] == "0.01" and found["lab.init.nobn.shrink"]["shrink"] == "10,000"
    assert found["lab.init.nobn.less"]["less"] == "1.0×10⁷"  # the smallest of he/small over the layers
    assert found["lab.init.nobn.he"]["spread"] == "4.0" and found["lab.init.nobn.he"]["shrink"] == "4.0"
    assert "is 800× the last convolution's (layer 3) with He init, 15× with std 0.01" in en("lab.init.bn",
                                                                                             **found["lab.init.bn"])
    # the signal underflows: exactly zero from layer 3 on, no gradient anywhere
    found = dict(findings(comparison((0.1, 0.001, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0))))
    assert found["lab.init.nobn.zero"]["layer"] == 3 and found["lab.init.nobn.zero"]["gain"] == "0.01"
    assert "lab.init.nobn.no_grad" in found and "lab.init.nobn.less" not in found
    # std 0.01's gradient not smaller at every layer: nothing said about it; He's response growing: said so
    found = dict(findings(comparison((0.1, 0.05, 0.02, 0.01), (1.0, 1e-3, 1e-3, 1e-3), (0.2, 0.4, 0.8, 0.1))))
    assert "lab.init.nobn.less" not in found and found["lab.init.nobn.he_grows"]["shrink"] == "4.0"
    for key, fields in found.items():
        for lang in ("en", "zh"):
            assert "{" not in Translator(lang)(key, **fields)


@pytest.mark.parametrize("ratio, shown", [(0.52, "0.52"), (1.94, "1.9"), (36.4, "36"), (1630.4, "1,630"),
                                          (99_999.0, "99,999"), (3.94e6, "3.9×10⁶"), (9.99e5, "1.0×10⁶"),
                                          (2e-5, "2.0×10⁻⁵"), (math.inf, "∞")])
def test_factors_read_as_a_teacher_writes_them(ratio, shown):
    assert times(ratio) == shown


def test_the_chart_draws_both_passes_with_gaps_where_the_signal_is_zero():
    c = comparison((0.1, 0.001, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0))
    fig = init_chart(c, POOR_STD, Translator("zh"))
    assert len(fig.data) == 8 and sum(t.showlegend for t in fig.data) == 4
    assert fig.layout.yaxis.type == fig.layout.yaxis2.type == "log"
    small = [t for t in fig.data if t.name == "标准差 0.01，无 BN"]
    assert list(small[0].y) == [0.1, 0.001, None, None] and list(small[1].y) == [None] * 4
    assert [t.line.dash for t in fig.data[::2]] == ["solid", "solid", "dot", "dot"]
    assert [a.text for a in fig.layout.annotations[2:]] == ["从第 3 层起恰好为零", "标准差 0.01，无 BN：每一层都恰好为零"]
