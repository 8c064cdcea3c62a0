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
