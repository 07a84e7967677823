"""Share links: `/start c_<campaign id>` and `/start i_<issuer key>` subscribe in one tap.

Telegram's deep-link payload (`https://t.me/<bot>?start=<payload>`) allows 1–64 characters of
[A-Za-z0-9_-]. Campaign ids are 12 hex digits (knowledge/extract/ids.py), so `c_<id>` fits;
issuer names do not, so an issuer is named by `catalog.issuer_key` (10 hex digits of the
SHA-1 of its name, stable while the name is). Zalo has no deep links: there the same text is
shown for the user to send to the bot ("/start c_…").
"""

from __future__ import annotations

import re

from handlers import catalog, subscribe
from handlers.context import Ctx
from handlers.messages import Reply

PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
CAMPAIGN_PREFIX = "c_"
ISSUER_PREFIX = "i_"


def campaign_payload(campaign_id: str) -> str | None:
    """The deep-link payload of a campaign (None if its id cannot be carried in one)."""
    payload = CAMPAIGN_PREFIX + campaign_id
    return payload if PAYLOAD.match(payload) else None


def issuer_payload(issuer: str) -> str:
    """The deep-link payload of an issuer."""
    return ISSUER_PREFIX + catalog.issuer_key(issuer)


def share_text(ctx: Ctx, payload: str | None) -> str | None:
    """What to forward to units: the platform's start link (a t.me link, a /start text)."""
    if payload is None or ctx.incoming.start_link is None:
        return None
    return ctx.incoming.start_link.format(payload=payload)


def start_with_payload(ctx: Ctx, payload: str) -> list[Reply]:
    """Subscribe the chat to the campaign or issuer a share link names."""
    text = payload.strip()
    if not PAYLOAD.match(text):
        return [Reply(ctx.t("share_bad_link"))]
    items = catalog.campaigns(ctx.session)
    if text.startswith(CAMPAIGN_PREFIX):
        campaign_id = text[len(CAMPAIGN_PREFIX):]
        if any(c.id == campaign_id for c in items):
            return subscribe.follow(ctx, "campaign", campaign_id)
        return [Reply(ctx.t("share_campaign_unknown"))]
    if text.startswith(ISSUER_PREFIX):
        key = text[len(ISSUER_PREFIX):]
        for issuer in catalog.issuers(items):
            if catalog.issuer_key(issuer) == key:
                return subscribe.follow(ctx, "issuer", issuer)
        return [Reply(ctx.t("share_issuer_unknown"))]
    return [Reply(ctx.t("share_bad_link"))]
