"""The glossary is honest about the teaching articles: every name it says the articles use occurs in them, and no
name it calls another translation does. The articles live in the project's shared folder beside the checkout (as in
CI); a checkout without them skips this test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resnet_viz.i18n.concepts import GLOSSARY

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"


def names(cell: str) -> list[str]:
    return [n.strip() for n in re.split("[、/]", cell) if n.strip()]


def test_the_articles_column_holds_the_articles_own_terms_and_the_other_column_none_of_them():
    files = sorted(ARTICLES.glob("0*.txt"))
    if not files:
        pytest.skip(f"the teaching articles are not at {ARTICLES}")
    text = "\n".join(f.read_text(encoding="utf-8") for f in files).lower()
    claimed = [n for _, _, articles, _ in GLOSSARY for n in names(articles)]
    others = [n for _, _, _, also in GLOSSARY for n in names(also)]
    assert len(claimed) > 30 and len(others) > 10  # the columns are filled
    assert [n for n in claimed if n.lower() not in text] == []
    assert [n for n in others if n.lower() in text] == []
