"""Recurring reports as dated occurrences, exactly as the reminders date them.

The planner's own targets (scheduler/targets.py) give the occurrences, so /hanchot, the
calendar file and feed, and the reminders always name the same days; a report whose day the
document does not state is dated by the campaign's rule (knowledge/dates/recurring.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from handlers import catalog
from knowledge.dates.recurring import RecurringRule, expand
from knowledge.store.tables import RecurringReportRow


@dataclass(frozen=True)
class ReportOccurrence:
    """One dated occurrence of a recurring report (as reminders see it), for the calendar."""

    ref_id: str  # "{report id}@{yyyy-mm}", the reminders' reference
    campaign: catalog.CampaignView
    due: dt.date
    period_start: dt.date
    period_end: dt.date
    what: str
    recipient: str | None
    quote: str
    day_stated: bool = True  # False: the document gives no day; the campaign's rule dates it


def report_occurrences(
    session: Session, campaign_ids: list[str], since: dt.date
) -> list[ReportOccurrence]:
    """Occurrences of the campaigns' recurring reports due on or after `since`, soonest first."""
    from scheduler.targets import load_targets, recurring_rules

    if not campaign_ids:
        return []
    targets, rows = load_targets(session, since, campaign_ids)
    views = {c.id: c for c in catalog.campaigns(session, campaign_ids)}
    reports = {
        r.id: r
        for r in session.exec(
            select(RecurringReportRow).where(col(RecurringReportRow.campaign_id).in_(campaign_ids))
        ).all()
    }
    rules = recurring_rules(session, rows.values())
    out = []
    for t in targets:
        report = reports.get(t.source_id)
        view = views.get(t.campaign_id)
        if t.kind != "recurring" or report is None or view is None:
            continue
        # The occurrence's period, from the same expansion planning used.
        found = [
            o for o in expand(report.period, report.day, report.month, t.due, t.due,
                              rules.get(t.campaign_id, RecurringRule()))
            if t.ref_id.endswith("@" + o.suffix)
        ]
        start, end = (found[0].period_start, found[0].period_end) if found else (t.due, t.due)
        out.append(
            ReportOccurrence(t.ref_id, view, t.due, start, end, report.what, report.recipient,
                             report.quote, report.day is not None)
        )
    return sorted(out, key=lambda o: (o.due, o.ref_id))


def next_report_occurrences(
    session: Session, campaign_ids: list[str], since: dt.date
) -> list[ReportOccurrence]:
    """The next occurrence of each recurring report due on or after `since`, soonest first."""
    seen: set[str] = set()
    out = []
    for occ in report_occurrences(session, campaign_ids, since):
        report_id = occ.ref_id.partition("@")[0]
        if report_id not in seen:
            seen.add(report_id)
            out.append(occ)
    return out
