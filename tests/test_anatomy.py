"""One residual block measured on the real model, the source that builds it tied to its modules, and the shape
walk's channel-only steps."""

import inspect
import re

import pytest
import torch

from resnet_viz.anatomy import block_edges, block_names, block_source, shape_walk
from resnet_viz.nets.models import build_model
from resnet_viz.nets.summary import counted
from resnet_viz.nets.summary import shape_walk as moved_shape_walk
from resnet_viz.plots import block_drawing


def edge(d, source, target):
    return next(e.shape for e in d.edges if (e.source, e.target) == (source, target))


def test_resnet50_layer2_0_downsamples_through_a_projection():
    d = block_edges("resnet50", "layer2.0", 224)
    assert (d.type, d.stage, d.shortcut, d.stride, d.expansion) == ("Bottleneck", "conv3_x", "projection", 2, 4)
    assert d.input_shape == (256, 56, 56) and d.output_shape == (512, 28, 28)
    assert edge(d, "x", "conv1") == (256, 56, 56)
    assert edge(d, "conv1", "bn1") == (128, 56, 56)  # the 1×1 conv squeezes to planes
    assert edge(d, "conv2", "bn2") == (128, 28, 28)  # torchvision (V1.5) strides in the 3×3 conv
    assert edge(d, "bn3", "add") == edge(d, "downsample.1", "add") == (512, 28, 28)
    assert edge(d, "x", "downsample.0") == (256, 56, 56)
    assert [n.key for n in d.nodes if n.branch == "shortcut"] == ["downsample.0", "downsample.1"]
    assert d.node("downsample.0").kernel == 1 and d.node("downsample.0").stride == 2
    # the addition sits between the last BN and the last ReLU, whose row is the ReLU's third call
    order = [n.key for n in d.nodes if n.branch == "main"]
    assert order[order.index("bn3") + 1:] == ["add", "relu (3)", "out"]
    assert d.node("relu (3)").row == "layer2.0.relu (3)"


def test_resnet50_layer1_0_widens_without_a_stride():
    d = block_edges("resnet50", "layer1.0")
    assert d.shortcut == "projection" and d.stride == 1
    assert d.input_shape == (64, 56, 56) and d.output_shape == (256, 56, 56)
    assert edge(d, "downsample.0", "downsample.1") == (256, 56, 56)
    assert d.node("downsample.0").stride == 1


def test_resnet18_layer1_0_adds_its_input_back_unchanged():
    d = block_edges("resnet18", "layer1.0")
    assert d.type == "BasicBlock" and d.shortcut == "identity"
    assert not [n for n in d.nodes if n.branch == "shortcut"]
    assert [(e.source, e.target, e.shape) for e in d.edges if e.branch == "shortcut"] == \
        [("x", "add", (64, 56, 56))]


def test_the_shortcut_is_said_from_the_shapes_and_the_option():
    """Option C projects a block that keeps its shape: never "the main branch changes the shape" there."""
    from resnet_viz.i18n import Translator

    kinds = {(block, option): block_edges("resnet18", block, 224, option).shortcut_kind
             for block in ("layer1.0", "layer2.0") for option in ("B", "C")}
    assert kinds == {("layer1.0", "B"): "identity", ("layer1.0", "C"): "always", ("layer2.0", "B"): "projection",
                     ("layer2.0", "C"): "projection"}
    said = Translator("en")("arch.inside.shortcut.always", stride=1)
    assert "shapes match" in said and "changes the shape" not in said
    assert block_edges("cifar_resnet20", "layer2.0", 32).shortcut_kind == "zero-pad"
    assert block_edges("resnet18", "layer1.0", 224, residual=False).shortcut_kind is None


def test_cifar_option_a_pads_and_the_plain_twin_adds_nothing():
    d = block_edges("cifar_resnet20", "layer2.0", 32)
    assert d.type == "CifarBasicBlock" and d.shortcut == "zero-pad" and d.option == "A"
    assert d.input_shape == (16, 32, 32) and d.output_shape == (32, 16, 16)
    assert edge(d, "shortcut", "add") == (32, 16, 16) and d.node("shortcut").kind == "pad"
    plain = block_edges("cifar_resnet20", "layer2.0", 32, residual=False)
    assert plain.shortcut is None and plain.option is None
    assert not any(n.kind == "add" or n.branch == "shortcut" for n in plain.nodes)
    assert block_edges("resnet18", "layer2.0", 224, residual=False).type == "PlainBasicBlock"


@pytest.mark.parametrize("size", [32, 1024])
def test_every_edge_agrees_with_the_layer_table(size):
    """The shapes come from the forward pass: the layer table (another pass, other hooks) says the same."""
    rows = {r.name: r.output_shape for r in counted("resnet50", size).rows}
    d = block_edges("resnet50", "layer3.0", size)
    for node in d.nodes:
        if node.row:
            assert rows[node.row] == node.shape_out, node.row
    assert d.stride == 2 and d.output_shape[1] == (d.input_shape[1] - 1) // 2 + 1


