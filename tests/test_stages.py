"""VGG's rule measured per stage (resnet_viz.anatomy.stages): the numbers are sums of the layer table's rows, the
cost of a repeated block stays put from conv2_x to conv5_x at 224 pixels, and the reading follows the numbers."""

from __future__ import annotations

import dataclasses

import pytest

from resnet_viz.anatomy.stages import SAME_COST, STAGES, StageCost, stage_costs, vgg_rule
from resnet_viz.i18n import t
from resnet_viz.nets.summary import counted


def test_the_stage_numbers_are_sums_of_the_layer_table():
    costs = stage_costs("resnet34", 224)
    rows = counted("resnet34", 224).rows
    assert [c.stage for c in costs] == list(STAGES)
    assert [c.blocks for c in costs] == [3, 4, 6, 3]  # Table 1's ResNet-34
    for c in costs:
        mine = [r for r in rows if r.stage == c.stage]
        assert c.macs == sum(r.macs for r in mine)
        last = sorted({r.name.split(".")[1] for r in mine}, key=int)[-1]
        layer = f"layer{STAGES.index(c.stage) + 1}.{last}."
        assert c.block_macs == sum(r.macs for r in mine if r.name.startswith(layer))
    conv2, conv3 = costs[0], costs[1]
    # a repeated BasicBlock is two 3×3 convs from C to C on an H×W map: 2 · 9·C²·H·W
    assert conv2.block_macs == 2 * 9 * conv2.width ** 2 * conv2.size ** 2
    assert (conv2.size, conv2.width, conv3.size, conv3.width) == (56, 64, 28, 128)


@pytest.mark.parametrize("name", ["resnet34", "resnet50"])
def test_halving_the_map_while_doubling_the_channels_keeps_the_cost_of_a_block(name):
    costs = stage_costs(name, 224, variant="v1")
    rule = vgg_rule(costs)
    assert all(b.size * 2 == a.size and b.width == 2 * a.width for a, b in zip(costs, costs[1:]))
    assert rule["halvings"] == rule["doublings"] == len(STAGES) - 1
    assert rule["ratio"] < SAME_COST and rule["verdict"] == "equal"
    assert rule["dearest_stage"].stage == "conv4_x"  # the most blocks: the stages differ by their block counts


def test_the_rule_breaks_where_the_map_is_not_halved_exactly():
    """At 200 pixels the maps go 50, 25, 13, 7: rounding up costs more per block than the rule keeps."""
    costs = stage_costs("resnet34", 200)
    rule = vgg_rule(costs)
    assert [c.size for c in costs] == [50, 25, 13, 7]
    # conv5_x has 8× conv2_x's channels on a 7×7 map instead of 50×50: 9·(8C)²·7² / 9·C²·50²
    assert rule["halvings"] == 1 and rule["ratio"] == pytest.approx((8 * 7 / 50) ** 2)
    assert rule["verdict"] == "differs" and (rule["cheapest"].stage, rule["dearest"].stage) == ("conv2_x", "conv5_x")


def test_the_reading_follows_the_numbers():
    base = StageCost("conv2_x", 56, 64, 64, 3, 100, 100, 300)
    costs = [base, dataclasses.replace(base, stage="conv3_x", size=28, width=128, block_macs=105, macs=400),
             dataclasses.replace(base, stage="conv4_x", size=14, width=256, block_macs=150, macs=900)]
    rule = vgg_rule(costs)
    assert rule["verdict"] == "differs" and rule["ratio"] == 1.5
    assert (rule["cheapest"].stage, rule["dearest"].stage) == ("conv2_x", "conv4_x")
    assert vgg_rule(costs[:2])["verdict"] == "same" and vgg_rule(costs[:1])["verdict"] == "equal"
    rule = vgg_rule(stage_costs("resnet34", 224))
    first, last, cheap, dear = rule["first"], rule["last"], rule["cheapest"], rule["dearest"]
    text = t(f"arch.rule.reading.{rule['verdict']}", model="ResNet-34", first=first.stage, last=last.stage,
             size_in=first.size, size_out=last.size, width_in=first.width, width_out=last.width,
             low=cheap.block_macs / 1e6, high=dear.block_macs / 1e6, ratio=rule["ratio"], cheap=cheap.stage,
             dear=dear.stage)
    assert "from 56×56 to 7×7" in text and "from 64 to 512" in text and "231.2 million" in text and "1.00×" in text


def test_the_stages_reading_knows_when_the_block_counts_are_equal():
    """ResNet-18 has two blocks in every stage: its stages differ by their first blocks only."""
    from resnet_viz.anatomy.stages import stage_costs, vgg_rule

    assert vgg_rule(stage_costs("resnet18", 224))["equal_blocks"] is True
    assert vgg_rule(stage_costs("resnet34", 224))["equal_blocks"] is False
