"""The library's layout: folders by concern, no module over about 500 lines, no import circle, a run file read
without the trainer, and every name the pages and benchmarks imported from the flat layout still importable."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[1] / "resnet_viz"
MAX_LINES = 520  # "about 500"

# What app_pages/ and benchmarks/ imported before the library moved into folders (commit ecf9802).
FLAT_IMPORTS = {
    "resnet_viz": "classroom describe describe_device explain lesson paper pick_device transfer",
    "resnet_viz.checkpoints": "check_weights_file load_checkpoint",
    "resnet_viz.data": "DATASETS load_sample title",
    "resnet_viz.effects": "verdict",
    "resnet_viz.explain": "Explanation METHODS explain feature_maps feature_taps private_view rank_correlation "
                          "tap_kind",
    "resnet_viz.images": "ImageError image_digest list_samples load_image",
    "resnet_viz.jobs": "Job JobQueue",
    "resnet_viz.models": "ARCHITECTURE_NAMES CIFAR_DEPTHS MODEL_NAMES SHORTCUTS TORCHVISION_NAMES VERY_DEEP "
                         "build_model default_shortcut display_name paper_depth parse_name resolve_weights stage_names",
    "resnet_viz.paper": "TABLE1_GFLOPS TABLE3 VGG19_GFLOPS",
    "resnet_viz.plots": "HEATMAP_COLOURS architecture_diagram batch_norm_histograms channel_view class_board_chart "
                        "enlarge faithfulness_chart feature_grid figure3_comparison figure_png gradient_flow "
                        "model_title nested_function_classes overlay_image png_bytes response_std_chart shape_label "
                        "top_k_chart training_curves transfer_curves",
    "resnet_viz.responses": "ModeAccuracy accuracy_by_mode batch_norm_layers batch_norm_view median_std response_stds "
                            "sample_batch",
    "resnet_viz.runs": "RunError depth_effects list_runs load_run run_files runs_csv training_job",
    "resnet_viz.sources": "Classifier WeightsUnavailable checkpoint_classifier default_checkpoint download_failures "
                          "download_weights find_checkpoints imagenet_classifier imagenet_weights resolve_class "
                          "weights_cached weights_file_classifier",
    "resnet_viz.summary": "ArchitectureReport block_anatomy describe figure5_blocks flops_decomposition "
                          "global_pooling projection_shortcuts shape_walk shortcut_census shortcut_options table1 "
                          "weighted_by_stage",
    "resnet_viz.training": "AUGMENTATIONS PAPER PRESETS TrainConfig Trainer departures_from_paper device_setup "
                           "estimate_seconds normalize train",
    "resnet_viz.transfer": "TransferConfig TransferRun load_backbone prepare_data",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(LIBRARY.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(LIBRARY.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """The library modules ``path`` imports, at the top or inside a function (``from a.b import c`` counts as
    ``a.b.c`` when that is a module, else as ``a.b``)."""
    found = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for a in node.names:
                if f"{module}.{a.name}" in MODULES:
                    found.add(f"{module}.{a.name}")
                elif module in MODULES:
                    found.add(module)
    return found


GRAPH = {name: imports_of(path) - {name} for name, path in MODULES.items()}


def reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in GRAPH[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_no_module_is_over_about_500_lines():
    long = {name: n for name, p in MODULES.items() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long


def test_no_import_circle():
    circles = sorted(name for name in MODULES if name in reachable(name))
    assert not circles, {name: sorted(GRAPH[name] & {m for m in MODULES if name in reachable(m)}) for name in circles}


def test_the_graph_sees_real_imports():
    """The checks above would pass on an empty graph: make sure it holds edges we know are there."""
    assert "resnet_viz.train.runs" in GRAPH["resnet_viz.train.job"]
    assert "resnet_viz.train.trainer" in GRAPH["resnet_viz.train.job"]
    assert "resnet_viz.nets.models" in reachable("resnet_viz.train.trainer")


def test_reading_a_run_file_needs_no_trainer():
    assert "resnet_viz.train.trainer" not in reachable("resnet_viz.train.runs")
    assert "resnet_viz.train.trainer" not in reachable("resnet_viz.transfer.results")


def test_no_command_line_module_outside_cli():
    assert not [name for name in MODULES if name.endswith("_cli")]
    assert {"summary", "train", "explain", "weights", "transfer", "board"} <= \
        {name.rsplit(".", 1)[1] for name in MODULES if name.startswith("resnet_viz.cli.")}


def from_import(module: str, name: str):
    """What ``from module import name`` binds: the attribute, else the submodule of that name."""
    imported = importlib.import_module(module)
    try:
        return getattr(imported, name)
    except AttributeError:
        return importlib.import_module(f"{module}.{name}")


@pytest.mark.parametrize("module", sorted(FLAT_IMPORTS))
def test_what_the_pages_imported_from_the_flat_layout_still_imports(module):
    for name in FLAT_IMPORTS[module].split():
        assert from_import(module, name) is not None, name


def test_an_old_name_is_the_new_object():
    from resnet_viz.runs import training_job as old_job
    from resnet_viz.training import PRESETS as old_presets  # noqa: I001

    from resnet_viz.train.config import PRESETS
    from resnet_viz.train.job import training_job

    assert old_presets is PRESETS and old_job is training_job
    with pytest.raises(ImportError):
        from resnet_viz.training import no_such_name  # noqa: F401
