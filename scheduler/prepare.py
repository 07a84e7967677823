"""Before sending: decide per claimed row whether to send (text built now), defer or cancel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.store.tables import CampaignRow
from scheduler.claims import Claimed, Outcome
from scheduler.planning.times import parse_clock, quiet_release
from scheduler.reminder_texts import TextBuilder
from scheduler.schedule_tables import CANCELLED, PENDING
from scheduler.sql import table_of
from scheduler.transport import OutgoingMessage
from scheduler.units import REMINDER_KINDS, done_pairs

CAMPAIGN = table_of(CampaignRow)


@dataclass
class Prepared:
    """A claimed row with what to do with it: send `message`, or settle it as `outcome`."""

    row: Claimed
    message: OutgoingMessage | None = None
    outcome: Outcome | None = None  # decided without sending
    wait: float = 0.0


def prepare(
    session: Session, rows: list[Claimed], now: dt.datetime, tz: ZoneInfo
) -> list[Prepared]:
    """Decide per claimed row: cancel, defer (quiet hours) or send (text built now)."""
    builder = TextBuilder(session)
    today = now.astimezone(tz).date()
    refs = [(r.chat_pk, r.ref_id) for r in rows if r.kind in REMINDER_KINDS and r.ref_id]
    # The chat's own "Đã nộp" marks and its unit's submissions.
    done = done_pairs(session, {pk for pk, _ in refs}) if refs else set()
    published: dict[str, bool] = {}
    out: list[Prepared] = []
    for row in rows:
        prep = Prepared(row)
        out.append(prep)
        if not row.chat_active:
            prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "chat inactive"})
            continue
        qs = parse_clock(row.quiet_start, dt.time(21, 0))
        qe = parse_clock(row.quiet_end, dt.time(7, 0))
        release = quiet_release(now, qs, qe, tz)
        if release > now:
            prep.outcome = Outcome(
                row.id, PENDING, {"next_attempt_at": release, "last_error": "quiet hours"}
            )
            continue
        if row.kind in REMINDER_KINDS:  # a planned reminder or its snoozed repeat
            if row.due is None or row.ref_id is None or row.due < today:
                prep.outcome = Outcome(
                    row.id, CANCELLED, {"last_error": "expired: cut-off passed"}
                )
            elif (row.chat_pk, row.ref_id) in done:
                prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "done"})
            else:
                # A snoozed repeat offers no second snooze (at most once per lead time).
                lead = row.lead if row.kind == "reminder" else None
                prep.message = builder.reminder(row.ref_id, row.due, today, lead=lead)
                if prep.message is None:
                    prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "deadline withdrawn"})
        elif row.kind == "launch":
            cid = row.campaign_id or ""
            if cid not in published:
                status = session.execute(
                    select(CAMPAIGN.c.status).where(CAMPAIGN.c.id == cid)
                ).scalar()
                published[cid] = status == "published"
            prep.message = builder.launch(cid, today) if published[cid] else None
            if prep.message is None:
                prep.outcome = Outcome(row.id, CANCELLED, {"last_error": "campaign withdrawn"})
        elif row.kind == "progress":  # an officer's summary: a few chats, not a broadcast
            prep.message = OutgoingMessage(text=row.text or "")
        else:  # admin broadcasts and weekly digests (one per chat, to many chats)
            prep.message = OutgoingMessage(text=row.text or "", broadcast=True)
    return out
