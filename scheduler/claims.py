"""Outbox row claiming, leases, reaping and recording of send outcomes (SQLite and PostgreSQL).

PostgreSQL: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)` so concurrent dispatchers
never claim the same row. SQLite: the same guarded UPDATE runs under SQLite's single writer lock
(one process). A claim carries a lease; `send_started_at` is set just before the request
leaves, so a reaped claim is known to be "possibly sent" only when its send had started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, any_, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from scheduler.schedule_tables import CANCELLED, CLAIMED, FAILED, PENDING, SENT, ChatRow, OutboxRow
from scheduler.sql import table_of

CHAT = table_of(ChatRow)
OUTBOX = table_of(OutboxRow)

MAX_POSSIBLE_SENDS = 2  # a message may reach a chat at most twice, only when unknowable


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _id_in(session: Session, ids: Sequence[int]) -> ColumnElement[bool]:
    """`outbox.id IN ids`; on PostgreSQL `= ANY(array)`: one parameter instead of hundreds."""
    if _postgres(session):
        return OUTBOX.c.id == any_(bindparam("ids_array", list(ids), type_=ARRAY(Integer)))
    return OUTBOX.c.id.in_(list(ids))


@dataclass
class Claimed:
    """A claimed outbox row with what is needed to send it (plain data, no session)."""

    id: int
    kind: str
    chat_pk: int
    platform: str
    chat_id: str
    group: bool
    chat_active: bool
    quiet_start: str
    quiet_end: str
    campaign_id: str | None
    ref_id: str | None
    lead: int | None
    due: dt.date | None
    text: str | None
    attempts: int
    possible_sends: int
    migrations: int
    extra: dict[str, Any] = field(default_factory=dict)


def claim(
    session: Session,
    now: dt.datetime,
    worker: str,
    limit: int,
    lease: dt.timedelta,
    platforms: Sequence[str],
) -> list[Claimed]:
    """Claim up to `limit` due rows of these platforms (most urgent first); commits."""
    table = OUTBOX
    due = (
        select(table.c.id)
        .where(
            table.c.status == PENDING,
            table.c.next_attempt_at <= now,
            table.c.platform.in_(list(platforms)),
        )
        .order_by(table.c.priority, table.c.next_attempt_at, table.c.id)
        .limit(limit)
    )
    values = {
        "status": CLAIMED,
        "claimed_by": worker,
        "lease_until": now + lease,
        "send_started_at": None,
        "updated_at": now,
    }
    ids = _claim_ids(session, due, values)
    return _load_claimed(session, ids) if ids else []


def _claim_ids(session: Session, due: Select[Any], values: dict[str, Any]) -> list[int]:
    """Mark the rows `due` selects as claimed; their ids, most urgent first; commits."""
    table = OUTBOX
    locked: list[int] = []
    if _postgres(session):
        # Lock the due rows first, then update exactly those by primary key. (Joined to the
        # UPDATE as `id IN (subquery)`, PostgreSQL may re-run the LIMITed subquery and claim
        # more rows than asked; joined as a CTE, a fresh outbox without statistics got a
        # nested loop over every pending row for each claimed one.)
        locked = [int(i) for i in session.execute(due.with_for_update(skip_locked=True)).scalars()]
        if not locked:
            session.commit()
            return []
        stmt = (
            update(table)
            .where(_id_in(session, locked), table.c.status == PENDING)
            .values(**values)
            .returning(table.c.id)
        )
    else:
        due_cte = due.cte("due")
        stmt = (
            update(table)
            .where(table.c.id == due_cte.c.id, table.c.status == PENDING)
            .values(**values)
            .returning(table.c.id)
        )
    ids = [row[0] for row in session.execute(stmt)]
    session.commit()
    if locked and ids:  # RETURNING gives no order: keep the urgency order of the locking select
        mine = set(ids)
        ids = [i for i in locked if i in mine]
    return ids


def _load_claimed(session: Session, ids: list[int]) -> list[Claimed]:
    """The claimed rows with their chats' columns, in the order of `ids`."""
    o, c = OUTBOX.c, CHAT.c
    # plain columns (Core), not ORM entities: loading 500 entity pairs cost more than the claim
    rows = session.execute(
        select(
            o.id,
            o.kind,
            o.chat_pk,
            o.platform,
            c.chat_id,
            c.kind,
            c.active,
            c.quiet_start,
            c.quiet_end,
            o.campaign_id,
            o.ref_id,
            o.lead,
            o.due,
            o.text,
            o.attempts,
            o.possible_sends,
            o.migrations,
        )
        .join(CHAT, c.id == o.chat_pk)
        .where(_id_in(session, ids))
    ).all()
    out = [
        Claimed(
            id=int(r[0]),
            kind=r[1],
            chat_pk=r[2],
            platform=r[3],
            chat_id=r[4],
            group=r[5] != "private",
            chat_active=bool(r[6]),
            quiet_start=r[7],
            quiet_end=r[8],
            campaign_id=r[9],
            ref_id=r[10],
            lead=r[11],
            due=r[12],
            text=r[13],
            attempts=r[14],
            possible_sends=r[15],
            migrations=r[16],
        )
        for r in rows
    ]
    order = {row_id: i for i, row_id in enumerate(ids)}
    out.sort(key=lambda c: order.get(c.id, 0))
    return out


def mark_started(session: Session, ids: Sequence[int], worker: str, now: dt.datetime) -> None:
    """Record that these claimed rows' requests are about to leave; commits."""
    if not ids:
        return
    session.execute(
        update(OutboxRow)
        .where(_id_in(session, ids), OUTBOX.c.claimed_by == worker)
        .values(send_started_at=now)
    )
    session.commit()


