"""The layer table: published totals, per-stage shapes, receptive fields, honest per-row numbers."""

import math

import pytest
import torch
from torch import nn

from resnet_viz.nets.models import build_model
from resnet_viz.nets.paper import TABLE1_GFLOPS
from resnet_viz.nets.summary import (
    PAPER_CIFAR_PARAMS_M,
    block_anatomy,
    conv_output_size,
    counted,
    describe,
    figure5_blocks,
    flops_decomposition,
    global_pooling,
    layer_table,
    shape_walk,
    shortcut_options,
    stage_of,
    table1,
    weighted_by_stage,
)

# torchvision's published numbers (weights.meta["num_params"], ["_ops"]) at 224x224.
PUBLISHED = {
    "resnet18": (11_689_512, 1.814), "resnet34": (21_797_672, 3.664), "resnet50": (25_557_032, 4.089),
    "resnet101": (44_549_160, 7.801), "resnet152": (60_192_808, 11.514),
}


@pytest.mark.parametrize("name", PUBLISHED)
def test_torchvision_totals_match_the_published_figures(name):
    table = counted(name)  # on the meta device: counting needs no weights
    params, gmacs = PUBLISHED[name]
    assert table.params == params
    assert table.macs / 1e9 == pytest.approx(gmacs, rel=0.005)
    assert sum(r.params for r in table.rows) == params  # every parameter lives in exactly one row
    assert sum(r.macs for r in table.rows) == table.macs


@pytest.mark.parametrize("depth", PAPER_CIFAR_PARAMS_M)
@pytest.mark.parametrize("residual", [True, False])
def test_cifar_params_match_table_6(depth, residual):
    with torch.device("meta"):  # counting needs no weights
        params = sum(p.numel() for p in build_model(f"cifar_resnet{depth}", residual=residual).parameters())
    # the paper prints two significant figures
    assert round(params / 1e6, 2 if depth < 100 else 1) == PAPER_CIFAR_PARAMS_M[depth]


def test_stage_shapes_resnet50():
    report = describe("resnet50", input_size=224)
    shapes = {s.stage: s.output_shape for s in report.stages}
    assert shapes == {
        "conv1": (64, 112, 112), "pool": (64, 56, 56), "conv2_x": (256, 56, 56), "conv3_x": (512, 28, 28),
        "conv4_x": (1024, 14, 14), "conv5_x": (2048, 7, 7), "avgpool": (2048, 1, 1), "fc": (1000,),
    }
    assert [len(s.blocks) for s in report.stages if s.blocks] == [3, 4, 6, 3]
    assert [b.shortcut for b in report.stages[2].blocks] == ["projection", "identity", "identity"]


@pytest.mark.parametrize("residual", [True, False])
def test_stage_shapes_cifar(residual):
    report = describe("cifar_resnet56", residual=residual, input_size=32)
    shapes = [s.output_shape for s in report.stages]
    assert shapes == [(16, 32, 32), (16, 32, 32), (32, 16, 16), (64, 8, 8), (64, 1, 1), (10,)]
    kinds = {b.shortcut for s in report.stages for b in s.blocks}
    assert kinds == ({"identity", "zero-pad"} if residual else {None})


def test_receptive_fields_by_hand():
    rows = {r.name: r for r in layer_table(build_model("resnet18"), 224).rows}
    assert rows["conv1"].receptive_field == 7  # 7x7 conv
    assert rows["maxpool"].receptive_field == 7 + 2 * 2  # 3x3 pool, jump 2
    assert rows["layer1.0.conv1"].receptive_field == 11 + 2 * 4  # 3x3 conv at jump 4
    assert rows["layer2.0.downsample.0"].receptive_field == rows["layer1.1.relu (2)"].receptive_field  # 1x1
    assert rows["layer4.1.relu (2)"].receptive_field == 435
    assert rows["avgpool"].receptive_field is None and rows["fc"].receptive_field is None
    # CIFAR: nineteen 3x3 convs; each adds 2x its input's jump: 8 at jump 1 (stem, layer1, layer2's first),
    # 6 at jump 2 (rest of layer2, layer3's first), 5 at jump 4 (rest of layer3)
    cifar = {r.name: r for r in layer_table(build_model("cifar_resnet20"), 32).rows}
    assert cifar["layer3.2.relu (2)"].receptive_field == 1 + 2 * 8 + 4 * 6 + 8 * 5


