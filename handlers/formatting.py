"""Small formatting helpers for replies: dates, periods, citations, kinds of deadline."""

from __future__ import annotations

import datetime as dt

from handlers.catalog import CampaignView

_KINDS = {
    "registration": ("Đăng ký thi đua", "Registration"),
    "plan_submission": ("Gửi kế hoạch", "Plan submission"),
    "periodic_report": ("Báo cáo định kỳ", "Periodic report"),
    "preliminary_review": ("Sơ kết", "Preliminary review"),
    "final_report": ("Tổng kết", "Final report"),
    "reward_proposal": ("Đề nghị khen thưởng", "Reward proposal"),
    "other": ("Hạn khác", "Other deadline"),
}


def fmt_date(day: dt.date | None, lang: str = "vi") -> str:
    """dd/mm/yyyy, or a word for unknown."""
    if day is None:
        return "?" if lang == "en" else "chưa rõ"
    return day.strftime("%d/%m/%Y")


def fmt_period(start: dt.date | None, end: dt.date | None, lang: str = "vi") -> str:
    """ "01/01/2021 – 31/12/2021", with unknown ends worded."""
    if start is None and end is None:
        return "period unknown" if lang == "en" else "chưa rõ thời gian"
    if start is None:
        return f"until {fmt_date(end)}" if lang == "en" else f"đến {fmt_date(end)}"
    if end is None:
        return f"from {fmt_date(start)}" if lang == "en" else f"từ {fmt_date(start)}"
    return f"{fmt_date(start)} – {fmt_date(end)}"


def kind_label(kind: str, lang: str = "vi") -> str:
    """Human words for a deadline kind."""
    vi, en = _KINDS.get(kind, _KINDS["other"])
    return en if lang == "en" else vi


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def document_label(c: CampaignView, lang: str = "vi") -> str:
    """ "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang", or what is known of it."""
    parts: list[str] = []
    head = " ".join(x for x in (c.doc_type, c.number) if x)
    if not head:
        head = shorten(c.title or c.name or c.source, 80)
    parts.append(head)
    if c.issue_date:
        parts.append(("dated " if lang == "en" else "ngày ") + fmt_date(c.issue_date))
    if c.issuer:
        parts.append(("by " if lang == "en" else "của ") + c.issuer)
    return " ".join(parts)


def citation(c: CampaignView, section: str | None = None, lang: str = "vi") -> str:
    """ "Nguồn: <document>, mục <section>" (the same shape the answering core ends with)."""
    label = document_label(c, lang)
    prefix = "Source: " if lang == "en" else "Nguồn: "
    if section:
        label += (", section " if lang == "en" else ", mục ") + shorten(section, 80)
    return prefix + label + f" ({c.source})"


def days_left(due: dt.date, today: dt.date, lang: str = "vi") -> str:
    """ "còn 5 ngày", "hôm nay", "đã qua 2 ngày"."""
    n = (due - today).days
    if lang == "en":
        if n == 0:
            return "today"
        if n == 1:
            return "tomorrow"
        return f"in {n} days" if n > 0 else f"{-n} days ago"
    if n == 0:
        return "hôm nay"
    if n == 1:
        return "ngày mai"
    return f"còn {n} ngày" if n > 0 else f"đã qua {-n} ngày"
