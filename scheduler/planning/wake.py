"""When planning must run again although nothing changed, and what it must recheck then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.planning.times import Profile, profile_of, reminder_times
from scheduler.schedule_tables import CLAIMED, ChatRow, OutboxRow
from scheduler.sql import table_of
from scheduler.targets import Target

CHAT = table_of(ChatRow)
OUTBOX = table_of(OutboxRow)


def _profiles(session: Session) -> set[Profile]:
    """The distinct reminder settings of active chats."""
    stmt = (
        select(CHAT.c.lead_days, CHAT.c.reminder_hour, CHAT.c.quiet_start, CHAT.c.quiet_end)
        .where(CHAT.c.active.is_(True))
        .distinct()
    )
    out: set[Profile] = set()
    for leads, hour, qs, qe in session.execute(stmt):
        out.add(
            profile_of(
                ChatRow(
                    platform="", chat_id="", lead_days=leads, reminder_hour=hour,
                    quiet_start=qs, quiet_end=qe, created_at=dt.datetime.min,
                )
            )
        )  # fmt: skip
    return out


def wake_at(
    session: Session,
    targets: Sequence[Target],
    now: dt.datetime,
    horizon: dt.timedelta,
    tz: ZoneInfo,
) -> dt.datetime:
    """The first moment after `now` at which time alone changes what planning would do: a
    reminder enters the horizon, a later reminder supersedes an earlier one, the day rolls
    over."""
    local = now.astimezone(tz)
    wake = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tz)
    cache: dict[tuple[dt.date, Profile], list[tuple[int, dt.datetime]]] = {}
    profiles = _profiles(session)
    for due in {t.due for t in targets}:
        for profile in profiles:
            key = (due, profile)
            times = cache.get(key) or cache.setdefault(key, reminder_times(due, profile, tz))
            for _, at in times:
                if at > now + horizon:
                    wake = min(wake, at - horizon)
                    break
            for _, at in times[1:]:
                if at > now:
                    wake = min(wake, at)
                    break
    return wake


def claimed_reminders(session: Session) -> list[int]:
    """Reminder rows claimed now: if one comes back to pending, the next run reconciles it."""
    stmt = select(OUTBOX.c.id).where(OUTBOX.c.status == CLAIMED, OUTBOX.c.kind == "reminder")
    return sorted(session.execute(stmt).scalars())
