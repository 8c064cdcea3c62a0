"""The lesson's answers for the block's inside, its code and BN's batch size: computed from the real modules, the
installed torchvision source and the BN sweep, and each sentence follows its numbers at the edges."""

from __future__ import annotations

import inspect

import pytest
from torchvision.models.resnet import ResNet

from resnet_viz.explain.responses import BatchSizeAccuracy
from resnet_viz.i18n import Translator
from resnet_viz.lesson import batch_size_limit, block_inside, shortcut_rule
from resnet_viz.nets.models import display_name
from resnet_viz.plots import shape_label


def inside_text(lang: str, v: dict) -> str:
    return Translator(lang)(f"lesson.inside.answer.{v['kind']}", **{**v, "network": display_name(v["network"]),
                            "shape_in": shape_label(v["shape_in"]), "shape_out": shape_label(v["shape_out"])})


def test_the_inside_answer_measures_the_block_and_names_its_shortcut():
    """Table 1: ResNet-50's conv2_x gives 256×56×56 at 224 pixels, conv3_x 512×28×28; layer2.0 starts conv3_x."""
    first = block_inside()
    assert (first["block"], first["stage"], first["type"]) == ("layer2.0", "conv3_x", "Bottleneck")
    assert (first["shape_in"], first["shape_out"]) == ((256, 56, 56), (512, 28, 28))
    assert (first["kind"], first["kernel"], first["stride"], first["option"]) == ("projection", 1, 2, "B")
    assert first["modules"] == ("layer2.0.downsample.0", "layer2.0.downsample.1")
    assert "256×56×56 in, 512×28×28 out" in inside_text("en", first)
    assert "a 1×1 conv with stride 2, then BN" in inside_text("en", first)
    assert "步长为 2 的 1×1 卷积加 BN" in inside_text("zh", first)

    second = block_inside(block="layer2.1")  # the next block keeps the shape: no projection
    assert (second["shape_in"], second["shape_out"], second["kind"]) == ((512, 28, 28), (512, 28, 28), "identity")
    assert "keeps the shape" in inside_text("en", second) and "实线" in inside_text("zh", second)
    padded = block_inside(option="A")
    assert (padded["kind"], padded["stride"], padded["kernel"]) == ("zero-pad", 2, None)
    assert "option A" in inside_text("en", padded)
    always = block_inside(block="layer2.1", option="C")  # option C projects where the shapes match too
    assert (always["kind"], always["stride"]) == ("always", 1) and "option C" in inside_text("en", always)
    assert block_inside(input_size=32)["shape_out"] == (512, 4, 4)  # the smallest input: still measured


def test_the_code_answer_is_the_line_the_page_marks_in_torchvisions_source():
    found = shortcut_rule()
    lines, start = inspect.getsourcelines(ResNet._make_layer)  # the source the app reads, numbered from 1
    assert lines[found["line"] - 1].strip() == found["text"] and start + found["line"] - 1 == found["file_line"]
    assert found["text"].startswith("if stride != 1 or self.inplanes != planes * block.expansion")
    assert found["holds"] and (found["stride"], found["inplanes"], found["planes"], found["channels"]) == (2, 256,
                                                                                                       128, 512)
    assert found["rows"] == ("layer2.0.downsample.0", "layer2.0.downsample.1")
    tr = Translator("en")
    text = tr("lesson.code.answer.holds", **{**found, "rows": ", ".join(found["rows"])})
    assert f"Line {found['line']} of torchvision.models.resnet.ResNet._make_layer" in text
    assert "planes × expansion = 128 × 4 = 512: the condition holds" in text

    later = shortcut_rule(block="layer2.1")  # built in the loop after the first: no downsample
    assert not later["holds"] and later["rows"] == () and later["line"] == found["line"]
    assert "layer2.1 gets none" in tr("lesson.code.answer.not", **later)
    assert shortcut_rule(block="layer1.0")["holds"]  # stride 1, but 64 channels in and 256 out: a projection
    with pytest.raises(ValueError, match="torchvision"):
        shortcut_rule("cifar_resnet20", "layer2.0", 32)


@pytest.mark.parametrize("train, case, hurts", [
    ((0.10, 0.50, 0.85, 0.91, 0.92), "near", True),  # within two points from a batch of 8 on; 4 falls short
    ((0.10, 0.50, 0.90, 0.91, 0.92), "near", False),  # 4 exactly two points short: within, so it does not hurt
    ((0.10, 0.50, 0.60, 0.80, 0.91), "largest", True),
    ((0.91, 0.91, 0.92, 0.92, 0.93), "all", False),
    ((0.10, 0.20, 0.30, 0.40, 0.50), "never", True),
])
def test_the_batch_answer_follows_the_sweep(train, case, hurts):
    sweep = BatchSizeAccuracy(sizes=(1, 2, 4, 8, 16), train_mode=train, eval_mode=0.92, images=8)
    v = batch_size_limit(sweep)
    assert (v["case"], v["hurts"], v["article"], v["article_acc"]) == (case, hurts, 4, train[2])
    assert v["values"] == sweep.verdict()[1]  # the page's own verdict, number for number
    for lang in ("en", "zh"):
        tr = Translator(lang)
        text = tr(f"lesson.batch.answer.{case}", **v["values"], images=v["images"], network="ResNet-20")
        text += tr("lesson.batch.article." + ("hurts" if hurts else "fine"), **v)
        assert f"{train[2]:.1%}" in text and "92.0%" in text
    assert batch_size_limit(BatchSizeAccuracy((1, 2), (0.1, 0.9), 0.92, 8))["article_acc"] is None  # 4 not tried


def test_table1s_plan_is_counted_on_the_models():
    from resnet_viz.lesson import table1_plan

    assert table1_plan() == {"nets": 5, "stages": 4}


def test_the_lesion_answer_follows_the_study_and_reads_in_both_languages():
    from resnet_viz.lesson import lesion_rise
    from resnet_viz.why.lesion import Block, Lesion

    def study(intact, single):  # three blocks that keep the shape and one that does not
        return Lesion(intact, [Block(f"b{i}", e is not None) for i, e in enumerate(single)], single, [1], [0.5],
                      [0.0], 3, 200)

    lesions = {"resnet-56": study(0.10, [0.11, None, 0.12, 0.60]), "plain-56": study(0.15, [0.80, None, 0.90, 0.85])}
    v = lesion_rise(lesions)
    assert v["case"] == "resnet" and v["images"] == 200
    assert v["resnet_rise"] == pytest.approx(2.0) and v["resnet_max"] == pytest.approx(50.0)  # median, not mean
    assert v["plain_rise"] == pytest.approx(70.0) and v["plain_worst"] == 0.90
    tied = lesion_rise({"resnet-56": lesions["resnet-56"], "plain-56": study(0.10, [0.11, None, 0.12, 0.13])})
    assert tied["case"] == "plain"  # a tie is not "less"
    assert lesion_rise({"resnet-56": lesions["resnet-56"]}) is None
    for lang in ("en", "zh"):
        for values in (v, tied):
            text = Translator(lang)(f"lesson.lesion.answer.{values['case']}", **values, resnet="ResNet-56",
                                    plain="plain-56")
            assert f"{values['resnet_rise']:.1f}" in text and f"{values['plain_max']:.1f}" in text and "200" in text
