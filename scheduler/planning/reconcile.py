"""Reconciling pending reminder rows with the plan: move corrected ones, cancel the rest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from scheduler.planning.context import PlanContext
from scheduler.planning.times import Profile, superseded
from scheduler.schedule_tables import CANCELLED, PENDING, OutboxRow
from scheduler.sql import is_launch, table_of

OUTBOX = table_of(OutboxRow)


def _pending_changes(
    session: Session, ctx: PlanContext, where: Any = None
) -> tuple[list[dict[str, object]], dict[str, list[int]]]:
    """Pending reminder rows to move (corrected dates) and to cancel (by reason)."""
    targets = {t.ref_id: t for t in ctx.targets}
    updates: list[dict[str, object]] = []
    cancels: dict[str, list[int]] = defaultdict(list)
    stmt = select(
        OUTBOX.c.id,
        OUTBOX.c.ref_id,
        OUTBOX.c.chat_pk,
        OUTBOX.c.lead,
        OUTBOX.c.send_at,
        OUTBOX.c.due,
    ).where(OUTBOX.c.kind == "reminder", OUTBOX.c.status == PENDING)
    if where is not None:
        stmt = stmt.where(where)
    for row_id, ref_id, chat_pk, lead, send_at, due in session.execute(stmt):
        target = targets.get(ref_id or "")
        chat = ctx.chats.get(chat_pk)
        if target is None:
            cancels["withdrawn or past"].append(row_id)
        elif chat is None:
            cancels["chat inactive"].append(row_id)
        elif chat_pk not in ctx.following(target.campaign_id):
            cancels["no longer followed"].append(row_id)
        elif (chat_pk, ref_id) in ctx.done:
            cancels["done"].append(row_id)
        else:
            times = ctx.times(target.due, chat.profile)
            at = dict(times).get(lead if lead is not None else -1)
            if at is None:
                cancels["lead removed"].append(row_id)
            elif superseded(at, times, ctx.now):
                cancels["superseded by a later reminder"].append(row_id)
            elif at != send_at or target.due != due:
                updates.append({"b_id": row_id, "b_at": at, "b_due": target.due})
    return updates, cancels


def cancel_rows(session: Session, ids: Sequence[int], reason: str, now: dt.datetime) -> int:
    """Cancel pending rows (only those still pending); returns how many."""
    count = 0
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        result = session.execute(
            update(OutboxRow)
            .where(OUTBOX.c.id.in_(chunk), OUTBOX.c.status == PENDING)
            .values(status=CANCELLED, last_error=reason, updated_at=now)
        )
        count += int(getattr(result, "rowcount", 0) or 0)
    return count



def reconcile_pending(
    session: Session, ctx: PlanContext, where: Any, now: dt.datetime
) -> tuple[int, int]:
    """Move and cancel the pending reminder rows `where` selects (all when None); returns
    (moved, cancelled)."""
    updates, cancels = _pending_changes(session, ctx, where)
    cancelled = 0
    for reason, ids in cancels.items():
        cancelled += cancel_rows(session, ids, reason, now)
    if updates:
        table = OUTBOX
        stmt = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.status == PENDING)
            .values(
                send_at=bindparam("b_at"),
                next_attempt_at=bindparam("b_at"),
                due=bindparam("b_due"),
                updated_at=now,
            )
        )
        session.execute(stmt, updates)
    return len(updates), cancelled


def cancel_past(session: Session, today: dt.date, now: dt.datetime) -> int:
    """The day rolled over: pending reminders of cut-offs before today."""
    stmt = select(OUTBOX.c.id).where(
        OUTBOX.c.kind == "reminder", OUTBOX.c.status == PENDING, OUTBOX.c.due < today
    )
    ids = list(session.execute(stmt).scalars())
    return cancel_rows(session, ids, "withdrawn or past", now) if ids else 0


def cancel_superseded(session: Session, ctx: PlanContext, prev: dt.datetime) -> int:
    """Pending reminders whose later reminder of the same cut-off came due since `prev`."""
    by_profile: dict[Profile, list[int]] = defaultdict(list)
    for chat in ctx.chats.values():
        by_profile[chat.profile].append(chat.pk)
    gone: list[int] = []
    for target in ctx.targets:
        for profile, pks in by_profile.items():
            times = ctx.times(target.due, profile)
            passed = [at for _, at in times if prev < at <= ctx.now]
            if not passed or passed[-1] == times[0][1]:
                continue  # nothing came due, or only the first reminder
            earlier = [lead for lead, at in times if at < passed[-1]]
            wanted = set(pks)
            stmt = select(OUTBOX.c.id, OUTBOX.c.chat_pk).where(
                OUTBOX.c.ref_id == target.ref_id,
                OUTBOX.c.kind == "reminder",
                OUTBOX.c.status == PENDING,
                OUTBOX.c.lead.in_(earlier),
            )
            gone += [i for i, pk in session.execute(stmt) if pk in wanted]
    if not gone:
        return 0
    return cancel_rows(session, gone, "superseded by a later reminder", ctx.now)



def cancel_withdrawn_launches(
    session: Session, ctx: PlanContext, now: dt.datetime, campaigns: Collection[str] | None = None
) -> int:
    """Pending launch announcements of campaigns no longer published (of `campaigns` only)."""
    stmt = select(OUTBOX.c.id, OUTBOX.c.campaign_id).where(
        is_launch(OUTBOX), OUTBOX.c.status == PENDING
    )
    if campaigns is not None:
        stmt = stmt.where(OUTBOX.c.campaign_id.in_(list(campaigns)))
    gone = [row_id for row_id, cid in session.execute(stmt) if cid not in ctx.campaigns]
    return cancel_rows(session, gone, "campaign withdrawn", now) if gone else 0