def reap(
    session: Session, now: dt.datetime, *, everything: bool = False, keep_worker: str | None = None
) -> int:
    """Return stale claims to pending; a claim whose send had started counts as possibly sent.

    `everything`: reap every claim regardless of its lease (the caller knows their holders are
    dead: a fresh SQLite process, or the new holder of the PostgreSQL dispatcher lock).
    """
    table = OUTBOX
    stale = [table.c.status == CLAIMED]
    if not everything:
        stale.append(table.c.lease_until < now)
    if keep_worker is not None:
        stale.append(table.c.claimed_by != keep_worker)
    released = {
        "claimed_by": None,
        "lease_until": None,
        "send_started_at": None,
        "updated_at": now,
    }
    count = 0
    # never started: nothing left, plain retry
    result = session.execute(
        update(table)
        .where(*stale, table.c.send_started_at.is_(None))
        .values(status=PENDING, **released)
    )
    count += int(getattr(result, "rowcount", 0) or 0)
    # started, one earlier possible send: a further send could be a third copy -> failed
    result = session.execute(
        update(table)
        .where(
            *stale,
            table.c.send_started_at.is_not(None),
            table.c.possible_sends >= MAX_POSSIBLE_SENDS - 1,
        )
        .values(
            status=FAILED,
            possible_sends=table.c.possible_sends + 1,
            last_error="outcome unknown twice (process died while sending)",
            **released,
        )
    )
    count += int(getattr(result, "rowcount", 0) or 0)
    result = session.execute(
        update(table)
        .where(*stale, table.c.send_started_at.is_not(None))
        .values(
            status=PENDING,
            possible_sends=table.c.possible_sends + 1,
            next_attempt_at=now,
            last_error="possibly sent: process died while sending",
            **released,
        )
    )
    count += int(getattr(result, "rowcount", 0) or 0)
    session.commit()
    return count


@dataclass
class Outcome:
    """What happened to one claimed row; turned into one UPDATE."""

    row_id: int
    status: str
    values: dict[str, Any]


def record(session: Session, outcomes: Sequence[Outcome], worker: str, now: dt.datetime) -> None:
    """Write the outcomes of one chunk of sends in one transaction; commits.

    A sent row is recorded whoever holds its claim now (it was sent); other outcomes only
    while this worker still holds the claim.
    """
    table = OUTBOX
    sent = [o for o in outcomes if o.status == SENT]
    if sent and _postgres(session):
        # one statement for the whole chunk, three array parameters (cheap to build and bind):
        # UPDATE … FROM unnest(ids, message ids, errors)
        session.execute(
            text(
                "UPDATE outbox SET status = :sent, platform_message_id = v.mid, sent_at = :now,"
                " updated_at = :now, lease_until = NULL, last_error = v.err"
                " FROM unnest(CAST(:ids AS integer[]), CAST(:mids AS varchar[]),"
                " CAST(:errs AS text[])) AS v(id, mid, err)"
                " WHERE outbox.id = v.id AND outbox.status <> :sent"
            ),
            {
                "sent": SENT,
                "now": now,
                "ids": [o.row_id for o in sent],
                "mids": [o.values.get("platform_message_id") for o in sent],
                "errs": [o.values.get("last_error") for o in sent],
            },
        )
    elif sent:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.status != SENT)
            .values(
                status=SENT,
                platform_message_id=bindparam("b_mid"),
                sent_at=now,
                updated_at=now,
                lease_until=None,
                last_error=bindparam("b_err"),
            ),
            [
                {
                    "b_id": o.row_id,
                    "b_mid": o.values.get("platform_message_id"),
                    "b_err": o.values.get("last_error"),
                }
                for o in sent
            ],
        )
    for o in outcomes:
        if o.status == SENT:
            continue
        values = dict(o.values)
        values.setdefault("updated_at", now)
        values.update(status=o.status, lease_until=None, claimed_by=None)
        if o.status != CLAIMED:
            values.setdefault("send_started_at", None)
        session.execute(
            update(table)
            .where(table.c.id == o.row_id, table.c.status == CLAIMED, table.c.claimed_by == worker)
            .values(**values)
        )
    session.commit()


def deactivate_chat(session: Session, chat_pk: int, reason: str, now: dt.datetime) -> int:
    """Mark a chat inactive and cancel its pending rows; returns rows cancelled. Commits."""
    session.execute(
        update(ChatRow)
        .where(CHAT.c.id == chat_pk)
        .values(active=False, deactivated_reason=reason[:255])
    )
    result = session.execute(
        update(OutboxRow)
        .where(OUTBOX.c.chat_pk == chat_pk, OUTBOX.c.status == PENDING)
        .values(status=CANCELLED, last_error=f"chat_gone: {reason}", updated_at=now)
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def migrate_chat(session: Session, chat_pk: int, new_chat_id: str) -> bool:
    """Move a chat to its new id (group -> supergroup); False when that id is taken. Commits."""
    chat = session.get(ChatRow, chat_pk)
    if chat is None:
        return False
    taken = session.execute(
        select(CHAT.c.id).where(
            CHAT.c.platform == chat.platform,
            CHAT.c.chat_id == new_chat_id,
            CHAT.c.id != chat_pk,
        )
    ).first()
    if taken is not None:
        return False
    chat.chat_id = new_chat_id
    session.commit()
    return True
