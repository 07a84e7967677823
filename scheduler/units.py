"""Units: which chats speak for which unit, fuzzy unit names, and "Đã nộp" per unit.

A submission is recorded once per unit and cut-off (deadline id or report occurrence id); it
stops that cut-off's reminders in every chat of the unit. The change triggers of migration
0009 (`chat_unit`, `unit_submission`) put those chats in the planner's change journal.
Functions take the caller's session and do not commit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rapidfuzz.distance import Levenshtein
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.dates.zone import VIETNAM
from knowledge.text.normalise import fold
from scheduler.schedule_tables import (
    CANCELLED,
    PENDING,
    ChatRow,
    ChatUnitRow,
    OutboxRow,
    ReminderDoneRow,
    UnitRow,
    UnitSubmissionRow,
)
from scheduler.sql import table_of

CHAT = table_of(ChatRow)
CHAT_UNIT = table_of(ChatUnitRow)
DONE = table_of(ReminderDoneRow)
OUTBOX = table_of(OutboxRow)
SUBMISSION = table_of(UnitSubmissionRow)
UNIT = table_of(UnitRow)

MAX_NAME = 120
# Outbox kinds a "Đã nộp" stops (the planned reminders and their snoozed repeats).
REMINDER_KINDS = ("reminder", "snooze")
_ABBREVIATIONS = (
    ("uy ban nhan dan", "ubnd"),
    ("phong giao duc va dao tao", "phong gd&dt"),
    ("so giao duc va dao tao", "so gd&dt"),
    ("trung hoc co so", "thcs"),
    ("trung hoc pho thong", "thpt"),
    ("tieu hoc", "th"),
)


def unit_key(name: str) -> str:
    """A unit name compared without case, diacritics, punctuation or the long form of UBND."""
    key = " ".join(re.sub(r"[^\w&]+", " ", fold(name)).split())
    for long, short in _ABBREVIATIONS:
        key = re.sub(rf"\b{re.escape(long)}\b", short, key)
    return key


def clean_name(name: str) -> str:
    """The name as the chat wrote it, spaces collapsed and length bounded."""
    return " ".join(name.split())[:MAX_NAME]


def same_unit(a: str, b: str) -> bool:
    """Two unit keys name the same unit: equal, or a typo apart (one edit for short names,
    two for long ones) with the same numbers ("số 1" and "số 2" are different schools)."""
    if a == b:
        return True
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return False
    allowed = 1 if min(len(a), len(b)) < 20 else 2
    return Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed


def find_unit(session: Session, name: str) -> UnitRow | None:
    """The known unit this name means (exact key first, then the closest typo-level match)."""
    key = unit_key(name)
    if not key:
        return None
    exact = session.execute(select(UnitRow).where(UNIT.c.name_key == key)).scalar()
    if exact is not None:
        return exact
    best: tuple[int, UnitRow] | None = None
    for unit in session.execute(select(UnitRow)).scalars():
        if same_unit(key, unit.name_key):
            distance = Levenshtein.distance(key, unit.name_key)
            if best is None or distance < best[0]:
                best = (distance, unit)
    return best[1] if best else None


@dataclass(frozen=True)
class UnitChoice:
    """The outcome of /donvi: the unit, and whether it was created or matched a known one."""

    unit: UnitRow
    created: bool


def set_chat_unit(
    session: Session, chat_pk: int, name: str, user_id: str | None, now: dt.datetime
) -> UnitChoice:
    """Make the chat speak for the unit `name` means (created when unknown)."""
    cleaned = clean_name(name)
    if not unit_key(cleaned):
        raise ValueError("empty unit name")
    unit = find_unit(session, cleaned)
    created = unit is None
    if unit is None:
        unit = UnitRow(name=cleaned, name_key=unit_key(cleaned), created_at=now)
        try:
            with session.begin_nested():
                session.add(unit)
        except IntegrityError:  # created meanwhile by another chat
            unit = session.execute(
                select(UnitRow).where(UNIT.c.name_key == unit_key(cleaned))
            ).scalar_one()
            created = False
    assert unit.id is not None
    current = session.get(ChatUnitRow, chat_pk)
    if current is None:
        session.add(ChatUnitRow(chat_pk=chat_pk, unit_id=unit.id, set_by=user_id, set_at=now))
    elif current.unit_id != unit.id:
        current.unit_id, current.set_by, current.set_at = unit.id, user_id, now
    session.flush()
    return UnitChoice(unit, created)


def chat_unit(session: Session, chat_pk: int) -> UnitRow | None:
    """The unit this chat speaks for, if it declared one."""
    link = session.get(ChatUnitRow, chat_pk)
    return session.get(UnitRow, link.unit_id) if link is not None else None


def unit_chats(session: Session, unit_id: int) -> list[int]:
    """Chat pks of the unit."""
    stmt = select(CHAT_UNIT.c.chat_pk).where(CHAT_UNIT.c.unit_id == unit_id)
    return sorted(session.execute(stmt).scalars())


def done_pairs(session: Session, chat_pks: Collection[int] | None = None) -> set[tuple[int, str]]:
    """(chat pk, ref id) of every cut-off a chat need not be reminded of: its own "Đã nộp"
    marks and its unit's submissions (of some chats when `chat_pks` is given)."""
    own = select(DONE.c.chat_pk, DONE.c.ref_id)
    unit = select(CHAT_UNIT.c.chat_pk, SUBMISSION.c.ref_id).join(
        UnitSubmissionRow, SUBMISSION.c.unit_id == CHAT_UNIT.c.unit_id
    )
    if chat_pks is not None:
        wanted = list(chat_pks)
        own = own.where(DONE.c.chat_pk.in_(wanted))
        unit = unit.where(CHAT_UNIT.c.chat_pk.in_(wanted))
    out = {(int(pk), str(ref)) for pk, ref in session.execute(own)}
    out |= {(int(pk), str(ref)) for pk, ref in session.execute(unit)}
    return out


