"""Vietnamese message texts, built when a message is sent (so day counts are right then)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.dates.workdays import working_days_between
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import format_date, weekday_and_date
from knowledge.presentation.documents import document_label
from knowledge.presentation.labels import kind_name, periodic_report_name
from knowledge.store.tables import (
    CampaignRow,
    DeadlineRow,
    DocumentRow,
    PhaseRow,
    RecurringReportRow,
)
from scheduler.sql import table_of
from scheduler.targets import split_ref
from scheduler.transport import OutgoingMessage

DEADLINE = table_of(DeadlineRow)
PHASE = table_of(PhaseRow)


DONE_CALLBACK_PREFIX = "done:"  # callback data of the "Đã nộp" button: "done:{ref_id}"
DONE_LABEL = tr("vi", "reminder_done_button")
SNOOZE_CALLBACK_PREFIX = "snooze:"  # "snooze:{lead}:{ref_id}": re-send the next working day
SNOOZE_LABEL = tr("vi", "reminder_snooze_button")

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def vn_date(day: dt.date | None) -> str:
    """dd/mm/yyyy, or a dash when unknown."""
    return format_date(day, "—")


def days_left_phrase(due: dt.date, today: dt.date) -> str:
    """ "còn 3 ngày (2 ngày làm việc)", "hôm nay là hạn cuối", "ngày mai là hạn cuối"."""
    days = (due - today).days
    if days <= 0:
        return tr("vi", "reminder_due_today")
    if days == 1:
        return tr("vi", "reminder_due_tomorrow")
    working = working_days_between(today, due)
    return tr("vi", "reminder_days_left", days=days, working=working)


def citation(doc: DocumentRow | None, section: str | None = None) -> str:
    """ "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang, mục II.2"."""
    if doc is None:
        return ""
    text = document_label(doc, doc.source)
    return f"{text}, mục {section}" if section else text


def _occurrence_label(period: str, suffix: str) -> str:
    try:
        year, month = (int(x) for x in suffix.split("-"))
    except ValueError:
        return ""
    if period == "monthly":
        return tr("vi", "occurrence_month", month=f"{month:02d}", year=year)
    if period == "quarterly":
        quarter = _ROMAN.get((month - 1) // 3 + 1, "?")
        return tr("vi", "occurrence_quarter", quarter=quarter, year=year)
    if period == "six_monthly":
        half = "occurrence_first_half" if month <= 6 else "occurrence_second_half"
        return tr("vi", half, year=year)
    return tr("vi", "occurrence_year", year=year)


@dataclass(frozen=True)
class ReminderFacts:
    """Everything a reminder says, read from the knowledge base at send time."""

    what: str
    recipient: str | None
    via: str | None
    campaign: str
    cite: str


class TextBuilder:
    """Builds message texts from the knowledge base, caching lookups within one batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._facts: dict[str, ReminderFacts | None] = {}
        self._launch: dict[tuple[str, dt.date], str | None] = {}

    def _campaign_doc(self, campaign_id: str) -> tuple[CampaignRow | None, DocumentRow | None]:
        campaign = self.session.get(CampaignRow, campaign_id)
        doc = self.session.get(DocumentRow, campaign.document_id) if campaign else None
        return campaign, doc

    def facts(self, ref_id: str) -> ReminderFacts | None:
        """What/whom/citation of a deadline or report occurrence; None when it is gone."""
        if ref_id in self._facts:
            return self._facts[ref_id]
        base, suffix = split_ref(ref_id)
        found: ReminderFacts | None = None
        if suffix is None:
            dl = self.session.get(DeadlineRow, base)
            if dl is not None:
                campaign, doc = self._campaign_doc(dl.campaign_id)
                found = ReminderFacts(
                    what=dl.what.strip() or kind_name(dl.kind),
                    recipient=dl.recipient,
                    via=dl.via,
                    campaign=campaign.name if campaign else "",
                    cite=citation(doc, dl.section),
                )
        else:
            rr = self.session.get(RecurringReportRow, base)
            if rr is not None:
                campaign, doc = self._campaign_doc(rr.campaign_id)
                what = rr.what.strip() or periodic_report_name(rr.period)
                label = _occurrence_label(rr.period, suffix)
                found = ReminderFacts(
                    what=f"{what} ({label})" if label else what,
                    recipient=rr.recipient,
                    via=None,
                    campaign=campaign.name if campaign else "",
                    cite=citation(doc),
                )
        self._facts[ref_id] = found
        return found

    def reminder(
        self, ref_id: str, due: dt.date, today: dt.date, lead: int | None = None
    ) -> OutgoingMessage | None:
        """The reminder message, or None when its deadline no longer exists; with `lead`, a
        "Nhắc lại sau" button too (snooze:{lead}:{ref_id}) unless today is the cut-off."""
        facts = self.facts(ref_id)
        if facts is None:
            return None
        left = days_left_phrase(due, today)
        lines = [tr("vi", "reminder_what", what=facts.what)]
        lines.append(tr("vi", "reminder_due", day=weekday_and_date(due), left=left))
        if facts.recipient:
            via = tr("vi", "reminder_via", via=facts.via) if facts.via else ""
            lines.append(tr("vi", "reminder_to", recipient=facts.recipient) + via)
        if facts.campaign:
            lines.append(tr("vi", "reminder_campaign", campaign=facts.campaign))
        if facts.cite:
            lines.append(tr("vi", "reminder_source", cite=facts.cite))
        lines.append(tr("vi", "reminder_press_done"))
        row: tuple[tuple[str, str], ...] = ((DONE_LABEL, f"{DONE_CALLBACK_PREFIX}{ref_id}"),)
        if lead is not None and due > today:
            row += ((SNOOZE_LABEL, f"{SNOOZE_CALLBACK_PREFIX}{lead}:{ref_id}"),)
        return OutgoingMessage(text="\n".join(lines), buttons=(row,))

    def launch(self, campaign_id: str, today: dt.date) -> OutgoingMessage | None:
        """The launch announcement of a campaign, or None when it no longer exists."""
        key = (campaign_id, today)
        if key not in self._launch:
            self._launch[key] = self._launch_text(campaign_id, today)
        text = self._launch[key]
        return OutgoingMessage(text=text, broadcast=True) if text else None

    def _launch_text(self, campaign_id: str, today: dt.date) -> str | None:
        campaign, doc = self._campaign_doc(campaign_id)
        if campaign is None:
            return None
        lines = [tr("vi", "launch_header"), campaign.name.strip()]
        if campaign.issuer:
            lines.append(tr("vi", "launch_issuer", issuer=campaign.issuer))
        if campaign.start or campaign.end:
            start, end = vn_date(campaign.start), vn_date(campaign.end)
            lines.append(tr("vi", "launch_period", start=start, end=end))
        phases = (
            self.session.execute(
                select(PhaseRow).where(PHASE.c.campaign_id == campaign_id).order_by(PHASE.c.ord)
            )
            .scalars()
            .all()
        )
        if phases:
            lines.append(tr("vi", "launch_phases"))
            for ph in phases:
                start, end = vn_date(ph.start), vn_date(ph.end)
                lines.append(tr("vi", "launch_phase", name=ph.name, start=start, end=end))
        deadlines = (
            self.session.execute(
                select(DeadlineRow)
                .where(DEADLINE.c.campaign_id == campaign_id, DEADLINE.c.due >= today)
                .order_by(DEADLINE.c.due)
                .limit(3)
            )
            .scalars()
            .all()
        )
        if deadlines:
            lines.append(tr("vi", "launch_deadlines"))
            for dl in deadlines:
                what = dl.what.strip() or kind_name(dl.kind)
                to = tr("vi", "launch_deadline_to", recipient=dl.recipient) if dl.recipient else ""
                lines.append(tr("vi", "launch_deadline", day=vn_date(dl.due), what=what) + to)
        cite = citation(doc)
        if cite:
            lines.append(tr("vi", "reminder_source", cite=cite))
        lines.append(tr("vi", "launch_footer"))
        return "\n".join(lines)
