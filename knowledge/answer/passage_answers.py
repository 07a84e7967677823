"""The passage step of the answer chain: the best passage of the resolved document(s) for an open
question, whether it is strong enough to quote, and whether it explains clearly more of the
question than a structured reply does."""

from __future__ import annotations

from knowledge.answer.assemble import finish
from knowledge.answer.contract import Answer, Citation
from knowledge.answer.facts import DraftReply
from knowledge.answer.resolve import Resolution
from knowledge.index.base import DocEntry, KnowledgeBase
from knowledge.presentation.catalogue import tr
from knowledge.question.intents import CUE_WORDS
from knowledge.question.reading import Question, expand
from knowledge.text.passages import PassageHit, quote_of, score_passages
from knowledge.text.tokens import FRAME_WORDS, fast_fold, words_of_folded

PASSAGE_DOCS = 3  # documents searched for a passage when the campaign is not named
MIN_COVERAGE = 0.5  # share of the question's word weight a quoted passage must hold
# Every word weighs its IDF plus this floor, so that a word in every document still counts
# (from the first version of the core).
IDF_FLOOR = 0.2
# Asking words ("khi nào", "bao nhiêu") and the base's common words weigh this share of their
# IDF: they say what kind of answer is wanted, not where it is (tuned with the own set when the
# sentence step came, 66696d2).
CUE_SHARE = 0.35
# A document holding this much less than MIN_COVERAGE of the question's weight is not searched:
# no passage can cover more than its document (a speed cut, dee24d0, kept from dropping
# passages the full search would take).
DOC_COVERAGE_SLACK = 0.05
# Each later document's best passage loses this much per rank and per point its document trails
# the best one: later documents must beat the best-ranked one clearly (fbe7148, b4bb8d4).
RANK_PENALTY = 0.1
RESOLUTION_GAP_PENALTY = 0.15
# Unanchored questions (no campaign word) quote only a passage this strong (first version).
UNANCHORED_COVERAGE = 0.75
UNANCHORED_PAIRS = 2
UNANCHORED_PAIR_COVERAGE = 0.5
# A structured reply explaining this share of the question's topic is kept as it is; a passage
# replaces it only when it explains REPLY_MARGIN more (tuned on the dev questions, 750f5bc).
TRUSTED_REPLY_COVERAGE = 0.8
REPLY_MARGIN = 0.25
# A section heading that names all the topic words (coverage at least FULL_HEADING) adds
# HEADING_BONUS to its passage's coverage (tuned with the own set, 8278de4).
FULL_HEADING = 0.99
HEADING_BONUS = 0.3


def word_weight(kb: KnowledgeBase, word: str) -> float:
    """A question word's weight: its IDF, less for asking words and the base's common words."""
    base = kb.idf(word) + IDF_FLOOR
    return base * (CUE_SHARE if word in CUE_WORDS or kb.generic(word) else 1.0)


def covered(kb: KnowledgeBase, words: list[str], have: set[str]) -> float:
    """The IDF-weighted share of the words that are in the set (1.0 for no words)."""
    total = sum(kb.idf(word) + IDF_FLOOR for word in words)
    if not total:
        return 1.0
    return sum(kb.idf(word) + IDF_FLOOR for word in words if word in have) / total


def reply_coverage(
    kb: KnowledgeBase, question: Question, reply: DraftReply, entry: DocEntry, intent: str
) -> float:
    """Share of the question's specific words the reply (or its campaign's label) explains."""
    topic = [word for word in question.topic(intent) if not kb.generic(word)]
    if not topic:
        return 1.0
    texts = [*reply.lines, *reply.explains, expand(fast_fold(entry.label))]
    explained = set(words_of_folded(fast_fold(" ".join(texts))))
    explained.update(word for place in question.places for word in place.split())
    explained.update(str(year) for year in question.years)
    if question.intent.special:
        explained.update(("dac", "biet"))
    return covered(kb, topic, explained)


