"""Chats, what they follow, and their reminder settings (validated)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from knowledge.store.tables import CampaignRow
from scheduler.schedule_tables import ChatRow, SubscriptionRow

SCOPES = ("all", "issuer", "campaign")
LANGUAGES = ("vi", "en")
MAX_LEAD_DAYS = 60
_TIME = re.compile(r"^\s*(\d{1,2})(?::|h)?(\d{2})?\s*$")


@dataclass
class SettingsError(ValueError):
    """An invalid setting; `code` and `params` let the caller word it in the chat's language."""

    code: str
    params: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.params}"


def get_or_create_chat(
    session: Session,
    platform: str,
    chat_id: str,
    kind: str,
    title: str | None,
    now: dt.datetime,
) -> ChatRow:
    """The chat's row, created with default settings on first contact (safe under races)."""
    stmt = select(ChatRow).where(ChatRow.platform == platform, ChatRow.chat_id == chat_id)
    chat = session.exec(stmt).first()
    if chat is not None:
        changed = False
        if title and chat.title != title:
            chat.title = title[:255]
            changed = True
        if chat.kind != kind:
            chat.kind = kind
            changed = True
        if not chat.active:
            # The chat talks to us again: it is reachable, so reminders may resume.
            chat.active = True
            chat.deactivated_reason = None
            changed = True
        if changed:
            session.add(chat)
            session.flush()
        return chat
    chat = ChatRow(
        platform=platform,
        chat_id=chat_id,
        kind=kind,
        title=title[:255] if title else None,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(chat)
    except IntegrityError:
        # Another process created it between our select and insert.
        existing = session.exec(stmt).first()
        if existing is None:
            raise
        return existing
    return chat


def subscribe(session: Session, chat: ChatRow, scope: str, value: str, now: dt.datetime) -> bool:
    """Follow all campaigns, one issuer or one campaign; False when already followed."""
    if scope not in SCOPES:
        raise SettingsError("bad_scope", {"scope": scope})
    value = "" if scope == "all" else value.strip()
    if scope != "all" and not value:
        raise SettingsError("empty_value", {"scope": scope})
    assert chat.id is not None
    existing = session.exec(
        select(SubscriptionRow).where(
            SubscriptionRow.chat_pk == chat.id,
            SubscriptionRow.scope == scope,
            SubscriptionRow.value == value,
        )
    ).first()
    if existing is not None:
        return False
    try:
        with session.begin_nested():
            session.add(SubscriptionRow(chat_pk=chat.id, scope=scope, value=value, created_at=now))
    except IntegrityError:
        return False
    return True


def unsubscribe(
    session: Session, chat: ChatRow, scope: str | None = None, value: str | None = None
) -> int:
    """Stop following (everything when no scope); the number of subscriptions removed."""
    assert chat.id is not None
    stmt = delete(SubscriptionRow).where(col(SubscriptionRow.chat_pk) == chat.id)
    if scope is not None:
        stmt = stmt.where(col(SubscriptionRow.scope) == scope)
        if value is not None:
            stmt = stmt.where(col(SubscriptionRow.value) == ("" if scope == "all" else value))
    result = session.execute(stmt)
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def list_subscriptions(session: Session, chat: ChatRow) -> list[SubscriptionRow]:
    """What the chat follows, oldest first."""
    return list(
        session.exec(
            select(SubscriptionRow)
            .where(SubscriptionRow.chat_pk == chat.id)
            .order_by(col(SubscriptionRow.id))
        ).all()
    )


def followed_campaign_ids(session: Session, chat: ChatRow) -> list[str]:
    """Ids of the published campaigns the chat follows through any of its subscriptions."""
    subs = list_subscriptions(session, chat)
    if not subs:
        return []
    stmt = select(CampaignRow.id).where(CampaignRow.status == "published")
    if not any(s.scope == "all" for s in subs):
        issuers = [s.value for s in subs if s.scope == "issuer"]
        ids = [s.value for s in subs if s.scope == "campaign"]
        stmt = stmt.where(or_(col(CampaignRow.issuer).in_(issuers), col(CampaignRow.id).in_(ids)))
    return list(session.exec(stmt).all())


def parse_lead_days(text: str) -> list[int]:
    """ "7,3,1,0" → [7, 3, 1, 0] (unique, descending); raises SettingsError when invalid."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not parts:
        raise SettingsError("lead_empty")
    days: set[int] = set()
    for part in parts:
        if not part.isdigit():
            raise SettingsError("lead_not_number", {"value": part})
        n = int(part)
        if n > MAX_LEAD_DAYS:
            raise SettingsError("lead_too_far", {"value": part, "max": str(MAX_LEAD_DAYS)})
        days.add(n)
    if len(days) > 6:
        raise SettingsError("lead_too_many", {"max": "6"})
    return sorted(days, reverse=True)


def parse_clock(text: str) -> dt.time:
    """ "21:00", "21h", "7h30", "7" → a time; raises SettingsError when invalid."""
    m = _TIME.match(text)
    if not m:
        raise SettingsError("bad_time", {"value": text.strip()})
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        raise SettingsError("bad_time", {"value": text.strip()})
    return dt.time(hour, minute)


def parse_quiet(text: str) -> tuple[str, str]:
    """ "21:00-07:00" → ("21:00", "07:00"); "tat"/"off" → no quiet hours ("00:00", "00:00")."""
    cleaned = text.strip().lower()
    if cleaned in {"tat", "tắt", "off", "khong", "không", "none"}:
        return ("00:00", "00:00")
    parts = re.split(r"\s*(?:-|–|đến|den|to)\s*", cleaned)
    if len(parts) != 2:
        raise SettingsError("bad_quiet", {"value": text.strip()})
    start, end = (parse_clock(p) for p in parts)
    if start == end:
        raise SettingsError("quiet_same", {"value": text.strip()})
    return (start.strftime("%H:%M"), end.strftime("%H:%M"))


def in_quiet_hours(moment: dt.time, quiet_start: str, quiet_end: str) -> bool:
    """Whether a local time falls in the quiet window (which may wrap past midnight)."""
    start, end = parse_clock(quiet_start), parse_clock(quiet_end)
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def update_settings(
    session: Session,
    chat: ChatRow,
    *,
    lead_days: str | list[int] | None = None,
    quiet: str | tuple[str, str] | None = None,
    reminder_hour: int | str | None = None,
    language: str | None = None,
) -> ChatRow:
    """Validate and store the chat's settings; raises SettingsError and changes nothing if any
    value is invalid."""
    new_lead = chat.lead_days
    new_quiet = (chat.quiet_start, chat.quiet_end)
    new_hour = chat.reminder_hour
    new_lang = chat.language
    if lead_days is not None:
        text = lead_days if isinstance(lead_days, str) else ",".join(map(str, lead_days))
        new_lead = ",".join(str(d) for d in parse_lead_days(text))
    if quiet is not None:
        new_quiet = parse_quiet(quiet if isinstance(quiet, str) else "-".join(quiet))
    if reminder_hour is not None:
        if isinstance(reminder_hour, str):
            new_hour = parse_clock(reminder_hour).hour
            if parse_clock(reminder_hour).minute:
                raise SettingsError("hour_whole", {"value": reminder_hour})
        elif 0 <= reminder_hour <= 23:
            new_hour = reminder_hour
        else:
            raise SettingsError("bad_time", {"value": str(reminder_hour)})
    if language is not None:
        lang = language.strip().lower()
        aliases = {"vn": "vi", "viet": "vi", "tiengviet": "vi", "english": "en", "anh": "en"}
        lang = aliases.get(lang, lang)
        if lang not in LANGUAGES:
            raise SettingsError("bad_language", {"value": language.strip()})
        new_lang = lang
    if in_quiet_hours(dt.time(new_hour), *new_quiet):
        # Reminders would never go out at their hour: refuse rather than silently delay them.
        raise SettingsError(
            "hour_in_quiet", {"hour": f"{new_hour:02d}:00", "quiet": "-".join(new_quiet)}
        )
    chat.lead_days = new_lead
    chat.quiet_start, chat.quiet_end = new_quiet
    chat.reminder_hour = new_hour
    chat.language = new_lang
    session.add(chat)
    session.flush()
    return chat
