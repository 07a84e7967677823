"""One planning run, `plan_reminders`: complete, or incremental from the change journal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.dates.zone import VIETNAM
from scheduler.changes import (
    Changes,
    State,
    forget_changes,
    read_changes,
    read_state,
    triggers_ok,
    write_state,
)
from scheduler.planning.bulk_insert import insert_desired
from scheduler.planning.context import PlanContext
from scheduler.planning.reconcile import (
    cancel_past,
    cancel_superseded,
    cancel_withdrawn_launches,
    reconcile_pending,
)
from scheduler.planning.times import DEFAULT_HORIZON
from scheduler.planning.wake import claimed_reminders, wake_at
from scheduler.schedule_tables import PENDING, OutboxRow
from scheduler.sql import table_of
from scheduler.targets import Target, floating_campaigns, published_campaigns

OUTBOX = table_of(OutboxRow)


@dataclass
class PlanResult:
    """What one planning run changed."""

    inserted: int = 0
    updated: int = 0
    cancelled: int = 0
    targets: int = 0
    chats: int = 0

def plan_reminders(
    session: Session,
    now: dt.datetime,
    *,
    horizon: dt.timedelta = DEFAULT_HORIZON,
    tz: ZoneInfo = VIETNAM,
    full: bool = False,
) -> PlanResult:
    """Reconcile the outbox with every published cut-off × every active chat following it.

    Inserts missing rows (insert-if-absent on the idempotency key, so two runs or two processes
    never insert twice), moves pending rows whose cut-off was corrected, cancels pending rows
    that are withdrawn, past, done, superseded or unfollowed. The caller commits (one
    transaction).

    Incremental: after a first complete run, a run re-plans only what the change journal
    (`plan_change`, filled by triggers) names, plus what time brought: reminders entering the
    horizon, missed ones superseded by a later one, cut-offs past at the day's roll-over. When
    nothing changed and nothing comes due (before `wake_at`), a run is two small queries. The
    outcome is the same as a complete run's (`full=True`, also used when there is no state yet,
    when `now` went backwards, the horizon changed or a change trigger is missing).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    changes = read_changes(session)  # before anything else is read: see scheduler/changes.py
    state = read_state(session)
    if (
        full
        or state is None
        or now < state.planned_at
        or state.horizon != horizon
        or not triggers_ok(session)
    ):
        result, targets = _plan_full(session, now, horizon, tz)
    else:
        idle = not changes.ids and not state.recheck and now < state.wake_at
        if idle:
            return PlanResult()
        result, targets = _plan_incremental(session, now, horizon, tz, state, changes)
    forget_changes(session, changes.ids)
    wake = wake_at(session, targets, now, horizon, tz)
    write_state(session, State(now, horizon, wake, claimed_reminders(session)), now)
    session.flush()
    return result

def _plan_full(
    session: Session, now: dt.datetime, horizon: dt.timedelta, tz: ZoneInfo
) -> tuple[PlanResult, list[Target]]:
    ctx = PlanContext(session, now, tz)
    result = PlanResult(targets=len(ctx.targets), chats=len(ctx.chats))
    _reconcile(session, ctx, None, now, result)
    result.cancelled += cancel_withdrawn_launches(session, ctx, now)
    result.inserted = insert_desired(session, ctx, horizon)
    return result, ctx.targets

def _plan_incremental(
    session: Session,
    now: dt.datetime,
    horizon: dt.timedelta,
    tz: ZoneInfo,
    state: State,
    changes: Changes,
) -> tuple[PlanResult, list[Target]]:
    result = PlanResult()
    prev = state.planned_at
    today = now.astimezone(tz).date()
    rolled = today > prev.astimezone(tz).date()
    campaigns = set(changes.campaigns)
    if rolled:
        campaigns |= floating_campaigns(session, set(published_campaigns(session)))
    # 1. changed campaigns: every chat, their cut-offs only
    if campaigns:
        ctx = PlanContext(session, now, tz, campaign_ids=campaigns)
        _reconcile(session, ctx, OUTBOX.c.campaign_id.in_(list(campaigns)), now, result)
        result.cancelled += cancel_withdrawn_launches(session, ctx, now, campaigns)
        result.inserted += insert_desired(session, ctx, horizon)
    # 2. changed chats: every cut-off, these chats only
    if changes.chats:
        ctx = PlanContext(session, now, tz, chat_pks=changes.chats)
        _reconcile(session, ctx, OUTBOX.c.chat_pk.in_(list(changes.chats)), now, result)
        result.inserted += insert_desired(session, ctx, horizon)
    # 3. rows that were claimed during the last run and are pending again
    if state.recheck:
        back = list(
            session.execute(
                select(OUTBOX.c.id, OUTBOX.c.chat_pk).where(
                    OUTBOX.c.id.in_(state.recheck), OUTBOX.c.status == PENDING
                )
            )
        )
        if back:
            ctx = PlanContext(session, now, tz, chat_pks={pk for _, pk in back})
            _reconcile(session, ctx, OUTBOX.c.id.in_([i for i, _ in back]), now, result)
    # 4. what time brought since the last run
    ctx = PlanContext(session, now, tz)
    result.targets, result.chats = len(ctx.targets), len(ctx.chats)
    if rolled:
        result.cancelled += cancel_past(session, today, now)
    if now >= state.wake_at:
        result.inserted += insert_desired(session, ctx, horizon, after=prev + horizon)
        result.cancelled += cancel_superseded(session, ctx, prev)
    return result, ctx.targets



def _reconcile(
    session: Session, ctx: PlanContext, where: Any, now: dt.datetime, result: PlanResult
) -> None:
    """Move and cancel the pending reminder rows `where` selects, counted in `result`."""
    moved, cancelled = reconcile_pending(session, ctx, where, now)
    result.updated += moved
    result.cancelled += cancelled
