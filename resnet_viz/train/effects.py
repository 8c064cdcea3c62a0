"""What a run shows, in words a page can choose from: the deep-minus-shallow differences of
:func:`resnet_viz.train.runs.depth_effects`, read as the paper reads Figure 6, and the ResNets' faster start
(Sec. 4.1, Figure 4)."""

from __future__ import annotations

from typing import Any

from resnet_viz.train.runs import depth_effects

CLEARLY = 0.75  # "clearly fewer iterations": the ResNet needs at most three quarters of its plain twin's ...
MIN_STEPS = 2  # ... and at least two logged points fewer (so a curve of one or two points never shows it)
SIGNAL = 1.0  # percentage points: a deep-minus-shallow difference of one seed smaller than this decides nothing
FAR_LESS = 0.5  # "far less than the plain nets' gap": at most half of it


def verdict(doc: dict[str, Any]) -> dict[str, Any]:
    """``{"plain": code, "resnet": code, "plain_diff": points, "resnet_diff": points}`` for a run (points are
    percentage points of final training error, deep minus shallow) with two depths or more, and ``"faster"``: the
    list of :func:`faster_start` where a run shows it; ``{}`` when the run shows neither.

    plain: "degrades" (the deeper plain net trains worse by more than :data:`SIGNAL` points), "too_close" (within
    :data:`SIGNAL` either way: one seed cannot tell) or "no_degradation" (better by more than that).
    resnet: "lower" (the deeper ResNet ends more than :data:`SIGNAL` points below the shallower one, as after the
    paper's schedule), "too_close" (within :data:`SIGNAL` either way), "close" (above by more, but by at most
    :data:`FAR_LESS` of a degrading plain gap) or "higher" (above, by more than that).
    """
    found: dict[str, Any] = {}
    faster = faster_start(doc)
    if faster:
        found["faster"] = faster
    diffs = {e["kind"]: 100 * e["difference"] for e in depth_effects(doc)}
    if "plain" not in diffs or "resnet" not in diffs:
        return found
    plain, resnet = diffs["plain"], diffs["resnet"]
    if resnet < -SIGNAL:
        resnet_code = "lower"
    elif abs(resnet) <= SIGNAL:
        resnet_code = "too_close"
    elif plain > SIGNAL and resnet <= FAR_LESS * plain:
        resnet_code = "close"
    else:
        resnet_code = "higher"
    plain_code = "degrades" if plain > SIGNAL else "no_degradation" if plain < -SIGNAL else "too_close"
    return {"plain": plain_code, "resnet": resnet_code, "plain_diff": plain,
            "resnet_diff": resnet, **found}


def reached(iterations: list[int], errors: list[float | None], target: float) -> int | None:
    """The index of the first logged point whose training error is at or below ``target`` (None: never)."""
    return next((i for i, (_, e) in enumerate(zip(iterations, errors)) if e is not None and e <= target), None)


def faster_start(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Depths at which the ResNet converged clearly faster than its plain twin (He et al. 2015, Sec. 4.1: "ResNet
    eases the optimization by providing faster convergence at the early stage", Figure 4): the ResNet's logged
    training error first reached the plain twin's final training error in at most :data:`CLEARLY` of the
    iterations the plain net took to get there, and at least :data:`MIN_STEPS` logged points sooner.

    Each entry: ``depth``, ``target`` (the plain net's final training error), ``resnet`` and ``plain`` (the
    iterations at which each first reached it). Nothing for a depth where either net diverged or has no final
    error, or where the plain net got there as soon (a tie, as on a one-point curve), sooner, or the ResNet never
    did.
    """
    curves, final = doc.get("curves", {}), doc.get("final", {})
    iterations, errors = curves.get("iteration", []), curves.get("train_error", {})
    shown = []
    for depth in sorted(doc.get("config", {}).get("depths", [])):
        plain, resnet = f"plain-{depth}", f"resnet-{depth}"
        if any(k in doc.get("diverged", {}) for k in (plain, resnet)):
            continue
        target = final.get(plain, {}).get("train_error")
        if target is None or final.get(resnet, {}).get("train_error") is None:
            continue
        p, r = (reached(iterations, errors.get(k, []), target) for k in (plain, resnet))
        if p is None or r is None:
            continue
        if p - r >= MIN_STEPS and iterations[r] <= CLEARLY * iterations[p]:
            shown.append({"depth": depth, "target": target, "resnet": iterations[r], "plain": iterations[p]})
    return shown