def better_passage(
    kb: KnowledgeBase,
    question: Question,
    res: Resolution,
    reply: DraftReply,
    entry: DocEntry,
    intent: str,
) -> tuple[PassageHit, int] | None:
    """A passage that explains clearly more of the question than the structured reply does."""
    topic = [word for word in question.topic(intent) if not kb.generic(word)]
    if not topic:
        return None
    # A reply to the exact phase or deadline kind the question names is trusted as it is.
    if (question.intent.phase is not None and "phase" in reply.slots) or (
        question.intent.deadline_kind
        and reply.slots.get("deadline_kind") == question.intent.deadline_kind
    ):
        return None
    reply_cov = reply_coverage(kb, question, reply, entry, intent)
    if reply_cov >= TRUSTED_REPLY_COVERAGE:
        return None
    found = best_passage(kb, question, res)
    if found is None or not strong_passage(found[0], question, True):
        return None
    passage = found[0].passage
    other = kb.entries[found[1]]
    name_words = set(words_of_folded(expand(fast_fold(f"{other.label} {other.name}"))))
    passage_cov = covered(
        kb, topic, set(passage.words) | set(passage.head_words) | name_words
    )
    if covered(kb, topic, set(passage.head_words)) >= FULL_HEADING:
        passage_cov += HEADING_BONUS  # the section's heading names exactly what is asked
    return found if passage_cov >= reply_cov + REPLY_MARGIN else None


def passage_words(question: Question) -> list[str]:
    """The question's words a passage or sentence must hold (not those that named the campaign)."""
    spent = _spent(question)
    words = [word for word in question.content if word not in FRAME_WORDS and word not in spent]
    return words or question.content


def _spent(question: Question) -> set[str]:
    """Words that named the campaign (its year, "đặc biệt"): spent on finding the document."""
    spent = {str(year) for year in question.years}
    if question.intent.special:
        spent.update(("dac", "biet"))
    return spent


def _passage_pairs(question: Question) -> list[str]:
    spent = _spent(question)
    return [pair for pair in question.pairs if not any(word in spent for word in pair.split())]


def best_passage(
    kb: KnowledgeBase, question: Question, res: Resolution
) -> tuple[PassageHit, int] | None:
    """The best passage in the best document(s) (computed once per question)."""
    if "passage" not in res.memo:
        res.memo["passage"] = _find_passage(kb, question, res)
    return res.memo["passage"]


def _find_passage(
    kb: KnowledgeBase, question: Question, res: Resolution
) -> tuple[PassageHit, int] | None:
    words = passage_words(question)
    if not words or not res.ranked:
        return None
    docs = [res.ranked[0][0]]
    if not (res.explicit or res.from_context):
        docs = [index for index, _ in res.ranked[:PASSAGE_DOCS]]
    top_score = res.ranked[0][1]
    gap = {index: max(0.0, top_score - score) for index, score in res.ranked[:PASSAGE_DOCS]}

    def weight(word: str) -> float:
        return word_weight(kb, word)

    weights = {word: weight(word) for word in words}
    total = sum(weights.values()) or 1.0
    best: tuple[PassageHit, int] | None = None
    for rank, index in enumerate(docs):
        # No passage can cover more of the question than its whole document does.
        in_doc = sum(wt for word, wt in weights.items() if kb.doc_has(word, index))
        if in_doc / total < MIN_COVERAGE - DOC_COVERAGE_SLACK:
            continue
        hits = score_passages(kb.passages(index), words, _passage_pairs(question), weight)
        if hits:
            hit = hits[0]
            adjusted = (
                hit.score - RANK_PENALTY * rank - RESOLUTION_GAP_PENALTY * gap.get(index, 0.0)
            )
            if best is None or adjusted > best[0].score:
                best = (
                    PassageHit(
                        hit.passage, adjusted, hit.coverage, hit.pair_coverage, hit.pairs_matched
                    ),
                    index,
                )
    return best


def strong_passage(hit: PassageHit, question: Question, in_domain: bool) -> bool:
    """Whether a passage answers the question well enough to quote it."""
    if in_domain:
        return hit.coverage >= MIN_COVERAGE and (
            hit.pairs_matched >= 1 or len(question.content) <= 2
        )
    return (
        hit.coverage >= UNANCHORED_COVERAGE
        and hit.pairs_matched >= UNANCHORED_PAIRS
        and hit.pair_coverage >= UNANCHORED_PAIR_COVERAGE
    )


def finish_passage(
    kb: KnowledgeBase, question: Question, found: tuple[PassageHit, int], res: Resolution
) -> Answer:
    """The Answer quoting a passage, cited to its section."""
    hit, index = found
    entry = kb.entries[index]
    quote = quote_of(hit.passage, passage_words(question))
    reply = DraftReply(lines=[tr(question.language, "answer_document_says"), f"“{quote}”"])
    reply.citations.append(Citation(entry.source, entry.label, hit.passage.section, quote))
    return finish(kb, question, "passage", reply, res, index)
