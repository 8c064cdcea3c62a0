"""What a run shows about degradation, in words a page can choose from: the deep-minus-shallow differences of
:func:`resnet_viz.train.runs.depth_effects`, read as the paper reads Figure 6."""

from __future__ import annotations

from typing import Any

from resnet_viz.train.runs import depth_effects


def verdict(doc: dict[str, Any]) -> dict[str, Any]:
    """``{"plain": code, "resnet": code, "plain_diff": points, "resnet_diff": points}`` for a run (points are
    percentage points of final training error, deep minus shallow), or ``{}`` with fewer than two depths.

    plain: "degrades" (the deeper plain net trains worse) or "no_degradation".
    resnet: "lower" (the deeper ResNet ends at or below the shallower one, as after the paper's schedule),
    "close" (above, but by less than the plain nets' gap) or "higher" (above, by as much as the plain nets' or more).
    """
    diffs = {e["kind"]: 100 * e["difference"] for e in depth_effects(doc)}
    if "plain" not in diffs or "resnet" not in diffs:
        return {}
    plain, resnet = diffs["plain"], diffs["resnet"]
    if resnet <= 0:
        resnet_code = "lower"
    elif plain > 0 and resnet < plain:
        resnet_code = "close"
    else:
        resnet_code = "higher"
    return {"plain": "degrades" if plain > 0 else "no_degradation", "resnet": resnet_code, "plain_diff": plain,
            "resnet_diff": resnet}
