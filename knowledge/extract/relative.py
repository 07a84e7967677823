"""Time limits that are not dates: "trong thời hạn 10 ngày làm việc", "chậm nhất không quá 45
ngày kể từ ngày lập được thành tích", "gởi trước ngày trao thưởng ít nhất 07 ngày".

They are deadlines without a calendar day (`due` None, `relative` the limit as written): answers
quote them, reminders never fire for them.
"""

from __future__ import annotations

import re

from knowledge.extract.agencies import recipient_and_via
from knowledge.extract.sentences import Sentence
from knowledge.schema import Deadline
from knowledge.text.normalise import fold

# Matched on folded text (one character for one, so positions are the original's).
_LIMIT = re.compile(
    r"\b(?P<op>trong\s+(?:thoi\s+han|pham\s+vi)(?:\s+khong\s+qua)?|(?:cham\s+nhat\s+)?khong\s+qua"
    r"|it\s+nhat|truoc(?:\s+ngay\s+[a-z]+(?:\s+[a-z]+)?\s+it\s+nhat)?)"
    r"\s+(?P<n>\d{1,3})\s+(?P<unit>ngay(?:\s+lam\s+viec)?|thang)\b"
    r"(?P<from>\s+(?:ke\s+tu|tinh\s+tu)\s+ngay[^,;.]{0,80})?"
)
_CUES = re.compile(r"thoi han|pham vi|khong qua|it nhat|truoc \d")
_ACTION = re.compile(
    r"\b(?:gui|goi|nop|thong\s+bao|tra\s+lai|xu\s+ly|sao|trinh|ho\s+so|bao\s+cao|de\s+nghi)\b"
)


def _op_word(op: str) -> str:
    """The operator's kind: two limits of the same kind in a clause are one rule and a variant."""
    for word in ("khong qua", "it nhat"):
        if word in op:
            return word
    return op.split()[0]


def extract_relative(sentences: list[Sentence], classify: object) -> list[Deadline]:
    """Every relative time limit of a sentence that asks someone to send or do something."""
    out: list[Deadline] = []
    for sentence in sentences:
        if _CUES.search(sentence.folded) is None:
            continue
        folded = fold(sentence.text)  # one character for one: positions are the text's
        if "ngay" not in folded or not _ACTION.search(folded):
            continue
        previous: tuple[str, int] | None = None  # (operator kind, end) of the clause's last limit
        for m in _LIMIT.finditer(folded):
            op = _op_word(m.group("op"))
            if previous and previous[0] == op and ";" not in folded[previous[1] : m.start()]:
                # "không quá 05 ngày làm việc, trường hợp có lấy ý kiến … không quá 10 ngày":
                # the same limit with a variant, kept in the first one's quote.
                previous = (op, m.end())
                continue
            previous = (op, m.end())
            out.append(_deadline(sentence, m, classify))
    return out


def _deadline(sentence: Sentence, m: re.Match[str], classify: object) -> Deadline:
    text = sentence.text
    clause_start = max(text.rfind(";", 0, m.start()), text.rfind(". ", 0, m.start())) + 1
    clause_end = min(i for i in (text.find(";", m.end()), len(text)) if i >= 0)
    clause = text[clause_start:clause_end].strip(" ,;.")
    recipient, via = recipient_and_via(text)
    limit = text[m.start("n") : m.end()].strip(" ,")
    kind = classify(clause)  # type: ignore[operator]
    return Deadline(
        kind=kind,
        due=None,
        date_text=text[m.start() : m.end()].strip(" ,"),
        relative=limit,
        what=clause[:1].upper() + clause[1:200],
        recipient=recipient,
        via=via,
        quote=text,
        section=sentence.section,
    )
