"""Submission progress per cut-off: which subscribed units confirmed "Đã nộp", which did not.

Used by /tiendo, `thiduabot progress`, and the officers' summary one working day before each
cut-off (`plan_officer_summaries`, outbox key `progress:{ref}:{platform}:{chat_pk}`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.dates.workdays import subtract_working_days
from knowledge.dates.zone import VIETNAM
from knowledge.presentation.catalogue import tr
from scheduler.planning.times import planned_time, profile_of
from scheduler.reminder_texts import TextBuilder, vn_date
from scheduler.schedule_tables import ChatRow, ChatUnitRow, OutboxRow, UnitRow, UnitSubmissionRow
from scheduler.sql import insert_ignore, table_of
from scheduler.targets import Target, load_followers, load_targets

CHAT = table_of(ChatRow)
CHAT_UNIT = table_of(ChatUnitRow)
OUTBOX = table_of(OutboxRow)
SUBMISSION = table_of(UnitSubmissionRow)
UNIT = table_of(UnitRow)

LOOKBACK = dt.timedelta(days=14)  # /tiendo also shows cut-offs of the last two weeks
SUMMARY_PRIORITY = 1
MAX_NAMES = 30  # names listed in one summary line; the rest are counted


@dataclass(frozen=True)
class Confirmation:
    """One unit's "Đã nộp": who pressed it, when, in which chat."""

    unit_id: int
    unit: str
    at: dt.datetime
    user: str | None
    chat_pk: int | None


@dataclass
class CutoffProgress:
    """One cut-off of a campaign and its subscribed units, confirmed or not."""

    ref_id: str
    campaign_id: str
    due: dt.date
    what: str
    campaign: str
    confirmed: list[Confirmation] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # unit names, alphabetical

    @property
    def total(self) -> int:
        """Subscribed units."""
        return len(self.confirmed) + len(self.missing)


def _unit_names(session: Session) -> dict[int, str]:
    return {int(i): str(n) for i, n in session.execute(select(UNIT.c.id, UNIT.c.name))}


def _chat_units(session: Session) -> dict[int, int]:
    """Active chats' units: chat pk -> unit id."""
    stmt = (
        select(CHAT_UNIT.c.chat_pk, CHAT_UNIT.c.unit_id)
        .join(ChatRow, CHAT.c.id == CHAT_UNIT.c.chat_pk)
        .where(CHAT.c.active.is_(True))
    )
    return {int(pk): int(unit) for pk, unit in session.execute(stmt)}


def progress_for(session: Session, targets: Iterable[Target], campaigns: dict[str, object]
                 ) -> list[CutoffProgress]:  # fmt: skip
    """Progress of these cut-offs, soonest first."""
    targets = sorted(targets, key=lambda t: (t.due, t.ref_id))
    if not targets:
        return []
    followers = load_followers(session)
    units_of_chat = _chat_units(session)
    names = _unit_names(session)
    subs: dict[str, dict[int, Confirmation]] = defaultdict(dict)
    stmt = select(UnitSubmissionRow).where(SUBMISSION.c.ref_id.in_([t.ref_id for t in targets]))
    for row in session.execute(stmt).scalars():
        subs[row.ref_id][row.unit_id] = Confirmation(
            row.unit_id, names.get(row.unit_id, "?"), row.created_at, row.user_name or row.user_id,
            row.chat_pk,
        )  # fmt: skip
    builder = TextBuilder(session)
    out: list[CutoffProgress] = []
    for t in targets:
        campaign = campaigns.get(t.campaign_id)
        issuer = getattr(campaign, "issuer", None)
        following = followers.of_campaign(t.campaign_id, issuer)
        units = {units_of_chat[pk] for pk in following if pk in units_of_chat}
        if not units:
            continue
        facts = builder.facts(t.ref_id)
        item = CutoffProgress(
            t.ref_id, t.campaign_id, t.due, facts.what if facts else t.ref_id,
            str(getattr(campaign, "name", "")),
        )  # fmt: skip
        done = subs.get(t.ref_id, {})
        item.confirmed = sorted((done[u] for u in units if u in done), key=lambda c: c.unit)
        item.missing = sorted(names.get(u, "?") for u in units if u not in done)
        out.append(item)
    return out


