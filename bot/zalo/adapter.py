"""The Zalo edge: long polling (or a webhook server) feeding the neutral Router.

getUpdates has no offset and may hand out an event again, so every message id goes through the
update ledger (bot/handled_updates.py): a repeat, or a restart, never answers twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import json
import logging
import secrets
import weakref
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlparse

from aiohttp import web
from sqlalchemy.engine import Engine

from bot import platform_texts
from bot.clock import Clock
from bot.handled_updates import UpdateLedger
from bot.live_sender import LiveSender
from bot.platform import ConversationRouter
from bot.settings import Settings
from bot.webhook_inbox import WebhookInbox
from bot.zalo.client import ZaloApiError, ZaloClient, ZaloError
from bot.zalo.files import FileShelf
from bot.zalo.incoming import ZaloEvent, mention_names, to_incoming
from bot.zalo.render import ChoiceMemory, flatten, zalo_parts
from bot.zalo.transport import ZaloTransport, retry_after_seconds
from handlers.messages import Incoming, Reply
from scheduler.pacing import Pacer
from scheduler.transport import OutgoingMessage

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Bot-Api-Secret-Token"
FILES_PATH = "/zalo-files"


class ZaloAdapter:
    """The Zalo backend (a bot.platform.ChatBackend): events in, Router, replies out, and the
    scheduler's messages out through its ZaloTransport."""

    platform = "zalo"

    def __init__(
        self,
        settings: Settings,
        router: ConversationRouter,
        clock: Clock,
        engine: Engine,
        *,
        client: ZaloClient | None = None,
        choices: ChoiceMemory | None = None,
        poll_timeout: int = 30,
        max_backoff: float = 30.0,
        pacer: Pacer | None = None,
    ) -> None:
        if client is None:
            if settings.zalo_token is None:
                raise ValueError("THIDUABOT_ZALO_TOKEN is not set")
            client = ZaloClient(settings.zalo_token.get_secret_value(), settings.zalo_api_url,
                                timeout=poll_timeout + 15)
        self.settings = settings
        self.router = router
        self.clock = clock
        self.client = client
        self.choices = choices if choices is not None else ChoiceMemory()
        # Shares the client and the numbered-choice memory, so a reply "1" to a reminder maps
        # to the reminder's button.
        self.transport = ZaloTransport(self.client, self.choices)
        self.guard = self.transport.guard  # the app hears of a rejected token through it
        self.ledger = UpdateLedger(engine, self.platform)
        self.inbox = WebhookInbox(engine, self.platform)
        self.live = LiveSender(pacer if pacer is not None else Pacer.unlimited(),
                               self.platform, retry_after_seconds)
        self._groups: set[str] = set()  # chats seen as groups (Zalo ids do not tell)
        self.poll_timeout = poll_timeout
        self.max_backoff = max_backoff
        self.bot_names: list[str] = []
        self.webhook_secret: str | None = None
        self.shelf: FileShelf | None = None
        self._runner: web.AppRunner | None = None
        self._poller: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._stopping = asyncio.Event()
        # Set by the supervisor: report a fault met while running (None: recovered).
        self.health: Callable[[str | None], None] = lambda reason: None
        self._fault: str | None = None

    # ---- life cycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Check the token (getMe), then serve the webhook or start long polling."""
        self._stopping.clear()
        await self.client.start()
        me = await self.client.get_me()
        self.bot_names = mention_names(str(me.get("account_name") or ""),
                                       str(me.get("display_name") or me.get("name") or ""))
        await self.ledger.maybe_prune(self.clock.now())
        url = self.settings.zalo_webhook_url
        if url:
            await self._start_webhook(url)
        else:
            with contextlib.suppress(ZaloError):  # getUpdates is refused while a webhook is set
                await self.client.delete_webhook()
            self._poller = asyncio.create_task(self._poll_loop(), name="zalo-poll")
            log.info("Zalo: long polling as %s", self.bot_names[0] if self.bot_names else "?")

    async def stop(self) -> None:
        """Stop polling/serving, finish the events in hand, and close."""
        self._stopping.set()
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=30)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._poller = None
        await self.client.close()

    async def _start_webhook(self, url: str) -> None:
        secret = self.settings.zalo_webhook_secret
        self.webhook_secret = secret.get_secret_value() if secret else secrets.token_urlsafe(24)
        parsed = urlparse(url)
        path = parsed.path or "/"
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post(path, self._on_webhook)
        public_root = f"{parsed.scheme}://{parsed.netloc}"
        self.shelf = FileShelf(public_root + FILES_PATH)
        app.router.add_get(FILES_PATH + "/{token}/{name}", self.shelf.serve)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.zalo_webhook_listen,
                           self.settings.zalo_webhook_port)
        await site.start()
        self._runner = runner
        await self.client.set_webhook(url, self.webhook_secret)
        log.info("Zalo: webhook on %s:%s", self.settings.zalo_webhook_listen,
                 self.settings.zalo_webhook_port)
        # Events answered 200 before a stop but not handled: handled now (counted only once
        # the start succeeded, so a retried failing start does not turn them into poison).
        for key, raw in await self.inbox.replay(self.clock.now()):
            self.dispatch(json.loads(raw), key)

    # ---- receiving --------------------------------------------------------------------------

    async def _poll_loop(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            try:
                events = await self.client.get_updates(self.poll_timeout)
                backoff = 1.0
                self._set_fault(None)
            except asyncio.CancelledError:
                raise
            except ZaloError as err:
                if isinstance(err, ZaloApiError) and err.code in (401, 403):
                    self._set_fault("the bot token was rejected; check THIDUABOT_ZALO_TOKEN")
                else:
                    self._set_fault(f"getUpdates failed: {err}")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            for event in events:
                self.dispatch(event)

    def _set_fault(self, reason: str | None) -> None:
        """Report a polling fault once (and its end), not once per failed poll."""
        if reason != self._fault:
            self._fault = reason
            if reason is not None:
                log.warning("Zalo: %s", reason)
            self.health(reason)

    async def _on_webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        expected = self.webhook_secret or ""
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return web.json_response({"ok": False, "description": "forbidden"}, status=403)
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "description": "bad json"}, status=400)
        payload = body.get("result", body) if isinstance(body, dict) else body
        events = payload if isinstance(payload, list) else [payload]
        keyed: list[tuple[str, dict[str, Any]]] = []
        for event in events:
            ev = ZaloEvent.parse(event) if isinstance(event, dict) else None
            if ev is not None:  # others carry nothing to answer
                keyed.append((ev.message_id, event))
        try:
            # Durable before the 200: Zalo does not send an answered event again.
            fresh = await self.inbox.store(
                [(key, json.dumps(event, ensure_ascii=False)) for key, event in keyed],
                self.clock.now())
        except Exception as exc:
            log.warning("Zalo: storing a webhook event failed (answered 503): %s",
                        type(exc).__name__)
            return web.json_response({"ok": False, "description": "try again"}, status=503)
        for key, event in keyed:
            if key in fresh:
                fresh.discard(key)
                self.dispatch(event, key)
        return web.json_response({"ok": True})  # stored: the work runs behind

    def dispatch(self, event: dict[str, Any], inbox_key: str | None = None) -> None:
        """Handle one raw event in the background (per-chat order kept by a lock)."""
        task = asyncio.create_task(self._handle_then_forget(event, inbox_key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle_then_forget(self, event: dict[str, Any], inbox_key: str | None) -> None:
        await self.handle_event(event)  # errors end there (apology); a cancel skips the next
        if inbox_key is not None:
            await self.inbox.done(inbox_key)

    def _lock(self, chat_id: str) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[chat_id] = lock
        return lock

    async def handle_event(self, event: dict[str, Any]) -> bool:
        """Translate, run the Router, reply, then record; False for repeats and non-addressed."""
        ev = ZaloEvent.parse(event)
        if ev is None:
            log.debug("Zalo: ignoring an event without message id or chat")
            return False
        try:
            async with self._lock(ev.chat_id):
                now = self.clock.now()
                inc = to_incoming(ev, now, self.settings.admin_ids(), self.choices,
                                  self.bot_names)
                if inc is None:
                    return False  # group chatter not meant for the bot: nothing stored
                if inc.chat_kind == "group":
                    self._groups.add(inc.chat_id)
                if not await self.ledger.begin(ev.message_id):
                    return False  # in flight, handed out again, or answered before a restart
                try:
                    await self._converse(inc)
                except asyncio.CancelledError:
                    self.ledger.release(ev.message_id)  # shutting down: a repeat answers it
                    raise
                except Exception as exc:
                    # Retrying would only fail again: apologise and record it as handled.
                    log.error("Zalo: message %s in chat %s failed: %s: %s", ev.message_id,
                              ev.chat_id, type(exc).__name__, exc, exc_info=exc)
                    await self.send_replies(inc.chat_id, [Reply(platform_texts.SORRY)])
                # Recorded only now: a crash before this line may answer once more on a
                # repeat, but never loses the answer.
                await self.ledger.finish(ev.message_id, ev.chat_id, self.clock.now())
                return True
        except Exception:
            log.exception("Zalo: handling message in chat %s failed", ev.chat_id)
            return False

    async def _converse(self, inc: Incoming) -> None:
        if inc.chat_kind == "private" and inc.user_is_admin and inc.content == "other":
            # Most likely a document: the Bot API does not hand files to bots.
            await self.send_replies(inc.chat_id, [Reply(platform_texts.DOCUMENTS_NOT_ON_ZALO)])
            return
        with contextlib.suppress(ZaloError):
            await self.client.send_chat_action(inc.chat_id, "typing")
        replies = await self.router.handle(inc)
        await self.send_replies(inc.chat_id, replies)

    # ---- sending ----------------------------------------------------------------------------

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send one of the scheduler's messages; the last part's id (raises a SendError)."""
        return await self.transport.send(chat_id, message)

    async def send_replies(self, chat_id: str, replies: list[Reply]) -> None:
        """Text in ≤2000-character parts, buttons as numbered choices, files by URL or note."""
        for reply in replies:
            choices = flatten(reply.buttons)
            text = reply.text
            att = reply.attachment
            if att is not None and self.shelf is not None:
                url = self.shelf.put(att.filename, att.content, att.mime_type)
                if att.kind == "photo":
                    await self._call(chat_id, functools.partial(
                        self.client.send_photo, chat_id, url, text[:2000] or None))
                    text = text[2000:]
                else:
                    text = f"{text}\n\nTải tệp {att.filename}: {url}".strip()
            elif att is not None:
                note = platform_texts.attachment_unavailable(att.filename)
                text = f"{text}\n\n{note}".strip()
            for part in zalo_parts(text, choices):
                if part.strip():
                    await self._call(chat_id, functools.partial(self.client.send_message,
                                                                chat_id, part))
            if choices:
                self.choices.remember(chat_id, choices)

    async def _call(self, chat_id: str, call: Callable[[], Awaitable[Any]]) -> Any:
        """One send through the live sender (paced, quota errors waited out and retried)."""
        try:
            return await self.live.send(chat_id, self._is_group(chat_id), call)
        except ZaloError as err:
            log.warning("Zalo: sending a reply failed: %s", err)
            return None

    def _is_group(self, chat_id: str) -> bool:
        return chat_id in self._groups
