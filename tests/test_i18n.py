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


def test_chinese_strings_are_chinese():
    han = re.compile(r"[\u4e00-\u9fff]")
    untranslated = [k for k, v in CATALOG.items() if not han.search(v["zh"]) and han.search(v["en"]) is None
                    and v["zh"] == v["en"] and len(v["en"]) > 12]
    assert untranslated == []


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
    from resnet_viz.checkpoints import CheckpointError, describe_architecture

    error = CheckpointError("checkpoint.other_architecture", wanted=describe_architecture(
        {"name": "resnet18", "in_channels": 3, "num_classes": 1000}), found=describe_architecture(
        {"name": "cifar_resnet20", "residual": False, "in_channels": 1, "num_classes": 10}))
    assert str(error) == ("these weights are for plain cifar_resnet20 (1 channel(s), 10 classes), not resnet18 "
                          "(3 channel(s), 1000 classes)")
    chinese = Translator("zh").message(error)
    assert chinese == ("这些权重属于 cifar_resnet20（普通网络版本，1 个输入通道，10 个类别），"
                       "而不是 resnet18（3 个输入通道，1000 个类别）")
