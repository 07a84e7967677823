"""A fake Telegram Bot API server (aiohttp, 127.0.0.1) for tests, e2e runs and benchmarks.

In-process:   ``async with FakeTelegram() as tg: Bot(token=tg.token, base_url=tg.base_url, ...)``
Out of process: ``python -m tests.fakes.telegram_api --port 0`` prints ``READY <port>`` and
serves a JSON control API under ``/_control/`` (see ``RemoteFakeTelegram``).

It implements the subset python-telegram-bot 22 uses, records every call, can inject failures
(429, 500, 403, 400, group migration, hangs) and can enforce Telegram's rate limits.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import itertools
import json
import re
import signal
import struct
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.common import (
    Call,
    FailureBook,
    FailureRule,
    PollWaiter,
    RateEnforcer,
    RateLimits,
    read_params,
    start_site,
)
from tests.fakes.telegram_html import EntityParseError, parse_html, utf16_len

DEFAULT_TOKEN = "123456:TEST-fake-token"
SEND_METHODS = {"sendmessage", "senddocument", "sendphoto"}
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
_JSON_FIELDS = {
    "reply_markup", "commands", "scope", "entities", "allowed_updates", "reply_parameters",
    "link_preview_options", "caption_entities",
}
_INT_RE = re.compile(r"-?\d+")


class ApiError(Exception):
    """An error answer: HTTP status, description, optional response parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The Bot API error envelope."""
        out: dict[str, Any] = {"ok": False, "error_code": self.code,
                               "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


@dataclass
class Sent:
    """A message the bot delivered (sendMessage / sendDocument / sendPhoto)."""

    chat_id: str
    message_id: int
    method: str
    text: str  # visible text (HTML parsed) or caption
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """The inline keyboard sent with the message, if any."""
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    def button_rows(self) -> list[list[tuple[str, str]]]:
        """(label, callback_data) rows of the inline keyboard."""
        markup = self.reply_markup or {}
        return [[(b.get("text", ""), b.get("callback_data", "")) for b in row]
                for row in markup.get("inline_keyboard", [])]


def _decode(params: dict[str, Any]) -> dict[str, Any]:
    """Form values are strings; decode JSON fields and integer ids the way the Bot API does."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str):
            looks_json = value[:1] in ("{", "[") and key not in ("text", "caption")
            if key in _JSON_FIELDS or looks_json:
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            elif key in ("chat_id", "user_id", "offset", "limit", "timeout", "message_id",
                         "from_chat_id") and _INT_RE.fullmatch(value):
                value = int(value)
            elif value in ("true", "false") and key not in ("text", "caption"):
                value = value == "true"
        out[key] = value
    return out


def chat_type_of(chat_id: int | str) -> str:
    """private for positive ids, supergroup for -100…, group for other negative ids."""
    text = str(chat_id)
    if not text.startswith("-"):
        return "private"
    return "supergroup" if text.startswith("-100") else "group"


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (1×1 when it is not one)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 1, 1


