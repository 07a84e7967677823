"""The message catalogue: every text in both languages, with the same parameters."""

from __future__ import annotations

import string

import pytest

from knowledge.presentation.catalogue import CATALOGUE, assemble, tr


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_each_text_has_both_languages_with_the_same_parameters(key: str) -> None:
    vi, en = CATALOGUE[key]
    assert vi.strip() and en.strip()
    assert _fields(vi) == _fields(en)


def test_a_key_defined_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="sorry"):
        assemble({"sorry": ("a", "b")}, {"sorry": ("c", "d")})


def test_tr_fills_parameters_in_the_chat_language() -> None:
    assert tr("en", "file_unreadable", name="a.pdf").startswith("Could not download the file a")
    assert tr("vi", "file_unreadable", name="a.pdf").startswith("Không tải được tệp a.pdf")
