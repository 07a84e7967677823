"""Plain views of a stored document for scripts: stable JSON, and its campaign's window."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.schema import ExtractedDocument


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
