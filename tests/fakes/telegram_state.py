"""State of the fake Telegram server, and the helpers tests drive it with."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import Counter, defaultdict
from typing import Any

from aiohttp import web

from tests.fakes.common import (
    Call,
    FailureBook,
    FailureRule,
    PollWaiter,
    RateEnforcer,
    RateLimits,
)
from tests.fakes.telegram_html import utf16_len
from tests.fakes.telegram_types import (
    DEFAULT_TOKEN,
    Sent,
    chat_type_of,
    file_suffix,
)
from tests.waiting import LIMIT

# The boolean fields of ChatMemberAdministrator and ChatMemberRestricted (Bot API 9).
ADMIN_RIGHTS = ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                "can_manage_video_chats", "can_restrict_members", "can_promote_members",
                "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
                "can_delete_stories")
RESTRICTED_RIGHTS = ("can_send_messages", "can_send_audios", "can_send_documents",
                     "can_send_photos", "can_send_videos", "can_send_video_notes",
                     "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
                     "can_add_web_page_previews", "can_change_info", "can_invite_users",
                     "can_pin_messages", "can_manage_topics")

# Telegram's default when allowed_updates is empty or was never given.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction",
                                      "message_reaction_count"})


class TelegramState:
    """The fake's state and the helpers a test uses to drive it and to assert on it."""

    def __init__(
        self,
        token: str | None = DEFAULT_TOKEN,
        *,
        bot_id: int = 7_000_000_001,
        bot_username: str = "thiduabot_test_bot",
        bot_name: str = "Thi đua Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        max_poll_wait: float = 1.0,
        rate_limits: RateLimits | None = None,
        latency: float = 0.0,
    ) -> None:
        self.token = token or DEFAULT_TOKEN
        self.check_token = token is not None
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.allowed_updates: list[str] | None = None  # the last allowed_updates asked for
        self.dropped_updates: list[dict[str, Any]] = []  # of types the bot did not ask for
        self.bot_name = bot_name
        self.host = host
        self.port = port
        self.max_poll_wait = max_poll_wait
        self.latency = latency
        self.enforcer: RateEnforcer | None = RateEnforcer(rate_limits) if rate_limits else None
        self.failures = FailureBook()
        self.calls: list[Call] = []
        self.sent: list[Sent] = []
        self.updates: list[dict[str, Any]] = []
        self.confirmed_offset = 0
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.chat_admins: dict[str, list[int]] = {}
        self.chat_titles: dict[str, str] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.edits: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.rate_limited = 0  # 429s caused by rate-limit enforcement
        self.injected: Counter[str] = Counter()  # failures answered, by kind
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._msg_ids: dict[str, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._poll = PollWaiter()
        self._runner: web.AppRunner | None = None
        # Holding offsets: a getUpdates that would confirm updates waits instead, as if it had
        # not reached Telegram yet; the window in which a killed bot leaves answered updates
        # unconfirmed, made deterministic.
        self.holding_offsets = False
        self.held_polls = 0  # getUpdates calls waiting right now
        self._release = asyncio.Event()


    # ---- test helpers: incoming side -------------------------------------------------------

    def next_message_id(self, chat_id: int | str) -> int:
        """Message ids are numbered per chat, as on Telegram."""
        return next(self._msg_ids[str(chat_id)])

    def bot_user(self) -> dict[str, Any]:
        """The bot's User object."""
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_name,
                "username": self.bot_username}

    def chat(self, chat_id: int | str) -> dict[str, Any]:
        """A Chat object for an id (type derived from the id's sign)."""
        kind = chat_type_of(chat_id)
        out: dict[str, Any] = {"id": int(chat_id), "type": kind}
        if kind == "private":
            out["first_name"] = "Người dùng"
        else:
            out["title"] = self.chat_titles.get(str(chat_id), f"Nhóm {chat_id}")
        return out

    @staticmethod
    def user(user_id: int, first_name: str = "Cán bộ", username: str | None = None
             ) -> dict[str, Any]:
        """A (human) User object."""
        out: dict[str, Any] = {"id": int(user_id), "is_bot": False, "first_name": first_name,
                               "language_code": "vi"}
        if username:
            out["username"] = username
        return out

    def push_my_chat_member(self, chat_id: int, old: str, new: str, user_id: int = 7) -> int:
        """The bot's own membership changed (added to / removed from a group, blocked)."""
        return self.push_update({"my_chat_member": {
            "chat": self.chat(chat_id), "from": self.user(user_id), "date": int(time.time()),
            "old_chat_member": self.bot_member(old),
            "new_chat_member": self.bot_member(new),
        }})

    def bot_member(self, status: str) -> dict[str, Any]:
        """The bot as a ChatMember of one status, with the fields Telegram sends for it."""
        member: dict[str, Any] = {"status": status, "user": self.bot_user()}
        if status == "administrator":
            member.update({flag: flag not in ("can_be_edited", "is_anonymous")
                           for flag in ADMIN_RIGHTS})
        elif status == "kicked":
            member["until_date"] = 0
        elif status == "restricted":
            member.update({"is_member": True, "until_date": 0,
                           **{flag: False for flag in RESTRICTED_RIGHTS}})
        return member

    def push_migration(self, chat_id: int, new_chat_id: int) -> int:
        """The service message in the old group when it became a supergroup."""
        msg = self.base_message(chat_id, 7, migrate_to_chat_id=new_chat_id)
        return self.push_update({"message": msg})

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (update_id assigned when missing); returns its update_id."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        self.updates.append(update)
        self._poll.notify()
        return int(update["update_id"])

    def base_message(self, chat_id: int, user_id: int | None, **extra: Any) -> dict[str, Any]:
        """A Message object from a user in a chat (user defaults to the chat for private)."""
        uid = user_id if user_id is not None else int(chat_id)
        msg: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": self.user(uid, first_name=extra.pop("first_name", "Cán bộ"),
                              username=extra.pop("username", None)),
        }
        reply_to = extra.pop("reply_to", None)
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        msg.update(extra)
        return msg

    @staticmethod
    def entities_for(text: str) -> list[dict[str, Any]]:
        """bot_command and mention entities, as Telegram's clients produce them."""
        ents: list[dict[str, Any]] = []
        for match in re.finditer(r"(?<![\w/])/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?|@[A-Za-z0-9_]{3,}",
                                 text):
            kind = "bot_command" if match.group(0).startswith("/") else "mention"
            if kind == "bot_command" and match.start() != 0:
                continue
            ents.append({"type": kind, "offset": utf16_len(text[: match.start()]),
                         "length": utf16_len(match.group(0))})
        return ents

    def push_text(self, chat_id: int, text: str, user_id: int | None = None,
                  reply_to_bot: bool = False, **extra: Any) -> int:
        """Queue a text message; entities for commands and mentions are filled in."""
        if reply_to_bot:
            extra["reply_to"] = {
                "message_id": self.next_message_id(chat_id), "date": int(time.time()),
                "chat": self.chat(chat_id), "from": self.bot_user(), "text": "…",
            }
        msg = self.base_message(chat_id, user_id, text=text, **extra)
        ents = self.entities_for(text)
        if ents:
            msg["entities"] = ents
        return self.push_update({"message": msg})

    def register_file(self, content: bytes, file_name: str | None = None,
                      mime_type: str | None = None, size: int | None = None) -> dict[str, Any]:
        """Store a file the fake can serve through getFile; returns its record."""
        n = next(self._file_ids)
        file_id = f"FILE{n:06d}"
        record = {
            "file_id": file_id, "file_unique_id": f"U{n:06d}", "content": content,
            "file_name": file_name, "mime_type": mime_type,
            "file_size": len(content) if size is None else size,
            "file_path": f"documents/file_{n}{file_suffix(file_name)}",
        }
        self.files[file_id] = record
        return record

    def push_document(self, chat_id: int, file_name: str, content: bytes,
                      mime_type: str = "application/octet-stream", user_id: int | None = None,
                      size: int | None = None, caption: str | None = None) -> int:
        """Queue a document message whose file is downloadable through getFile."""
        rec = self.register_file(content, file_name, mime_type, size)
        doc = {"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"],
               "file_name": file_name, "mime_type": mime_type, "file_size": rec["file_size"]}
        extra: dict[str, Any] = {"document": doc}
        if caption:
            extra["caption"] = caption
        return self.push_update({"message": self.base_message(chat_id, user_id, **extra)})

    def push_photo(self, chat_id: int, content: bytes = b"\x89PNG\r\n\x1a\n",
                   user_id: int | None = None) -> int:
        """Queue a photo message."""
        rec = self.register_file(content, None, "image/jpeg")
        photo = [{"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"],
                  "width": 90, "height": 90, "file_size": rec["file_size"]}]
        return self.push_update({"message": self.base_message(chat_id, user_id, photo=photo)})

    def push_sticker(self, chat_id: int, user_id: int | None = None) -> int:
        """Queue a sticker message."""
        sticker = {"file_id": "STICKER1", "file_unique_id": "SU1", "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False,
                   "emoji": "👍"}
        return self.push_update({"message": self.base_message(chat_id, user_id,
                                                              sticker=sticker)})

    def push_voice(self, chat_id: int, user_id: int | None = None) -> int:
        """Queue a voice message."""
        voice = {"file_id": "VOICE1", "file_unique_id": "VU1", "duration": 3}
        return self.push_update({"message": self.base_message(chat_id, user_id, voice=voice)})

    def push_callback(self, chat_id: int, data: str, user_id: int | None = None,
                      message_id: int | None = None) -> int:
        """Queue a callback query (a pressed inline button) on a bot message."""
        uid = user_id if user_id is not None else int(chat_id)
        if message_id is None:
            mine = [s for s in self.sent if s.chat_id == str(chat_id)]
            message_id = mine[-1].message_id if mine else self.next_message_id(chat_id)
        message = {"message_id": message_id, "date": int(time.time()),
                   "chat": self.chat(chat_id), "from": self.bot_user(), "text": "…"}
        pressed = next((s for s in self.sent
                        if s.chat_id == str(chat_id) and s.message_id == message_id), None)
        if pressed is not None:  # Telegram hands the message over as it is, keyboard included
            message["text"] = pressed.text or "…"
            if pressed.reply_markup is not None:
                message["reply_markup"] = pressed.reply_markup
        query = {"id": f"cbq{next(self._update_ids)}", "from": self.user(uid),
                 "chat_instance": f"ci{chat_id}", "message": message, "data": data}
        return self.push_update({"callback_query": query})

    def set_chat_admins(self, chat_id: int | str, user_ids: list[int]) -> None:
        """Who getChatAdministrators reports for a group (first = creator)."""
        self.chat_admins[str(chat_id)] = [int(u) for u in user_ids]

    # ---- test helpers: failures and limits ------------------------------------------------

    def fail(self, kind: str, method: str | None = None, chat_id: int | str | None = None,
             times: int = 1, **kw: Any) -> FailureRule:
        """The next `times` matching calls answer with `kind` (see FailureRule)."""
        return self.failures.add(FailureRule(kind=kind, method=method,
                                             chat_id=None if chat_id is None else str(chat_id),
                                             times=times, **kw))

    def block(self, chat_id: int | str) -> None:
        """The user blocked the bot: every later call to this chat answers 403."""
        self.fail("403", chat_id=chat_id, times=10**9)

    def migrate(self, chat_id: int | str, new_chat_id: int) -> None:
        """The group became a supergroup: every later call to the old id answers 400 migrate."""
        self.fail("migrate", chat_id=chat_id, times=10**9, migrate_to_chat_id=new_chat_id)

    def hold_offsets(self, hold: bool = True) -> None:
        """Hold (or release) getUpdates calls that would confirm updates.

        A released call answers [] and confirms nothing: the request never got through.
        """
        self.holding_offsets = hold
        if not hold:
            self._release.set()
            self._release = asyncio.Event()

    def set_rate_limits(self, limits: RateLimits | None) -> None:
        """Turn rate-limit enforcement on (with these limits) or off (None)."""
        self.enforcer = RateEnforcer(limits) if limits else None

    def reset(self) -> None:
        """Forget calls, deliveries, failures and counters (updates and files stay)."""
        self.calls.clear()
        self.sent.clear()
        self.failures.clear()
        self.edits.clear()
        self.callback_answers.clear()
        self.rate_limited = 0
        self.injected.clear()
        if self.enforcer is not None:
            self.enforcer = RateEnforcer(self.enforcer.limits)

    # ---- test helpers: assertions ----------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls to one method (case-insensitive)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def sent_to(self, chat_id: int | str | None = None, method: str | None = None) -> list[Sent]:
        """Delivered messages, optionally for one chat and/or one method."""
        return [s for s in self.sent
                if (chat_id is None or s.chat_id == str(chat_id))
                and (method is None or s.method.lower() == method.lower())]

    def delivered_per_chat(self) -> Counter[str]:
        """How many messages each chat received."""
        return Counter(s.chat_id for s in self.sent)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by an offset, of the types the bot asked for (others are
        dropped, as Telegram does not keep them)."""
        wanted = [u for u in self.updates if self.wants(u)]
        if len(wanted) != len(self.updates):
            self.dropped_updates.extend(u for u in self.updates if not self.wants(u))
            self.updates = wanted
        return [u for u in wanted if u["update_id"] >= self.confirmed_offset]

    def wants(self, update: dict[str, Any]) -> bool:
        """Whether the bot's allowed_updates include this update's type (an empty list or none
        given: every type except chat_member and the reaction updates)."""
        kind = next((k for k in update if k != "update_id"), "")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED_UPDATES

    def remember_allowed_updates(self, params: dict[str, Any]) -> None:
        """getUpdates / setWebhook: a given allowed_updates replaces the previous setting."""
        given = params.get("allowed_updates")
        if isinstance(given, str):
            given = json.loads(given)
        if given is not None:
            self.allowed_updates = [str(k) for k in given]

    async def wait_for(self, predicate: Any, timeout: float = LIMIT) -> None:
        """Wait (polling the fake's own state, not the clock) until predicate() is true."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met on the fake Telegram server")
            await asyncio.sleep(0.01)

    def stats(self) -> dict[str, Any]:
        """Counters for the control API and benchmarks."""
        per_method = Counter(c.method for c in self.calls)
        return {
            "calls": dict(per_method),
            "delivered": len(self.sent),
            "delivered_per_chat": dict(self.delivered_per_chat()),
            "rate_limited": self.rate_limited,
            "rate_limited_by_reason": dict(self.enforcer.rejected_by_reason)
            if self.enforcer else {},
            "injected": dict(self.injected),
            "pending_updates": len(self.pending_updates()),
            "confirmed_offset": self.confirmed_offset,
            "held_polls": self.held_polls,
            "first_send_at": self.sent[0].at if self.sent else None,
            "last_send_at": self.sent[-1].at if self.sent else None,
        }
