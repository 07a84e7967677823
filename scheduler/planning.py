"""Reminder planning: when each chat is reminded of each cut-off, and the outbox rows for it.

Pure functions first (times from lead days, reminder hour and quiet hours), then
`plan_reminders`, which reconciles the outbox with the knowledge base in one transaction.

Planning inserts only the rows due within a horizon (default 36 hours; the plan tick runs every
few minutes), so the outbox holds what is about to be sent, not years of future rows. A
reminder whose time passed while the bot was down is planned too, as long as its cut-off is
today or later; of several missed reminders of one cut-off only the latest is kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from scheduler.changes import (
    Changes,
    State,
    forget_changes,
    read_changes,
    read_state,
    triggers_ok,
    write_state,
)
from scheduler.sql import (
    INSERT_COLUMNS,
    dialect_name,
    insert_ignore_values,
    is_launch,
    table_of,
    value_converter,
)
from scheduler.tables import (
    CANCELLED,
    CLAIMED,
    PENDING,
    ChatRow,
    OutboxRow,
    ReminderDoneRow,
)
from scheduler.targets import (
    Followers,
    Target,
    floating_campaigns,
    load_followers,
    load_targets,
    published_campaigns,
)

CHAT = table_of(ChatRow)
OUTBOX = table_of(OutboxRow)
DONE = table_of(ReminderDoneRow)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_HORIZON = dt.timedelta(hours=36)
DEFAULT_LEADS = (7, 3, 1, 0)
MAX_LEAD = 60
REMINDER_PRIORITY = 0
BULK = 20_000  # rows from which the database builds them (insert_desired)
SQLITE_BULK_CACHE_KB = 65_536  # page cache while a bulk insert grows the outbox indexes
PLAN_LOCK_KEY = 0x7468_6964_7570  # "thidup": serialises bulk planners on PostgreSQL
PG_BULK_WORK_MEM_MB = 256  # PostgreSQL's memory for the bulk insert's hash joins


# ---------------------------------------------------------------- pure functions


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
    moment: dt.datetime, start: dt.time, end: dt.time, tz: ZoneInfo = TZ
) -> dt.datetime:
    """The first moment at or after `moment` outside quiet hours."""
    local = moment.astimezone(tz)
    if not in_quiet_hours(local.time(), start, end):
        return moment
    day = local.date()
    if start > end and local.time() >= start:
        day += dt.timedelta(days=1)  # evening part of a window that ends tomorrow morning
    return dt.datetime.combine(day, end, tz)


def planned_time(day: dt.date, profile: Profile, tz: ZoneInfo = TZ) -> dt.datetime:
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
    due: dt.date, profile: Profile, tz: ZoneInfo = TZ
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
    tz: ZoneInfo = TZ,
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


# ---------------------------------------------------------------- planning against the database


@dataclass
class PlanResult:
    """What one planning run changed."""

    inserted: int = 0
    updated: int = 0
    cancelled: int = 0
    targets: int = 0
    chats: int = 0


@dataclass(frozen=True)
class _Chat:
    pk: int
    platform: str
    profile: Profile


def _active_chats(session: Session, chat_pks: Collection[int] | None = None) -> dict[int, _Chat]:
    stmt = select(ChatRow).where(CHAT.c.active.is_(True))
    if chat_pks is not None:
        stmt = stmt.where(CHAT.c.id.in_(list(chat_pks)))
    profiles: dict[Profile, Profile] = {}
    chats: dict[int, _Chat] = {}
    for chat in session.execute(stmt).scalars():
        assert chat.id is not None
        prof = profile_of(chat)
        prof = profiles.setdefault(prof, prof)  # share one object per distinct profile
        chats[chat.id] = _Chat(chat.id, chat.platform, prof)
    return chats


def _done_marks(session: Session, chat_pks: Collection[int] | None = None) -> set[tuple[int, str]]:
    # A chat's own "Đã nộp" marks and its unit's submissions (scheduler/units.py).
    from scheduler.units import done_pairs

    return done_pairs(session, chat_pks)


class _Context:
    """Everything planning reads, loaded once per run."""

    def __init__(
        self,
        session: Session,
        now: dt.datetime,
        tz: ZoneInfo,
        chat_pks: Collection[int] | None = None,
        campaign_ids: Collection[str] | None = None,
    ):
        self.now = now
        self.tz = tz
        self.today = now.astimezone(tz).date()
        self.targets, self.campaigns = load_targets(session, self.today, campaign_ids)
        self.followers: Followers = load_followers(session, chat_pks)
        self.chats = _active_chats(session, chat_pks)
        self.done = _done_marks(session, chat_pks)
        self._times: dict[tuple[dt.date, Profile], list[tuple[int, dt.datetime]]] = {}
        self._fol: dict[str, set[int]] = {}

    def times(self, due: dt.date, profile: Profile) -> list[tuple[int, dt.datetime]]:
        key = (due, profile)
        found = self._times.get(key)
        if found is None:
            found = self._times[key] = reminder_times(due, profile, self.tz)
        return found

    def following(self, campaign_id: str) -> set[int]:
        found = self._fol.get(campaign_id)
        if found is None:
            campaign = self.campaigns.get(campaign_id)
            issuer = campaign.issuer if campaign else None
            found = self._fol[campaign_id] = self.followers.of_campaign(campaign_id, issuer)
        return found


def _desired_rows(
    ctx: _Context,
    horizon: dt.timedelta,
    conv: Callable[[Any], Any],
    after: dt.datetime | None = None,
) -> dict[str, tuple[Any, ...]]:
    """Driver-ready rows (sql.INSERT_COLUMNS order) of every reminder due within the horizon
    (only those planned for later than `after`, when given)."""
    by_profile: dict[Profile, list[_Chat]] = defaultdict(list)
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


def _wanted_times(
    ctx: _Context, horizon: dt.timedelta, after: dt.datetime | None
) -> tuple[
    dict[Profile, list[_Chat]], list[tuple[Target, Profile, list[tuple[int, dt.datetime]]]]
]:
    """Chats by profile, and (target, profile, reminders to have) wherever there are some."""
    by_profile: dict[Profile, list[_Chat]] = defaultdict(list)
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


def insert_desired(
    session: Session, ctx: _Context, horizon: dt.timedelta, after: dt.datetime | None = None
) -> int:
    """Insert-if-absent every reminder of `ctx` due within the horizon (planned for later
    than `after`, when given); returns how many rows were inserted.

    Few rows: built here and inserted with executemany. Many (a first plan, a campaign
    published to every chat): the database joins three small temporary tables — reminder
    times per cut-off and settings profile, followers per campaign, chats with their profile
    — and inserts the product in one INSERT … SELECT, so no row travels through Python.
    """
    by_profile, wanted = _wanted_times(ctx, horizon, after)
    estimate = sum(len(w) * len(ctx.following(t.campaign_id)) for t, _, w in wanted)
    if estimate < BULK:
        rows = _desired_rows(ctx, horizon, value_converter(session), after)
        return insert_ignore_values(session, list(rows.values()))
    conv = value_converter(session)
    prof_ids = {profile: i for i, profile in enumerate(by_profile)}
    # the idempotency key is built from two halves (reminder_key's "reminder:{ref}:{lead}:"
    # per time, "{platform}:{pk}" per chat): one concatenation per row on the server
    times = [
        (t.ref_id, t.campaign_id, conv(t.due), lead, conv(at), prof_ids[profile],
         f"reminder:{t.ref_id}:{lead}:")
        for t, profile, items in wanted
        for lead, at in items
    ]  # fmt: skip
    campaigns = {t.campaign_id for t, _, _ in wanted}
    follow = [
        (cid, pk) for cid in sorted(campaigns) for pk in ctx.following(cid) if pk in ctx.chats
    ]
    chats = [(c.pk, c.platform, prof_ids[c.profile], f"{c.platform}:{c.pk}")
             for c in ctx.chats.values()]  # fmt: skip
    sqlite = dialect_name(session) == "sqlite"
    date_t, time_t = ("TEXT", "TEXT") if sqlite else ("date", "timestamptz")
    _fill(session, "plan_times", f"ref_id TEXT, campaign_id TEXT, due {date_t}, lead INTEGER, "
          f"at {time_t}, prof INTEGER, key_head TEXT", times)  # fmt: skip
    _fill(session, "plan_follow", "campaign_id TEXT, pk INTEGER", follow)
    _fill(session, "plan_chat", "pk INTEGER, platform TEXT, prof INTEGER, key_tail TEXT", chats)
    key = "t.key_head || c.key_tail"
    now_v = conv(ctx.now)
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar() if sqlite else None
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KB}")
    else:
        # hash joins in memory (the default 4 MB spilled to disk at 1.2 M rows); SET LOCAL
        # ends with the planning transaction
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{PG_BULK_WORK_MEM_MB}MB'")
        # One bulk planner at a time (until this transaction ends): the insert below skips
        # existing keys with NOT EXISTS, which sees what an earlier planner committed but not
        # what a concurrent one is inserting.
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PLAN_LOCK_KEY})")
    # SQLite: rows sorted by key go into its b-trees in order, duplicates skipped by ON
    # CONFLICT. PostgreSQL: NOT EXISTS instead of ON CONFLICT's speculative insertion, and no
    # sort (the two cost ~2 s and ~1.5 s of the server's CPU at 1.2 M rows).
    skip = (
        "ORDER BY 1 ON CONFLICT (key) DO NOTHING"
        if sqlite
        else f"AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.key = {key})"
    )
    try:
        result = conn.exec_driver_sql(
            f"INSERT INTO outbox ({', '.join(INSERT_COLUMNS)}) "
            f"SELECT {key}, 'reminder', {REMINDER_PRIORITY}, c.pk, c.platform, t.campaign_id, "
            f"t.ref_id, t.lead, t.due, NULL, '{PENDING}', t.at, t.at, 0, 0, 0, %(now)s, %(now)s "
            "FROM plan_times t JOIN plan_follow f ON f.campaign_id = t.campaign_id "
            "JOIN plan_chat c ON c.pk = f.pk AND c.prof = t.prof "
            "WHERE NOT EXISTS (SELECT 1 FROM reminder_done d "
            "WHERE d.chat_pk = c.pk AND d.ref_id = t.ref_id) "
            "AND NOT EXISTS (SELECT 1 FROM chat_unit u JOIN unit_submission s "
            f"ON s.unit_id = u.unit_id WHERE u.chat_pk = c.pk AND s.ref_id = t.ref_id) {skip}"
            .replace("%(now)s", "?" if sqlite else "%(now)s"),
            (now_v, now_v) if sqlite else {"now": now_v},
        )
    finally:
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")
    return max(int(result.rowcount), 0)


def _fill(session: Session, name: str, columns: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """A temporary table of this connection, emptied and filled with `rows`."""
    conn = session.connection()
    conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
    conn.exec_driver_sql(f"DELETE FROM {name}")
    if not rows:
        return
    if dialect_name(session) == "sqlite":
        marks = ", ".join("?" * len(rows[0]))
        conn.exec_driver_sql(f"INSERT INTO {name} VALUES ({marks})", list(rows))
        return
    raw: Any = conn.connection.dbapi_connection
    with raw.cursor() as cur, cur.copy(f"COPY {name} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    # statistics for the join: unanalysed, the planner guessed ~20,000 rows for 1.2 M and
    # sort-merged them (two sorts of the whole product instead of hash joins)
    conn.exec_driver_sql(f"ANALYZE {name}")


def _reconcile_pending(
    session: Session, ctx: _Context, where: Any = None
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


def _existing_keys(session: Session, today: dt.date) -> set[str]:
    """Keys of reminder rows for cut-offs from today on (whatever their status)."""
    stmt = select(OUTBOX.c.key).where(OUTBOX.c.kind == "reminder", OUTBOX.c.due >= today)
    return set(session.execute(stmt).scalars())


def plan_reminders(
    session: Session,
    now: dt.datetime,
    *,
    horizon: dt.timedelta = DEFAULT_HORIZON,
    tz: ZoneInfo = TZ,
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
    write_state(
        session,
        State(now, horizon, _wake_at(session, targets, now, horizon, tz), _claimed(session)),
        now,
    )
    session.flush()
    return result


def _apply(
    session: Session, ctx: _Context, where: Any, now: dt.datetime, result: PlanResult
) -> None:
    """Move and cancel the pending reminder rows `where` selects (all when None)."""
    updates, cancels = _reconcile_pending(session, ctx, where)
    for reason, ids in cancels.items():
        result.cancelled += cancel_rows(session, ids, reason, now)
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
        result.updated += len(updates)


def _plan_full(
    session: Session, now: dt.datetime, horizon: dt.timedelta, tz: ZoneInfo
) -> tuple[PlanResult, list[Target]]:
    ctx = _Context(session, now, tz)
    result = PlanResult(targets=len(ctx.targets), chats=len(ctx.chats))
    _apply(session, ctx, None, now, result)
    result.cancelled += _cancel_withdrawn_launches(session, ctx, now)
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
        ctx = _Context(session, now, tz, campaign_ids=campaigns)
        _apply(session, ctx, OUTBOX.c.campaign_id.in_(list(campaigns)), now, result)
        result.cancelled += _cancel_withdrawn_launches(session, ctx, now, campaigns)
        result.inserted += insert_desired(session, ctx, horizon)
    # 2. changed chats: every cut-off, these chats only
    if changes.chats:
        ctx = _Context(session, now, tz, chat_pks=changes.chats)
        _apply(session, ctx, OUTBOX.c.chat_pk.in_(list(changes.chats)), now, result)
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
            ctx = _Context(session, now, tz, chat_pks={pk for _, pk in back})
            _apply(session, ctx, OUTBOX.c.id.in_([i for i, _ in back]), now, result)
    # 4. what time brought since the last run
    ctx = _Context(session, now, tz)
    result.targets, result.chats = len(ctx.targets), len(ctx.chats)
    if rolled:
        result.cancelled += _cancel_past(session, today, now)
    if now >= state.wake_at:
        result.inserted += insert_desired(session, ctx, horizon, after=prev + horizon)
        result.cancelled += _cancel_superseded(session, ctx, prev)
    return result, ctx.targets


def _cancel_past(session: Session, today: dt.date, now: dt.datetime) -> int:
    """The day rolled over: pending reminders of cut-offs before today."""
    stmt = select(OUTBOX.c.id).where(
        OUTBOX.c.kind == "reminder", OUTBOX.c.status == PENDING, OUTBOX.c.due < today
    )
    ids = list(session.execute(stmt).scalars())
    return cancel_rows(session, ids, "withdrawn or past", now) if ids else 0


def _cancel_superseded(session: Session, ctx: _Context, prev: dt.datetime) -> int:
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


def _profiles(session: Session) -> set[Profile]:
    """The distinct reminder settings of active chats."""
    stmt = (
        select(CHAT.c.lead_days, CHAT.c.reminder_hour, CHAT.c.quiet_start, CHAT.c.quiet_end)
        .where(CHAT.c.active.is_(True))
        .distinct()
    )
    out: set[Profile] = set()
    for leads, hour, qs, qe in session.execute(stmt):
        out.add(
            profile_of(
                ChatRow(
                    platform="", chat_id="", lead_days=leads, reminder_hour=hour,
                    quiet_start=qs, quiet_end=qe, created_at=dt.datetime.min,
                )
            )
        )  # fmt: skip
    return out


def _wake_at(
    session: Session,
    targets: Sequence[Target],
    now: dt.datetime,
    horizon: dt.timedelta,
    tz: ZoneInfo,
) -> dt.datetime:
    """The first moment after `now` at which time alone changes what planning would do: a
    reminder enters the horizon, a later reminder supersedes an earlier one, the day rolls
    over."""
    local = now.astimezone(tz)
    wake = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tz)
    cache: dict[tuple[dt.date, Profile], list[tuple[int, dt.datetime]]] = {}
    profiles = _profiles(session)
    for due in {t.due for t in targets}:
        for profile in profiles:
            key = (due, profile)
            times = cache.get(key) or cache.setdefault(key, reminder_times(due, profile, tz))
            for _, at in times:
                if at > now + horizon:
                    wake = min(wake, at - horizon)
                    break
            for _, at in times[1:]:
                if at > now:
                    wake = min(wake, at)
                    break
    return wake


def _claimed(session: Session) -> list[int]:
    """Reminder rows claimed now: if one comes back to pending, the next run reconciles it."""
    stmt = select(OUTBOX.c.id).where(OUTBOX.c.status == CLAIMED, OUTBOX.c.kind == "reminder")
    return sorted(session.execute(stmt).scalars())


def _cancel_withdrawn_launches(
    session: Session, ctx: _Context, now: dt.datetime, campaigns: Collection[str] | None = None
) -> int:
    stmt = select(OUTBOX.c.id, OUTBOX.c.campaign_id).where(
        is_launch(OUTBOX), OUTBOX.c.status == PENDING
    )
    if campaigns is not None:
        stmt = stmt.where(OUTBOX.c.campaign_id.in_(list(campaigns)))
    gone = [row_id for row_id, cid in session.execute(stmt) if cid not in ctx.campaigns]
    return cancel_rows(session, gone, "campaign withdrawn", now) if gone else 0


@dataclass(frozen=True)
class PlannedReminder:
    """One future reminder of one chat (for /nhac and `thiduabot reminders`)."""

    ref_id: str
    campaign_id: str
    due: dt.date
    lead: int
    send_at: dt.datetime


def chat_schedule(
    session: Session, chat_pk: int, now: dt.datetime, tz: ZoneInfo = TZ
) -> list[PlannedReminder]:
    """Every reminder this chat will still get (not limited to the planning horizon)."""
    ctx = _Context(session, now, tz, [chat_pk])
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