def test_rows_are_per_call_with_stage_and_shape():
    table = layer_table(build_model("resnet18"), 224)
    names = [r.name for r in table.rows]
    assert names[:4] == ["conv1", "bn1", "relu", "maxpool"]
    assert "layer1.0.relu (2)" in names  # the block's ReLU is used twice
    row = next(r for r in table.rows if r.name == "layer3.0.conv1")
    assert (row.stage, row.output_shape, row.params, row.macs) == ("conv4_x", (256, 14, 14), 128 * 256 * 9,
                                                                  128 * 256 * 9 * 14 * 14)
    assert {r.stage for r in table.rows} == {"conv1", "pool", "conv2_x", "conv3_x", "conv4_x", "conv5_x",
                                             "avgpool", "fc"}


def test_table_leaves_the_model_as_it_was():
    model = build_model("cifar_resnet8").train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    layer_table(model, 32)
    assert model.training
    assert all(not m._forward_hooks for m in model.modules())
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # BN stats untouched


def test_tiny_model_by_hand():
    model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1, bias=False), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3))
    table = layer_table(model, (1, 2, 2))
    assert [r.params for r in table.rows] == [18, 0, 0, 27]
    assert [r.macs for r in table.rows] == [2 * 9 * 4, 0, 0, 24]
    assert [r.output_shape for r in table.rows] == [(2, 2, 2), (2, 2, 2), (8,), (3,)]


def test_stage_names_follow_table_1():
    assert [stage_of(n) for n in ("conv1", "bn1", "maxpool", "layer1.0.conv1", "layer4.2", "fc")] == \
        ["conv1", "conv1", "pool", "conv2_x", "conv5_x", "fc"]


def test_block_anatomy_from_real_modules():
    anatomy = block_anatomy(256)
    assert anatomy["BasicBlock"]["conv_params"] == 1_179_648  # 2 x 3x3x256x256
    assert anatomy["Bottleneck"]["conv_params"] == 69_632  # 256x64 + 3x3x64x64 + 64x256
    assert [c["kernel"] for c in anatomy["Bottleneck"]["convs"]] == ["1×1", "3×3", "1×1"]


def test_flops_decomposition_explains_table_1_from_real_modules():
    rows = {r["model"]: r for r in flops_decomposition()}
    assert list(rows) == ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152"]
    assert [r["paper"] for r in rows.values()] == [1.8, 3.6, 3.8, 7.6, 11.3]
    assert [r["published"] for r in rows.values()] == [1.814, 3.664, 4.089, 7.801, 11.514]  # weights.meta["_ops"]
    for name, row in rows.items():
        assert row["torchvision"] == pytest.approx(row["published"], rel=0.005)  # V1.5 as built = torchvision's
        assert row["v1"] == pytest.approx(TABLE1_GFLOPS[name], rel=0.03)  # V1 = Table 1, within rounding
    for name in ("resnet50", "resnet101", "resnet152"):  # only the three downsampling 1x1 convs grow
        assert rows[name]["stride_cost"] == pytest.approx(0.2312, abs=5e-4)
        assert rows[name]["projections"] > 0.3 and rows[name]["v1_without_projections"] < rows[name]["paper"]
    assert rows["resnet50"]["v1_without_projections"] == pytest.approx(3.5, abs=0.01)  # without them: about 3.5
    for name in ("resnet18", "resnet34"):  # BasicBlocks: both versions are the same network
        assert rows[name]["stride_cost"] == 0 and rows[name]["v1"] == rows[name]["torchvision"]


def test_shortcut_options_for_resnet34():
    counts = shortcut_options("resnet34")
    assert counts["B"]["params"] == 21_797_672  # torchvision's resnet34
    assert counts["A"]["params"] == counts["plain"]["params"] < counts["B"]["params"] < counts["C"]["params"]
    assert counts["A"]["gmacs"] < counts["B"]["gmacs"] < counts["C"]["gmacs"]


