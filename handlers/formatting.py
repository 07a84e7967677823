"""Small formatting helpers for replies: dates, periods, citations, kinds of deadline."""

from __future__ import annotations

import datetime as dt

from handlers.catalog import CampaignView
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import UNKNOWN_DATE, format_date, format_period, relative_day
from knowledge.presentation.documents import document_label as presentation_label
from knowledge.presentation.labels import kind_name


def fmt_date(day: dt.date | None, lang: str = "vi") -> str:
    """dd/mm/yyyy, or a word for unknown."""
    return format_date(day, "?" if lang == "en" else UNKNOWN_DATE)


def fmt_period(start: dt.date | None, end: dt.date | None, lang: str = "vi") -> str:
    """ "01/01/2021 – 31/12/2021", with unknown ends worded."""
    return format_period(start, end, lang)


def kind_label(kind: str, lang: str = "vi") -> str:
    """Human words for a deadline kind."""
    return kind_name(kind, lang)


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def document_label(c: CampaignView, lang: str = "vi") -> str:
    """ "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang", or what is known of it."""
    return presentation_label(c, c.source, lang)


def citation(c: CampaignView, section: str | None = None, lang: str = "vi") -> str:
    """ "Nguồn: <document>, mục <section>" (the same shape the answering core ends with)."""
    label = document_label(c, lang)
    if section:
        label += tr(lang, "citation_section", section=shorten(section, 80))
    label += "" if f"({c.source})" in label else f" ({c.source})"
    return tr(lang, "citation_source", label=label)


def days_left(due: dt.date, today: dt.date, lang: str = "vi") -> str:
    """ "còn 5 ngày", "hôm nay", "đã qua 2 ngày"."""
    return relative_day(due, today, lang)
