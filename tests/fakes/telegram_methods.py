"""The Bot API methods the fake Telegram server implements."""

from __future__ import annotations

import re
import time
from typing import Any

from tests.fakes.telegram_html import EntityParseError, parse_html, utf16_len
from tests.fakes.telegram_state import ADMIN_RIGHTS, TelegramState
from tests.fakes.telegram_types import (
    MAX_CAPTION,
    MAX_DOWNLOAD,
    MAX_TEXT,
    ApiError,
    Sent,
    chat_type_of,
    check_markup,
    png_size,
    scope_key,
)


class BotApiMethods(TelegramState):
    """One `_m_<method>` coroutine per Bot API method (lower-case name)."""

    async def _m_getme(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return {**self.bot_user(), "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getupdates(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        if self.webhook["url"]:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active;"
                                " use deleteWebhook to delete the webhook first")
        self.remember_allowed_updates(p)
        offset = int(p.get("offset") or 0)
        if self.holding_offsets and offset > self.confirmed_offset:
            release = self._release
            self.held_polls += 1
            try:
                await release.wait()
            finally:
                self.held_polls -= 1
            return []
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
        check_markup(p.get("reply_markup"))
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
        width, height = png_size(upload[1])
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
        self.commands[scope_key(p)] = cmds
        return True

    async def _m_getmycommands(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return self.commands.get(scope_key(p), [])

    async def _m_deletemycommands(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        self.commands.pop(scope_key(p), None)
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
        elif kind == "markup":  # editMessageReplyMarkup without a keyboard removes it
            target.params = {k: v for k, v in target.params.items() if k != "reply_markup"}
        return msg

    async def _m_editmessagetext(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return await self._edit(p, "text")

    async def _m_editmessagereplymarkup(self, p: dict[str, Any], f: dict[str, Any]) -> Any:
        return await self._edit(p, "markup")

    def _admin_member(self, user_id: int, creator: bool) -> dict[str, Any]:
        user = self.user(user_id)
        if creator:
            return {"status": "creator", "user": user, "is_anonymous": False}
        flags = ADMIN_RIGHTS
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
        self.remember_allowed_updates(p)
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
