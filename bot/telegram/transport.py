"""The scheduler's Transport for Telegram: one message to one chat through python-telegram-bot.

Also where the PTB Bot and Application are built from settings (requests, timeouts).
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings

import httpx
from telegram import Bot, LinkPreviewOptions
from telegram import error as tg_error
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from bot.redact import redact
from bot.settings import Settings
from bot.telegram.render import html_parts, keyboard
from bot.token_guard import TokenGuard
from scheduler.transport import (
    ChatGone,
    ChatMigrated,
    OutcomeUnknown,
    OutgoingMessage,
    PermanentError,
    RetryAfter,
    SendError,
    TransientError,
)

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

# Bad requests that mean the chat itself is gone, not that our request was wrong.
_GONE_MARKERS = (
    "chat not found",
    "group chat was deactivated",
    "user is deactivated",
    "bot was kicked",
    "not enough rights to send",
    "have no rights to send",
    "peer_id_invalid",
)
# Causes of a timeout/network error after which the request cannot have reached Telegram.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def make_request(pool_size: int = 64, read_timeout: float = 10.0) -> HTTPXRequest:
    """An HTTPXRequest with timeouts that fit a bot: short connect, moderate read."""
    return HTTPXRequest(
        connection_pool_size=pool_size,
        connect_timeout=5.0,
        read_timeout=read_timeout,
        write_timeout=10.0,
        pool_timeout=5.0,
        media_write_timeout=30.0,
    )


def build_application(settings: Settings, poll_timeout: float = 10.0) -> Application:
    """A PTB Application pointed at the configured Bot API (real or local)."""
    if settings.telegram_token is None:
        raise ValueError("THIDUABOT_TELEGRAM_TOKEN is not set")
    return (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .request(make_request())
        .get_updates_request(make_request(pool_size=2, read_timeout=poll_timeout + 10))
        .concurrent_updates(16)  # chats in parallel; each chat stays ordered (adapter _lock)
        .build()
    )


def make_bot(settings: Settings, request: HTTPXRequest | None = None) -> Bot:
    """A telegram.Bot pointed at the configured Bot API (real or local)."""
    if settings.telegram_token is None:
        raise ValueError("THIDUABOT_TELEGRAM_TOKEN is not set")
    return Bot(
        token=settings.telegram_token.get_secret_value(),
        base_url=settings.telegram_api_url,
        base_file_url=settings.telegram_file_url,
        request=request or make_request(),
        get_updates_request=make_request(pool_size=2, read_timeout=40.0),
    )


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _not_sent(exc: BaseException) -> bool:
    """Whether the exception chain shows the request never left this machine."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, _NOT_SENT):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds a rate-limit answer asks to wait (as `map_telegram_error` reads it), else None."""
    if isinstance(exc, tg_error.RetryAfter):
        mapped = map_telegram_error(exc)
        return mapped.seconds if isinstance(mapped, RetryAfter) else None
    return None


def map_telegram_error(exc: Exception, token: str | None = None) -> SendError:
    """Translate a python-telegram-bot error into the scheduler's delivery errors."""
    message = redact(str(exc), token)
    if isinstance(exc, tg_error.RetryAfter):
        with warnings.catch_warnings():  # PTB 22 warns that the type will become timedelta
            warnings.simplefilter("ignore")
            return RetryAfter(_seconds(exc.retry_after))
    if isinstance(exc, tg_error.ChatMigrated):
        return ChatMigrated(str(exc.new_chat_id))
    if isinstance(exc, tg_error.Forbidden):
        return ChatGone(message)
    if isinstance(exc, tg_error.InvalidToken):
        # Not the chat's fault: keep the message retrying until the token is fixed.
        return TransientError("Telegram rejected the bot token (check THIDUABOT_TELEGRAM_TOKEN)")
    if isinstance(exc, tg_error.BadRequest):
        if any(marker in message.lower() for marker in _GONE_MARKERS):
            return ChatGone(message)
        return PermanentError(message)
    if isinstance(exc, tg_error.TimedOut):
        return TransientError(message) if _not_sent(exc) else OutcomeUnknown(message)
    if isinstance(exc, tg_error.NetworkError):
        if _not_sent(exc) or not isinstance(exc.__cause__, httpx.HTTPError):
            return TransientError(message)  # refused connection, or a 5xx answer
        return OutcomeUnknown(message)  # connection broke after the request was written
    return TransientError(message)


class TelegramTransport:
    """Sends scheduler messages to Telegram chats (HTML-escaped, inline keyboards)."""

    platform = "telegram"

    def __init__(self, bot: Bot, *, paid_broadcast: bool = False) -> None:
        self.bot = bot
        self.paid_broadcast = paid_broadcast
        self._token = bot.token
        # A burst of 403s (or a 401) may be our token: confirm with getMe before deactivating.
        self.guard = TokenGuard("telegram", self._token_ok)

    async def _token_ok(self) -> bool:
        try:
            await self.bot.get_me()
        except (tg_error.InvalidToken, tg_error.Forbidden):
            return False
        return True

    @classmethod
    def from_settings(cls, settings: Settings) -> TelegramTransport:
        """A transport with its own Bot built from settings."""
        return cls(make_bot(settings), paid_broadcast=settings.telegram_paid_broadcast)

    async def start(self) -> None:
        """Open the HTTP connection pool (no request is made)."""
        await self.bot.request.initialize()

    async def close(self) -> None:
        """Close the HTTP connection pool."""
        await self.bot.request.shutdown()

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send (split below 4096 characters, buttons under the last part); last message id."""
        parts = html_parts(message.text)
        markup = keyboard(message.buttons)
        paid = True if (self.paid_broadcast and message.broadcast) else None
        message_id = ""
        try:
            target = int(chat_id)
        except ValueError as exc:
            raise PermanentError(f"not a Telegram chat id: {chat_id!r}") from exc
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            try:
                sent = await self.bot.send_message(
                    chat_id=target,
                    text=part,
                    parse_mode="HTML",
                    reply_markup=markup if last else None,
                    link_preview_options=NO_PREVIEW,
                    allow_paid_broadcast=paid,
                )
            except tg_error.TelegramError as exc:
                if isinstance(exc, tg_error.InvalidToken):
                    raise await self.guard.rejected() from None
                mapped = map_telegram_error(exc, self._token)
                if isinstance(mapped, ChatGone):
                    await self.guard.check_gone()  # raises TokenRejected for a bad token
                raise mapped from None
            message_id = str(sent.message_id)
        return message_id
