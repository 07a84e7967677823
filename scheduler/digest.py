"""Weekly digest: every Monday at its reminder hour, an opted-in chat gets this week's and
next week's cut-offs of what it follows, in one message (`digest:{iso_week}:{platform}:{chat}`).

Queued by the plan tick from the chat's Monday time until the end of that Monday (a bot down
all Monday sends no digest that week: a Tuesday digest of "this week" would already be late);
nothing is queued when the two weeks hold no cut-off. The text is fixed when it is queued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.dates.zone import VIETNAM
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import weekday_and_date
from scheduler.planning.times import planned_time, profile_of
from scheduler.reminder_texts import TextBuilder, vn_date
from scheduler.schedule_tables import ChatRow, OutboxRow
from scheduler.sql import insert_ignore, table_of
from scheduler.targets import Target, load_followers, load_targets
from scheduler.units import done_pairs

CHAT = table_of(ChatRow)
OUTBOX = table_of(OutboxRow)
DIGEST_PRIORITY = 1
MAX_PER_WEEK = 15  # lines per week: the message stays readable and under platform limits


def week_monday(day: dt.date) -> dt.date:
    """The Monday of the ISO week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def iso_week(day: dt.date) -> str:
    """ "2025-W09"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_time(day: dt.date, chat: ChatRow, tz: ZoneInfo = VIETNAM) -> dt.datetime:
    """When the digest of the week of `day` is due for this chat: Monday at its hour."""
    return planned_time(week_monday(day), profile_of(chat), tz)


def digest_window(now: dt.datetime, chat: ChatRow, tz: ZoneInfo = VIETNAM) -> dt.date | None:
    """The Monday whose digest is due now for this chat, or None (not Monday, or too early)."""
    local = now.astimezone(tz)
    if local.weekday() != 0:
        return None
    at = digest_time(local.date(), chat, tz)
    return local.date() if at <= now else None


@dataclass(frozen=True)
class DigestItem:
    """One cut-off in a digest."""

    due: dt.date
    what: str
    campaign: str
    done: bool


def digest_items(
    chat_pk: int,
    monday: dt.date,
    targets: list[Target],
    following: Mapping[str, set[int]],
    done: set[tuple[int, str]],
    builder: TextBuilder,
) -> list[DigestItem]:
    """Cut-offs from `monday` to the Sunday after next that the chat follows (`following`:
    campaign id -> chats following it)."""
    end = monday + dt.timedelta(days=13)
    out: list[DigestItem] = []
    for t in targets:
        if not monday <= t.due <= end or chat_pk not in following.get(t.campaign_id, ()):
            continue
        facts = builder.facts(t.ref_id)  # cached per cut-off, shared by every chat
        if facts is None:
            continue
        out.append(DigestItem(t.due, facts.what, facts.campaign, (chat_pk, t.ref_id) in done))
    return sorted(out, key=lambda i: (i.due, i.what))


def digest_text(items: list[DigestItem], monday: dt.date) -> str:
    """The digest message: this week's cut-offs, then next week's."""
    next_monday = monday + dt.timedelta(days=7)
    end = vn_date(monday + dt.timedelta(days=13))
    lines = [tr("vi", "digest_header", start=vn_date(monday), end=end)]
    for key, start in (("digest_this_week", monday), ("digest_next_week", next_monday)):
        title = tr("vi", key)
        week = [i for i in items if start <= i.due < start + dt.timedelta(days=7)]
        lines.append(f"\n{title}:" if week else "\n" + tr("vi", "digest_week_empty", week=title))
        for i in week[:MAX_PER_WEEK]:
            mark = tr("vi", "digest_done") if i.done else ""
            camp = f" — {i.campaign}" if i.campaign else ""
            lines.append(f"• {weekday_and_date(i.due)}: {i.what}{camp}{mark}")
        if len(week) > MAX_PER_WEEK:
            lines.append(tr("vi", "digest_more", n=len(week) - MAX_PER_WEEK))
    lines.append("\n" + tr("vi", "digest_footer"))
    return "\n".join(lines)


def plan_digests(session: Session, now: dt.datetime, tz: ZoneInfo = VIETNAM) -> int:
    """Queue the Monday digests that are due now; returns rows added (idempotent by key)."""
    local = now.astimezone(tz)
    if local.weekday() != 0:
        return 0  # cheap on every other day: no query
    monday = local.date()
    week = iso_week(monday)
    # Later ticks of the same Monday skip the chats already served.
    served = select(OUTBOX.c.chat_pk).where(
        OUTBOX.c.kind == "digest", OUTBOX.c.key.like(f"digest:{week}:%")
    )
    stmt = select(ChatRow).where(
        CHAT.c.active.is_(True), CHAT.c.weekly_digest.is_(True), CHAT.c.id.not_in(served)
    )
    chats = [c for c in session.execute(stmt).scalars() if digest_window(now, c, tz)]
    if not chats:
        return 0
    targets, campaigns = load_targets(session, monday)
    pks = [int(c.id or 0) for c in chats]
    followers = load_followers(session, pks)
    following = {
        cid: followers.of_campaign(cid, camp.issuer) for cid, camp in campaigns.items()
    }  # once per campaign, not per chat and cut-off
    done = done_pairs(session, pks)
    builder = TextBuilder(session)
    rows = []
    for chat in chats:
        assert chat.id is not None
        items = digest_items(chat.id, monday, targets, following, done, builder)
        if not items:
            continue  # nothing in the two weeks: no message
        rows.append(
            {
                "key": f"digest:{week}:{chat.platform}:{chat.id}", "kind": "digest",
                "priority": DIGEST_PRIORITY, "chat_pk": chat.id, "platform": chat.platform,
                "campaign_id": None, "ref_id": None, "lead": None, "due": None,
                "text": digest_text(items, monday), "status": "pending", "send_at": now,
                "next_attempt_at": now, "attempts": 0, "possible_sends": 0, "migrations": 0,
                "created_at": now, "updated_at": now,
            }
        )  # fmt: skip
    return insert_ignore(session, rows) if rows else 0
