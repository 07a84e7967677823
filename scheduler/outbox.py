"""The durable outbox: enqueue launches and broadcasts, "Đã nộp", stats, retries.

Every function here takes the caller's session and does not commit: the caller's transaction
decides (the publish flow enqueues the launch in the same transaction that publishes).
Idempotency keys: `launch:{campaign}:{platform}:{chat_pk}`, `broadcast:{id}:{platform}:{chat_pk}`,
`reminder:{deadline or occurrence}:{lead}:{platform}:{chat_pk}`; `chat_pk` is the chat's
database id, which survives a group's migration to a supergroup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from knowledge.dates.zone import VIETNAM
from knowledge.store.tables import CampaignRow
from scheduler.planning.schedule import PlannedReminder, chat_schedule
from scheduler.schedule_tables import (
    CANCELLED,
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    ChatRow,
    OutboxRow,
    ReminderDoneRow,
)
from scheduler.sql import insert_ignore, is_launch, table_of
from scheduler.targets import issuer_matches, load_followers

CAMPAIGN = table_of(CampaignRow)
CHAT = table_of(ChatRow)
OUTBOX = table_of(OutboxRow)
DONE = table_of(ReminderDoneRow)

LAUNCH_PRIORITY = 1
BROADCAST_PRIORITY = 2
CHAT_GONE = "chat_gone"  # last_error prefix of rows cancelled because the chat is unreachable


def _aware(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now


def _row(
    key: str, kind: str, priority: int, chat: tuple[int, str], now: dt.datetime, **extra: object
) -> dict[str, object]:
    row: dict[str, object] = {
        "key": key,
        "kind": kind,
        "priority": priority,
        "chat_pk": chat[0],
        "platform": chat[1],
        "campaign_id": None,
        "ref_id": None,
        "lead": None,
        "due": None,
        "text": None,
        "status": PENDING,
        "send_at": now,
        "next_attempt_at": now,
        "attempts": 0,
        "possible_sends": 0,
        "migrations": 0,
        "created_at": now,
        "updated_at": now,
    }
    row.update(extra)
    return row


def _active_chats(session: Session, pks: Iterable[int] | None = None) -> list[tuple[int, str]]:
    stmt = select(CHAT.c.id, CHAT.c.platform).where(CHAT.c.active.is_(True))
    rows = [(int(pk), str(platform)) for pk, platform in session.execute(stmt)]
    if pks is None:
        return rows
    wanted = set(pks)
    return [row for row in rows if row[0] in wanted]


def following_chats(session: Session, campaign: CampaignRow) -> list[tuple[int, str]]:
    """(chat pk, platform) of active chats following a campaign (all, its issuer, or it)."""
    followers = load_followers(session)
    return _active_chats(session, followers.of_campaign(campaign.id, campaign.issuer))


def enqueue_launch(session: Session, campaign_id: str, now: dt.datetime) -> int:
    """Queue the launch announcement to every chat following the campaign; returns rows added.

    Called by the publish flow. Safe to call again: existing rows are left alone, chats that
    started following since get theirs. The text is built when each message is sent.
    """
    now = _aware(now)
    campaign = session.get(CampaignRow, campaign_id)
    if campaign is None:
        raise ValueError(f"no campaign {campaign_id}")
    rows = [
        _row(
            f"launch:{campaign_id}:{platform}:{pk}",
            "launch",
            LAUNCH_PRIORITY,
            (pk, platform),
            now,
            campaign_id=campaign_id,
        )
        for pk, platform in following_chats(session, campaign)
    ]
    return insert_ignore(session, rows)


def broadcast_recipients(session: Session, to: str) -> list[tuple[int, str]]:
    """ "all": every active chat; otherwise chats following that issuer (or everything)."""
    if to.strip().lower() == "all":
        return _active_chats(session)
    followers = load_followers(session)
    wanted = set(followers.everyone)
    for followed, chats in followers.by_issuer.items():
        if issuer_matches(followed, to) or issuer_matches(to, followed):
            wanted |= chats
    campaigns = session.execute(select(CAMPAIGN.c.id, CAMPAIGN.c.issuer)).all()
    for cid, issuer in campaigns:
        if issuer_matches(to, issuer):
            wanted |= followers.by_campaign.get(cid, set())
    return _active_chats(session, wanted)


def enqueue_broadcast(session: Session, text: str, to: str, now: dt.datetime) -> int:
    """Queue an admin broadcast ("all" or an issuer's followers); returns rows added.

    The same text to the same audience at the same moment is one broadcast (idempotent).
    """
    now = _aware(now)
    if not text.strip():
        raise ValueError("empty broadcast")
    digest = hashlib.sha256(f"{to}\n{now.isoformat()}\n{text}".encode()).hexdigest()[:16]
    rows = [
        _row(
            f"broadcast:{digest}:{platform}:{pk}",
            "broadcast",
            BROADCAST_PRIORITY,
            (pk, platform),
            now,
            text=text,
        )
        for pk, platform in broadcast_recipients(session, to)
    ]
    return insert_ignore(session, rows)


def mark_done(session: Session, chat_pk: int, deadline_id: str, now: dt.datetime) -> int:
    """ "Đã nộp": stop the remaining reminders of this deadline (or occurrence) for this chat.

    Returns how many pending reminders were cancelled. Other chats are not affected.
    """
    now = _aware(now)
    exists = session.execute(
        select(DONE.c.id).where(DONE.c.chat_pk == chat_pk, DONE.c.ref_id == deadline_id)
    ).first()
    if exists is None:
        session.add(ReminderDoneRow(chat_pk=chat_pk, ref_id=deadline_id, created_at=now))
    result = session.execute(
        update(OutboxRow)
        .where(
            OUTBOX.c.chat_pk == chat_pk,
            OUTBOX.c.ref_id == deadline_id,
            OUTBOX.c.kind.in_(("reminder", "snooze")),  # a snoozed repeat stops too
            OUTBOX.c.status == PENDING,
        )
        .values(status=CANCELLED, last_error="done", updated_at=now)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class UpcomingReminder:
    """A reminder a chat will get: from the outbox when planned, else from the schedule."""

    ref_id: str
    campaign_id: str
    due: dt.date
    lead: int
    send_at: dt.datetime
    status: str  # scheduled (not yet in the outbox) | pending | claimed


def upcoming_reminders(
    session: Session, chat_pk: int, now: dt.datetime, tz: ZoneInfo = VIETNAM
) -> list[UpcomingReminder]:
    """This chat's reminders still to come, earliest first (for /nhac)."""
    now = _aware(now)
    planned: list[PlannedReminder] = chat_schedule(session, chat_pk, now, tz)
    rows = session.execute(
        select(OUTBOX.c.ref_id, OUTBOX.c.lead, OUTBOX.c.status).where(
            OUTBOX.c.chat_pk == chat_pk, OUTBOX.c.kind == "reminder"
        )
    ).all()
    status = {(ref, lead): st for ref, lead, st in rows}
    out: list[UpcomingReminder] = []
    for item in planned:
        st = status.get((item.ref_id, item.lead), "scheduled")
        if st in (SENT, CANCELLED, FAILED):
            continue
        out.append(
            UpcomingReminder(item.ref_id, item.campaign_id, item.due, item.lead, item.send_at, st)
        )
    return out


@dataclass(frozen=True)
class LaunchStats:
    """Delivery counts of one campaign's launch announcement."""

    campaign_id: str | None
    total: int = 0
    sent: int = 0
    pending: int = 0  # pending or being sent
    failed: int = 0
    cancelled: int = 0
    chats_deactivated: int = 0


def launch_stats(session: Session, campaign_id: str | None) -> LaunchStats:
    """Counts for one campaign's launch, or the latest launch when `campaign_id` is None."""
    if campaign_id is None:
        latest = session.execute(
            select(OUTBOX.c.campaign_id)
            .where(is_launch(OUTBOX))
            .order_by(OUTBOX.c.created_at.desc(), OUTBOX.c.id.desc())
            .limit(1)
        ).scalar()
        if latest is None:
            return LaunchStats(None)
        campaign_id = latest
    counts: dict[str, int] = {
        str(status): int(n)
        for status, n in session.execute(
            select(OUTBOX.c.status, func.count())
            .where(is_launch(OUTBOX), OUTBOX.c.campaign_id == campaign_id)
            .group_by(OUTBOX.c.status)
        ).all()
    }
    gone = session.execute(
        select(func.count()).where(
            is_launch(OUTBOX),
            OUTBOX.c.campaign_id == campaign_id,
            OUTBOX.c.status == CANCELLED,
            OUTBOX.c.last_error.like(f"{CHAT_GONE}%"),
        )
    ).scalar_one()
    return LaunchStats(
        campaign_id=campaign_id,
        total=sum(int(v) for v in counts.values()),
        sent=int(counts.get(SENT, 0)),
        pending=int(counts.get(PENDING, 0)) + int(counts.get(CLAIMED, 0)),
        failed=int(counts.get(FAILED, 0)),
        cancelled=int(counts.get(CANCELLED, 0)),
        chats_deactivated=int(gone),
    )


def retry_failed(session: Session, ids: Sequence[int] | None, now: dt.datetime) -> int:
    """Put failed rows (all, or these ids) back to pending for an immediate retry at `now`.

    Rows of chats that are no longer active stay failed.
    """
    moment = _aware(now)
    active = select(CHAT.c.id).where(CHAT.c.active.is_(True))
    stmt = (
        update(OutboxRow)
        .where(OUTBOX.c.status == FAILED, OUTBOX.c.chat_pk.in_(active))
        .values(
            status=PENDING,
            attempts=0,
            possible_sends=0,
            migrations=0,
            next_attempt_at=moment,
            lease_until=None,
            claimed_by=None,
            send_started_at=None,
            updated_at=moment,
        )
    )
    if ids is not None:
        stmt = stmt.where(OUTBOX.c.id.in_(list(ids)))
    result = session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)


def outbox_rows(
    session: Session,
    *,
    status: str | None = None,
    chat_pk: int | None = None,
    kind: str | None = None,
    limit: int = 200,
) -> list[OutboxRow]:
    """Outbox rows for listings, newest first."""
    stmt = select(OutboxRow).order_by(OUTBOX.c.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(OUTBOX.c.status == status)
    if chat_pk is not None:
        stmt = stmt.where(OUTBOX.c.chat_pk == chat_pk)
    if kind:
        stmt = stmt.where(OUTBOX.c.kind == kind)
    return list(session.execute(stmt).scalars())


def status_counts(session: Session, kind: str | None = None) -> dict[str, int]:
    """How many outbox rows per status."""
    stmt = select(OUTBOX.c.status, func.count()).group_by(OUTBOX.c.status)
    if kind:
        stmt = stmt.where(OUTBOX.c.kind == kind)
    return {str(k): int(v) for k, v in session.execute(stmt).all()}
