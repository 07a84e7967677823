"""The Telegram edge: a python-telegram-bot Application that feeds the neutral Router.

Long polling by default (updates that arrived while the bot was down are processed, not
dropped); a webhook when a public URL is configured (bot/telegram/webhook.py: secret token
checked, each update stored before Telegram gets its 200, replayed after a crash).
Telegram confirms updates only with the next getUpdates, so a hard kill after answering hands
the same updates out again: the update ledger (bot/handled_updates.py) skips those.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import weakref
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlparse

from sqlalchemy.engine import Engine
from telegram import BotCommand, Message, Update
from telegram.error import ChatMigrated, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import platform_texts
from bot.clock import Clock
from bot.handled_updates import UpdateLedger
from bot.live_sender import LiveSender
from bot.platform import CommandLike, ConversationRouter, menu_entries
from bot.settings import Settings
from bot.telegram.incoming import (
    ChatAdminCache,
    addressing,
    base_incoming,
    content_kind,
    download_document,
    membership_change,
)
from bot.telegram.outgoing import Pace, send_replies, typing
from bot.telegram.render import remaining_buttons, start_link
from bot.telegram.transport import TelegramTransport, build_application, retry_after_seconds
from bot.telegram.webhook import TelegramWebhook
from bot.webhook_inbox import WebhookInbox
from handlers.messages import Incoming, Reply
from scheduler.pacing import Pacer
from scheduler.transport import OutgoingMessage

log = logging.getLogger(__name__)
# my_chat_member: the bot added to or removed from a group, blocked or unblocked in private.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class TelegramAdapter:
    """The Telegram backend (a bot.platform.ChatBackend): updates in, Router, replies out, and
    the scheduler's messages out through its TelegramTransport."""

    platform = "telegram"

    def __init__(
        self,
        settings: Settings,
        router: ConversationRouter,
        clock: Clock,
        commands: Sequence[CommandLike] = (),
        *,
        poll_timeout: float = 10.0,
        admin_cache_ttl: float = 60.0,
        engine: Engine | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.settings = settings
        self.router = router
        self.clock = clock
        self.commands = list(commands)
        self.poll_timeout = poll_timeout
        self.application = build_application(settings, poll_timeout)
        self.bot = self.application.bot
        # One Bot (one connection pool) for live answers and scheduled sends.
        self.transport = TelegramTransport(
            self.bot, paid_broadcast=settings.telegram_paid_broadcast
        )
        self.guard = self.transport.guard  # the app hears of a rejected token through it
        self.admin_cache = ChatAdminCache(self.bot, admin_cache_ttl)
        # The app shares one Pacer with the outbox; alone (tests) sends are unpaced, and a
        # 429 is still waited out and retried.
        self.live = LiveSender(pacer if pacer is not None else Pacer.unlimited(),
                               self.platform, retry_after_seconds)
        self.webhook_secret: str | None = None
        self.webhook: TelegramWebhook | None = None
        self.engine = engine
        # Without a database (some adapter tests) updates are not remembered across restarts.
        self.ledger = UpdateLedger(engine, self.platform) if engine is not None else None
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        for handler in self.handlers():
            self.application.add_handler(handler)
        self.application.add_error_handler(self._on_error)

    def handlers(self) -> list[BaseHandler]:
        """Every handler the bot registers, in one list."""
        return [
            ChatMemberHandler(self._on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
            CallbackQueryHandler(self._on_callback),
            # Before the catch-all: the service messages of a group becoming a supergroup.
            MessageHandler(filters.StatusUpdate.MIGRATE, self._on_migration),
            MessageHandler(filters.UpdateType.MESSAGE, self._on_message),
        ]

    # ---- life cycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Initialise, publish the command menus, then poll or serve the webhook."""
        app = self.application
        if self.ledger is not None:
            await self.ledger.maybe_prune(self.clock.now())
        await app.initialize()
        await self.set_commands()
        await app.start()
        assert app.updater is not None
        url = self.settings.telegram_webhook_url
        if url:
            secret = self.settings.telegram_webhook_secret
            self.webhook_secret = (
                secret.get_secret_value() if secret else secrets.token_urlsafe(32)
            )
            await self._serve_webhook(url, self.webhook_secret)
            log.info("Telegram: webhook on %s:%s", self.settings.telegram_webhook_listen,
                     self.settings.telegram_webhook_port)
        else:
            await app.updater.start_polling(
                timeout=int(self.poll_timeout),
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,  # what arrived while we were down gets answered
                bootstrap_retries=3,
            )
            log.info("Telegram: long polling as @%s", self.bot.username)

    async def _serve_webhook(self, url: str, secret: str) -> None:
        """Listen, register the URL, then handle what an earlier run stored but never finished."""
        if self.engine is None:
            raise ValueError("a Telegram webhook needs the database (updates are stored first)")
        hook = TelegramWebhook(self.application, WebhookInbox(self.engine, self.platform),
                               secret, self.clock.now)
        self.webhook = hook
        await hook.serve(self.settings.telegram_webhook_listen,
                         self.settings.telegram_webhook_port, urlparse(url).path or "/")
        await self.bot.set_webhook(url=url, secret_token=secret,
                                   allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
        await hook.replay()

    async def stop(self) -> None:
        """Stop fetching, finish the updates already fetched, and close."""
        app = self.application
        if self.webhook is not None:
            await self.webhook.close()
            self.webhook = None
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def set_commands(self) -> None:
        """Command menus: Vietnamese by default, English for English-language clients."""
        if not self.commands:
            return
        try:
            for lang in ("vi", "en"):
                entries = [BotCommand(n, d) for n, d in menu_entries(self.commands, lang)]
                await self.bot.set_my_commands(
                    entries, language_code="en" if lang == "en" else None
                )
        except TelegramError as exc:  # a menu is a convenience: never block the start on it
            log.warning("Telegram: set_my_commands failed: %s", type(exc).__name__)

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send one of the scheduler's messages; the last message id (raises a SendError)."""
        return await self.transport.send(chat_id, message)

    # ---- updates ----------------------------------------------------------------------------

    def _name_the_bot(self, inc: Incoming) -> None:
        inc.bot_username = self.bot.username
        inc.start_link = start_link(self.bot.username)

    def _lock(self, chat_id: str) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[chat_id] = lock
        return lock

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None:
            return
        inc = base_incoming(update, self.clock.now(), self.settings.admin_ids())
        if inc is None:
            return
        addr = addressing(message, self.bot.id, self.bot.username or "",
                          inc.chat_kind == "private")
        if addr.foreign_command or not addr.addressed:
            return  # groups: only mentions, replies to the bot and commands
        inc.text = addr.text
        inc.addressed = True
        self._name_the_bot(inc)  # from getMe: mentions and share links
        inc.content = content_kind(message)
        inc.message_id = str(message.message_id)
        key = f"m:{inc.chat_id}:{inc.message_id}"  # unique per chat for ever, unlike update_id
        await self._once(key, inc.chat_id, lambda: self._answer_message(inc, message))

    async def _answer_message(self, inc: Incoming, message: Message) -> None:
        chat_id = message.chat_id
        async with self._lock(inc.chat_id):
            if inc.chat_kind == "group" and inc.may_change_chat:
                inc.user_is_chat_admin = int(inc.user_id) in await self.admin_cache.admins(
                    chat_id
                )
            if inc.content == "document" and inc.chat_kind == "private" and inc.user_is_admin:
                refusal = await self._fetch_document(inc, message)
                if refusal is not None:
                    await self._send(chat_id, [Reply(refusal)])
                    return
            await self._converse(chat_id, inc)

    async def _fetch_document(self, inc: Incoming, message: Message) -> str | None:
        """Download an admin's document into inc.document; a refusal text when it can't be."""
        doc = message.document
        assert doc is not None
        name = doc.file_name or "tep"
        limit = self.settings.max_file_bytes
        if doc.file_size is not None and doc.file_size > limit:
            return platform_texts.file_too_big(name, doc.file_size, limit)
        try:
            inc.document = await download_document(self.bot, message)
        except TelegramError as exc:
            log.warning("Telegram: download of a document failed: %s", type(exc).__name__)
            if "too big" in str(exc).lower():
                return platform_texts.file_too_big(name, doc.file_size or limit + 1, limit)
            return platform_texts.file_unreadable(name)
        return None

    async def _on_my_chat_member(self, update: Update,
                                 context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        if change is None:
            return
        inc = base_incoming(update, self.clock.now(), self.settings.admin_ids())
        membership = membership_change(change)
        if inc is None or membership is None:
            return
        inc.membership = membership
        self._name_the_bot(inc)
        if membership == "left":
            self.admin_cache.forget(change.chat.id)
        key = (f"mcm:{inc.chat_id}:{int(change.date.timestamp())}:"
               f"{change.new_chat_member.status}")
        await self._once(key, inc.chat_id, lambda: self._chat_event(change.chat.id, inc),
                         apologize=False)

    async def _on_migration(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None:
            return
        if message.migrate_to_chat_id is not None:  # in the old group
            old, new = message.chat_id, message.migrate_to_chat_id
        elif message.migrate_from_chat_id is not None:  # in the new supergroup
            old, new = message.migrate_from_chat_id, message.chat_id
        else:
            return
        inc = base_incoming(update, self.clock.now(), self.settings.admin_ids())
        if inc is None:
            return
        inc.chat_id = str(old)
        inc.migrated_to_chat_id = str(new)
        self.admin_cache.forget(old)
        key = f"m:{message.chat_id}:{message.message_id}"
        await self._once(key, str(old), lambda: self._chat_event(new, inc), apologize=False)

    async def _chat_event(self, chat_id: int, inc: Incoming) -> None:
        """A membership change or migration: no "typing…" (the chat may be gone)."""
        async with self._lock(inc.chat_id):
            replies = await self.router.handle(inc)
        if replies:
            await self._send(chat_id, replies)

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        chat = update.effective_chat
        await self._once(f"c:{query.id}", str(chat.id) if chat else "",
                         lambda: self._answer_callback(update))

    async def _answer_callback(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        try:
            await query.answer()  # stop the button's spinner at once
        except TelegramError as exc:
            log.debug("answerCallbackQuery failed: %s", type(exc).__name__)
        inc = base_incoming(update, self.clock.now(), self.settings.admin_ids())
        if inc is None or not query.data:
            return
        inc.callback_data = query.data
        inc.addressed = True
        self._name_the_bot(inc)
        chat_id = int(inc.chat_id)
        if query.message is not None:
            inc.message_id = str(query.message.message_id)
        async with self._lock(inc.chat_id):
            if inc.chat_kind == "group":
                inc.user_is_chat_admin = int(inc.user_id) in await self.admin_cache.admins(
                    chat_id
                )
            handled = await self._converse(chat_id, inc)
        if handled and query.message is not None:
            try:  # a choice is made once: take the buttons away (a rating: only its row)
                await query.edit_message_reply_markup(reply_markup=remaining_buttons(query))
            except TelegramError as exc:
                log.debug("removing buttons failed: %s", type(exc).__name__)

    async def _once(self, key: str, chat_id: str, work: Callable[[], Awaitable[object]],
                    *, apologize: bool = True) -> None:
        """Run `work` unless the update was answered before; record it once answered.

        An unexpected error is logged with the update's key, answered with a short apology
        where a reply is due, and recorded as handled: retrying a failing update would only
        fail again (and a crash loop would answer nothing else).
        """
        ledger = self.ledger
        if ledger is not None and not await ledger.begin(key):
            log.info("Telegram: update %s was answered before; skipped", key)
            return
        try:
            await work()
        except asyncio.CancelledError:
            if ledger is not None:
                ledger.release(key)  # shutting down: a repeat after the restart answers it
            raise
        except Exception as exc:
            log.error("Telegram: update %s failed: %s: %s", key, type(exc).__name__, exc,
                      exc_info=exc)
            if apologize and chat_id:
                await self._send(int(chat_id), [Reply(platform_texts.SORRY)])
        if ledger is not None:
            await ledger.finish(key, chat_id, self.clock.now())

    async def _converse(self, chat_id: int, inc: Incoming) -> bool:
        """Run the Router with "typing…" shown, then send its replies; True if it replied."""
        async with typing(self.bot, chat_id):
            replies = await self.router.handle(inc)
        await self._send(chat_id, replies)
        return bool(replies)

    async def _send(self, chat_id: int, replies: list[Reply]) -> None:
        try:
            await send_replies(self.bot, chat_id, replies, self._pace(chat_id))
        except ChatMigrated as exc:
            self.admin_cache.forget(chat_id)
            new_id = int(exc.new_chat_id)
            await send_replies(self.bot, new_id, replies, self._pace(new_id))
        except TelegramError as exc:
            log.warning("Telegram: replying in chat %s failed: %s (%s)", chat_id,
                        type(exc).__name__, exc)

    def _pace(self, chat_id: int) -> Pace:
        """This chat's sends through the live sender (negative ids are groups)."""

        async def pace(call: Callable[[], Awaitable[Message]]) -> Message:
            return await self.live.send(str(chat_id), chat_id < 0, call)

        return pace

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        err = context.error
        log.error("Telegram: error while handling an update: %s: %s",
                  type(err).__name__, err, exc_info=err)
