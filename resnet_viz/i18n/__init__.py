"""One small translation layer for every UI string: English and 简体中文.

Each area keeps its strings in its own module (``common``, ``architecture``, ...) as ``{key: {lang: text}}``.
"""

from __future__ import annotations

from resnet_viz.errors import Phrase, UserError
from resnet_viz.i18n import (
    architecture,
    classroom,
    common,
    concepts,
    inspector,
    lab,
    lesson,
    library,
    names,
    transfer,
    why,
)

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"

CATALOG: dict[str, dict[str, str]] = {}
for _module in (common, architecture, classroom, concepts, inspector, lab, lesson, library, names, transfer, why):
    _clash = CATALOG.keys() & _module.STRINGS.keys()
    if _clash:
        raise RuntimeError(f"translation keys defined twice: {sorted(_clash)}")
    CATALOG.update(_module.STRINGS)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English where a translation is missing), formatted with ``values``."""
    entry = CATALOG[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


class Translator:
    """``tr = Translator('zh'); tr('nav.architecture')``: :func:`t` with the language bound."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def count(self, key: str, n: int, **values: object) -> str:
        """``key`` formatted with ``n``, or its ``key.one`` form where ``n`` is 1 and the catalog has one ("1 row",
        not "1 rows"; Chinese needs none)."""
        one = f"{key}.one"
        return self(one if n == 1 and one in CATALOG else key, n=n, **values)

    def name(self, kind: str, text: str) -> str:
        """A name the data brings (``kind`` "class" or "sample"), translated where the catalog knows it."""
        key = f"{kind}.{text}"
        return self(key) if key in CATALOG else text

    def message(self, item: UserError | Phrase) -> str:
        """A library error or phrase in this language (``lib.<code>``); its English where no translation exists."""
        key = f"lib.{item.code}"
        if key not in CATALOG:
            return str(item)
        values = {k: self.message(v) if isinstance(v, Phrase) else v for k, v in item.values.items()}
        return self(key, **values)