def campaign_progress(
    session: Session, campaign_id: str | None, today: dt.date, lookback: dt.timedelta = LOOKBACK
) -> list[CutoffProgress]:
    """Progress of one published campaign's cut-offs (all campaigns when None), from
    `lookback` before today on, for cut-offs some subscribed unit must submit for."""
    ids = [campaign_id] if campaign_id is not None else None
    targets, campaigns = load_targets(session, today - lookback, ids)
    return progress_for(session, targets, dict(campaigns))


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMES])
    rest = len(names) - MAX_NAMES
    return shown + (tr("vi", "progress_others", n=rest) if rest > 0 else "")


def summary_text(item: CutoffProgress) -> str:
    """The officer's summary of one cut-off, in Vietnamese."""
    lines = [
        tr("vi", "progress_what", what=item.what),
        tr("vi", "progress_due", day=vn_date(item.due)),
    ]
    if item.campaign:
        lines.append(tr("vi", "reminder_campaign", campaign=item.campaign))
    line = tr("vi", "progress_confirmed", confirmed=len(item.confirmed), total=item.total)
    if item.missing:
        line += tr("vi", "progress_summary_missing", names=_names(item.missing))
    else:
        line += "."
    lines.append(line)
    return "\n".join(lines)


def officer_chats(session: Session, officers: Iterable[tuple[str, str]]) -> list[ChatRow]:
    """Active private chats of the bot's admins (an officer who never wrote to the bot has
    none, and the platforms would refuse a message to them anyway)."""
    wanted = set(officers)
    if not wanted:
        return []
    stmt = select(ChatRow).where(CHAT.c.active.is_(True), CHAT.c.kind == "private")
    stmt = stmt.where(CHAT.c.chat_id.in_([user for _, user in wanted]))
    return [c for c in session.execute(stmt).scalars() if (c.platform, c.chat_id) in wanted]


def summary_day(due: dt.date) -> dt.date:
    """The day officers get a cut-off's summary: one working day before it."""
    return subtract_working_days(due, 1)


def plan_officer_summaries(
    session: Session, now: dt.datetime, officers: Iterable[tuple[str, str]], tz: ZoneInfo = VIETNAM
) -> int:
    """Queue today's summaries whose time has come (the officer chat's reminder hour on the
    working day before each cut-off); returns rows added. Idempotent by key, so a replan or a
    restart adds nothing; the counts are those at that moment."""
    chats = officer_chats(session, officers)
    if not chats:
        return 0
    today = now.astimezone(tz).date()
    ready = [c for c in chats if planned_time(today, profile_of(c), tz) <= now]
    if not ready:
        return 0  # before the officers' hour: no knowledge-base query
    # Only cut-offs whose summary day is today: at most a few weeks ahead (long holidays).
    targets, campaigns = load_targets(session, today)
    todays = [t for t in targets if t.due <= today + dt.timedelta(days=30)
              and summary_day(t.due) == today]  # fmt: skip
    if not todays:
        return 0
    keys = {f"progress:{t.ref_id}:{c.platform}:{c.id}" for t in todays for c in ready}
    queued = select(OUTBOX.c.key).where(
        OUTBOX.c.kind == "progress", OUTBOX.c.ref_id.in_([t.ref_id for t in todays])
    )
    if keys <= set(session.execute(queued).scalars()):
        return 0  # later ticks of the day: every summary is queued, skip counting the units
    rows = []
    for item in progress_for(session, todays, dict(campaigns)):
        text = summary_text(item)
        for chat in ready:
            rows.append(
                {
                    "key": f"progress:{item.ref_id}:{chat.platform}:{chat.id}",
                    "kind": "progress", "priority": SUMMARY_PRIORITY, "chat_pk": chat.id,
                    "platform": chat.platform, "campaign_id": item.campaign_id,
                    "ref_id": item.ref_id, "lead": None, "due": item.due, "text": text,
                    "status": "pending", "send_at": now, "next_attempt_at": now,
                    "attempts": 0, "possible_sends": 0, "migrations": 0, "created_at": now,
                    "updated_at": now,
                }
            )  # fmt: skip
    return insert_ignore(session, rows) if rows else 0
