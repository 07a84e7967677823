"""Telegram Update → platform-neutral Incoming (chat kind, addressing, admin flags, documents)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass

from telegram import Bot, ChatMemberUpdated, Message, MessageEntity, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from handlers.messages import ContentKind, Incoming, IncomingDocument, Membership

log = logging.getLogger(__name__)


class ChatAdminCache:
    """Group admins as Telegram reports them, cached briefly (one API call per group/minute)."""

    def __init__(self, bot: Bot, ttl_seconds: float = 60.0) -> None:
        self.bot = bot
        self.ttl = ttl_seconds
        self._cache: dict[int, tuple[float, frozenset[int]]] = {}

    async def admins(self, chat_id: int) -> frozenset[int]:
        """The user ids of the group's administrators (empty set when Telegram won't say)."""
        hit = self._cache.get(chat_id)
        if hit is not None and time.monotonic() - hit[0] < self.ttl:
            return hit[1]
        try:
            members = await self.bot.get_chat_administrators(chat_id)
        except TelegramError as exc:
            log.warning("getChatAdministrators failed for chat %s: %s", chat_id,
                        type(exc).__name__)
            return hit[1] if hit is not None else frozenset()
        except Exception as exc:  # an answer the library cannot parse (API/library drift)
            log.error("getChatAdministrators for chat %s gave an unreadable answer: %s: %s",
                      chat_id, type(exc).__name__, exc)
            return hit[1] if hit is not None else frozenset()
        ids = frozenset(
            m.user.id for m in members
            if m.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        )
        self._cache[chat_id] = (time.monotonic(), ids)
        return ids

    def forget(self, chat_id: int) -> None:
        """Drop a cached entry (e.g. after a migration)."""
        self._cache.pop(chat_id, None)


_PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def _present(member: object) -> bool:
    status = getattr(member, "status", None)
    if status == ChatMemberStatus.RESTRICTED:  # restricted, and still in the group or not
        return bool(getattr(member, "is_member", False))
    return status in _PRESENT


def membership_change(change: ChatMemberUpdated) -> Membership | None:
    """What a my_chat_member update means for the bot; None when it changes nothing we use
    (e.g. promoted to admin)."""
    was, now = _present(change.old_chat_member), _present(change.new_chat_member)
    if change.chat.type == ChatType.PRIVATE:
        if change.new_chat_member.status == ChatMemberStatus.BANNED:
            return "left"  # the user blocked the bot
        if change.old_chat_member.status == ChatMemberStatus.BANNED and now:
            return "returned"
        return None
    if now and not was:
        return "joined"
    if was and not now:
        return "left"
    return None


@dataclass
class Addressing:
    """Whether a group message is for the bot, and its text with the bot's name removed."""

    addressed: bool
    text: str
    foreign_command: bool = False  # "/cmd@other_bot": meant for another bot


def content_kind(message: Message) -> ContentKind:
    """What the message carries."""
    if message.text is not None:
        return "text"
    if message.document is not None:
        return "document"
    if message.photo:
        return "photo"
    if message.sticker is not None:
        return "sticker"
    if message.voice is not None or message.audio is not None or message.video_note is not None:
        return "voice"
    return "other"


def addressing(message: Message, bot_id: int, bot_username: str, private: bool) -> Addressing:
    """Mentioned, replied to, or a command → addressed; the bot's @name is stripped."""
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    username = bot_username.lower()
    mentioned = False
    command = False
    foreign = False
    for ent in entities:
        if ent.type == MessageEntity.BOT_COMMAND and ent.offset == 0:
            word = message.parse_entity(ent) if message.text else text.split()[0]
            _, _, target = word.partition("@")
            if target and target.lower() != username:
                foreign = True
            else:
                command = True
        elif ent.type == MessageEntity.MENTION:
            word = (message.parse_entity(ent) if message.text
                    else message.parse_caption_entity(ent))
            if word.lstrip("@").lower() == username:
                mentioned = True
        elif ent.type == MessageEntity.TEXT_MENTION and ent.user and ent.user.id == bot_id:
            mentioned = True
    replied = bool(
        message.reply_to_message
        and message.reply_to_message.from_user
        and message.reply_to_message.from_user.id == bot_id
    )
    cleaned = strip_bot_name(text, bot_username)
    addressed = private or ((command or mentioned or replied) and not foreign)
    return Addressing(addressed=addressed, text=cleaned, foreign_command=foreign)


def strip_bot_name(text: str, bot_username: str) -> str:
    """"/cmd@bot args" → "/cmd args"; "@bot question" → "question"."""
    if not bot_username:
        return text.strip()
    name = re.escape(bot_username)
    text = re.sub(rf"^(/[A-Za-z0-9_]+)@{name}\b", r"\1", text.strip(), flags=re.IGNORECASE)
    text = re.sub(rf"(?<!\w)@{name}\b[,:]?", " ", text, flags=re.IGNORECASE)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def chat_kind(chat_type: str) -> str | None:
    """private / group; None for channels (the bot does not talk in channels)."""
    if chat_type == ChatType.PRIVATE:
        return "private"
    if chat_type in (ChatType.GROUP, ChatType.SUPERGROUP):
        return "group"
    return None


def base_incoming(update: Update, now: dt.datetime, admins: set[tuple[str, str]]
                  ) -> Incoming | None:
    """The fields every kind of update shares; None when the update has no chat or user."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or user is None:
        return None
    kind = chat_kind(chat.type)
    if kind is None:
        return None
    return Incoming(
        platform="telegram",
        chat_id=str(chat.id),
        user_id=str(user.id),
        chat_kind=kind,  # type: ignore[arg-type]
        now=now,
        user_is_admin=("telegram", str(user.id)) in admins,
        user_name=user.full_name,
        chat_title=chat.title if kind == "group" else None,
    )


async def download_document(bot: Bot, message: Message) -> IncomingDocument:
    """Fetch the document's bytes through getFile (caller checked size and permission)."""
    doc = message.document
    assert doc is not None
    file = await bot.get_file(doc.file_id)
    content = bytes(await file.download_as_bytearray())
    return IncomingDocument(filename=doc.file_name or "tep", content=content,
                            mime_type=doc.mime_type)
