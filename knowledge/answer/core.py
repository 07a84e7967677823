"""The answering core: a question, the time it is asked and the chat's context in; an Answer
out (text with its citation line, intent, campaigns, warnings, citations, choices).

CONTRACT: `answer(kb, question, now, context) -> Answer` never raises, never imports a chat
platform, and never states a date, number or name that is not in the knowledge base.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from knowledge.answer.assemble import finish
from knowledge.answer.contract import Answer, ConversationContext
from knowledge.answer.facts import HANDLERS, AnswerContext, DraftReply
from knowledge.answer.lists import deadlines_in_window, listing, running_on
from knowledge.answer.multipart import answer_in_parts, split_parts
from knowledge.answer.passage_answers import better_passage, finish_passage, reply_coverage
from knowledge.answer.refusals import refusal
from knowledge.answer.resolve import Resolution, resolve
from knowledge.answer.sentence_answers import (
    asked_about,
    from_text,
    not_stated,
    reply_holds,
    sentence_answer,
)
from knowledge.index.base import KnowledgeBase
from knowledge.question.reading import Question, parse_question
from knowledge.question.scope import CAMPAIGN_ANCHORS, foreign_topic
from knowledge.question.slots import slots_of

log = logging.getLogger(__name__)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Questions up to this many words may follow up the chat's previous one ("thế còn đợt 2?");
# from the first version of the core (fbe7148).
FOLLOW_UP_MAX_WORDS = 8
# Intent scores are sums of cue weights (knowledge.question.intents): 1.0 a weak cue ("nộp",
# "báo cáo"), 2.0 a clear one ("hạn", "định kỳ"), 2.5 a defining one ("trước ngày", "chỉ
# tiêu"). The gates below sit on those steps and date from the first version of the core
# (fbe7148); the own, dev and real question sets were tuned with them in place.
# A short question with no clear cue of its own asks the chat's previous question again; only
# intents with a clear cue are tried after the top one.
CLEAR_INTENT = 2.0
# A defining cue puts the question in the domain, and a "not found" from its own handler is
# answered from the text (or said as it is) rather than by the next handler.
DEFINING_INTENT = 2.5
# Intents cued below a clear cue must speak to the question's own words (9e94a39).
WEAK_INTENT = CLEAR_INTENT
# Below this share of the topic explained, a weakly cued reply is dropped: it does not speak
# to what is asked ("giải bóng đá ... khi nào?"). Introduced with that rule in c918c1a.
WEAK_REPLY = 0.34
# Campaigns whose resolution score is within this of the best are asked about too when the
# question names a place, number or kind (the same one point as the offered choices).
CLOSE_DOC_SCORE = 1.0


def answer(
    kb: KnowledgeBase,
    question: str,
    now: dt.datetime,
    context: ConversationContext | None = None,
) -> Answer:
    """Answer one question from the knowledge base (never raises)."""
    try:
        local = now.astimezone(TZ) if now.tzinfo else now.replace(tzinfo=TZ)
        text = question if isinstance(question, str) else str(question)
        whole = _answer(kb, text, local, context)
        parts = split_parts(text)
        if not parts:
            return whole
        return answer_in_parts(
            parts, whole, lambda part, ctx: _answer(kb, part, local, ctx), context, next_context
        )
    except Exception:  # the contract: every question gets an answer object
        log.exception(
            "answering failed for %r", question[:200] if isinstance(question, str) else question
        )
        return Answer(
            text="Xin lỗi, tôi gặp lỗi khi xử lý câu hỏi này. Bạn thử hỏi lại theo cách khác nhé.",
            answered=False,
            intent="error",
        )


# "ai phát động / chủ trì": a person a sentence names is preferred, the issuer is the fallback
_ASKS_LAUNCHER = re.compile(r"\bai (phat dong|chu tri|phat bieu|du)\b")


def next_context(previous: ConversationContext | None, ans: Answer) -> ConversationContext:
    """The chat's memory after an answer: its campaign, intent, phase and deadline kind."""
    prev = previous or ConversationContext()
    if not ans.answered and not ans.campaigns:
        return ConversationContext(
            prev.campaign_id, prev.intent, ans.language, prev.phase, prev.deadline_kind, prev.topic
        )
    campaign = ans.campaigns[0] if ans.campaigns else prev.campaign_id
    same = campaign == prev.campaign_id
    intent = (
        ans.intent if ans.intent not in ("out_of_scope", "not_found", "empty") else prev.intent
    )
    return ConversationContext(
        campaign_id=campaign,
        intent=intent,
        language=ans.language,
        phase=ans.slots.get("phase") or (prev.phase if same else None),
        deadline_kind=ans.slots.get("deadline_kind") or (prev.deadline_kind if same else None),
        topic=ans.slots.get("topic") or prev.topic,
    )


