"""A handler's DraftReply made into the Answer: its warnings, the other matching campaigns as
offered choices, and the citation line."""

from __future__ import annotations

from knowledge.answer.contract import Answer, Choice
from knowledge.answer.facts import DraftReply
from knowledge.answer.refusals import suggestions_for
from knowledge.answer.resolve import Resolution
from knowledge.index.base import KnowledgeBase
from knowledge.presentation.catalogue import tr
from knowledge.presentation.wording import citation_line, short
from knowledge.question.reading import Question

CHOICE_LABEL_CHARS = 120  # a campaign offered as a choice is named in at most this many chars
CITED_DOCS_SHOWN = 4  # a reply citing more documents lists these and "…"


def finish(
    kb: KnowledgeBase,
    question: Question,
    intent: str,
    reply: DraftReply,
    res: Resolution,
    doc_index: int | None,
) -> Answer:
    """Add warnings, choices and the citation line; build the Answer."""
    lang = question.language
    topic = question.topic(intent)
    lines = list(reply.lines)
    warnings = list(dict.fromkeys(w for w in reply.warnings if w))
    lines.extend(tr(lang, "answer_warning", warning=w) for w in warnings)
    campaigns: list[str] = []
    choices: list[Choice] = []
    if doc_index is not None:
        campaigns.append(kb.entries[doc_index].campaign_id)
        choices = _choices(kb, res, doc_index)
        if choices:
            named = "; ".join(ch.label for ch in choices)
            lines.append(tr(lang, "answer_also_matching", choices=named))
    else:
        campaigns = _cited_campaigns(kb, reply)
    if reply.citations:
        docs = list(dict.fromkeys(c.document for c in reply.citations))
        if len(docs) == 1:
            lines.append(citation_line(docs[0], reply.citations[0].section, question.en))
        else:
            shown = "; ".join(docs[:CITED_DOCS_SHOWN])
            shown += "; …" if len(docs) > CITED_DOCS_SHOWN else ""
            lines.append(tr(lang, "answer_sources", documents=shown))
    return Answer(
        text="\n".join(lines),
        answered=reply.answered,
        intent=intent,
        campaigns=campaigns,
        warnings=warnings,
        suggestions=[] if reply.answered else suggestions_for(kb, question),
        citations=reply.citations,
        choices=choices,
        deadline_ids=reply.deadline_ids,
        language=question.language,
        slots={**reply.slots, **({"topic": " ".join(topic)} if topic else {})},
    )


def _choices(kb: KnowledgeBase, res: Resolution, doc_index: int) -> list[Choice]:
    """The other campaigns the question matches (none when the chat's campaign was kept)."""
    others = [index for index in res.choices() if index != doc_index]
    if not others or res.from_context:
        return []
    return [
        Choice(kb.entries[index].campaign_id, short(kb.entries[index].label, CHOICE_LABEL_CHARS))
        for index in others
    ]


def _cited_campaigns(kb: KnowledgeBase, reply: DraftReply) -> list[str]:
    """The campaigns of the documents a reply across the base cites, in citation order."""
    campaigns: list[str] = []
    for cit in reply.citations:
        index = kb.by_source.get(cit.source)
        if index is not None and kb.entries[index].campaign_id not in campaigns:
            campaigns.append(kb.entries[index].campaign_id)
    return campaigns
