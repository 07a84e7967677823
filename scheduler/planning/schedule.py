"""A chat's whole future schedule of reminders, beyond the planning horizon (/nhac)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from knowledge.dates.zone import VIETNAM
from scheduler.planning.context import PlanContext
from scheduler.planning.times import eligible_reminders


@dataclass(frozen=True)
class PlannedReminder:
    """One future reminder of one chat (for /nhac and `thiduabot reminders`)."""

    ref_id: str
    campaign_id: str
    due: dt.date
    lead: int
    send_at: dt.datetime


def chat_schedule(
    session: Session, chat_pk: int, now: dt.datetime, tz: ZoneInfo = VIETNAM
) -> list[PlannedReminder]:
    """Every reminder this chat will still get (not limited to the planning horizon)."""
    ctx = PlanContext(session, now, tz, [chat_pk])
    chat = ctx.chats.get(chat_pk)
    if chat is None:
        return []
    out: list[PlannedReminder] = []
    for target in ctx.targets:
        if (
            chat_pk not in ctx.following(target.campaign_id)
            or (chat_pk, target.ref_id) in ctx.done
        ):
            continue
        wanted = eligible_reminders(
            ctx.times(target.due, chat.profile), target.due, now, dt.timedelta(days=3660), tz
        )
        for lead, at in wanted:
            out.append(PlannedReminder(target.ref_id, target.campaign_id, target.due, lead, at))
    return sorted(out, key=lambda r: (r.send_at, r.due, r.ref_id))
