"""The translation layer: every string in both languages, placeholders consistent, fallbacks sane."""

import re
import string

import pytest

from resnet_viz.i18n import CATALOG, LANGUAGES, Translator, t


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_key_in_every_language_with_the_same_placeholders(key):
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES), f"{key} lacks {set(LANGUAGES) - set(entry)}"
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert fields(entry["en"]) == fields(entry["zh"])


# Names and formulas, the same in both languages by design: model names stay names (ResNet-56, plain-56).
SAME_IN_BOTH = {"arch.fig3.cost", "board.item", "lesson.step_title", "arch.fig3.plain", "arch.fig3.residual", "arch.fig3.vgg", "concepts.bn.normalised",
                "lab.model.plain", "lab.model.resnet"}
# Markdown italics (*word*) are not used in Chinese: CJK fonts have no italics; emphasis is bold.
ITALICS = re.compile(r"(?<!\*)\*(?![*\s])[^*\n]+?(?<![*\s])\*(?!\*)")


def test_chinese_strings_are_chinese():
    han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [k for k, v in CATALOG.items() if not han.search(v["zh"]) and han.search(v["en"]) is None
                    and v["zh"] == v["en"] and len(v["en"]) > 12 and k not in SAME_IN_BOTH]
    assert untranslated == []


def test_no_markdown_italics_in_chinese():
    assert ITALICS.search("一个*斜体*词") and not ITALICS.search("**粗体** 与 3×3、a * b")
    assert [k for k, v in CATALOG.items() if ITALICS.search(v["zh"])] == []


def test_the_articles_terms_in_chinese():
    """Model names stay names; the stem is 起始层（stem）; BN is 批量归一化（BN）."""
    chinese = "\n".join(v["zh"] for v in CATALOG.values())
    for wrong in ("残差-", "普通-{", "输入层", "批归一化让"):
        assert wrong not in chinese, wrong
    assert Translator("zh")("lab.model.resnet", depth=56) == "ResNet-56"
    assert Translator("zh")("lab.model.plain", depth=56) == "plain-56"


def test_translator_formats_and_falls_back():
    assert Translator("zh")("nav.architecture") == "网络结构"
    assert Translator("xx")("nav.architecture") == "Architecture"  # unknown language -> English
    assert t("sidebar.device", "en", device="CPU") == "Device: CPU"
    with pytest.raises(KeyError):
        t("no.such.key")


def test_every_library_message_is_translated_with_its_placeholders():
    from resnet_viz.errors import all_messages

    messages = all_messages()
    assert len(messages) > 40
    missing = [code for code in messages if f"lib.{code}" not in CATALOG]
    assert missing == []
    for code, english in messages.items():
        assert CATALOG[f"lib.{code}"]["en"] == english  # one English text: the library's


def test_library_errors_and_their_phrases_in_chinese():
    from resnet_viz.explain.checkpoints import CheckpointError, describe_architecture

    error = CheckpointError("checkpoint.other_architecture", wanted=describe_architecture(
        {"name": "resnet18", "in_channels": 3, "num_classes": 1000}), found=describe_architecture(
        {"name": "cifar_resnet20", "residual": False, "in_channels": 1, "num_classes": 10}))
    assert str(error) == ("these weights are for plain cifar_resnet20 (1 channel(s), 10 classes), not resnet18 "
                          "(3 channel(s), 1000 classes)")
    chinese = Translator("zh").message(error)
    assert chinese == ("这些权重属于 cifar_resnet20（普通网络版本，1 个输入通道，10 个类别），"
                       "而不是 resnet18（3 个输入通道，1000 个类别）")


def test_counts_say_one_thing_and_several_things():
    en, zh = Translator("en"), Translator("zh")
    assert [en.count("lab.device.cpu", n) for n in (1, 2)] == ["CPU (1 thread)", "CPU (2 threads)"]
    assert [en.count("arch.rows", n) for n in (1, 3)] == ["1 row", "3 rows"]
    assert [zh.count("arch.weighted", n) for n in (1, 19)] == ["1 个带权重的层", "19 个带权重的层"]
    assert en.count("arch.weighted", 0) == "0 weighted layers"
    values = dict(seeds=5, per_seed=4, networks=20, parts=10, workers=2, planned="8 min 00 s", minutes="10",
                  iterations="430", recipe="480", students="")
    assert "in 20 parts of 1 network trained 2 at a time," in en.count("lab.class.budget", 1, **dict(values, parts=20))
    assert "in 10 parts of 2 networks trained 2 at a time," in en.count("lab.class.budget", 2, **values)


# A number in teaching text is computed by the library and formatted in, never typed (STYLE.md, "Teaching truth").
# What may stay typed: names (ResNet-50, conv3_x, top-5, Table 3, Eq. 1, Sec. 4.1, arXiv ids, years of citations),
# kernel sizes (1×1, 3×3, 7×7), formulas and notation, numbered list items and steps, and literal commands, URL
# parameters and file names the user types. Everything else with a digit fails below.
FIELD = re.compile(r"%?\{[^{}]*\}")
TYPED_OK = re.compile(r"""(?x)
    (?:ResNet|resnet|ResNeXt|plain|VGG|Darknet|CIFAR|ViT|YOLOv|V|top|Top|fc|layer|conv|Inception|DenseNet|GPT|COCO
       |bn|ILSVRC|FPN|P)[-\s]?\d+(?:\.\d+)?(?:_x)?(?:-crop)?   # names, incl. 10-crop
  | \d+-crop
  | (?:Tables?|Fig\.|Figures?|Eq\.|Sec\.|Section|表|图|式|公式|第)\s?\d+(?:\.\d+)*       # references
  | arXiv:\d+\.\d+ | \b(?:19|20)\d\d\b                                                  # citations
  | \b[137]\s?×\s?[137]\b                                                              # kernel sizes
  | 6n\s?\+\s?2 | 2ⁿ | ½ | 10⁹ | F(?:\(x\))?\s=\s0 | \(0,\s1\] | ⌊\(W\s−\sK\s\+\s2P\)\s/\sS⌋\s\+\s1   # notation
  | ^\s*\d+\.\s | \n\s*\d+\.\s                                                         # numbered items
  | \b1/(?=\s) | \b0\s(?:bytes|字节)                                                    # 1/n, an empty file
  | present=1 | 0\.0\.0\.0 | \w+/\d+\.jpg                                              # what the user types
""")


def typed_numbers(text: str) -> list[str]:
    """The digits of ``text`` outside format fields and outside :data:`TYPED_OK`."""
    return re.findall(r"\S*\d\S*", TYPED_OK.sub(" ", FIELD.sub(" ", text)))


def test_the_typed_number_rule_can_fail():
    assert typed_numbers("a 56-layer plain net") == ["56-layer"]
    assert typed_numbers("ResNet-50 (Table 3, Sec. 4.1): 3×3 then 1×1, {n:,} blocks") == []
    assert typed_numbers("28×28 images, pad 4") == ["28×28", "4"]
    assert typed_numbers("1. first\n2. second 256-d") == ["256-d"]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_no_number_typed_into_a_string(lang):
    typed = {key: found for key, entry in CATALOG.items() if not key.startswith("sample.")  # names of the data
             if (found := typed_numbers(entry[lang]))}
    assert typed == {}
