"""The guided lesson's answers, computed from the app's live state: the shipped reference runs, the class's runs,
real modules and the shipped checkpoints. The lesson page asks the class a question at each step and reveals the
answer these functions compute; no answer is typed anywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from resnet_viz.explain.responses import ARTICLE_FINE_TUNE_BATCH, ARTICLE_FINE_TUNE_TITLE, BatchSizeAccuracy
from resnet_viz.nets import paper
from resnet_viz.nets.summary import block_anatomy, figure5_blocks, shape_walk, shortcut_options
from resnet_viz.paths import REFERENCE_RUNS, SAMPLES_DIR, SHIPPED_CHECKPOINTS
from resnet_viz.train import classroom
from resnet_viz.train.runs import depth_effects, list_runs, load_run

REFERENCE_RUN = REFERENCE_RUNS / "classroom-seed0.json"  # the run the lesson opens first (plain/ResNet 20 and 56)
INSPECTOR_CHECKPOINT = SHIPPED_CHECKPOINTS / "fashion-mnist_resnet20.pt"
INSPECTOR_SAMPLE = SAMPLES_DIR / "fashion-mnist_bag.png"


def reference_degradation(path: Path = REFERENCE_RUN) -> dict[str, Any]:
    """The reference run's final training errors, its worst network, and whether its deeper plain net ends worse
    (``verdict``: "worse" when ``plain_diff`` exceeds one point, "too_close" within a point either way, else
    "not_worse"; one seed's answer, not the paper's)."""
    from resnet_viz.train.effects import SIGNAL

    doc = load_run(path)
    final = {k: f["train_error"] for k, f in doc["final"].items() if f.get("train_error") is not None}
    worst = max(final, key=final.get)
    depths = sorted(doc["config"]["depths"])
    plain_diff = 100 * (final[f"plain-{depths[-1]}"] - final[f"plain-{depths[0]}"])
    return {"final": final, "worst": worst, "shallow": depths[0], "deep": depths[-1],
            "plain_diff": plain_diff,
            "resnet_diff": 100 * (final[f"resnet-{depths[-1]}"] - final[f"resnet-{depths[0]}"]),
            "verdict": "worse" if plain_diff > SIGNAL else "too_close" if plain_diff >= -SIGNAL else "not_worse",
            "iterations": doc["progress"]["iteration"]}


def class_degradation(root: Path | None = None,
                      live: Callable[[str], dict[str, int] | None] | None = None) -> dict[str, Any] | None:
    """What the class's own runs show: the newest class experiment's board if it has a finished seed of both plain
    nets (or, before one, its parts so far: ``source`` "pending"), else the newest finished run of the classroom
    recipe on this server; None before any. ``deep`` and ``shallow`` name the plain nets compared (model keys);
    ``plain_std`` is None for one seed (a spread needs two); ``done``, ``running`` and ``waiting`` count the class
    experiment's parts (``live(id)``: the class engine's counts of parts running and waiting)."""
    for assignment in classroom.list_assignments(root):
        board = classroom.board(assignment.id, root, live(assignment.id) if live else None)
        label = assignment.label or assignment.id
        if board.runs and "plain" in board.effects:
            plain = board.effects["plain"]
            return {"source": "board", "n": plain["n"], "plain_mean": plain["mean"], "plain_std": plain["std"],
                    "label": label, "deep": plain["deep"], "shallow": plain["shallow"], **board.parts}
        if any(board.parts.values()):
            return {"source": "pending", "label": label, **board.parts}
    from resnet_viz.train.config import PRESETS

    wanted = classroom.recipe(PRESETS["classroom"].to_dict())
    for summary in list_runs(*(() if root is None else (root,))):
        if summary["reference"] or summary["status"] != "done":
            continue
        doc = load_run(summary["path"])
        effects = {e["kind"]: e for e in depth_effects(doc)}
        if classroom.recipe(doc["config"]) == wanted and "plain" in effects:
            return {"source": "run", "n": 1, "plain_mean": 100 * effects["plain"]["difference"], "plain_std": None,
                    "seed": doc["config"].get("seed", 0), "deep": effects["plain"]["deep"],
                    "shallow": effects["plain"]["shallow"]}
    return None


def identity_costs_nothing(name: str = "resnet34") -> dict[str, int]:
    """Parameters of ``name`` with option A shortcuts and of its plain twin: identities add none."""
    counts = shortcut_options(name)
    return {"plain": counts["plain"]["params"], "A": counts["A"]["params"]}


# The block the lesson opens from the inside (its drawing and its code): the first block of conv3_x in ResNet-50,
# where the map is halved and the channels doubled, so its shortcut must be a projection (Eq. 2, Sec. 3.3).
INSIDE_NETWORK, INSIDE_BLOCK, INSIDE_SIZE, INSIDE_OPTION = "resnet50", "layer2.0", 224, "B"


def block_inside(name: str = INSIDE_NETWORK, block: str = INSIDE_BLOCK, input_size: int = INSIDE_SIZE,
                 option: str = INSIDE_OPTION) -> dict[str, Any]:
    """What goes into ``block`` and what comes out (channels × height × width, measured on the real modules by
    :func:`resnet_viz.anatomy.block_edges`), and what its shortcut must be: ``kind`` "identity" (the shapes
    match), "projection" (they do not: a conv of ``kernel`` and ``stride``, then BN), "zero-pad" (option A), or
    "always" (option C's projection where the shapes match)."""
    from resnet_viz.anatomy import block_edges

    d = block_edges(name, block, input_size, option)
    side = [n for n in d.nodes if n.branch == "shortcut"]
    conv = next((n for n in side if n.kind == "conv"), None)
    return {"network": name, "block": block, "stage": d.stage, "type": d.type, "option": d.option,
            "shape_in": d.input_shape, "shape_out": d.output_shape, "kind": d.shortcut_kind,
            "stride": side[0].stride if side else 1, "kernel": conv.kernel if conv else None,
            "modules": tuple(n.module for n in side)}


def shortcut_rule(name: str = INSIDE_NETWORK, block: str = INSIDE_BLOCK,
                  input_size: int = INSIDE_SIZE) -> dict[str, Any]:
    """The line of torchvision's ``ResNet._make_layer`` that decides whether ``block`` gets a projection shortcut
    (``downsample``), as the Architecture page shows it (:func:`resnet_viz.anatomy.block_source`): its number in
    the excerpt (``line``, as st.code numbers it) and in the file, its text, whether it gives ``block`` a downsample
    (``holds``: a stage's first block whose stride or channels change) and the layer-table rows it builds. For the
    ImageNet nets, whose option B is torchvision's own rule."""
    from resnet_viz.anatomy import block_edges, block_source

    d = block_edges(name, block, input_size, "B")
    if d.family != "torchvision":
        raise ValueError(f"{name} is not built by torchvision's ResNet._make_layer")
    excerpt, mark = next((e, m) for e in block_source(d) for m in e.marks if m.role == "torchvision_rule")
    return {"block": block, "title": excerpt.title, "path": excerpt.path, "line": mark.line,
            "file_line": mark.file_line, "text": mark.text, "holds": mark.variant == "holds", "rows": mark.rows,
            "stride": mark.values["stride"], "inplanes": mark.values["inplanes"],
            "channels": mark.values["channels"], "expansion": d.expansion,
            "planes": mark.values["channels"] // d.expansion}


BOTTLENECK_CHANNELS = 256  # the width the lesson's question compares the two blocks at (a conv3_x..conv5_x width)


def bottleneck_saving(channels: int = BOTTLENECK_CHANNELS) -> dict[str, Any]:
    """At equal width, and as Figure 5 compares them."""
    equal, figure5 = block_anatomy(channels), figure5_blocks()
    return {"channels": channels, "basic": equal["BasicBlock"]["conv_params"],
            "bottleneck": equal["Bottleneck"]["conv_params"],
            "ratio": equal["BasicBlock"]["conv_params"] / equal["Bottleneck"]["conv_params"],
            "basic64": figure5["BasicBlock"]["conv_params"], "bottleneck256": figure5["Bottleneck"]["conv_params"],
            "basic_width": figure5["BasicBlock"]["width"], "bottleneck_width": figure5["Bottleneck"]["width"]}


def map_size_after(stage: str = "conv4_x", name: str = "resnet50", input_size: int = 224) -> dict[str, Any]:
    """The map's width after ``stage`` for a square input, from the shape walk."""
    order = ["conv1", "pool", "conv2_x", "conv3_x", "conv4_x", "conv5_x"]
    size = input_size
    for step in shape_walk(name, input_size):  # only the layers that change the size
        if order.index(step.stage) <= order.index(stage):
            size = step.size_out
    return {"size": size, "input": input_size, "stage": stage, "name": name}


def table1_plan() -> dict[str, int]:
    """How many ImageNet ResNets Table 1 lists and how many stages of blocks each has (counted on the models, once:
    the Lesson and the Inspector ask on every rerun)."""
    nets, stages = _table1_plan()
    return {"nets": nets, "stages": stages}


@functools.lru_cache(maxsize=1)
def _table1_plan() -> tuple[int, int]:
    import torch

    from resnet_viz.nets.models import TORCHVISION_NAMES, build_model, stage_names

    with torch.device("meta"):
        stages = {len(stage_names(build_model(name))) for name in TORCHVISION_NAMES}
    (count,) = stages  # one plan: the same number for every depth
    return len(TORCHVISION_NAMES), count


def option_c_gain(name: str = "resnet34") -> dict[str, Any]:
    """What option C costs over B (counted) and what it bought (Table 3, top-1 error)."""
    from resnet_viz.nets.summary import projection_shortcuts

    counts = shortcut_options(name)
    return {"extra": counts["C"]["params"] - counts["B"]["params"],
            "projections": projection_shortcuts(name, "C") - projection_shortcuts(name, "B"),
            "gain": paper.TABLE3["B"].top1 - paper.TABLE3["C"].top1}


def batch_size_limit(sweep: BatchSizeAccuracy, article: int = ARTICLE_FINE_TUNE_BATCH) -> dict[str, Any]:
    """What the Concepts page's batch-size sweep says (the same measurement: ``sweep`` is the page's): the case of
    :meth:`BatchSizeAccuracy.verdict` and its numbers (``values``, as the page formats them), and the accuracy in
    training mode at the batch an article fine-tunes with (``article_acc``; None if the sweep did not try it; the
    article's ``title``) and
    whether that batch falls more than the verdict's tolerance short of evaluation mode (``hurts``)."""
    case, values = sweep.verdict()
    tried = article in sweep.sizes
    return {"case": case, "values": values, "images": sweep.images, "eval": sweep.eval_mode, "article": article,
            "title": ARTICLE_FINE_TUNE_TITLE, "article_acc": sweep.at(article) if tried else None,
            "hurts": tried and sweep.gap(article) > values["points"] / 100 + 1e-9}


LESION_DEPTH = 56  # the lesion step asks about the deeper shipped pair (the Concepts page's why tab at this depth)


def lesion_rise(lesions: dict, depth: int = LESION_DEPTH) -> dict[str, Any] | None:
    """What deleting one block does to the shipped pair of ``depth``, from the Concepts page's lesion study
    (``lesions``: its :class:`~resnet_viz.why.lesion.Lesion` by model key, the same measurement): for each network
    the median and the largest rise of the test error in points (``resnet_rise``, ``resnet_max``, ``plain_…``) and the
    error at worst (``…_worst``, a fraction, as the page prints it); ``case`` "resnet" when the ResNet's median rise
    is the smaller by more than a point, else "plain" (a near tie included); None without both networks."""
    plain, resnet = lesions.get(f"plain-{depth}"), lesions.get(f"resnet-{depth}")
    if plain is None or resnet is None:
        return None
    from resnet_viz.train.effects import SIGNAL

    values = {"images": resnet.images, "depth": depth,  # "less" only by more than one seed's noise in points
              "case": "resnet" if 100 * resnet.median_rise < 100 * plain.median_rise - SIGNAL else "plain"}
    for key, study in (("resnet", resnet), ("plain", plain)):
        values.update({f"{key}_rise": 100 * study.median_rise, f"{key}_max": 100 * (study.worst - study.intact),
                       f"{key}_worst": study.worst})
    return values


def inspector_prediction() -> dict[str, Any]:
    """What the shipped ResNet-20 predicts for the bag sample, and how sure it is."""
    from resnet_viz.explain import predict
    from resnet_viz.explain.images import load_image
    from resnet_viz.explain.sources import checkpoint_classifier

    clf = checkpoint_classifier(INSPECTOR_CHECKPOINT)
    _, x = clf.preprocess(load_image(INSPECTOR_SAMPLE))
    top = predict(clf.model, x)
    return {"top1": clf.classes[top.top1], "probability": top.probabilities[0]}


def transfer_reference() -> tuple[int, str] | None:
    """The images per class and the file name (no '.json') of the shipped reference run :func:`transfer_winner`
    reads: the offline default's with the fewest images per class; None without one."""
    from resnet_viz.transfer import reference_results
    from resnet_viz.transfer.results import reference_run

    measured = reference_results()
    if not measured:
        return None
    per_class = min(measured)
    return per_class, reference_run(per_class).stem


def transfer_winner() -> dict[str, Any] | None:
    """The offline default's reference run with the fewest images per class: each way's validation accuracy, the
    best of them (``best``: a list, several on a tie), and how many points starting from the pretrained weights
    gained over training from scratch (the best pretrained way minus scratch; negative if none beat it); None
    without a reference run."""
    from resnet_viz.transfer import reference_results

    measured = reference_results()
    if not measured:
        return None
    per_class = min(measured)
    accuracy = measured[per_class]
    pretrained = max(accuracy[m] for m in accuracy if m != "scratch")
    return {"per_class": per_class, "accuracy": accuracy,
            "best": [mode for mode in accuracy if accuracy[mode] == max(accuracy.values())],
            "gain": 100 * (pretrained - accuracy["scratch"])}