def test_vgg19():  # ResNet-1202: test_cifar_params_match_table_6 and test_models' depth
    vgg = describe("vgg19", device="meta")  # counting needs no weights
    assert vgg.table.params == 143_667_240 and vgg.table.macs / 1e9 == pytest.approx(19.632, abs=5e-4)
    assert vgg.weighted_layers == 19 and [s.stage for s in vgg.stages][:3] == ["conv1", "pool1", "conv2"]
    assert weighted_by_stage(vgg.table) == {"conv1": 2, "conv2": 2, "conv3": 4, "conv4": 4, "conv5": 4, "fc6": 1,
                                            "fc7": 1, "fc8": 1}


def test_blocks_at_equal_width_and_as_in_figure_5():
    equal = block_anatomy(256)
    assert equal["BasicBlock"]["conv_params"] == 1_179_648 and equal["Bottleneck"]["conv_params"] == 69_632
    figure5 = figure5_blocks()
    basic, bottleneck = figure5["BasicBlock"], figure5["Bottleneck"]
    assert (basic["width"], bottleneck["width"]) == (64, 256)
    assert basic["conv_params"] == 2 * 9 * 64 * 64 and bottleneck["conv_params"] == 256 * 64 + 9 * 64 * 64 + 64 * 256
    assert basic["macs"] == basic["conv_params"] * 56 * 56  # stride 1, padding 1: every weight at every position
    assert 0.9 < bottleneck["macs"] / basic["macs"] < 1.0  # similar cost, four times the channels


def test_table1_from_the_models():
    grid = table1()
    assert grid["sizes"] == {"conv1": "112×112", "pool": "56×56", "conv2_x": "56×56", "conv3_x": "28×28",
                             "conv4_x": "14×14", "conv5_x": "7×7", "avgpool": "1×1"}
    assert str(grid["cells"]["conv2_x"]["resnet34"]) == "[3×3, 64; 3×3, 64] ×3"
    assert str(grid["cells"]["conv4_x"]["resnet152"]) == "[1×1, 256; 3×3, 256; 1×1, 1024] ×36"
    assert grid["stem"] == (7, 64, 2) and grid["pool"] == (3, 2) and grid["classes"] == 1000


@pytest.mark.parametrize("size", [224, 225, 160, 37, 16])
def test_shape_walk_agrees_with_the_real_forward_pass(size):
    steps = shape_walk("resnet50", size)
    assert [s.stage for s in steps] == ["conv1", "pool", "conv2_x", "conv3_x", "conv4_x", "conv5_x"]  # conv2_x widens
    for step in steps:
        assert step.size_out == conv_output_size(step.size_in, step.kernel, step.stride, step.padding)
    report = describe("resnet50", input_size=size, device="meta")  # the forward pass's shapes, no weights
    last = next(s for s in report.stages if s.stage == "conv5_x")
    assert last.output_shape[1] == steps[-1].size_out
    assert (224 - 7 + 2 * 3) // 2 + 1 == shape_walk("resnet34", 224)[0].size_out == 112


def test_global_average_pooling_replaces_vggs_big_fully_connected_layer():
    gap = global_pooling("resnet34")
    assert gap["map"] == (512, 7, 7) and gap["pooled"] == 512
    assert gap["fc_params"] == 512 * 1000 + 1000
    assert gap["vgg_fc_in"] == 512 * 7 * 7 and gap["vgg_fc_params"] == 25088 * 4096 + 4096
    assert math.prod(gap["vgg_map"]) == gap["vgg_fc_in"] and gap["vgg_native"] == 224


@pytest.mark.parametrize("name", ["resnet18", "resnet50"])
def test_global_average_pooling_names_the_last_stages_map_at_the_smallest_input(name):
    """At 32 pixels the last stage's map is 1×1: that map, not an earlier 2×2 one, is what the fc layer gets."""
    gap = global_pooling(name, 32)
    fc_in = (gap["fc_params"] - 1000) // 1000
    assert gap["map"] == (fc_in, 1, 1) and gap["pooled"] == fc_in