class FakeTelegram:
    """The fake server and its state; every public helper is for the test to drive it."""

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

    # ---- life cycle -------------------------------------------------------------------------

    def app(self) -> web.Application:
        """The aiohttp application (Bot API routes, file downloads, control API)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/_control/{action}", self._handle_control)
        return app

    async def start(self) -> FakeTelegram:
        """Listen on host:port (0 = a free port)."""
        self._runner, self.port = await start_site(self.app(), self.host, self.port)
        return self

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def root(self) -> str:
        """http://host:port"""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The Bot API base in python-telegram-bot's form ({base}{token}/{method})."""
        return f"{self.root}/bot"

    @property
    def base_file_url(self) -> str:
        """The file download base in python-telegram-bot's form."""
        return f"{self.root}/file/bot"

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
            "file_path": f"documents/file_{n}{_suffix(file_name)}",
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
        """Updates not yet confirmed by an offset."""
        return [u for u in self.updates if u["update_id"] >= self.confirmed_offset]

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:
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
            "first_send_at": self.sent[0].at if self.sent else None,
            "last_send_at": self.sent[-1].at if self.sent else None,
        }

    # ---- HTTP handlers ---------------------------------------------------------------------

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if self.check_token and request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        path = request.match_info["path"]
        for rec in self.files.values():
            if rec["file_path"] == path:
                return web.Response(body=rec["content"],
                                    content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        raw, files = await read_params(request)
        params = _decode(raw)
        call = Call(method=method, params=params, files=files)
        self.calls.append(call)
        if self.check_token and request.match_info["token"] != self.token:
            call.outcome = "401"
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        try:
            result = await self._dispatch(method.lower(), params, files, call)
        except ApiError as err:
            if call.outcome == "ok":
                call.outcome = str(err.code)
            return web.json_response(err.body(), status=err.code)
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, method: str, params: dict[str, Any],
                        files: dict[str, Any], call: Call) -> Any:
        if self.latency and method != "getupdates":
            await asyncio.sleep(self.latency)
        rule = self.failures.take(method, call.chat_id)
        if rule is not None:
            self.injected[rule.kind] += 1
            call.outcome = rule.kind
            if rule.kind == "hang":
                await asyncio.sleep(rule.hang_seconds)  # then answer normally (late)
            else:
                raise _rule_error(rule)
        if method in SEND_METHODS and self.enforcer is not None:
            chat = str(params.get("chat_id"))
            wait = self.enforcer.check(chat, chat.startswith("-"))
            if wait is not None:
                self.rate_limited += 1
                call.outcome = "limited"
                raise ApiError(429, f"Too Many Requests: retry after {wait}",
                               {"retry_after": wait})
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return await handler(params, files)

    # ---- Bot API methods -------------------------------------------------------------------

    async def _m_getme(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return {**self.bot_user(), "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getupdates(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        if self.webhook["url"]:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active;"
                                " use deleteWebhook to delete the webhook first")
        offset = int(p.get("offset") or 0)
        if offset > 0:
            self.confirmed_offset = max(self.confirmed_offset, offset)
        limit = int(p.get("limit") or 100)
        timeout = float(p.get("timeout") or 0)
        pending = self.pending_updates()
        if not pending:
            await self._poll.wait(min(timeout, self.max_poll_wait))
            pending = self.pending_updates()
        return pending[:limit]

    async def _m_getfile(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        rec = self.files.get(str(p.get("file_id")))
        if rec is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if rec["file_size"] > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {k: rec[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}

    def _check_chat(self, p: dict[str, Any]) -> str:
        if p.get("chat_id") in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        return str(p["chat_id"])

    def _visible(self, text: str, parse_mode: str | None) -> str:
        if parse_mode and parse_mode.upper() == "HTML":
            try:
                return parse_html(text)
            except EntityParseError as err:
                raise ApiError(400, str(err)) from err
        return text

    def _deliver(self, method: str, p: dict[str, Any], files: dict[str, Any], text: str,
                 extra: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._check_chat(p)
        msg_id = self.next_message_id(chat_id)
        self.sent.append(Sent(chat_id=chat_id, message_id=msg_id, method=method, text=text,
                              params=p, files=files))
        msg: dict[str, Any] = {"message_id": msg_id, "date": int(time.time()),
                               "chat": self.chat(chat_id), "from": self.bot_user(), **extra}
        if isinstance(p.get("reply_markup"), dict):
            msg["reply_markup"] = p["reply_markup"]
        return msg

    async def _m_sendmessage(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        self._check_chat(p)
        text = str(p.get("text") or "")
        visible = self._visible(text, p.get("parse_mode"))
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(visible) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        _check_markup(p.get("reply_markup"))
        return self._deliver("sendMessage", p, f, visible, {"text": visible})

    def _caption(self, p: dict[str, Any]) -> str:
        caption = self._visible(str(p.get("caption") or ""), p.get("parse_mode"))
        if utf16_len(caption) > MAX_CAPTION:
            raise ApiError(400, "Bad Request: message caption is too long")
        return caption

    async def _m_senddocument(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        self._check_chat(p)
        caption = self._caption(p)
        upload = f.get("document")
        if upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        rec = self.register_file(upload[1], upload[0], upload[2])
        doc = {"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"],
               "file_name": upload[0], "mime_type": upload[2], "file_size": len(upload[1])}
        extra: dict[str, Any] = {"document": doc}
        if caption:
            extra["caption"] = caption
        return self._deliver("sendDocument", p, f, caption, extra)

    async def _m_sendphoto(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        self._check_chat(p)
        caption = self._caption(p)
        upload = f.get("photo")
        if upload is None:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        rec = self.register_file(upload[1], upload[0], upload[2])
        width, height = _png_size(upload[1])
        photo = [{"file_id": rec["file_id"], "file_unique_id": rec["file_unique_id"],
                  "width": width, "height": height, "file_size": len(upload[1])}]
        extra: dict[str, Any] = {"photo": photo}
        if caption:
            extra["caption"] = caption
        return self._deliver("sendPhoto", p, f, caption, extra)

    async def _m_sendchataction(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        self._check_chat(p)
        if p.get("action") not in {"typing", "upload_photo", "upload_document", "record_voice",
                                   "upload_video", "choose_sticker", "find_location"}:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def _m_setmycommands(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        cmds = p.get("commands")
        if not isinstance(cmds, list) or not cmds:
            raise ApiError(400, "Bad Request: commands must be a non-empty array")
        for cmd in cmds:
            name = str(cmd.get("command", ""))
            desc = str(cmd.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(desc) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
        self.commands[_scope_key(p)] = cmds
        return True

    async def _m_getmycommands(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return self.commands.get(_scope_key(p), [])

    async def _m_deletemycommands(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        self.commands.pop(_scope_key(p), None)
        return True

    async def _m_answercallbackquery(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        if not p.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        self.callback_answers.append(p)
        return True

    async def _edit(self, p: dict[str, Any], kind: str) -> Any:
        self.edits.append({"kind": kind, **p})
        if p.get("inline_message_id"):
            return True
        chat_id = self._check_chat(p)
        msg_id = int(p.get("message_id") or 0)
        target = next((s for s in self.sent if s.chat_id == chat_id and s.message_id == msg_id),
                      None)
        if target is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        msg: dict[str, Any] = {"message_id": msg_id, "date": int(time.time()),
                               "chat": self.chat(chat_id), "from": self.bot_user()}
        if kind == "text":
            visible = self._visible(str(p.get("text") or ""), p.get("parse_mode"))
            if visible == target.text and p.get("reply_markup") == target.reply_markup:
                raise ApiError(400, "Bad Request: message is not modified")
            target.text = visible
            msg["text"] = visible
        else:
            msg["text"] = target.text
        if isinstance(p.get("reply_markup"), dict):
            target.params = {**target.params, "reply_markup": p["reply_markup"]}
            msg["reply_markup"] = p["reply_markup"]
        return msg

    async def _m_editmessagetext(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return await self._edit(p, "text")

    async def _m_editmessagereplymarkup(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return await self._edit(p, "markup")

    def _admin_member(self, user_id: int, creator: bool) -> dict[str, Any]:
        user = self.user(user_id)
        if creator:
            return {"status": "creator", "user": user, "is_anonymous": False}
        flags = ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                 "can_manage_video_chats", "can_restrict_members", "can_promote_members",
                 "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
                 "can_delete_stories")
        member: dict[str, Any] = {"status": "administrator", "user": user}
        member.update({flag: flag not in ("can_be_edited", "is_anonymous") for flag in flags})
        return member

    async def _m_getchatadministrators(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        chat_id = self._check_chat(p)
        if chat_type_of(chat_id) == "private":
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        admins = self.chat_admins.get(chat_id, [])
        return [self._admin_member(uid, i == 0) for i, uid in enumerate(admins)]

    async def _m_getchatmember(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        chat_id = self._check_chat(p)
        user_id = int(p.get("user_id") or 0)
        admins = self.chat_admins.get(chat_id, [])
        if user_id in admins:
            return self._admin_member(user_id, admins.index(user_id) == 0)
        return {"status": "member", "user": self.user(user_id)}

    async def _m_setwebhook(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        url = str(p.get("url") or "")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret}
        if p.get("drop_pending_updates"):
            self._drop_pending()
        return True

    async def _m_deletewebhook(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        self.webhook = {"url": "", "secret_token": None}
        if p.get("drop_pending_updates"):
            self._drop_pending()
        return True

    def _drop_pending(self) -> None:
        if self.updates:
            self.confirmed_offset = max(u["update_id"] for u in self.updates) + 1

    async def _m_getwebhookinfo(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return {"url": self.webhook["url"], "has_custom_certificate": False,
                "pending_update_count": len(self.pending_updates())}

    async def _m_close(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return True

    async def _m_logout(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return True

    # ---- webhook delivery ------------------------------------------------------------------

    async def deliver_webhook(self, update: dict[str, Any], secret: str | None = None,
                              url: str | None = None) -> int:
        """POST an update to the registered webhook (as Telegram does); returns HTTP status."""
        import aiohttp

        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        target = url or self.webhook["url"]
        token = self.webhook["secret_token"] if secret is None else secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": token} if token else {}
        async with aiohttp.ClientSession() as session, session.post(
            target, json=update, headers=headers
        ) as resp:
            return resp.status

    # ---- control API (for out-of-process use) ---------------------------------------------

    async def _handle_control(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        body: dict[str, Any] = {}
        if request.method == "POST" and request.can_read_body:
            body = await request.json()
        q = request.query
        if action == "stats":
            return web.json_response(self.stats())
        if action == "calls":
            calls = [c.as_json() for c in self.calls
                     if ("method" not in q or c.method == q["method"])
                     and ("chat_id" not in q or c.chat_id == q["chat_id"])]
            return web.json_response(calls)
        if action == "sent":
            sent = [{"chat_id": s.chat_id, "message_id": s.message_id, "method": s.method,
                     "text": s.text, "buttons": s.button_rows()}
                    for s in self.sent_to(q.get("chat_id"))]
            return web.json_response(sent)
        if action == "updates":
            ids = [self._push_spec(spec) for spec in body.get("updates", [body])]
            return web.json_response({"update_ids": ids})
        if action == "fail":
            rule = self.fail(**body)
            return web.json_response(asdict(rule))
        if action == "limits":
            enabled = body.pop("enabled", True)
            self.set_rate_limits(RateLimits(**body) if enabled else None)
            return web.json_response({"enabled": enabled})
        if action == "latency":
            self.latency = float(body.get("seconds", 0))
            return web.json_response({"latency": self.latency})
        if action == "chat_admins":
            self.set_chat_admins(body["chat_id"], body["user_ids"])
            return web.json_response({"ok": True})
        if action == "reset":
            self.reset()
            return web.json_response({"ok": True})
        return web.json_response({"error": f"unknown control action {action}"}, status=404)

    def _push_spec(self, spec: dict[str, Any]) -> int:
        kind = spec.pop("kind", "raw")
        if kind == "raw":
            return self.push_update(spec["update"])
        if kind == "text":
            return self.push_text(**spec)
        if kind == "document":
            content = base64.b64decode(spec.pop("content_b64"))
            return self.push_document(content=content, **spec)
        if kind == "callback":
            return self.push_callback(**spec)
        if kind == "sticker":
            return self.push_sticker(**spec)
        raise ValueError(f"unknown update kind {kind}")


def _suffix(file_name: str | None) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1]
    return ""


def _scope_key(p: dict[str, Any]) -> tuple[str, str]:
    scope = p.get("scope")
    kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
    return kind, str(p.get("language_code") or "")


def _check_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _rule_error(rule: FailureRule) -> ApiError:
    kind = rule.kind
    if kind == "429":
        return ApiError(429, rule.description or
                        f"Too Many Requests: retry after {rule.retry_after}",
                        {"retry_after": rule.retry_after})
    if kind == "500":
        return ApiError(500, rule.description or "Internal Server Error")
    if kind == "502":
        return ApiError(502, rule.description or "Bad Gateway")
    if kind == "403":
        return ApiError(403, rule.description or "Forbidden: bot was blocked by the user")
    if kind == "migrate":
        return ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                        {"migrate_to_chat_id": rule.migrate_to_chat_id})
    if kind == "400":
        return ApiError(400, rule.description or "Bad Request: chat not found")
    if kind == "401":
        return ApiError(401, "Unauthorized")
    if kind == "404":
        return ApiError(404, "Not Found")
    raise ValueError(f"unknown failure kind {kind}")


class RemoteFakeTelegram:
    """A synchronous client of the control API of a fake running in another process."""

    def __init__(self, root: str, token: str = DEFAULT_TOKEN) -> None:
        self.root = root.rstrip("/")
        self.token = token
        self.base_url = f"{self.root}/bot"
        self.base_file_url = f"{self.root}/file/bot"

    def _req(self, action: str, body: dict[str, Any] | None = None, query: str = "") -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.root}/_control/{action}{query}", data=data,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def stats(self) -> dict[str, Any]:
        """Counters: calls per method, deliveries per chat, 429s caused."""
        return self._req("stats")

    def sent(self, chat_id: str | None = None) -> list[dict[str, Any]]:
        """Delivered messages."""
        return self._req("sent", query=f"?chat_id={chat_id}" if chat_id else "")

    def push_text(self, chat_id: int, text: str, **kw: Any) -> int:
        """Queue a text update."""
        res = self._req("updates", {"kind": "text", "chat_id": chat_id, "text": text, **kw})
        return int(res["update_ids"][0])

    def fail(self, kind: str, **kw: Any) -> dict[str, Any]:
        """Add a failure rule."""
        return self._req("fail", {"kind": kind, **kw})

    def limits(self, enabled: bool = True, **kw: Any) -> None:
        """Turn rate-limit enforcement on or off."""
        self._req("limits", {"enabled": enabled, **kw})

    def latency(self, seconds: float) -> None:
        """Set per-request latency."""
        self._req("latency", {"seconds": seconds})

    def reset(self) -> None:
        """Forget calls, deliveries, failures and counters."""
        self._req("reset", {})


async def _serve(args: argparse.Namespace) -> None:
    limits = (RateLimits(args.overall_per_sec, args.group_per_min, args.chat_per_sec)
              if args.enforce_limits else None)
    fake = FakeTelegram(token=args.token or None, host=args.host, port=args.port,
                        max_poll_wait=args.max_poll_wait, rate_limits=limits,
                        latency=args.latency)
    await fake.start()
    print(f"READY {fake.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await fake.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the fake as a process: python -m tests.fakes.telegram_api --port N."""
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="'' accepts any token")
    parser.add_argument("--enforce-limits", action="store_true")
    parser.add_argument("--overall-per-sec", type=int, default=30)
    parser.add_argument("--group-per-min", type=int, default=20)
    parser.add_argument("--chat-per-sec", type=int, default=1)
    parser.add_argument("--max-poll-wait", type=float, default=1.0)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args(argv)
    asyncio.run(_serve(args))
    sys.exit(0)


if __name__ == "__main__":
    main()
