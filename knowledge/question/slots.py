"""What a question asks for: its slots, the words a sentence must hold, the dates it writes.

A question's *slot* is the kind of fact it asks for: a date or period ("khi nào", "ngày
nào"), a cut-off ("hạn … ngày nào"), a duration ("bao lâu", "mấy tháng"), a place or
recipient ("ở đâu", "gửi về đâu"), an agency or person ("ai", "cơ quan nào", "là ai"), a
number ("bao nhiêu", "mấy"), a document's number, a way of sending, a reward form.
knowledge/answer/sentences.py then looks for a sentence that holds it.
"""

from __future__ import annotations

import re

# Ways of sending: asked for ("qua email được không?") and stated ("gửi qua thư điện tử").
CHANNEL = re.compile(r"\b(e ?mail|gmail|thu dien tu|truc tuyen|online|qua mang|phan mem)\b")

_SLOT_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "duration",
        re.compile(
            r"\b(bao lau|may thang|may ngay|may tuan|may nam|bao nhieu (ngay|thang|tuan|nam))\b"
            r"(?! \d{4})"  # "đạt bao nhiêu năm 2021": the year, not a number of years
            r"(?! (mot|1) lan)"
        ),
    ),
    (
        "day",
        re.compile(
            r"\b(ngay nao|truoc ngay|cham nhat|han chot|thoi han|co han|han (dang ky|nop|gui|"
            r"bao cao|ky ket))\b"
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(khi nao|bao gio|luc nao|thang nao|nam nao|thoi gian nao|tu ngay|"
            r"den ngay|thoi diem|tu thang nao)\b"
        ),
    ),
    ("place", re.compile(r"\b(o dau|ve dau|tai dau|noi nao|dia diem|cho nao|gui dau)\b")),
    ("reward", re.compile(r"\b(hinh thuc khen thuong|khen thuong (bang )?(nhung )?hinh thuc)\b")),
    (
        "who",
        re.compile(
            r"(^|\s)ai(\s|$|[?.!,])|\b(co quan nao|don vi nao|huyen nao|bo nao|so nao|"
            r"benh vien nao|nguoi nao|to chuc nao|ban nao|phong nao|cap nao)\b"
        ),
    ),
    # "gửi qua email được không?": a way of sending that the text must name itself
    ("channel", CHANNEL),
    # "theo Chỉ thị số mấy", "kế hoạch số mấy của Sở Y tế": a document's number
    (
        "docnum",
        re.compile(
            r"\b(ke hoach|chi thi|cong van|quyet dinh|thong tu|nghi quyet|huong dan|thong bao|"
            r"van ban|nghi dinh) so (may|bao nhieu|nao)\b"
        ),
    ),
    ("number", re.compile(r"\b(bao nhieu|so may|may|so luong|ty le|phan tram)\b")),
]

# Every kind of fact a question may ask for (the cues above, and what slots_of adds).
SLOT_KINDS = frozenset(name for name, _ in _SLOT_CUES) | {"start", "end", "due", "person"}


def slots_of(folded_question: str) -> list[str]:
    """The kinds of fact a question asks for, in the order they are asked ("gửi về đâu và khi
    nào?" -> ["place", "date"]); empty for open questions ("là gì", "những nội dung nào")."""
    found: list[tuple[int, str]] = []
    for name, pattern in _SLOT_CUES:
        m = pattern.search(folded_question)
        if m is None:
            continue
        if name == "number" and any(
            n in ("duration", "date", "day", "docnum") for _, n in found
        ):
            continue  # "mấy tháng" is a duration, "ngày nào" a date
        if name == "day" and any(n == "duration" for _, n in found):
            continue  # "chậm nhất bao nhiêu ngày?" asks for a duration
        if name == "date" and any(n == "day" for _, n in found):
            continue  # "hạn nộp ... khi nào?" asks for the day
        found.append((m.start(), name))
    found.sort()
    slots = [n for _, n in found]
    if "who" in slots and _ASKS_PERSON.search(folded_question):
        slots.append("person")  # "khối trưởng … là ai?": a person, not the agency's name
    if any(n in ("date", "day") for n in slots):
        if _ASKS_DUE.search(folded_question):
            slots.append("due")
        if _ASKS_END.search(folded_question):
            slots.append("end")
        elif _ASKS_START.search(folded_question):
            slots.append("start")
    return slots


_ASKS_PERSON = re.compile(r"\bla ai\b|^ai la\b|\bnguoi nao\b|\bla nguoi nao\b")
# "hạn gửi … ngày nào" asks for a cut-off: a date the text gives as a limit, not any date
# (an issue date in the header, an event's day).
_ASKS_DUE = re.compile(r"\b(han|cham nhat|thoi han|han chot|han cuoi)\b")
_ASKS_END = re.compile(r"\b(ket thuc|den khi nao|den ngay nao|den bao gio|keo dai den|het han)\b")
_ASKS_START = re.compile(r"\b(bat dau|tu ngay nao|tu khi nao|tu bao gio|khoi dong)\b")


_DEADLINE_OF = re.compile(r"\bhan (dang ky|nop|gui|bao cao|ky ket)\b")
_PHASE_NUMBER = re.compile(r"\b(dot|giai doan) (\d|i{1,3}|iv|v)\b")
_ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v"}
_ARABIC = {v: k for k, v in _ROMAN.items()}
# "đợt thi đua 100 ngày", "chiến dịch 60 ngày đêm": the count names the campaign
_N_DAYS_NAME = re.compile(r"\b(\d{2,3}) ngay\b")


def required_words(
    folded_question: str, slots: list[str] | None = None
) -> list[tuple[str, ...]]:
    """Words a sentence must hold to answer at all, each as its accepted spellings: what the
    deadline is for ("hạn đăng ký" -> "đăng ký"), the phase asked about ("đợt 2" -> "2" or
    "ii"), the day count naming a campaign ("100 ngày"). A sentence with another date is not
    the answer to the question. `slots`: the question's, when the caller has them."""
    out: list[tuple[str, ...]] = []
    m = _DEADLINE_OF.search(folded_question)
    if m:
        out.extend((w,) for w in m.group(1).split())
    phase = _PHASE_NUMBER.search(folded_question)
    if phase:
        n = phase.group(2)
        arabic = _ARABIC.get(n, n)
        out.append((phase.group(1).split()[0],))
        out.append((arabic, _ROMAN.get(arabic, arabic)))
    days = _N_DAYS_NAME.search(folded_question)
    dated = {"date", "day", "start", "end", "due"}
    asked = slots if slots is not None else slots_of(folded_question)
    if days and dated.intersection(asked):
        out.append((days.group(1),))
    return out


DAY_MONTH = re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\b")


def question_dates(folded_question: str) -> tuple[str, ...]:
    """Days and months the question itself writes ("chào mừng 20/11" -> "20/11")."""
    return tuple(f"{int(d)}/{int(m)}" for d, m in DAY_MONTH.findall(folded_question))