# ---- the pipeline ---------------------------------------------------------------------------


@dataclass
class Reading:
    """How the chain reads one question: its intent and how sure, follow-up, in the domain."""

    intent: str | None
    score: float
    follow: bool  # asks the chat's previous question again
    in_domain: bool  # may be answered from the documents at all
    names_campaign: bool  # names a place, a document number or a kind of campaign


def _language(q_text: str, context: ConversationContext | None) -> str | None:
    if context and context.language == "en" and q_text.isascii():
        return "en"
    return None


def _answer(
    kb: KnowledgeBase, text: str, now: dt.datetime, context: ConversationContext | None
) -> Answer:
    ctx = context or ConversationContext()
    question = parse_question(kb, text, now, _language(text, context))
    early = _refusal_before_resolving(kb, question)
    if early is not None:
        return early
    res = resolve(kb, question, ctx.campaign_id)
    if res.unknown_places:
        return refusal(kb, question, "place", places=res.unknown_places)
    reading = _read(question, ctx)
    across = _across_base(kb, question, res, reading, now.date())
    if across is not None:
        return across
    if res.uncovered_years:
        return refusal(kb, question, "year", years=res.uncovered_years)
    if res.best is None:
        return refusal(kb, question, "not_found")
    entry = kb.entries[res.best]
    slots = slots_of(question.folded)
    number = question.intent.doc_number
    if number and entry.number_head != number:
        # "Kế hoạch 68/KH-UBND ... ?" names a document the base only quotes: answer from
        # the passage that mentions it, never with the facts of the document that quotes it.
        said = from_text(kb, question, res, slots, reading.in_domain)
        return said if said is not None else refusal(kb, question, "not_found")
    handler_ctx = AnswerContext(
        kb=kb,
        entry=entry,
        doc=kb.document(res.best),
        q=question,
        today=now.date(),
        context_phase=ctx.phase if res.from_context else None,
        context_kind=ctx.deadline_kind if res.from_context else None,
    )
    return _handler_chain(kb, question, res, reading, handler_ctx, slots)


def _refusal_before_resolving(kb: KnowledgeBase, question: Question) -> Answer | None:
    """An empty question, an empty base or another domain's topic: refused before resolving."""
    if not question.words:
        return refusal(kb, question, "empty")
    if not kb.entries:
        return refusal(kb, question, "empty_kb")
    if foreign_topic(question):
        return refusal(kb, question, "topic")
    return None


def _read(question: Question, ctx: ConversationContext) -> Reading:
    """The question's intent, taken from the chat when it is a short follow-up (may add the
    previous topic's words to the question)."""
    intent, score = question.intent.top
    follow = (
        ctx.intent is not None
        and ctx.campaign_id is not None
        and score < CLEAR_INTENT
        and len(question.words) <= FOLLOW_UP_MAX_WORDS
        and ctx.intent in (*HANDLERS, "status", "passage")
    )
    if follow:
        intent = ctx.intent
        question.intent.follow_up = True
    if (follow or question.intent.follow_up) and ctx.topic and not question.topic(intent):
        # "thế còn Điện Biên?" asks the previous question again about something else.
        question.content = [*question.content, *ctx.topic.split()]
    in_domain = (
        question.anchored
        or bool(question.places)
        or bool(question.intent.doc_number)
        or follow
        or score >= DEFINING_INTENT
        or bool(CAMPAIGN_ANCHORS.search(question.folded))
    )
    names_campaign = bool(
        question.places or question.intent.doc_number or question.intent.special
    )
    return Reading(intent, score, follow, in_domain, names_campaign)


def _across_base(
    kb: KnowledgeBase, question: Question, res: Resolution, reading: Reading, today: dt.date
) -> Answer | None:
    """Questions across the whole knowledge base: deadlines in a window, what is running,
    listings; None for a question about one campaign."""
    intent, follow = reading.intent, reading.follow
    only = _close_docs(res) if reading.names_campaign else None
    if intent == "deadline" and question.time.window and not (reading.names_campaign or follow):
        reply = deadlines_in_window(kb, question, today)
        return finish(kb, question, "deadline", reply, res, None)
    if intent == "deadline" and question.time.window and reading.names_campaign and only:
        reply = deadlines_in_window(kb, question, today, set(only))
        return finish(kb, question, "deadline", reply, res, None)
    if intent == "status":
        scope = set(only) if only else ({res.best} if follow and res.best is not None else None)
        return finish(kb, question, "status", running_on(kb, question, today, scope), res, None)
    if intent == "listing" and not question.intent.phase:
        reply = listing(kb, question)
        if reply.answered:
            return finish(kb, question, "listing", reply, res, None)
        years = question.years
        return refusal(kb, question, "year" if years else "not_found", years=years)
    return None


