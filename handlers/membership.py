"""The bot's own membership of a chat: greet a group that adds it, stop writing to a chat that
removed or blocked it, follow a group that became a supergroup."""

from __future__ import annotations

import logging

from sqlmodel import Session, select

from handlers.messages import Incoming, Reply
from handlers.services import Services
from knowledge.presentation.catalogue import tr
from scheduler.claims import deactivate_chat, migrate_chat
from scheduler.schedule_tables import ChatRow
from scheduler.subscriptions import get_or_create_chat

log = logging.getLogger(__name__)

REMOVED_FROM_GROUP = "removed from the group"
BLOCKED_BY_USER = "blocked by the user"


def is_chat_event(incoming: Incoming) -> bool:
    """Whether the update is about the chat itself rather than a message to answer."""
    return incoming.membership is not None or incoming.migrated_to_chat_id is not None


def handle_chat_event(services: Services, incoming: Incoming) -> list[Reply]:
    """Apply a membership change or a migration; the greeting when a group added the bot."""
    with Session(services.engine) as session:
        if incoming.migrated_to_chat_id is not None:
            _migrate(session, incoming, incoming.migrated_to_chat_id)
            return []
        if incoming.membership == "left":
            _deactivate(session, incoming)
            return []
        # Joined or returned: the chat is reachable again (created on first contact).
        chat = get_or_create_chat(session, incoming.platform, incoming.chat_id,
                                  incoming.chat_kind, incoming.chat_title, incoming.now)
        session.commit()
        if incoming.membership != "joined" or incoming.chat_kind != "group":
            return []
        name = incoming.bot_username
        mention = f"@{name}" if name else tr(chat.language, "mention_fallback")
        return [Reply(tr(chat.language, "group_joined", mention=mention))]


def _find(session: Session, platform: str, chat_id: str) -> ChatRow | None:
    stmt = select(ChatRow).where(ChatRow.platform == platform, ChatRow.chat_id == chat_id)
    return session.exec(stmt).first()


def _deactivate(session: Session, incoming: Incoming) -> None:
    chat = _find(session, incoming.platform, incoming.chat_id)
    if chat is None or chat.id is None or not chat.active:
        return  # never talked to, or already off: nothing to stop
    reason = REMOVED_FROM_GROUP if incoming.chat_kind == "group" else BLOCKED_BY_USER
    cancelled = deactivate_chat(session, chat.id, reason, incoming.now)
    log.info("%s chat %s: %s; %d pending messages cancelled", incoming.platform,
             incoming.chat_id, reason, cancelled)


def _migrate(session: Session, incoming: Incoming, new_chat_id: str) -> None:
    chat = _find(session, incoming.platform, incoming.chat_id)
    if chat is None or chat.id is None:
        return  # unknown, or moved already (both service messages arrive)
    if migrate_chat(session, chat.id, new_chat_id):
        log.info("%s chat %s moved to %s", incoming.platform, incoming.chat_id, new_chat_id)
    else:
        log.warning("%s chat %s moved to %s, which the bot already knows: kept both",
                    incoming.platform, incoming.chat_id, new_chat_id)
