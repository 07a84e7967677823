"""Reminder times: pure functions from a chat's settings and a cut-off to moments to send."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from knowledge.dates.zone import VIETNAM
from scheduler.schedule_tables import ChatRow

DEFAULT_HORIZON = dt.timedelta(hours=36)
DEFAULT_LEADS = (7, 3, 1, 0)
MAX_LEAD = 60


@dataclass(frozen=True)
class Profile:
    """A chat's reminder settings, shared by many chats (planning groups chats by it)."""

    leads: tuple[int, ...] = DEFAULT_LEADS
    hour: int = 8
    quiet_start: dt.time = dt.time(21, 0)
    quiet_end: dt.time = dt.time(7, 0)


def parse_leads(text: str | None) -> tuple[int, ...]:
    """ "7,3,1,0" -> (7, 3, 1, 0): unique, 0..60 working days, largest first; junk ignored."""
    leads: set[int] = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if part.isdigit() and int(part) <= MAX_LEAD:
            leads.add(int(part))
    return tuple(sorted(leads, reverse=True))


def parse_clock(text: str | None, fallback: dt.time) -> dt.time:
    """ "21:00" -> time(21, 0); anything unreadable gives `fallback`."""
    try:
        hours, minutes = (text or "").strip().split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        return fallback


def profile_of(chat: ChatRow) -> Profile:
    """The reminder settings of a chat row."""
    hour = chat.reminder_hour if 0 <= chat.reminder_hour <= 23 else 8
    return Profile(
        leads=parse_leads(chat.lead_days),
        hour=hour,
        quiet_start=parse_clock(chat.quiet_start, dt.time(21, 0)),
        quiet_end=parse_clock(chat.quiet_end, dt.time(7, 0)),
    )


def in_quiet_hours(moment: dt.time, start: dt.time, end: dt.time) -> bool:
    """True when a local time of day lies in [start, end) (windows may cross midnight)."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_release(
    moment: dt.datetime, start: dt.time, end: dt.time, tz: ZoneInfo = VIETNAM
) -> dt.datetime:
    """The first moment at or after `moment` outside quiet hours."""
    local = moment.astimezone(tz)
    if not in_quiet_hours(local.time(), start, end):
        return moment
    day = local.date()
    if start > end and local.time() >= start:
        day += dt.timedelta(days=1)  # evening part of a window that ends tomorrow morning
    return dt.datetime.combine(day, end, tz)


def planned_time(day: dt.date, profile: Profile, tz: ZoneInfo = VIETNAM) -> dt.datetime:
    """When a reminder for `day` is sent: the chat's hour, moved out of quiet hours.

    Moved forward to the end of quiet hours when that stays on the same day, otherwise back to
    an hour before quiet hours start, so a reminder never slips past its day.
    """
    at = dt.datetime.combine(day, dt.time(profile.hour, 0), tz)
    if not in_quiet_hours(at.time(), profile.quiet_start, profile.quiet_end):
        return at
    forward = quiet_release(at, profile.quiet_start, profile.quiet_end, tz)
    if forward.date() == day:
        return forward
    back = dt.datetime.combine(day, profile.quiet_start, tz) - dt.timedelta(hours=1)
    if back.date() == day and not in_quiet_hours(
        back.time(), profile.quiet_start, profile.quiet_end
    ):
        return back
    return forward


def reminder_times(
    due: dt.date, profile: Profile, tz: ZoneInfo = VIETNAM
) -> list[tuple[int, dt.datetime]]:
    """(lead, send time) of every reminder for a cut-off, earliest first."""
    from knowledge.dates.workdays import subtract_working_days

    times = [
        (lead, planned_time(subtract_working_days(due, lead), profile, tz))
        for lead in profile.leads
    ]
    return sorted(times, key=lambda item: (item[1], -item[0]))


def eligible_reminders(
    times: Sequence[tuple[int, dt.datetime]],
    due: dt.date,
    now: dt.datetime,
    horizon: dt.timedelta = DEFAULT_HORIZON,
    tz: ZoneInfo = VIETNAM,
) -> list[tuple[int, dt.datetime]]:
    """The reminders to have in the outbox now: the latest one already due (if the cut-off is
    still ahead) and those due within the horizon."""
    if due < now.astimezone(tz).date():
        return []
    past = [item for item in times if item[1] <= now]
    future = [item for item in times if now < item[1] <= now + horizon]
    return ([past[-1]] if past else []) + future


def superseded(
    lead_time: dt.datetime, times: Iterable[tuple[int, dt.datetime]], now: dt.datetime
) -> bool:
    """True when a later reminder of the same cut-off is also already due."""
    return lead_time <= now and any(lead_time < at <= now for _, at in times)


def reminder_key(ref_id: str, lead: int, platform: str, chat_pk: int) -> str:
    """Idempotency key of one reminder; the chat is its database id (stable across migration)."""
    return f"reminder:{ref_id}:{lead}:{platform}:{chat_pk}"
