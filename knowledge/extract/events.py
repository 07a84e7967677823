"""Dated happenings in running prose: "Sáng 23/2, tại Sở Du lịch, Khối thi đua ... tổ chức hội
nghị ký kết", "Hội nghị dự kiến tổ chức trong tháng 2/2021", "được tổ chức vào ngày 29/11/2022".

An event is not a cut-off: nothing is due, so it is never reminded. Its role is decided from the
words around the date: a time of day or "Ngày d/m," opening the sentence (news style), or a verb
of holding just before it ("tổ chức vào", "diễn ra", "khai mạc").
"""

from __future__ import annotations

import re

from knowledge.dates.phrases import DateMention, parse_dates_shared
from knowledge.extract.ids import stable_id, unique_ids
from knowledge.extract.sentences import Sentence
from knowledge.extract.timeline import Timeline
from knowledge.schema import Event
from knowledge.text.normalise import fold

# A news lead before the first words: "Hanoinet - ", "BPO - ", "(Mặt trận) -", "TĐKT – ".
_LEAD = re.compile(r"^(?:\([^)]{1,40}\)\s*)?(?:[^\s]{1,20}\s*)?[-–]\s*")
_HEAD_WORDS = re.compile(r"^\s*(?:vào\s+(?:đúng\s+)?)?$", re.IGNORECASE)
_YEAR_WORD = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b")
# The sentence opens with its date: "Sáng 23/4,", "Chiều ngày 02/12,", "Vào đúng ngày 8/3,".
_OPENING = re.compile(r"^(?:vao\s+(?:dung\s+)?)?(?:sang|chieu|toi|trua|dem|ngay)\b")
_AFTER_OPENING = re.compile(r"^\s*(?:,|\btai\b|\bluc\b)")
# A verb of holding just before the date: "được tổ chức vào ngày", "diễn ra sáng".
_HOLDING = re.compile(
    r"\b(?:to\s+chuc|dien\s+ra|khai\s+mac|be\s+mac|phat\s+dong|ky\s+ket|ra\s+quan)"
    r"(?:\s+(?:vao|trong|dip))?(?:\s+(?:dung|sang|chieu|toi))?\s*$"
)
_WHAT_MAX = 160
_DIGIT = re.compile(r"[0-9]")
# A cheap test before parsing: an opening time word, or a verb of holding somewhere.
_CUE = re.compile(
    r"^.{0,50}?\b(?:sang|chieu|toi|trua|dem|ngay) [0-9]"
    r"|to chuc|dien ra|khai mac|be mac|phat dong|ky ket|ra quan"
)


def is_event_date(mention: DateMention, sentence: Sentence) -> bool:
    """Whether the words around `mention` make it the date of a happening."""
    if mention.kind not in ("day", "month") or mention.deadline or not mention.valid:
        return False
    text = sentence.text
    head = _LEAD.sub("", text[: mention.span[0]], count=1) if mention.span[0] < 45 else None
    if head is not None and _HEAD_WORDS.match(head):
        opening = fold(mention.text)
        return bool(_OPENING.match(opening)) and bool(
            _AFTER_OPENING.match(fold(text[mention.span[1] :]))
        )
    before = fold(text[max(0, mention.span[0] - 40) : mention.span[0]])
    return bool(_HOLDING.search(before))


def _what(sentence: str, mention: DateMention) -> str:
    rest = (sentence[: mention.span[0]] + " " + sentence[mention.span[1] :]).strip(" ,.;:-–")
    rest = re.sub(r"\s+", " ", _LEAD.sub("", rest, count=1)).strip(" ,")
    if len(rest) > _WHAT_MAX:
        rest = rest[: _WHAT_MAX - 1].rsplit(" ", 1)[0] + "…"
    return rest[:1].upper() + rest[1:]


def extract_events(sentences: list[Sentence], timeline: Timeline) -> list[Event]:
    """Every dated happening the prose reports or announces, its year placed by the timeline."""
    found: list[Event] = []
    seen: set[tuple[str, str]] = set()
    for sentence in sentences:
        if _DIGIT.search(sentence.text) is None or _CUE.search(sentence.folded) is None:
            continue
        for mention in parse_dates_shared(sentence.text):
            if not is_event_date(mention, sentence):
                continue
            event = _event(mention, sentence, timeline)
            key = (event.date_text, event.what[:60])
            if key in seen:
                continue
            seen.add(key)
            found.append(event)
    ids = unique_ids([stable_id("event", e.date_text, e.what) for e in found])
    for event, ident in zip(found, ids, strict=True):
        event.id = ident
    return found


def _event(mention: DateMention, sentence: Sentence, timeline: Timeline) -> Event:
    date, year_from = mention.start, "sentence" if mention.year_inferred else None
    if date is None and mention.day and mention.month:
        years = {int(y) for y in _YEAR_WORD.findall(sentence.text)}
        date, year_from = timeline.place(
            mention.day, mention.month, sentence_year=years.pop() if len(years) == 1 else None
        )
    return Event(
        what=_what(sentence.text, mention),
        date=date,
        date_text=mention.text.strip(" ().,;"),
        precision="month" if mention.kind == "month" else "day",
        day=mention.day,
        month=mention.month,
        year_from=year_from if date is not None else None,
        quote=sentence.text,
        section=sentence.section,
    )
