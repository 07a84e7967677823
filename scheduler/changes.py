"""The change journal planning reads (`plan_change`, filled by triggers) and its state row."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from scheduler.schedule_tables import PlanChangeRow, PlanStateRow
from scheduler.sql import dialect_name, table_of

log = logging.getLogger(__name__)
CHANGE = table_of(PlanChangeRow)
STATE = table_of(PlanStateRow)

# Tables whose triggers (migration 0007) record changes; SQLite has three triggers per table.
WATCHED = (
    "campaign", "deadline", "recurring_report", "chat", "subscription", "reminder_done",
    "document", "correction",
    "chat_unit", "unit_submission",  # migration 0009: a unit's "Đã nộp" affects its chats
)  # fmt: skip
_checked: dict[str, bool] = {}


def expected_triggers(dialect: str) -> set[str]:
    """Trigger names migrations 0007 and 0009 create on this database."""
    if dialect == "sqlite":
        return {f"plan_change_{t}_{s}" for t in WATCHED for s in ("ins", "upd", "del")}
    return {f"plan_change_{t}" for t in WATCHED}


def present_triggers(session: Session) -> set[str]:
    """The change triggers that exist in this database."""
    if dialect_name(session) == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'plan_change_%'"
    else:
        sql = "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'plan_change_%'"
    return {str(name) for (name,) in session.execute(text(sql))}


def triggers_ok(session: Session) -> bool:
    """Whether every change trigger exists (checked once per database and process)."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    found = _checked.get(url)
    if found is None:
        missing = expected_triggers(dialect_name(session)) - present_triggers(session)
        if missing:
            log.error("change triggers missing (%s): planning re-scans everything", missing)
        found = _checked[url] = not missing
    return found


@dataclass
class Changes:
    """Change rows read at the start of a planning run."""

    ids: list[int] = field(default_factory=list)
    campaigns: set[str] = field(default_factory=set)
    chats: set[int] = field(default_factory=set)


def read_changes(session: Session) -> Changes:
    """Every recorded change (read before anything else planning reads)."""
    out = Changes()
    for row_id, scope, ref in session.execute(select(CHANGE.c.id, CHANGE.c.scope, CHANGE.c.ref)):
        out.ids.append(row_id)
        if scope == "campaign":
            out.campaigns.add(ref)
        elif scope == "chat" and ref.isdigit():
            out.chats.add(int(ref))
    return out


def forget_changes(session: Session, ids: Sequence[int]) -> None:
    """Delete the change rows a run has handled (exactly those it read)."""
    for start in range(0, len(ids), 500):
        session.execute(
            delete(PlanChangeRow).where(CHANGE.c.id.in_(list(ids[start : start + 500])))
        )


@dataclass
class State:
    """The planner's progress."""

    planned_at: dt.datetime
    horizon: dt.timedelta
    wake_at: dt.datetime
    recheck: list[int]


def read_state(session: Session) -> State | None:
    """The state row, or None before the first planning run."""
    row = session.execute(
        select(
            STATE.c.planned_at, STATE.c.horizon_seconds, STATE.c.wake_at, STATE.c.recheck
        ).where(STATE.c.id == 1)
    ).first()
    if row is None:
        return None
    planned_at, seconds, wake_at, recheck = row
    return State(
        _aware(planned_at), dt.timedelta(seconds=seconds), _aware(wake_at), json.loads(recheck)
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def write_state(session: Session, state: State, now: dt.datetime) -> None:
    """Upsert the state row (two planners at once: the later commit wins, both are correct)."""
    params = {
        "p": state.planned_at,
        "h": int(state.horizon.total_seconds()),
        "w": state.wake_at,
        "r": json.dumps(state.recheck),
        "u": now,
    }
    if dialect_name(session) == "sqlite":
        conv = {k: v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f") for k, v in
                params.items() if isinstance(v, dt.datetime)}  # fmt: skip
        params.update(conv)
    session.execute(
        text(
            "INSERT INTO plan_state (id, planned_at, horizon_seconds, wake_at, recheck, "
            "updated_at) VALUES (1, :p, :h, :w, :r, :u) ON CONFLICT (id) DO UPDATE SET "
            "planned_at = excluded.planned_at, horizon_seconds = excluded.horizon_seconds, "
            "wake_at = excluded.wake_at, recheck = excluded.recheck, "
            "updated_at = excluded.updated_at"
        ),
        params,
    )
