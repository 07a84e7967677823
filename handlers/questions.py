"""Free text: a question for the answering core, with buttons to pick a campaign or be reminded."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from sqlmodel import col, select

from handlers import feedback
from handlers.context import Ctx
from handlers.formatting import shorten
from handlers.messages import Button, Reply
from knowledge.answer.contract import Answer, ConversationContext
from knowledge.store.tables import DeadlineRow
from scheduler import subscriptions as subs

MAX_CHOICES = 6
# Called with (platform, answered, seconds) after every answer (the bot's metrics).
ANSWER_OBSERVERS: list[Callable[[str, bool, float], None]] = []


def ask(ctx: Ctx, question: str) -> list[Reply]:
    """Answer a question with the chat's conversation context and remember the new context."""
    memory = ctx.memory
    memory.last_question = question
    previous = dataclasses.replace(memory.context, language=ctx.lang)
    return _answer(ctx, question, previous)


def pick_callback(ctx: Ctx, campaign_id: str) -> list[Reply]:
    """A campaign was picked among several: ask the last question again about that campaign."""
    question = ctx.memory.last_question
    if not question:
        return [Reply(ctx.t("pick_expired"))]
    context = dataclasses.replace(ctx.memory.context, campaign_id=campaign_id, language=ctx.lang)
    return _answer(ctx, question, context, picked=campaign_id)


def _answer(
    ctx: Ctx, question: str, context: ConversationContext, picked: str | None = None
) -> list[Reply]:
    from knowledge.answer.core import answer, next_context  # heavy: imported when first needed

    began = time.perf_counter()
    kb = ctx.services.kb.get()
    result: Answer = answer(kb, question, ctx.now, context)
    seconds = time.perf_counter() - began
    for observer in ANSWER_OBSERVERS:
        observer(ctx.incoming.platform, result.answered, seconds)
    ctx.memory.context = next_context(context, result)
    question_id = feedback.log_question(ctx, question, result, seconds)
    reply = render(ctx, result, picked)
    if result.answered and question_id is not None:  # a refusal is in /chuatraloi already
        reply.buttons = [*reply.buttons, feedback.feedback_buttons(ctx, question_id)]
    return [reply]


def offers_reminder(ctx: Ctx, result: Answer) -> bool:
    """"Nhắc tôi" fits under an answer about a cut-off still ahead, in a chat not yet
    following that campaign."""
    if not result.answered or not result.campaigns or not result.deadline_ids:
        return False
    rows = ctx.session.exec(
        select(DeadlineRow).where(col(DeadlineRow.id).in_(result.deadline_ids))
    ).all()
    if not any(r.due is not None and r.due >= ctx.today for r in rows):
        return False
    return result.campaigns[0] not in subs.followed_campaign_ids(ctx.session, ctx.chat)


def render(ctx: Ctx, result: Answer, picked: str | None = None) -> Reply:
    """The answer's text with choice buttons and a "Nhắc tôi" button when it fits."""
    rows: list[list[Button]] = []
    for choice in result.choices[:MAX_CHOICES]:
        if choice.campaign_id == picked:
            continue
        rows.append([Button(shorten(choice.label, 60), f"pick:{choice.campaign_id}")])
    if offers_reminder(ctx, result):
        rows.append([Button(ctx.t("remind_me"), f"remind:{result.campaigns[0]}")])
    return Reply(result.text, buttons=rows)
