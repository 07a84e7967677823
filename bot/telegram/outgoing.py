"""Neutral Replies → Telegram calls: HTML-escaped text parts, inline keyboards, files, typing."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from telegram import Bot, InputFile, LinkPreviewOptions, Message
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.telegram.render import TELEGRAM_CAPTION_LIMIT, escape, html_parts, keyboard
from bot.textsplit import utf16_len
from handlers.messages import Reply

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
TYPING_EVERY = 4.5  # Telegram shows "typing…" for about 5 seconds


# Runs one Bot API send call (the adapter's LiveSender: paced, 429s retried).
Pace = Callable[[Callable[[], Awaitable[Message]]], Awaitable[Message]]


async def _direct(call: Callable[[], Awaitable[Message]]) -> Message:
    return await call()


async def send_reply(bot: Bot, chat_id: int, reply: Reply, pace: Pace = _direct
                     ) -> list[Message]:
    """Send one Reply: text in parts below 4096, buttons under the last message, the file."""
    markup = keyboard(reply.buttons)
    sent: list[Message] = []
    att = reply.attachment
    text = reply.text.strip()
    caption: str | None = None
    if att is not None and text and utf16_len(text) <= TELEGRAM_CAPTION_LIMIT:
        caption, text = escape(text), ""
    parts = html_parts(text) if text else []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1 and att is None
        sent.append(await pace(functools.partial(
            bot.send_message, chat_id=chat_id, text=part, parse_mode="HTML",
            reply_markup=markup if last else None, link_preview_options=NO_PREVIEW,
        )))
    if att is not None:
        content, filename = att.content, att.filename
        # A fresh InputFile per attempt: a retried upload must not reuse a consumed one.
        if att.kind == "photo":
            sent.append(await pace(lambda: bot.send_photo(
                chat_id=chat_id, photo=InputFile(content, filename=filename), caption=caption,
                parse_mode="HTML", reply_markup=markup)))
        else:
            sent.append(await pace(lambda: bot.send_document(
                chat_id=chat_id, document=InputFile(content, filename=filename),
                caption=caption, parse_mode="HTML", reply_markup=markup)))
    return sent


async def send_replies(bot: Bot, chat_id: int, replies: list[Reply], pace: Pace = _direct
                       ) -> list[Message]:
    """Send the replies in order."""
    out: list[Message] = []
    for reply in replies:
        out.extend(await send_reply(bot, chat_id, reply, pace))
    return out


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" while the body runs (renewed every few seconds; failures ignored).

    The first indicator is always sent (and awaited before leaving), so it never arrives
    after the reply it announces.
    """
    first_sent = asyncio.Event()

    async def loop() -> None:
        while True:
            try:
                await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
            except TelegramError as exc:
                log.debug("typing indicator failed: %s", type(exc).__name__)
            first_sent.set()
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(first_sent.wait(), timeout=2.0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
