"""The text steps of the answer chain: the sentence of the resolved document that holds the
asked slot, else "the document does not say" for the document clearly asked about; for open
questions the best passage."""

from __future__ import annotations

from knowledge.answer.assemble import finish
from knowledge.answer.contract import Answer, Citation
from knowledge.answer.facts import DraftReply
from knowledge.answer.passage_answers import (
    IDF_FLOOR,
    best_passage,
    finish_passage,
    passage_words,
    strong_passage,
    word_weight,
)
from knowledge.answer.resolve import Resolution
from knowledge.answer.sentences import (
    SentenceHit,
    answering_sentence,
    cut_quote,
    focus_words,
    holds,
)
from knowledge.index.base import KnowledgeBase
from knowledge.presentation.catalogue import tr
from knowledge.question.reading import Question, expand
from knowledge.question.slots import question_dates, required_words
from knowledge.text.passages import PassageHit
from knowledge.text.tokens import fast_fold, words_of_folded

# A document "is the one asked about" when it holds this share of the question's word weight
# (after the words spent on naming it): below it, a missing slot is "not found", not "the
# document does not say". Chosen with the real development set; tested in test_sentences.py.
NOT_STATED_DOC_COVERAGE = 0.5
# Words of the document's own name and label weigh this much when a sentence is chosen: they
# found the document; what the sentence must hold is the rest of the question.
SPENT_WEIGHT = 0.3

# How a "không nêu" answer names each asked kind of fact (knowledge.question.slots.SLOT_KINDS).
SLOT_NAMES = {
    "date": "thời gian",
    "day": "ngày, thời hạn",
    "end": "thời điểm kết thúc",
    "start": "thời điểm bắt đầu",
    "duration": "thời gian kéo dài",
    "place": "nơi gửi, địa điểm",
    "who": "cơ quan, người phụ trách",
    "number": "con số",
    "channel": "hình thức gửi qua mạng, thư điện tử",
    "reward": "hình thức khen thưởng",
    "docnum": "số văn bản",
    "person": "người",
    "due": "",  # said by "day" ("ngày, thời hạn")
}


def reply_holds(reply: DraftReply, slots: list[str]) -> bool:
    """Whether a structured reply's text holds every asked slot."""
    text = " ".join(reply.lines)
    folded = fast_fold(text)
    return all(holds(slot, text, folded) for slot in slots)


def asked_about(kb: KnowledgeBase, question: Question, res: Resolution) -> int | None:
    """The one document the question is about, when it is clear enough to say "không nêu"."""
    if not res.ranked:
        return None
    index = res.ranked[0][0]
    if res.from_context:
        return index
    # Even a document named by its place must hold the question's own words: "Hội LHPN Hà
    # Nội" resolved to another Hà Nội document is "not found", never "that document does
    # not say".
    words = passage_words(question)
    weights = {word: kb.idf(word) + IDF_FLOOR for word in words if not kb.generic(word)}
    total = sum(weights.values())
    if not total:
        return None
    in_doc = sum(wt for word, wt in weights.items() if kb.doc_has(word, index))
    return index if in_doc / total >= NOT_STATED_DOC_COVERAGE else None


def _sentence_docs(res: Resolution) -> list[tuple[int, float]]:
    """The document searched for the answering sentence: only the one the question resolved
    to (a slot is never answered from another document)."""
    if not res.ranked:
        return []
    return [(res.ranked[0][0], 0.0)]


def _sentence(
    kb: KnowledgeBase, question: Question, res: Resolution, slots: list[str]
) -> tuple[SentenceHit, int] | None:
    key = "sentence:" + ",".join(slots)
    if key not in res.memo:
        words = passage_words(question)
        best: tuple[SentenceHit, int] | None = None
        best_score = -1.0
        for index, handicap in _sentence_docs(res):
            spent = _spent_on(kb, index)

            def weight(word: str, spent: set[str] = spent) -> float:
                return word_weight(kb, word) * (SPENT_WEIGHT if word in spent else 1.0)

            sentences = kb.sentences(index)
            focus = [word for word in focus_words(sentences, words) if word not in spent]
            hit = answering_sentence(
                sentences, words, weight, slots, focus, required_words(question.folded, slots),
                question_dates(fast_fold(question.raw)),
            )
            if hit is not None and hit.score - handicap > best_score:
                best, best_score = (hit, index), hit.score - handicap
        res.memo[key] = best
    found: tuple[SentenceHit, int] | None = res.memo[key]
    return found


def _spent_on(kb: KnowledgeBase, index: int) -> set[str]:
    """Words of a document's own label and name: they chose the document, not the sentence."""
    entry = kb.entries[index]
    return set(words_of_folded(expand(fast_fold(f"{entry.label} {entry.name}"))))


def sentence_answer(
    kb: KnowledgeBase, question: Question, res: Resolution, slots: list[str]
) -> Answer | None:
    """The Answer quoting the resolved document's sentence that holds the asked slots."""
    if not slots:
        return None
    found = _sentence(kb, question, res, slots)
    if found is None:
        return None
    hit, index = found
    entry = kb.entries[index]
    quote = cut_quote(hit.sentence.quote, passage_words(question))
    reply = DraftReply(lines=[tr(question.language, "answer_document_says"), f"“{quote}”"])
    reply.citations.append(Citation(entry.source, entry.label, hit.sentence.section, quote))
    return finish(kb, question, "passage", reply, res, index)


def not_stated(kb: KnowledgeBase, question: Question, res: Resolution, slots: list[str]) -> Answer:
    """ "Kế hoạch ... không nêu ..." for the document asked about, citing it (no quote)."""
    index = asked_about(kb, question, res)
    assert index is not None
    e = kb.entries[index]
    what = ", ".join(name for slot in slots if (name := SLOT_NAMES.get(slot, slot)))
    text = tr(question.language, "answer_not_stated", label=e.label, what=what)
    reply = DraftReply(lines=[text], answered=False)
    reply.citations.append(Citation(e.source, e.label, "", ""))
    return finish(kb, question, "not_stated", reply, res, index)


def from_text(
    kb: KnowledgeBase,
    question: Question,
    res: Resolution,
    slots: list[str],
    in_domain: bool,
    found: tuple[PassageHit, int] | None = None,
) -> Answer | None:
    """The text steps: the sentence holding the asked slot; for open questions the best
    passage; when a slot is asked and the document has no sentence with it, "không nêu"."""
    if slots:
        said = sentence_answer(kb, question, res, slots)
        if said is not None:
            return said
        if in_domain and asked_about(kb, question, res) is not None:
            return not_stated(kb, question, res, slots)
        return None
    hit = found or best_passage(kb, question, res)
    if hit is not None and strong_passage(hit[0], question, in_domain):
        return finish_passage(kb, question, hit, res)
    return None
