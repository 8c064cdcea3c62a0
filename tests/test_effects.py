"""The Lab's verdict on the ResNets' faster start (He et al. 2015, Sec. 4.1, Figure 4), tried at the edges of its
inputs: said where the ResNet reaches its plain twin's final training error clearly sooner, never for a tie, a
one-point curve, a plain net that is faster, a near miss or a diverged net."""

from __future__ import annotations

import pytest

from resnet_viz.i18n import Translator
from resnet_viz.train.effects import faster_start, verdict

PLAIN = [0.9, 0.8, 0.6, 0.5, 0.4, 0.3]


def run(curves: dict[str, list], final: dict[str, float | None] | None = None, diverged: dict | None = None) -> dict:
    """A run document as the engine records it (curves logged every 10 iterations, finals, divergences), for the
    depths its keys name; a final error defaults to the curve's last point."""
    final = final if final is not None else {k: v[-1] for k, v in curves.items()}
    return {"config": {"depths": sorted({int(k.split("-")[1]) for k in curves})},
            "curves": {"iteration": [10 * (i + 1) for i in range(len(next(iter(curves.values()))))],
                       "train_error": curves},
            "final": {k: {"train_error": v, "diverged": v is None} if v is None else {"train_error": v}
                      for k, v in final.items()},
            "diverged": diverged or {}}


def test_a_clearly_faster_resnet_is_said_with_the_iterations():
    doc = run({"plain-20": PLAIN, "resnet-20": [0.9, 0.5, 0.3, 0.3, 0.25, 0.25]})
    assert faster_start(doc) == [{"depth": 20, "target": 0.3, "resnet": 30, "plain": 60}]
    found = verdict(doc)
    assert "plain" not in found and found["faster"] == faster_start(doc)  # one depth: no degradation to read
    en, zh = Translator("en"), Translator("zh")
    item = en("lab.verdict.faster.item", **found["faster"][0])
    assert item == "ResNet-20 reached plain-20's final training error (30.0%) at iteration 30, plain-20 itself only at 60"
    assert "(one seed)" in en("lab.verdict.faster", items=item)
    assert "第 30 次迭代" in zh("lab.verdict.faster.item", **found["faster"][0])


@pytest.mark.parametrize("case, curves, final, diverged", [
    ("one point", {"plain-20": [0.9], "resnet-20": [0.2]}, None, None),
    ("equal curves", {"plain-20": PLAIN, "resnet-20": PLAIN}, None, None),
    ("the plain net faster", {"plain-20": [0.9, 0.3, 0.3, 0.3, 0.3, 0.3], "resnet-20": PLAIN}, None, None),
    ("one logged point sooner", {"plain-20": [0.9, 0.3, 0.3, 0.3], "resnet-20": [0.3] * 4}, None, None),  # 10 vs 20
    ("two points sooner, not a quarter fewer", {"plain-20": [0.9] * 9 + [0.3],  # 80 iterations against 100
                                                "resnet-20": [0.9] * 7 + [0.3] * 3}, None, None),
    ("the ResNet never gets there", {"plain-20": PLAIN, "resnet-20": [0.9, 0.6, 0.5, 0.45, 0.4, 0.35]}, None, None),
    ("the plain net diverged", {"plain-20": [0.9, 0.8, None, None, None, None],
                                "resnet-20": [0.9, 0.3, 0.2, 0.2, 0.2, 0.2]},
     {"plain-20": None, "resnet-20": 0.2}, {"plain-20": {"iteration": 25, "reason": "nan_loss"}}),
    ("the ResNet diverged", {"plain-20": PLAIN, "resnet-20": [0.9, 0.2, 0.2, None, None, None]},
     {"plain-20": 0.3, "resnet-20": None}, {"resnet-20": {"iteration": 35, "reason": "inf_loss"}}),
])
def test_nothing_is_said_where_the_run_does_not_show_it(case, curves, final, diverged):
    doc = run(curves, final, diverged=diverged)
    assert faster_start(doc) == [], case
    assert "faster" not in verdict(doc), case


def test_each_depth_is_read_against_its_own_twin():
    doc = run({"plain-20": PLAIN, "resnet-20": PLAIN,  # a tie at 20
               "plain-56": [0.9, 0.9, 0.85, 0.8, 0.75, 0.7], "resnet-56": [0.9, 0.7, 0.5, 0.4, 0.3, 0.3]})
    found = verdict(doc)
    assert [f["depth"] for f in found["faster"]] == [56] and found["faster"][0]["resnet"] == 20
    assert found["plain"] == "degrades" and found["resnet"] == "too_close"  # level ResNets: one seed cannot tell
