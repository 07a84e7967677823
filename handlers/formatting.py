"""Small formatting helpers for replies: a date or its unknown word, short text, citations."""

from __future__ import annotations

import datetime as dt

from handlers.catalog import CampaignView
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import UNKNOWN_DATE, format_date
from knowledge.presentation.documents import document_label


def fmt_date(day: dt.date | None, lang: str = "vi") -> str:
    """dd/mm/yyyy, or a word for unknown."""
    return format_date(day, "?" if lang == "en" else UNKNOWN_DATE)


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def citation(c: CampaignView, section: str | None = None, lang: str = "vi") -> str:
    """ "Nguồn: <document>, mục <section>" (the same shape the answering core ends with)."""
    label = document_label(c, None, lang)  # the file is named once, after the section
    if section:
        label += tr(lang, "citation_section", section=shorten(section, 80))
    return tr(lang, "citation_source", label=f"{label} ({c.source})")
