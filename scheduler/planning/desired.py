"""The reminder rows planning wants in the outbox: every follower's reminders in the horizon."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from scheduler.planning.context import PlanChat, PlanContext
from scheduler.planning.times import Profile, eligible_reminders, reminder_key
from scheduler.schedule_tables import PENDING
from scheduler.targets import Target

REMINDER_PRIORITY = 0


def desired_rows(
    ctx: PlanContext,
    horizon: dt.timedelta,
    conv: Callable[[Any], Any],
    after: dt.datetime | None = None,
) -> dict[str, tuple[Any, ...]]:
    """Driver-ready rows (sql.INSERT_COLUMNS order) of every reminder due within the horizon
    (only those planned for later than `after`, when given)."""
    by_profile: dict[Profile, list[PlanChat]] = defaultdict(list)
    for chat in ctx.chats.values():
        by_profile[chat.profile].append(chat)
    now_v = conv(ctx.now)
    desired: dict[str, tuple[Any, ...]] = {}
    for target in ctx.targets:
        following = ctx.following(target.campaign_id)
        if not following:
            continue
        due_v = conv(target.due)
        for profile, chats in by_profile.items():
            wanted = eligible_reminders(
                ctx.times(target.due, profile), target.due, ctx.now, horizon, ctx.tz
            )
            if after is not None:
                wanted = [item for item in wanted if item[1] > after]
            if not wanted:
                continue
            prepared = [(lead, conv(at)) for lead, at in wanted]
            for chat in chats:
                if chat.pk not in following or (chat.pk, target.ref_id) in ctx.done:
                    continue
                for lead, at_v in prepared:
                    key = reminder_key(target.ref_id, lead, chat.platform, chat.pk)
                    # same order as scheduler.sql.INSERT_COLUMNS
                    desired[key] = (
                        key, "reminder", REMINDER_PRIORITY, chat.pk, chat.platform,
                        target.campaign_id, target.ref_id, lead, due_v, None, PENDING,
                        at_v, at_v, 0, 0, 0, now_v, now_v,
                    )  # fmt: skip
    return desired


def wanted_times(
    ctx: PlanContext, horizon: dt.timedelta, after: dt.datetime | None
) -> tuple[
    dict[Profile, list[PlanChat]], list[tuple[Target, Profile, list[tuple[int, dt.datetime]]]]
]:
    """Chats by profile, and (target, profile, reminders to have) wherever there are some."""
    by_profile: dict[Profile, list[PlanChat]] = defaultdict(list)
    for chat in ctx.chats.values():
        by_profile[chat.profile].append(chat)
    out = []
    for target in ctx.targets:
        if not ctx.following(target.campaign_id):
            continue
        for profile in by_profile:
            wanted = eligible_reminders(
                ctx.times(target.due, profile), target.due, ctx.now, horizon, ctx.tz
            )
            if after is not None:
                wanted = [item for item in wanted if item[1] > after]
            if wanted:
                out.append((target, profile, wanted))
    return by_profile, out