def record_submission(
    session: Session,
    unit_id: int,
    ref_id: str,
    *,
    campaign_id: str | None,
    chat_pk: int | None,
    user_id: str | None,
    user_name: str | None,
    now: dt.datetime,
) -> tuple[UnitSubmissionRow, int]:
    """Record that the unit submitted for this cut-off (once) and cancel the pending
    reminders of it in every chat of the unit; (the submission, reminders cancelled)."""
    stmt = select(UnitSubmissionRow).where(
        SUBMISSION.c.unit_id == unit_id, SUBMISSION.c.ref_id == ref_id
    )
    row = session.execute(stmt).scalar()
    if row is None:
        row = UnitSubmissionRow(
            unit_id=unit_id, ref_id=ref_id, campaign_id=campaign_id, chat_pk=chat_pk,
            user_id=user_id, user_name=(user_name or "")[:255] or None, created_at=now,
        )  # fmt: skip
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # pressed in two chats of the unit at once: the first counts
            row = session.execute(stmt).scalar_one()
    chats = select(CHAT_UNIT.c.chat_pk).where(CHAT_UNIT.c.unit_id == unit_id)
    result = session.execute(
        update(OutboxRow)
        .where(
            OUTBOX.c.chat_pk.in_(chats),
            OUTBOX.c.ref_id == ref_id,
            OUTBOX.c.kind.in_(REMINDER_KINDS),
            OUTBOX.c.status == PENDING,
        )
        .values(status=CANCELLED, last_error="done", updated_at=now)
    )
    session.flush()
    return row, int(getattr(result, "rowcount", 0) or 0)


def undo_submission(
    session: Session,
    unit_id: int,
    ref_id: str | None,
    now: dt.datetime,
    tz: ZoneInfo = VIETNAM,
) -> UnitSubmissionRow | None:
    """Undo a mistaken confirmation (of this cut-off, or the unit's latest); the removed row.

    Reminders it cancelled come back to pending for cut-offs still ahead; the next planning
    run keeps the latest one due and the later ones, as if the unit had never confirmed.
    """
    stmt = select(UnitSubmissionRow).where(SUBMISSION.c.unit_id == unit_id)
    if ref_id is not None:
        stmt = stmt.where(SUBMISSION.c.ref_id == ref_id)
    row = session.execute(
        stmt.order_by(SUBMISSION.c.created_at.desc(), SUBMISSION.c.id.desc()).limit(1)
    ).scalar()
    if row is None:
        return None
    session.execute(delete(UnitSubmissionRow).where(SUBMISSION.c.id == row.id))
    chats = select(CHAT_UNIT.c.chat_pk).where(CHAT_UNIT.c.unit_id == unit_id)
    own = select(DONE.c.chat_pk).where(DONE.c.ref_id == row.ref_id)
    cancelled = session.execute(
        select(OUTBOX.c.id, OUTBOX.c.chat_pk, OUTBOX.c.send_at).where(
            OUTBOX.c.chat_pk.in_(chats),
            OUTBOX.c.chat_pk.not_in(own),  # a chat's own "Đã nộp" (before it had a unit) stays
            OUTBOX.c.ref_id == row.ref_id,
            OUTBOX.c.kind.in_(REMINDER_KINDS),
            OUTBOX.c.status == CANCELLED,
            OUTBOX.c.last_error == "done",
            OUTBOX.c.due >= now.astimezone(tz).date(),
        )
    ).all()
    # Of the reminders already due, only each chat's latest comes back: the dispatcher may
    # claim them before the next plan tick supersedes the older ones.
    latest: dict[int, tuple[dt.datetime, int]] = {}
    revive: list[int] = []
    for row_id, chat_pk, send_at in cancelled:
        at = send_at if send_at.tzinfo else send_at.replace(tzinfo=dt.UTC)
        if at > now:
            revive.append(row_id)
        elif chat_pk not in latest or at > latest[chat_pk][0]:
            latest[chat_pk] = (at, row_id)
    revive += [row_id for _, row_id in latest.values()]
    if revive:
        session.execute(
            update(OutboxRow)
            .where(OUTBOX.c.id.in_(revive), OUTBOX.c.status == CANCELLED)
            .values(status=PENDING, last_error=None, updated_at=now)
        )
    session.flush()
    return row


def units_by_name(session: Session, name: str) -> UnitRow | None:
    """The unit an officer names (same fuzzy rule as /donvi)."""
    return find_unit(session, clean_name(name))


def cutoff_of(session: Session, ref_id: str) -> tuple[str | None, dt.date | None]:
    """(campaign id, due date) of a deadline id or report occurrence id, when known."""
    from knowledge.store.tables import DeadlineRow, RecurringReportRow
    from scheduler.targets import split_ref

    base, suffix = split_ref(ref_id)
    if suffix is None:
        deadline = session.get(DeadlineRow, base)
        return (deadline.campaign_id, deadline.due) if deadline else (None, None)
    report = session.get(RecurringReportRow, base)
    due = session.execute(
        select(OUTBOX.c.due).where(OUTBOX.c.ref_id == ref_id, OUTBOX.c.due.is_not(None)).limit(1)
    ).scalar()
    return (report.campaign_id if report else None), due