def _handler_chain(
    kb: KnowledgeBase,
    question: Question,
    res: Resolution,
    reading: Reading,
    handler_ctx: AnswerContext,
    slots: list[str],
) -> Answer:
    """The intent's handler, then the other clearly cued ones, then the text steps."""
    best = res.best
    assert best is not None  # the chain runs on a resolved document
    tried: list[str] = []
    order = [reading.intent] if reading.intent else []
    order += [
        name
        for name, score in question.intent.ranked()
        if score >= CLEAR_INTENT and name not in order
    ]
    answered_not: DraftReply | None = None
    for name in order:
        handler = HANDLERS.get(name or "")
        if handler is None or name in tried:
            continue
        tried.append(name)
        handler_ctx.intent = name
        reply = handler(handler_ctx)
        if reply is None:
            continue
        if not reply.answered:
            if name == reading.intent and reading.score >= DEFINING_INTENT and reading.in_domain:
                return _unanswered_asked_intent(kb, question, res, reply, best, name, slots)
            answered_not = answered_not or reply
            continue
        if not reading.in_domain:
            break
        said = _answered_reply(kb, question, res, reading, reply, best, name, slots)
        if said is not None:
            return said
    return _after_handlers(kb, question, res, reading, slots, answered_not, tried, best)


def _unanswered_asked_intent(
    kb: KnowledgeBase,
    question: Question,
    res: Resolution,
    reply: DraftReply,
    best: int,
    intent: str,
    slots: list[str],
) -> Answer:
    """The clearly asked intent's handler found nothing: the sentence holding the slot, a
    passage explaining more for an open question, else the handler's "not found"."""
    said = sentence_answer(kb, question, res, slots)
    if said is not None:
        return said
    better = better_passage(kb, question, res, reply, kb.entries[best], intent)
    if better is not None and not slots:
        return finish_passage(kb, question, better, res)
    return finish(kb, question, intent, reply, res, best)


def _answered_reply(
    kb: KnowledgeBase,
    question: Question,
    res: Resolution,
    reading: Reading,
    reply: DraftReply,
    best: int,
    intent: str,
    slots: list[str],
) -> Answer | None:
    """The Answer for a handler's reply, a text step that explains more, or None when the
    chain goes on to the next handler."""
    entry = kb.entries[best]
    if reply.exact:
        return finish(kb, question, intent, reply, res, best)
    if intent == "doc_facts" and _ASKS_LAUNCHER.search(question.folded):
        # "ai phát động / chủ trì": the person a sentence names beats the issuer's name
        said = sentence_answer(kb, question, res, ["person"])
        if said is not None:
            return said
    if slots and not reply_holds(reply, slots):
        # A structured fact that is not of the asked kind ("hạn ... chưa rõ" for "ngày
        # nào?"): the sentence that holds it, else the next step of the chain.
        return sentence_answer(kb, question, res, slots)
    better = better_passage(kb, question, res, reply, entry, intent)
    if better is not None:
        said = from_text(kb, question, res, slots, reading.in_domain, better)
        if said is not None:
            return said
    weak_intent = question.intent.scores.get(intent, 0.0) < WEAK_INTENT and not reading.follow
    if weak_intent and reply_coverage(kb, question, reply, entry, intent) < WEAK_REPLY:
        return None  # the reply does not speak to what is asked ("giải bóng đá ... khi nào?")
    return finish(kb, question, intent, reply, res, best)


def _after_handlers(
    kb: KnowledgeBase,
    question: Question,
    res: Resolution,
    reading: Reading,
    slots: list[str],
    answered_not: DraftReply | None,
    tried: list[str],
    best: int,
) -> Answer:
    """No handler answered: the text steps, a handler's "not found", "không nêu" or refusal."""
    said = from_text(kb, question, res, slots, reading.in_domain)
    if said is not None:
        return said
    if answered_not is not None and reading.in_domain:
        intent = tried[0] if tried else "not_found"
        return finish(kb, question, intent, answered_not, res, best)
    if not reading.in_domain:
        return refusal(kb, question, "topic")
    if slots and asked_about(kb, question, res) is not None:
        return not_stated(kb, question, res, slots)
    return refusal(kb, question, "not_found", entry=kb.entries[best])


def _close_docs(res: Resolution) -> list[int]:
    """The best campaign and those resolved within CLOSE_DOC_SCORE of it."""
    if not res.ranked:
        return []
    top = res.ranked[0][1]
    return [index for index, score in res.ranked if score >= top - CLOSE_DOC_SCORE and score > 0]
