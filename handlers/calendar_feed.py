"""A chat's calendar feed: `/lich link` gives a secret URL `<public url>/lich/<token>.ics`,
always built from what the chat follows at the time it is fetched
(handlers/calendar_ics.feed_for_token); `/lich revoke` ends it.

Only the SHA-256 of a token is stored. A request is looked up by the hash of the token it
carries (a unique index) and confirmed with a constant-time compare: the time an unknown token
takes depends on its hash, which the caller cannot steer towards a stored one, so it tells
nothing about valid tokens. Tokens are 32 random bytes from `secrets`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from sqlalchemy import delete
from sqlmodel import Session, col, select

from handlers.context import Ctx
from handlers.conversation_tables import CalendarFeedRow
from handlers.messages import Reply
from knowledge.text.normalise import fold
from scheduler.schedule_tables import ChatRow

TOKEN_BYTES = 32
# token_urlsafe(32) is 43 characters of [A-Za-z0-9_-]; anything else is refused unread.
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
_LINK_WORDS = {"link", "lienket", "url", "duongdan", "feed"}
_REVOKE_WORDS = {"revoke", "thuhoi", "huy", "xoa", "off", "tat"}


def token_hash(token: str) -> str:
    """The stored form of a token (hex SHA-256)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, chat_pk: int, now: dt.datetime) -> str:
    """A new secret token for the chat; any previous one stops working."""
    import secrets

    token = secrets.token_urlsafe(TOKEN_BYTES)
    revoke(session, chat_pk)
    session.add(CalendarFeedRow(chat_pk=chat_pk, token_hash=token_hash(token), created_at=now))
    session.flush()
    return token


def revoke(session: Session, chat_pk: int) -> bool:
    """Invalidate the chat's feed token; False when it had none."""
    stmt = delete(CalendarFeedRow).where(col(CalendarFeedRow.chat_pk) == chat_pk)
    result = session.execute(stmt)
    session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def chat_for_token(session: Session, token: str) -> ChatRow | None:
    """The active chat whose feed this token opens, or None."""
    if not TOKEN_SHAPE.match(token):
        return None
    wanted = token_hash(token)
    row = session.exec(select(CalendarFeedRow).where(CalendarFeedRow.token_hash == wanted)).first()
    if row is None or not hmac.compare_digest(row.token_hash.encode(), wanted.encode()):
        return None
    chat = session.get(ChatRow, row.chat_pk)
    return chat if chat is not None and chat.active else None


def feed_url(public_url: str, token: str) -> str:
    """The public URL of a feed."""
    return f"{public_url.rstrip('/')}/lich/{token}.ics"


def feed_command(ctx: Ctx, args: str) -> list[Reply]:
    """ "/lich link": a fresh secret feed URL; "/lich revoke": the URL stops working."""
    word = fold(args).replace(" ", "")
    if word not in _LINK_WORDS | _REVOKE_WORDS:
        return [Reply(ctx.t("feed_usage"))]
    if not ctx.can_manage_chat:
        return [Reply(ctx.t("group_admin_only"))]
    if word in _REVOKE_WORDS:
        had = revoke(ctx.session, ctx.chat_pk)
        ctx.session.commit()
        return [Reply(ctx.t("feed_revoked" if had else "feed_none"))]
    services = ctx.services
    if not services.public_url or not services.http_enabled:
        return [Reply(ctx.t("feed_not_configured"))]
    token = issue_token(ctx.session, ctx.chat_pk, ctx.now)
    ctx.session.commit()
    return [Reply(ctx.t("feed_link", url=feed_url(services.public_url, token)))]
