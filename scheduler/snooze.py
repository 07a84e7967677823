"""Snooze: "Nhắc lại sau" under a reminder re-sends it the next working day at the chat's hour.

One repeat per reminder (deadline or occurrence, lead, chat): the outbox key
`snooze:{ref}:{lead}:{platform}:{chat_pk}` makes a second press, a replan or a restart insert
nothing. The repeat is an outbox row of kind "snooze": its text is built at send time like a
reminder's, and "Đã nộp" (the chat's or its unit's) cancels it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.dates.workdays import is_working_day
from knowledge.dates.zone import VIETNAM
from scheduler.planning.times import Profile, planned_time, profile_of
from scheduler.schedule_tables import ChatRow, OutboxRow
from scheduler.sql import insert_ignore, table_of

OUTBOX = table_of(OutboxRow)
SNOOZE_PRIORITY = 0  # as urgent as the reminder it repeats


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day` (weekends, public holidays and Tết skipped)."""
    nxt = day + dt.timedelta(days=1)
    while not is_working_day(nxt):
        nxt += dt.timedelta(days=1)
    return nxt


def snooze_time(
    pressed: dt.datetime, due: dt.date, profile: Profile, tz: ZoneInfo = VIETNAM
) -> dt.datetime | None:
    """When a reminder snoozed at `pressed` comes again: the next working day at the chat's
    reminder hour, outside its quiet hours; None when that day is after the cut-off."""
    day = next_working_day(pressed.astimezone(tz).date())
    if day > due:
        return None
    return planned_time(day, profile, tz)


def snooze_key(ref_id: str, lead: int, platform: str, chat_pk: int) -> str:
    """Idempotency key of the one repeat a reminder may have."""
    return f"snooze:{ref_id}:{lead}:{platform}:{chat_pk}"


@dataclass(frozen=True)
class SnoozeResult:
    """What pressing "Nhắc lại sau" did: queued (at), already (at), too_late or unknown."""

    status: str
    at: dt.datetime | None = None
    due: dt.date | None = None


def snooze(
    session: Session,
    chat: ChatRow,
    ref_id: str,
    lead: int,
    now: dt.datetime,
    tz: ZoneInfo = VIETNAM,
) -> SnoozeResult:
    """Queue the repeat of this chat's reminder (ref, lead), at most once."""
    assert chat.id is not None
    key = snooze_key(ref_id, lead, chat.platform, chat.id)
    existing = session.execute(select(OUTBOX.c.send_at).where(OUTBOX.c.key == key)).first()
    if existing is not None:
        return SnoozeResult("already", existing[0])
    reminder = session.execute(
        select(OUTBOX.c.due, OUTBOX.c.campaign_id).where(
            OUTBOX.c.chat_pk == chat.id,
            OUTBOX.c.ref_id == ref_id,
            OUTBOX.c.lead == lead,
            OUTBOX.c.kind == "reminder",
        )
    ).first()
    if reminder is None or reminder[0] is None:
        return SnoozeResult("unknown")
    due, campaign_id = reminder
    at = snooze_time(now, due, profile_of(chat), tz)
    if at is None:
        return SnoozeResult("too_late", due=due)
    row = {
        "key": key, "kind": "snooze", "priority": SNOOZE_PRIORITY, "chat_pk": chat.id,
        "platform": chat.platform, "campaign_id": campaign_id, "ref_id": ref_id, "lead": lead,
        "due": due, "text": None, "status": "pending", "send_at": at, "next_attempt_at": at,
        "attempts": 0, "possible_sends": 0, "migrations": 0, "created_at": now,
        "updated_at": now,
    }  # fmt: skip
    insert_ignore(session, [row])
    return SnoozeResult("queued", at, due)