def test_every_block_of_the_zoo_draws():
    names = block_names("resnet101")
    assert len(names) == 3 + 4 + 23 + 3 and names[0] == "layer1.0" and names[-1] == "layer4.2"
    for name, block in (("resnet152", "layer3.35"), ("resnet34", "layer4.0"), ("cifar_resnet56", "layer3.8")):
        d = block_edges(name, block, 64)
        assert block_drawing(d).data  # drawn without error
    with pytest.raises(ValueError):
        block_edges("cifar_resnet20", "layer4.0")


@pytest.mark.parametrize("args", [("resnet50", "layer2.0"), ("resnet18", "layer1.1"),
                                  ("cifar_resnet20", "layer2.0", 32), ("resnet34", "layer2.0", 224, "C"),
                                  ("resnet50", "layer1.0", 224, None, False)])
def test_marked_lines_are_real_lines_tied_to_real_modules(args):
    d = block_edges(*args)
    excerpts = block_source(d)
    with torch.device("meta"):
        model = build_model(d.network, residual=d.option is not None, shortcut=d.option)
    modules = dict(model.named_modules())
    roles = set()
    for excerpt in excerpts:
        lines = excerpt.code.splitlines()
        for mark in excerpt.marks:
            roles.add(mark.role)
            assert lines[mark.line - 1].strip() == mark.text  # the numbering st.code shows
            assert all(m in modules for m in mark.modules), mark
            assert mark.node == "shortcut" or mark.node in [n.key for n in d.nodes]
        assert excerpt.marks, excerpt.title
    assert "expansion" in roles and ("add" in roles) == (d.shortcut is not None)


def test_the_torchvision_lines_are_torchvisions():
    from torchvision.models import resnet

    d = block_edges("resnet50", "layer2.0")
    bottleneck, make_layer = block_source(d)
    source = inspect.getsource(resnet).splitlines()
    for excerpt in (bottleneck, make_layer):
        for mark in excerpt.marks:
            assert source[mark.file_line - 1].strip() == mark.text
    assert [m.text for m in bottleneck.marks] == ["expansion: int = 4", "out += identity"]
    assert bottleneck.marks[0].modules == ("layer2.0.conv3", "layer2.0.bn3", "layer2.0.downsample.0")
    assert bottleneck.marks[1].node == "add" and "layer2.0.relu (3)" in bottleneck.marks[1].rows
    rule = make_layer.marks[0]
    assert rule.text.startswith("if stride != 1 or self.inplanes != planes * block.expansion")
    assert rule.variant == "holds" and rule.modules == ("layer2.0.downsample.0", "layer2.0.downsample.1")
    assert rule.values["stride"] == 2 and rule.values["inplanes"] == 256 and rule.values["channels"] == 512
    later = block_source(block_edges("resnet50", "layer2.1"))[1].marks[0]
    assert later.variant == "later" and later.modules == ()
    first18 = block_source(block_edges("resnet18", "layer1.0"))[1].marks[0]
    assert first18.variant == "fails"  # stride 1 and 64 = 64 x 1: no downsample


def test_the_shape_walk_lists_channel_only_changes():
    steps = shape_walk("resnet50", 224)
    assert moved_shape_walk is shape_walk  # still importable where it was
    widen = next(s for s in steps if s.stage == "conv2_x")
    assert widen.layer == "layer1.0.downsample.0"
    assert (widen.size_in, widen.size_out, widen.stride, widen.channels_in, widen.channels) == (56, 56, 1, 64, 256)
    rows = {r.name: r.output_shape for r in counted("resnet50").rows}
    assert rows[widen.layer] == (256, 56, 56)
    assert [s.stage for s in steps] == ["conv1", "pool", "conv2_x", "conv3_x", "conv4_x", "conv5_x"]
    assert [s.stage for s in shape_walk("resnet18", 224)] == ["conv1", "pool", "conv3_x", "conv4_x", "conv5_x"]


def test_the_drawing_dashes_a_projection_writes_every_shape_and_draws_no_shortcut_for_a_plain_block():
    def paths(d):
        return [s.line.dash for s in block_drawing(d, badges={"add": ["1"]}).layout.shapes if s.type == "path"]

    projection, identity = block_edges("resnet50", "layer2.0"), block_edges("resnet18", "layer1.0")
    assert paths(projection) == ["dash"] and paths(identity) == ["solid"]
    assert paths(block_edges("resnet18", "layer2.0", residual=False)) == []
    labels = [a.text for a in block_drawing(projection).layout.annotations]
    assert sum(t == "512<br>28×28" for t in labels) >= 5 and "256<br>56×56" in labels
    assert sum(bool(re.fullmatch(r"\d+<br>\d+×\d+", t)) for t in labels) == len(projection.edges)  # one per edge


def test_vgg19_itself_does_not_keep_the_papers_second_rule():
    """The paper's rules (Sec. 3.3) are its own, inspired by VGG: VGG-19 stays at 512 filters from 28x28 to 14x14."""
    from resnet_viz.anatomy.stages import vgg_keeps_width

    assert vgg_keeps_width(224) == {"before": 28, "after": 14, "channels": 512, "depth": 19}
    assert vgg_keeps_width(448)["before"] == 56
