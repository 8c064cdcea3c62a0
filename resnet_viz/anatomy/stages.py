"""VGG's rule, measured on a ResNet: per stage, the map size, the channels and the multiply-adds of one block and of
the whole stage.

He et al. (arXiv:1512.03385, Sec. 3.3, "Plain Network") state two design rules of their own for their plain nets,
"mainly inspired by the philosophy of VGG nets" (Simonyan & Zisserman 2014, arXiv:1409.1556): "(i) for the same
output feature map size, the layers have the same number of filters; and (ii) if the feature map size is halved, the
number of filters is doubled so as to preserve the time complexity per layer". VGG itself does not keep (ii) at its
last stage (:func:`vgg_keeps_width`).
A K×K conv from C to C channels on an H×W map costs K²·C²·H·W multiply-adds; at 2C channels on an H/2×W/2 map
the same. The numbers here come from the layer table (:func:`resnet_viz.nets.summary.counted`), not from that formula.

This module is imported as ``resnet_viz.anatomy.stages`` (not from the package's ``__init__``): it uses
``resnet_viz.nets.summary``, which itself imports ``resnet_viz.anatomy.walk``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from resnet_viz.nets.summary import LayerRow, counted

STAGES = ("conv2_x", "conv3_x", "conv4_x", "conv5_x")  # Table 1's stages made of blocks
SAME_COST = 1.1  # "about the same": the dearest repeated block at most 10% above the cheapest


@dataclasses.dataclass(frozen=True)
class StageCost:
    """One stage of a network at one input size, from its layer table."""

    stage: str  # conv2_x ... conv5_x
    size: int  # height of the stage's output map (the maps are square here)
    width: int  # channels inside a repeated block: those its 3×3 conv works on (64, 128, 256, 512)
    channels: int  # channels out of the stage (the width, or 4× it in a Bottleneck)
    blocks: int
    block_macs: int  # one repeated block: the stage's last, same shape in and out, identity shortcut
    first_macs: int  # the stage's first block (in conv3_x..conv5_x it downsamples and projects its shortcut)
    macs: int  # the whole stage: every block


def _block(row: LayerRow) -> str:
    """'layer2.0.conv1' and 'layer2.0.relu (2)' -> 'layer2.0'."""
    return ".".join(row.name.split(" ")[0].split(".")[:2])


def stage_costs(name: str, input_size: int = 224, **options: Any) -> list[StageCost]:
    """Per stage conv2_x..conv5_x of ``build_model(name, **options)`` at ``input_size`` pixels square: the sums of its
    layer table's rows (:func:`counted`), per block and per stage."""
    table = counted(name, input_size, **options)
    costs = []
    for stage in STAGES:
        rows = [r for r in table.rows if r.stage == stage]
        blocks: dict[str, list[LayerRow]] = {}
        for row in rows:
            blocks.setdefault(_block(row), []).append(row)
        first, last = list(blocks.values())[0], list(blocks.values())[-1]  # one and the same in a one-block stage
        costs.append(StageCost(
            stage=stage, size=rows[-1].output_shape[1], width=last[0].output_shape[0],
            channels=rows[-1].output_shape[0], blocks=len(blocks), block_macs=sum(r.macs for r in last),
            first_macs=sum(r.macs for r in first), macs=sum(r.macs for r in rows)))
    return costs


def vgg_rule(costs: list[StageCost]) -> dict[str, Any]:
    """What the stages say about VGG's rule: the map and the width from the first stage to the last, the cheapest and
    the dearest repeated block and their ratio, the verdict ("equal", "same": within :data:`SAME_COST`, or "differs"),
    how many steps from one stage to the next halve the map and double the width, and the cheapest and dearest stage
    as a whole (``equal_blocks``: whether every stage has as many blocks; either way the first blocks differ)."""
    cheap = min(costs, key=lambda c: c.block_macs)
    dear = max(costs, key=lambda c: c.block_macs)
    ratio = dear.block_macs / cheap.block_macs
    verdict = "equal" if dear.block_macs == cheap.block_macs else "same" if ratio <= SAME_COST else "differs"
    return {"first": costs[0], "last": costs[-1], "cheapest": cheap, "dearest": dear, "ratio": ratio,
            "verdict": verdict, "halvings": sum(a.size == 2 * b.size for a, b in zip(costs, costs[1:])),
            "doublings": sum(b.width == 2 * a.width for a, b in zip(costs, costs[1:])),
            "cheapest_stage": min(costs, key=lambda c: c.macs), "dearest_stage": max(costs, key=lambda c: c.macs),
            "equal_blocks": len({c.blocks for c in costs}) == 1}


def vgg_keeps_width(input_size: int = 224, config: str = "E") -> dict[str, int] | None:
    """Where VGG (torchvision's configuration ``config``, "E" = VGG-19) halves its map without doubling its filters:
    the map sizes ``before`` and ``after`` that pooling, the ``channels`` on both sides and the network's ``depth``
    (its convs and its three fully connected layers); None if it never does."""
    from torchvision.models.vgg import cfgs

    stages, size, widths = [], input_size, []
    for v in cfgs[config]:
        if v == "M":
            stages.append((size, widths[-1]))
            size, widths = size // 2, []
        else:
            widths.append(int(v))
    for (size_a, width_a), (size_b, width_b) in zip(stages, stages[1:]):
        if 2 * size_b == size_a and width_b != 2 * width_a:
            return {"before": size_a, "after": size_b, "channels": width_b,
                    "depth": sum(v != "M" for v in cfgs[config]) + 3}
    return None
