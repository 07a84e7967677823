"""Telegram's webhook, served by aiohttp: each update is stored before Telegram gets its 200.

python-telegram-bot's own webhook server answers 200 once the update is in an in-memory queue,
so a crash right after loses it (Telegram does not send an answered update again). Here the
raw update goes into the webhook inbox first, then the 200, then the Application handles it;
its inbox row goes once the handling ended. Answers mirror Telegram's expectations: 403 for a
wrong secret token, 400 for a body that is no update, 503 when the update could not be stored
(Telegram retries).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.webhook_inbox import WebhookInbox

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # an update is a few KB; Telegram's own server limit is similar


class TelegramWebhook:
    """The HTTP endpoint Telegram posts updates to, and the handling behind it."""

    def __init__(self, application: Application, inbox: WebhookInbox, secret: str,
                 now: Callable[[], Any]) -> None:
        self.application = application
        self.inbox = inbox
        self.secret = secret
        self.now = now
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def serve(self, listen: str, port: int, path: str) -> None:
        """Start listening (the caller then registers the URL with setWebhook)."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(path, self._on_post)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=2.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, listen, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner

    async def replay(self) -> int:
        """Handle the updates stored before the last stop but never finished; how many."""
        stored = await self.inbox.replay(self.now())
        for key, raw in stored:
            self._handle_later(key, json.loads(raw))
        return len(stored)

    async def close(self, timeout: float = 30.0) -> None:
        """Stop listening, then let the updates in hand finish (up to `timeout`)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def _on_post(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403)
        try:
            data = await request.json()
        except ValueError:
            return web.Response(status=400)
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return web.Response(status=400)
        key = str(update_id)
        try:
            fresh = await self.inbox.store([(key, json.dumps(data, ensure_ascii=False))],
                                           self.now())
        except Exception as exc:
            log.warning("Telegram: storing webhook update %s failed (answered 503): %s", key,
                        type(exc).__name__)
            return web.Response(status=503)
        if key in fresh:  # else a re-send of an update already in hand
            self._handle_later(key, data)
        return web.Response(status=200)

    def _handle_later(self, key: str, data: dict[str, Any]) -> None:
        task = asyncio.create_task(self._handle(key, data), name=f"telegram-update-{key}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, key: str, data: dict[str, Any]) -> None:
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:  # stored, but no update PTB can read: nothing to answer
            log.error("Telegram: webhook update %s cannot be read: %s: %s", key,
                      type(exc).__name__, exc)
        else:
            # Handler errors end in the adapter (apology, ledger) or PTB's error handler;
            # a cancel (shutdown) skips the removal below, so the update is replayed.
            with contextlib.suppress(Exception):
                await self.application.process_update(update)
        await self.inbox.done(key)
