"""scheduler.subscriptions on SQLite and PostgreSQL: chats, subscriptions, validated settings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from bot.db import open_database
from scheduler import subscriptions as subs
from tests.handlers.conftest import NOW, seed_two_campaigns


def test_chat_subscriptions_and_settings(db_url: str) -> None:
    engine = open_database(db_url)
    seed_two_campaigns(engine)
    try:
        with Session(engine) as s:
            chat = subs.get_or_create_chat(s, "zalo", "abc", "group", "Nhóm A", NOW)
            s.commit()
            same = subs.get_or_create_chat(s, "zalo", "abc", "group", "Nhóm A mới", NOW)
            assert same.id == chat.id and same.title == "Nhóm A mới"
            other = subs.get_or_create_chat(s, "telegram", "abc", "private", None, NOW)
            assert other.id != chat.id
            assert subs.followed_campaign_ids(s, chat) == []
            assert subs.subscribe(s, chat, "issuer", "UBND tỉnh Điện Biên", NOW) is True
            assert subs.subscribe(s, chat, "issuer", "UBND tỉnh Điện Biên", NOW) is False
            assert subs.subscribe(s, chat, "campaign", "ag2025", NOW) is True
            assert sorted(subs.followed_campaign_ids(s, chat)) == ["ag2025", "db2022"]
            assert subs.unsubscribe(s, chat, "campaign", "ag2025") == 1
            assert subs.followed_campaign_ids(s, chat) == ["db2022"]
            assert subs.subscribe(s, chat, "all", "ignored", NOW) is True
            assert [(r.scope, r.value) for r in subs.list_subscriptions(s, chat)] == [
                ("issuer", "UBND tỉnh Điện Biên"),
                ("all", ""),
            ]
            assert sorted(subs.followed_campaign_ids(s, chat)) == ["ag2025", "db2022"]
            with pytest.raises(subs.SettingsError):
                subs.subscribe(s, chat, "province", "x", NOW)
            with pytest.raises(subs.SettingsError):
                subs.subscribe(s, chat, "campaign", "  ", NOW)
            assert subs.unsubscribe(s, chat) == 2
            assert subs.unsubscribe(s, chat) == 0
            subs.update_settings(
                s,
                chat,
                lead_days=[1, 10, 3],
                quiet="22:30-06:00",
                reminder_hour=7,
                language="EN",
            )
            s.commit()
        with Session(engine) as s:
            chat = subs.get_or_create_chat(s, "zalo", "abc", "group", None, NOW)
            assert (chat.lead_days, chat.quiet_start, chat.quiet_end) == (
                "10,3,1",
                "22:30",
                "06:00",
            )
            assert (chat.reminder_hour, chat.language) == (7, "en")
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"lead_days": "7,x"}, "lead_not_number"),
        ({"lead_days": ""}, "lead_empty"),
        ({"lead_days": "61"}, "lead_too_far"),
        ({"lead_days": "1,2,3,4,5,6,7"}, "lead_too_many"),
        ({"quiet": "21:00"}, "bad_quiet"),
        ({"quiet": "21:61-07:00"}, "bad_time"),
        ({"quiet": "07:00-07:00"}, "quiet_same"),
        ({"reminder_hour": 24}, "bad_time"),
        ({"reminder_hour": 22}, "hour_in_quiet"),
        ({"quiet": "07:00-09:00"}, "hour_in_quiet"),  # default reminder hour 08:00
        ({"language": "fr"}, "bad_language"),
    ],
)
def test_invalid_settings_change_nothing(sqlite_url: str, kwargs: dict, code: str) -> None:
    engine = open_database(sqlite_url)
    with Session(engine) as s:
        chat = subs.get_or_create_chat(s, "telegram", "1", "private", None, NOW)
        before = chat.model_dump()
        with pytest.raises(subs.SettingsError) as err:
            subs.update_settings(s, chat, **kwargs)
        assert err.value.code == code
        assert chat.model_dump() == before
    engine.dispose()


def test_quiet_hours_wrap_midnight() -> None:
    assert subs.in_quiet_hours(dt.time(23, 0), "21:00", "07:00")
    assert subs.in_quiet_hours(dt.time(6, 59), "21:00", "07:00")
    assert not subs.in_quiet_hours(dt.time(7, 0), "21:00", "07:00")
    assert subs.in_quiet_hours(dt.time(12, 30), "12:00", "13:30")
    assert not subs.in_quiet_hours(dt.time(14, 0), "12:00", "13:30")
    assert not subs.in_quiet_hours(dt.time(3, 0), "00:00", "00:00")  # off
