"""What can be reminded (deadlines and report occurrences) and which chats follow what."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.dates.recurring import CORRECTION_FIELD, RecurringRule, expand, parse_rule
from knowledge.store.tables import (
    CampaignRow,
    CorrectionRow,
    DeadlineRow,
    DocumentRow,
    RecurringReportRow,
)
from knowledge.text.normalise import fold
from scheduler.schedule_tables import ChatRow, SubscriptionRow
from scheduler.sql import table_of

CAMPAIGN = table_of(CampaignRow)
CHAT = table_of(ChatRow)
CORRECTION = table_of(CorrectionRow)
DEADLINE = table_of(DeadlineRow)
DOCUMENT = table_of(DocumentRow)
RECURRING = table_of(RecurringReportRow)
SUBSCRIPTION = table_of(SubscriptionRow)

PUBLISHED = "published"
# A campaign without an end date is followed for one year from its start.
DEFAULT_CAMPAIGN_SPAN = dt.timedelta(days=365)


@dataclass(frozen=True)
class Target:
    """One cut-off a chat can be reminded of: a deadline or a dated report occurrence."""

    ref_id: str  # deadline id, or "{report id}@{yyyy-mm}" for an occurrence
    campaign_id: str
    due: dt.date
    kind: str  # deadline | recurring
    source_id: str  # the deadline or recurring report row id


def issuer_key(issuer: str | None) -> str:
    """Issuer names compared without case, diacritics, extra spaces or the long form of UBND."""
    key = " ".join(fold(issuer or "").replace(".", " ").split())
    return key.replace("uy ban nhan dan", "ubnd")


def issuer_matches(followed: str, issuer: str | None) -> bool:
    """A followed issuer covers the campaign's issuer: the same, or its head ("Chủ tịch UBND
    tỉnh An Giang" is covered by "UBND tỉnh An Giang")."""
    want, have = issuer_key(followed), issuer_key(issuer)
    return bool(want) and (have == want or have.endswith(" " + want))


@dataclass
class Followers:
    """Active chats by what they follow, to answer "who follows this campaign" quickly."""

    everyone: set[int] = field(default_factory=set)
    by_issuer: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_campaign: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def of_campaign(self, campaign_id: str, issuer: str | None) -> set[int]:
        """Chat ids following this campaign (all, its issuer, or the campaign itself)."""
        found = set(self.everyone)
        for followed, chats in self.by_issuer.items():
            if issuer_matches(followed, issuer):
                found |= chats
        found |= self.by_campaign.get(campaign_id, set())
        return found


def load_followers(session: Session, chat_pks: Collection[int] | None = None) -> Followers:
    """Subscriptions of active chats (of some chats when `chat_pks` is given)."""
    stmt = (
        select(SUBSCRIPTION.c.chat_pk, SUBSCRIPTION.c.scope, SUBSCRIPTION.c.value)
        .join(ChatRow, CHAT.c.id == SUBSCRIPTION.c.chat_pk)
        .where(CHAT.c.active.is_(True))
    )
    if chat_pks is not None:
        stmt = stmt.where(SUBSCRIPTION.c.chat_pk.in_(list(chat_pks)))
    followers = Followers()
    for pk, scope, value in session.execute(stmt):
        if scope == "all":
            followers.everyone.add(pk)
        elif scope == "issuer":
            followers.by_issuer[issuer_key(value)].add(pk)
        elif scope == "campaign":
            followers.by_campaign[value].add(pk)
    return followers


def published_campaigns(session: Session) -> dict[str, CampaignRow]:
    """Published campaigns by id."""
    rows = session.execute(select(CampaignRow).where(CAMPAIGN.c.status == PUBLISHED)).scalars()
    return {c.id: c for c in rows}


