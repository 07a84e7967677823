"""Questions that ask two things at once: split into their parts, answered part by part.

"Báo cáo tổng kết gửi về đâu và trước ngày nào?", "hạn đăng ký và hạn gửi báo cáo là khi nào?",
"Đợt 2 bắt đầu khi nào, có những hình thức khen thưởng nào?": each part is a question of its
own; a part that is only a question word borrows the subject of the part before it, and the
parts of "X và Y là khi nào" share the asking tail. A leading "An Giang:" goes to every part.
Names that contain "và" ("Sở Lao động - Thương binh và Xã hội") are not split: a part needs a
question word of its own, or must open with a word that names a thing one asks about.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.answer.contract import Answer, ConversationContext
from knowledge.text.normalise import fold

MAX_PARTS = 4  # more than this is a list, not a question in parts
MIN_OWN_WORDS = 3  # a part with fewer words (besides its question word) borrows a subject

_SEPARATOR = re.compile(r"\s*(?:[,;]|\bvà\b|\bva\b|\band\b)\s*", re.IGNORECASE)
# Question words (folded). "nao" covers "ngày nào", "những hình thức nào"; "khong" a yes/no.
_CUE = re.compile(
    r"\b(?:khi nao|luc nao|bao gio|o dau|ve dau|den dau|bao nhieu|may|nao|ai|gi|the nao|"
    r"ra sao|khong|when|where|who|what|which|how)\b"
)
# The asking tail shared by "X và Y là khi nào?".
_TAIL = re.compile(
    r"\s*(?:(?:la|vao|den)\s+)?(?:khi nao|ngay nao|luc nao|bao gio|o dau|bao nhieu|gi|"
    r"nhung gi|the nao)\s*\??\s*$"
)
# Openings of a noun phrase one asks about, so "hạn đăng ký và hạn báo cáo ..." is two parts.
_THING = re.compile(
    r"^(?:han|ngay|thoi gian|thoi han|thoi diem|bao cao|ho so|dot|giai doan|hinh thuc|muc tieu|"
    r"chi tieu|noi dung|co quan|don vi|noi|ket qua|danh hieu|khen thuong)\b"
)
_PREFIX = re.compile(r"^([^:?]{2,60}):\s*")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _before_cue(text: str) -> str:
    """The words of `text` before its first question word (token by token: folding may change
    a text's length, so folded offsets do not index the original)."""
    tokens = text.split()
    folded = [fold(t) for t in tokens]
    for i in range(len(tokens)):
        if _CUE.match(" ".join(folded[i:])):
            # "ngày nào", "hình thức nào": the word before "nào" is part of the question word
            cut = i - 1 if folded[i] == "nao" and i > 0 else i
            return " ".join(tokens[:cut])
    return text


def _last_words(text: str, n: int) -> str:
    return " ".join(text.split()[-n:]) if n > 0 else ""


def split_parts(question: str) -> list[str]:
    """The question's parts, each a question of its own; [] when it asks one thing."""
    text = " ".join(question.split())
    prefix = ""
    m = _PREFIX.match(text)
    if m:
        prefix, text = m.group(1).strip() + ": ", text[m.end():]
    segments = [s.strip(" ?.") for s in _SEPARATOR.split(text) if s and s.strip(" ?.")]
    if len(segments) < 2:
        return []
    cued = [bool(_CUE.search(fold(s))) for s in segments]
    parts: list[str] = []
    if not any(cued[:-1]) and cued[-1]:
        # "X và Y là khi nào": each uncued segment must name a thing, and takes the tail
        tail = _TAIL.search(fold(segments[-1]))
        if tail is None or not all(_THING.match(fold(s)) for s in segments):
            return []
        ask = _last_words(segments[-1], len(tail.group(0).split()))
        parts = [f"{s} {ask}" for s in segments[:-1]] + [segments[-1]]
    else:
        pending: list[str] = []
        for seg, has_cue in zip(segments, cued, strict=True):
            pending.append(seg)
            if has_cue:
                parts.append(" ".join(pending))
                pending = []
        if pending:  # words after the last question word belong to the last part
            if not parts:
                return []
            parts[-1] = f"{parts[-1]} {' '.join(pending)}"
        for i in range(1, len(parts)):
            own = [w for w in _words(parts[i]) if not _CUE.fullmatch(w)]
            if len(own) < MIN_OWN_WORDS:  # "... và khi nào": the subject of the part before
                parts[i] = f"{_before_cue(parts[i - 1])} {parts[i]}".strip()
    if not 2 <= len(parts) <= MAX_PARTS:
        return []
    return [f"{prefix}{p.rstrip(' ?')}?" for p in parts]


def _stated(a: Answer) -> bool:
    return a.answered and a.intent != "not_stated"


Ask = Callable[[str, ConversationContext | None], Answer]
Follow = Callable[[ConversationContext | None, Answer], ConversationContext]


def answer_in_parts(
    parts: list[str],
    whole: Answer,
    ask: Ask,
    context: ConversationContext | None,
    follow: Follow,
) -> Answer:
    """A question asking several things, answered part by part when that says more.

    `ask` answers one part in a context; `follow` gives the context an answer leaves. Each
    part is answered in the context the part before left (so "…, có những hình thức khen
    thưởng nào?" stays on the campaign the first part found). The parts replace the whole
    answer when at least two of them are answered from the text (and say more than the whole
    answer quotes), or when the whole question found nothing the text states and a part did.
    """
    answers: list[Answer] = []
    ctx = context
    for part in parts:
        a = ask(part, ctx)
        answers.append(a)
        ctx = follow(ctx, a)
    stated = [a for a in answers if _stated(a)]
    if len(stated) < 2 and (_stated(whole) or not stated):
        return whole
    quoted = {c.quote for c in whole.citations}
    if _stated(whole) and all(c.quote in quoted for a in stated for c in a.citations):
        return whole  # the whole answer already quotes what every part found
    kept: list[Answer] = []
    for a in answers:
        if a.text not in {k.text for k in kept}:
            kept.append(a)
    if len(kept) == 1:
        return kept[0]
    first = stated[0]
    return Answer(
        text="\n\n".join(a.text for a in kept),
        answered=True,
        intent=first.intent,
        campaigns=list(dict.fromkeys(c for a in kept for c in a.campaigns)),
        warnings=list(dict.fromkeys(w for a in kept for w in a.warnings)),
        suggestions=[],
        citations=[c for a in kept for c in a.citations],
        choices=first.choices,
        deadline_ids=list(dict.fromkeys(d for a in kept for d in a.deadline_ids)),
        language=first.language,
        slots=dict(first.slots),
    )
