"""The batch-norm ablation: a shipped reference pair of runs (plain and residual nets with and without batch norm, the
same recipe otherwise), and what it shows.

Why BN is there: the paper puts batch norm right after each convolution and before the activation (He et al. 2015,
arXiv:1512.03385, Sec. 3.4); Ioffe and Szegedy (2015, arXiv:1502.03167) introduced it and found that it allows much
higher learning rates. Evidence: assets/runs/fashion-mnist-20-bn-ablation-{with,without}.json, made on this
repository's 2-core AMD EPYC CPU (torch 2.14.1, one thread) with
``python -m resnet_viz train --preset classroom --depths 20 --warmup 0 --iterations 800 --threads 1 --seed 0``
(plus ``--no-batch-norm``): 1m35s (stacked engine) and 52s (eager); final training errors with BN 0.107 (plain-20) and
0.083 (ResNet-20), without BN 0.901 and 0.901 (chance is 0.9). One seed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from resnet_viz.paths import REFERENCE_RUNS

BN_ABLATION = {True: REFERENCE_RUNS / "fashion-mnist-20-bn-ablation-with.json",
               False: REFERENCE_RUNS / "fashion-mnist-20-bn-ablation-without.json"}
STUCK_MARGIN = 0.02  # a final training error within this of chance is "no better than guessing"


@dataclasses.dataclass(frozen=True)
class BnAblation:
    """The pair's final training errors, ``{"plain": ..., "resnet": ...}`` with and without BN (None: diverged), the
    shared recipe's numbers, and the verdict: "stuck" (without BN no better than chance, with BN learning), "faster"
    (every net lower with BN), "diverged" (a net without BN diverged) or "mixed" (anything else, a tie included)."""

    depth: int
    width: int
    image_size: int
    iterations: int
    lr: float
    classes: int
    with_bn: dict[str, float | None]
    without_bn: dict[str, float | None]
    verdict: str

    @property
    def chance(self) -> float:
        """The error of guessing uniformly among the classes."""
        return 1 - 1 / self.classes


def _finals(doc: dict[str, Any], depth: int) -> dict[str, float | None]:
    final = doc.get("final", {})
    return {kind: (final.get(f"{kind}-{depth}") or {}).get("train_error") for kind in ("plain", "resnet")}


def bn_ablation(with_doc: dict[str, Any], without_doc: dict[str, Any]) -> BnAblation:
    """Summarise a run with batch norm and one without (the same depth and recipe otherwise)."""
    config = with_doc["config"]
    depth = min(config["depths"])
    with_bn, without_bn = _finals(with_doc, depth), _finals(without_doc, depth)
    classes = len(with_doc["data"]["classes"])
    guessing = 1 - 1 / classes - STUCK_MARGIN
    learned = all(v is not None and v < guessing for v in with_bn.values())
    if any(v is None for v in without_bn.values()):
        verdict = "diverged" if learned else "mixed"
    elif learned and all(v >= guessing for v in without_bn.values()):
        verdict = "stuck"
    elif all(w is not None and w < without_bn[k] - STUCK_MARGIN for k, w in with_bn.items()):  # clearly lower
        verdict = "faster"
    else:
        verdict = "mixed"
    return BnAblation(depth, config["width"], with_doc["data"]["image_size"], config["iterations"], config["lr"],
                      classes, with_bn, without_bn, verdict)
