"""Plain views of the knowledge base for people and scripts: labels, dates, stable JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.schema import DeadlineKind, ExtractedDocument, ReportPeriod

DEADLINE_KIND_VI = {
    DeadlineKind.REGISTRATION: "Đăng ký thi đua",
    DeadlineKind.PLAN_SUBMISSION: "Gửi kế hoạch",
    DeadlineKind.PERIODIC_REPORT: "Báo cáo định kỳ",
    DeadlineKind.PRELIMINARY_REVIEW: "Sơ kết",
    DeadlineKind.FINAL_REPORT: "Báo cáo tổng kết",
    DeadlineKind.REWARD_PROPOSAL: "Đề nghị khen thưởng",
    DeadlineKind.OTHER: "Hạn khác",
}
PERIOD_VI = {
    ReportPeriod.MONTHLY: "hằng tháng",
    ReportPeriod.QUARTERLY: "hằng quý",
    ReportPeriod.SIX_MONTHLY: "6 tháng một lần",
    ReportPeriod.YEARLY: "hằng năm",
}


def vn_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, or "?" when unknown."""
    return value.strftime("%d/%m/%Y") if value else "?"


def vn_period(start: dt.date | None, end: dt.date | None) -> str:
    """ "01/01/2021 – 31/12/2021", with "?" for an unknown side; "" when both unknown."""
    if start is None and end is None:
        return ""
    return f"{vn_date(start)} – {vn_date(end)}"


def document_label(doc: ExtractedDocument) -> str:
    """ "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang" (what the text supports)."""
    info = doc.document
    parts = [info.doc_type or "Văn bản"]
    if info.number:
        parts.append(info.number)
    if info.issue_date:
        parts.append(f"ngày {vn_date(info.issue_date)}")
    if info.issuer:
        parts.append(f"của {info.issuer}")
    if not info.number and not info.issue_date:
        parts.append(f"({doc.source})")
    return " ".join(parts)


def _cite(doc: ExtractedDocument) -> dict[str, Any]:
    return {"source": doc.source, "document_number": doc.document.number}


def campaign_json(doc: ExtractedDocument, status: str = "published") -> dict[str, Any]:
    """Stable JSON of one campaign with everything nested (dates ISO 8601)."""
    c = doc.campaign
    cite = _cite(doc)

    def items(models: list[Any]) -> list[dict[str, Any]]:
        return [{**m.model_dump(mode="json"), **cite} for m in models]

    return {
        "id": c.id,
        "name": c.name,
        "kind": c.kind.value,
        "year": c.year,
        "start": c.start.isoformat() if c.start else None,
        "end": c.end.isoformat() if c.end else None,
        "period_text": c.period_text,
        "theme": c.theme,
        "slogan": c.slogan,
        "audience": c.audience,
        "status": status,
        "source": doc.source,
        "document": doc.document.model_dump(mode="json"),
        "phases": items(c.phases),
        "deadlines": items(c.deadlines),
        "recurring_reports": items(c.recurring_reports),
        "targets": items(c.targets),
        "rewards": items(c.rewards),
        "responsibilities": items(c.responsibilities),
        "commemorations": items(c.commemorations),
        "warnings": [w.model_dump(mode="json") for w in doc.warnings],
        "corrected_fields": doc.corrected_fields,
    }


def campaign_window(doc: ExtractedDocument) -> tuple[dt.date | None, dt.date | None]:
    """The campaign's period for "running on a date" checks.

    A period that starts "from the day this plan is issued" with no issue date in the text has
    an unknown start; it is taken to start no earlier than 1 January of its end's year (or the
    issue date when known), so such a campaign is not reported as running years before.
    """
    c = doc.campaign
    start, end = c.start, c.end
    if start is None and end is not None:
        start = doc.document.issue_date or dt.date(end.year, 1, 1)
    return start, end


def is_active_on(doc: ExtractedDocument, day: dt.date) -> bool:
    """True when the campaign's period contains `day` (see campaign_window)."""
    start, end = campaign_window(doc)
    if start is None and end is None:
        return False
    return (start is None or start <= day) and (end is None or day <= end)
