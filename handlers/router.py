"""The conversation's entry point: one Incoming in, the replies out (platform-neutral)."""

from __future__ import annotations

import asyncio
import logging

from sqlmodel import Session

from handlers import info, publish, questions, subscribe, units
from handlers.commands import Handler, parse_command
from handlers.context import Ctx
from handlers.feedback import feedback_callback
from handlers.membership import handle_chat_event, is_chat_event
from handlers.messages import Incoming, Reply
from handlers.services import Services
from handlers.state import ChatStates
from knowledge.presentation.catalogue import tr
from scheduler.subscriptions import get_or_create_chat

log = logging.getLogger(__name__)

# Button data is "<prefix>:<value>" (at most 64 bytes); these prefixes are the contract with
# anything that puts buttons on messages (the scheduler's reminders use "done:<deadline id>").
CALLBACK_HANDLERS: dict[str, Handler] = {
    "pick": questions.pick_callback,
    "remind": subscribe.remind_callback,
    "done": units.done_callback,  # for the chat's unit, else the chat (reminders.done_callback)
    "snooze": units.snooze_callback,
    "dot": info.phases_callback,
    "sub": subscribe.subscribe_callback,
    "unsub": subscribe.unsubscribe_callback,
    "pub": publish.publish_callback,
    "drop": publish.discard_callback,
    "fb": feedback_callback,
}


class Router:
    """Routes one incoming message to its command, button, document or question handler."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.states = ChatStates(services.context_capacity)

    def warm_up(self) -> None:
        """Open the knowledge base now, before the first question waits for it."""
        self.services.kb.get()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """The replies to one incoming message (empty when the bot should stay silent)."""
        # Database work and the answering core are synchronous: keep the event loop free.
        return await asyncio.to_thread(self.handle_sync, incoming)

    def handle_sync(self, incoming: Incoming) -> list[Reply]:
        """`handle` without the thread hop (the console and tests may call it directly)."""
        if is_chat_event(incoming):
            try:
                return handle_chat_event(self.services, incoming)
            except Exception:
                log.exception("handling a %s chat event in chat %s failed", incoming.platform,
                              incoming.chat_id)
                return []
        if incoming.chat_kind == "group" and not (incoming.addressed or incoming.callback_data):
            return []  # groups: only mentions, replies to the bot, commands and buttons
        lang = "vi"
        try:
            with Session(self.services.engine) as session:
                chat = get_or_create_chat(
                    session,
                    incoming.platform,
                    incoming.chat_id,
                    incoming.chat_kind,
                    incoming.chat_title,
                    incoming.now,
                )
                session.commit()
                lang = chat.language
                memory = self.states.get((incoming.platform, incoming.chat_id))
                ctx = Ctx(self.services, incoming, session, chat, memory, lang)
                replies = self._dispatch(ctx)
                session.commit()
                return replies
        except Exception:
            log.exception(
                "handling a %s message in chat %s failed", incoming.platform, incoming.chat_id
            )
            return [Reply(tr(lang, "error"))]

    def _dispatch(self, ctx: Ctx) -> list[Reply]:
        inc = ctx.incoming
        if inc.callback_data:
            prefix, _, value = inc.callback_data.partition(":")
            handler = CALLBACK_HANDLERS.get(prefix)
            if handler is None:
                log.warning("unknown button data %r", inc.callback_data)
                return []
            return handler(ctx, value)
        if inc.content == "document":
            # Also without contents: platforms do not download a non-admin's file, and the
            # refusal must say "admins only", not "text only" (publish checks admin first).
            return publish.document_received(ctx)
        if inc.content != "text":
            return [Reply(ctx.t("text_only"))]
        text = inc.text.strip()
        if not text:
            return [Reply(ctx.t("empty_text"))]
        command = parse_command(text)
        if command is None:
            return questions.ask(ctx, text)
        if command.alias_lang == "en":
            ctx.lang = "en"  # an English alias gets English frame texts for this reply
        if command.spec is None:
            return [Reply(ctx.t("unknown_command", word=command.word))]
        if command.spec.admin_only and not ctx.is_bot_admin:
            return [Reply(ctx.t("bot_admin_only"))]
        return command.spec.handler(ctx, command.args)
