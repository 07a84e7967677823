"""Plain replies when the knowledge base has nothing on a question (answered = False).

They never state a date, number or name from a document: they say what is missing and
suggest what can be asked.
"""

from __future__ import annotations

from knowledge.answer.contract import Answer
from knowledge.index.base import DocEntry, KnowledgeBase
from knowledge.places.lookup import province_names
from knowledge.presentation.catalogue import tr
from knowledge.question.reading import Question

# The questions suggested instead (catalogue keys), in order; English ones leave out phase 2.
SUGGESTIONS_VI = (
    "answer_suggest_registration_deadline",
    "answer_suggest_final_report",
    "answer_suggest_phase_two",
    "answer_suggest_running_campaigns",
    "answer_suggest_reward_forms",
)
SUGGESTIONS_EN = tuple(key for key in SUGGESTIONS_VI if key != "answer_suggest_phase_two")


def _issuers(kb: KnowledgeBase, limit: int = 6) -> str:
    names = [name for name, _ in kb.issuers.most_common(limit)]
    more = len(kb.issuers) - len(names)
    text = ", ".join(names)
    return text + (f" và {more} nơi khác" if more > 0 else "")


def _display_place(key: str) -> str:
    name = province_names().get(key)
    return name if name else key.title()


def suggestions_for(kb: KnowledgeBase, question: Question) -> list[str]:
    """Questions the user could ask instead."""
    keys = SUGGESTIONS_EN if question.en else SUGGESTIONS_VI
    return [tr(question.language, key) for key in keys]


def refusal(
    kb: KnowledgeBase,
    question: Question,
    reason: str,
    places: list[str] | None = None,
    years: list[int] | None = None,
    entry: DocEntry | None = None,
) -> Answer:
    """An answer saying plainly that the knowledge base has nothing on the question."""
    lang = question.language
    tips = suggestions_for(kb, question)
    can_answer_from = tr(lang, "answer_refusal_can_answer_from", issuers=_issuers(kb))
    if reason == "empty":
        text = tr(lang, "answer_refusal_empty", examples="; ".join(tips[:3]))
    elif reason == "empty_kb":
        text = tr(lang, "answer_refusal_empty_kb")
    elif reason == "place":
        where = ", ".join(_display_place(p) for p in places or [])
        text = tr(lang, "answer_refusal_place", where=where, can_answer_from=can_answer_from)
    elif reason == "year":
        when = ", ".join(str(y) for y in years or [])
        text = tr(lang, "answer_refusal_year", years=when, can_answer_from=can_answer_from)
    elif reason == "topic":
        text = tr(lang, "answer_refusal_topic")
    elif entry and not question.en:
        text = tr(lang, "answer_refusal_not_found_in_document", label=entry.label)
    else:
        text = tr(lang, "answer_refusal_not_found")
    if reason not in ("empty", "empty_kb"):
        text += tr(lang, "answer_refusal_you_can_ask", examples="; ".join(tips[:3]))
    return Answer(
        text=text,
        answered=False,
        intent="out_of_scope" if reason in ("place", "year", "topic") else reason,
        suggestions=tips,
        language=question.language,
    )