def campaign_window(
    campaign: CampaignRow, issue_date: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The dates a campaign's recurring reports run over (start unknown: the document's issue
    date, its year, or today)."""
    start = campaign.start or issue_date
    if start is None:
        start = dt.date(campaign.year, 1, 1) if campaign.year else today
    end = campaign.end or (start + DEFAULT_CAMPAIGN_SPAN)
    return start, end


def recurring_rules(
    session: Session, campaigns: Iterable[CampaignRow]
) -> dict[str, RecurringRule]:
    """The officer's per-campaign rule for undated recurring reports (default when none)."""
    by_doc = {c.document_id: c.id for c in campaigns}
    if not by_doc:
        return {}
    stmt = (
        select(DOCUMENT.c.id, CORRECTION.c.value)
        .join(CorrectionRow, CORRECTION.c.source == DOCUMENT.c.source)
        .where(CORRECTION.c.field == CORRECTION_FIELD)
        .where(DOCUMENT.c.id.in_(list(by_doc)))
    )
    return {by_doc[doc_id]: parse_rule(value) for doc_id, value in session.execute(stmt)}


def load_targets(
    session: Session,
    today: dt.date,
    campaign_ids: Iterable[str] | None = None,
) -> tuple[list[Target], dict[str, CampaignRow]]:
    """Cut-offs on or after `today` of published campaigns (optionally only some campaigns)."""
    campaigns = published_campaigns(session)
    if campaign_ids is not None:
        wanted = set(campaign_ids)
        campaigns = {k: v for k, v in campaigns.items() if k in wanted}
    if not campaigns:
        return [], campaigns
    ids = list(campaigns)
    targets: list[Target] = []
    deadlines = session.execute(
        select(DEADLINE.c.id, DEADLINE.c.campaign_id, DEADLINE.c.due)
        .where(DEADLINE.c.campaign_id.in_(ids))
        .where(DEADLINE.c.due >= today)
    )
    for dl_id, campaign_id, due in deadlines:
        targets.append(Target(dl_id, campaign_id, due, "deadline", dl_id))
    reports = list(
        session.execute(
            select(RecurringReportRow).where(RECURRING.c.campaign_id.in_(ids))
        ).scalars()
    )
    if reports:
        # The issue dates only: whole rows would load every document's JSON.
        query = select(DOCUMENT.c.id, DOCUMENT.c.issue_date).where(
            DOCUMENT.c.id.in_([c.document_id for c in campaigns.values()])
        )
        issued = {doc_id: day for doc_id, day in session.execute(query)}
        rules = recurring_rules(session, campaigns.values())
        for report in reports:
            campaign = campaigns[report.campaign_id]
            start, end = campaign_window(campaign, issued.get(campaign.document_id), today)
            rule = rules.get(campaign.id, RecurringRule())
            for occ in expand(
                report.period, report.day, report.month, max(start, today), end, rule
            ):
                targets.append(
                    Target(
                        f"{report.id}@{occ.suffix}", campaign.id, occ.due, "recurring", report.id
                    )
                )
    return targets, campaigns


def split_ref(ref_id: str) -> tuple[str, str | None]:
    """(row id, occurrence suffix or None) of a reminder reference."""
    base, sep, suffix = ref_id.partition("@")
    return base, (suffix if sep else None)


def floating_campaigns(session: Session, campaign_ids: Collection[str]) -> set[str]:
    """Campaigns with recurring reports whose window starts "today" (no start, year or issue
    date): their occurrences move when the day rolls over."""
    if not campaign_ids:
        return set()
    stmt = (
        select(CAMPAIGN.c.id)
        .join(DocumentRow, DOCUMENT.c.id == CAMPAIGN.c.document_id)
        .where(CAMPAIGN.c.id.in_(list(campaign_ids)))
        .where(CAMPAIGN.c.start.is_(None), CAMPAIGN.c.year.is_(None))
        .where(DOCUMENT.c.issue_date.is_(None))
        .where(CAMPAIGN.c.id.in_(select(RECURRING.c.campaign_id)))
    )
    return set(session.execute(stmt).scalars())
