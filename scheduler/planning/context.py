"""What one planning run reads, loaded once: cut-offs, followers, active chats, done marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.planning.times import Profile, profile_of, reminder_times
from scheduler.schedule_tables import ChatRow
from scheduler.sql import table_of
from scheduler.targets import Followers, load_followers, load_targets

CHAT = table_of(ChatRow)


@dataclass(frozen=True)
class PlanChat:
    """An active chat as planning sees it: its id, platform and reminder settings."""

    pk: int
    platform: str
    profile: Profile


def _active_chats(
    session: Session, chat_pks: Collection[int] | None = None
) -> dict[int, PlanChat]:
    stmt = select(ChatRow).where(CHAT.c.active.is_(True))
    if chat_pks is not None:
        stmt = stmt.where(CHAT.c.id.in_(list(chat_pks)))
    profiles: dict[Profile, Profile] = {}
    chats: dict[int, PlanChat] = {}
    for chat in session.execute(stmt).scalars():
        assert chat.id is not None
        prof = profile_of(chat)
        prof = profiles.setdefault(prof, prof)  # share one object per distinct profile
        chats[chat.id] = PlanChat(chat.id, chat.platform, prof)
    return chats


def _done_marks(session: Session, chat_pks: Collection[int] | None = None) -> set[tuple[int, str]]:
    # A chat's own "Đã nộp" marks and its unit's submissions (scheduler/units.py).
    from scheduler.units import done_pairs

    return done_pairs(session, chat_pks)


class PlanContext:
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
        """The reminder times of a cut-off for a settings profile (computed once per run)."""
        key = (due, profile)
        found = self._times.get(key)
        if found is None:
            found = self._times[key] = reminder_times(due, profile, self.tz)
        return found

    def following(self, campaign_id: str) -> set[int]:
        """Ids of the chats following a campaign (directly, its issuer, or everything)."""
        found = self._fol.get(campaign_id)
        if found is None:
            campaign = self.campaigns.get(campaign_id)
            issuer = campaign.issuer if campaign else None
            found = self._fol[campaign_id] = self.followers.of_campaign(campaign_id, issuer)
        return found
