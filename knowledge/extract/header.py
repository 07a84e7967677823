"""Document identity: type, number, issuer, place, issue date, signer, title."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from knowledge.extract.issuers import prose_issuer
from knowledge.extract.numbers import (
    header_number,
    metadata_issue_date,
    metadata_signer,
    prose_number,
)
from knowledge.places.provinces import find_province
from knowledge.schema import DocumentInfo
from knowledge.text.normalise import at_word_start, fold, is_word_char

DOC_TYPES = {
    "ke hoach": "Kế hoạch",
    "chi thi": "Chỉ thị",
    "quyet dinh": "Quyết định",
    "huong dan": "Hướng dẫn",
    "cong van": "Công văn",
    "thong bao": "Thông báo",
    "nghi quyet": "Nghị quyết",
}
TYPE_BY_CODE = {
    "KH": "Kế hoạch",
    "CT": "Chỉ thị",
    "QĐ": "Quyết định",
    "QD": "Quyết định",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "NQ": "Nghị quyết",
}
_HEADER_LINES = 14
_NUMBER = re.compile(r"^Số\s*:?\s*(\d{1,5})\s*/\s*((?:[A-ZĐ]{1,8})(?:\s*-\s*[A-ZĐ]{1,10}){0,3})")
# Literal-led (", ngày …"): the place is read backwards from the comma (see _place_date).
_PLACE_DATE = re.compile(
    r",\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
_PLACE_BEFORE = re.compile(r"(?:^|\s{2,}|\s\|\s|\s)(?P<place>[A-ZĐÂ][^\d,]{1,40})$")
_LEVELS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn")
_ISSUER_HEADER = re.compile(
    r"^(?:ỦY|UỶ|UBND)\s*(?:BAN NHÂN DÂN)?\s+(?P<level>TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|QUẬN|XÃ|PHƯỜNG"
    r"|THỊ TRẤN)\s+(?P<name>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]+?)\s*$"
)
_NAME_WORD = r"[^\W\d_][^\W\d_]+"
_PLACE_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
# Starts with the body's name itself (a literal), so the scan is quick; "Chủ tịch" before it
# is looked up by hand.
_CHAIR_BEFORE = re.compile(r"Chủ tịch\s+$")
_ISSUER_BODY = re.compile(
    rf"(?:Ủy ban nhân dân|UBND|Uỷ ban nhân dân)\s+"
    rf"(?P<level>{'|'.join(_LEVELS)})(?P<rest>(?:\s+{_NAME_WORD}){{0,4}}?)\s+"
    r"(?:ban hành|phát động|xây dựng|tổ chức)"
)


def capitalised_run(words: str) -> str | None:
    """The leading run of capitalised words: "Duyên Hải đạt được" -> "Duyên Hải"."""
    run = []
    for word in words.split():
        if word[:1].isupper() and word.isalpha():
            run.append(word)
        else:
            break
    return " ".join(run[:4]) or None


_SIGN_TITLE = re.compile(
    r"^(?:TM\.|KT\.|Q\.|TL\.)?\s*(?:ỦY BAN NHÂN DÂN|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|"
    r"PHÓ GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN)\b"
)
_PERSON = re.compile(r"^[^\W\d_]+(?:\s+[^\W\d_]+){1,4}$")


def _title_case(words: str) -> str:
    return " ".join(w.capitalize() for w in words.split())


def _doc_type_line(lines: list[str]) -> tuple[str | None, str | None, int]:
    """Find the document-type heading: returns (type, title on the same line, line index)."""
    for i, line in enumerate(lines[:40]):
        if not line or len(line) > 400 or not line[0].isupper():
            continue  # a type heading starts with a capital; long body lines are skipped
        folded = fold(line[:12])
        for key, name in DOC_TYPES.items():
            if folded == key or (folded.startswith(key + " ") and line[: len(key)].isupper()):
                rest = line[len(key) :].strip(" :-")
                return name, rest or None, i
    return None, None, -1


def _title_after(lines: list[str], index: int, inline: str | None) -> str | None:
    if inline:
        return inline
    for line in lines[index + 1 : index + 4]:
        if line.strip():
            return line.strip()
    return None


def _issuer(lines: list[str], text: str, number_code: str | None, place: str | None) -> str | None:
    for line in lines[:_HEADER_LINES]:
        m = _ISSUER_HEADER.match(line.strip())
        if m:
            return f"UBND {m.group('level').lower()} {_title_case(m.group('name'))}"
    if number_code and number_code.endswith("UBND") and place:
        # The number's "-UBND" names the issuing body; the place names where it sits.
        level = _level_of(text, place) or "tỉnh"
        return f"UBND {level} {place}"
    for m_body in _ISSUER_BODY.finditer(text):
        before = text[max(0, m_body.start() - 18) : m_body.start()]
        chair = _CHAIR_BEFORE.search(before)
        lead = before[: chair.start()] if chair else before
        if re.search(r"\bcủa\s*$", lead[-8:]):
            continue  # "Kế hoạch số 68 ... của Chủ tịch UBND tỉnh X": another document's issuer
        level = m_body.group("level")
        name = capitalised_run(m_body.group("rest") or "") or _named_unit(text, level)
        if name:
            prefix = "Chủ tịch UBND" if chair else "UBND"
            return f"{prefix} {level} {name}"
    return None


@lru_cache(maxsize=32)
def _unit_pattern(level: str) -> re.Pattern[str]:
    """The "<level> <Name>" pattern; `at_word_start` checks the word boundary before it."""
    return re.compile(rf"{level}\s+({_PLACE_NAME})")


def _named_unit(text: str, level: str) -> str | None:
    """The most frequent "<level> <Name>" in the text, e.g. "thị xã Duyên Hải"."""
    counts: dict[str, int] = {}
    for m in at_word_start(_unit_pattern(level), text):
        name = capitalised_run(m.group(1))
        if name:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


# A level and the blanks after it. No level is another level followed by more words, so at
# most one level starts at a given position.
_LEVEL_BLANKS = re.compile(rf"({'|'.join(_LEVELS)})\s+")


def _level_of(text: str, place: str) -> str | None:
    """The level first written before `place`, as `\\b(<levels>)\\s+<place>\\b` finds it."""
    if not place or place[0].isspace():  # never from the header pattern: the regex decides
        m = re.search(rf"\b({'|'.join(_LEVELS)})\s+{re.escape(place)}\b", text)
        return m.group(1) if m else None
    # One fixed pattern instead of one per place: each place compiled its own regex (the
    # places outnumber the regex cache), which cost more than the search.
    pos = 0
    while (m := _LEVEL_BLANKS.search(text, pos)) is not None:
        start, end = m.start(), m.end() + len(place)
        if (
            not (start and is_word_char(text[start - 1]))
            and text.startswith(place, m.end())
            and is_word_char(text[end - 1]) != (end < len(text) and is_word_char(text[end]))
        ):
            return m.group(1)
        pos = start + 1
    return None


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """Signer name and capacity from the last lines of the document."""
    tail = [line.strip() for line in lines[-25:] if line.strip()]
    signer = None
    last = tail[-1] if tail else ""
    capitalised = all(w[:1].isupper() for w in last.split())
    if last and _PERSON.match(last) and capitalised and last.upper() != last:
        signer = last
    titles: list[str] = []
    i = 0
    while i < len(tail):
        line = tail[i]
        i += 1
        if _SIGN_TITLE.match(line) and line.upper() == line:
            titles = [line]  # the last block of capacity lines wins
            while i < len(tail) and _SIGN_TITLE.match(tail[i]) and tail[i].upper() == tail[i]:
                titles.append(tail[i])
                i += 1
    capacity = " - ".join(_capacity_case(t) for t in titles) if titles else None
    return signer, capacity


def _capacity_case(text: str) -> str:
    text = text.capitalize()
    for word in ("Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch"):
        text = re.sub(re.escape(word), word, text, flags=re.IGNORECASE)
    return re.sub(
        r"^(tm|kt|q|tl)\.\s*", lambda m: m.group(1).upper() + ". ", text, flags=re.IGNORECASE
    )


def _place_date(head: str) -> tuple[re.Match[str] | None, str | None]:
    """ "Hà Nội, ngày 15 tháng 11 năm 2013" (lines joined): the date and the place before it."""
    for m in _PLACE_DATE.finditer(head):
        before = _PLACE_BEFORE.search(head, max(0, m.start() - 41), m.start())
        if before is not None:
            return m, before.group("place").strip()
    return None, None


def extract_header(text: str) -> DocumentInfo:
    """Read the document's identity from its header and signature; unknown stays None."""
    lines = text.splitlines()
    info = DocumentInfo()
    number_code = None
    for line in lines[:_HEADER_LINES]:
        m = _NUMBER.match(line.strip())
        if m:
            number_code = re.sub(r"\s+", "", m.group(2))
            info.number = f"{m.group(1)}/{number_code}"  # as written: "02", "4", "31"
            break
    # Flattened two-column headers, "Số 04/ KH-THPTTX. PL", "10-KH/LĐ": the looser reading.
    loose = header_number(text)
    if loose and (info.number is None or len(loose) > len(info.number)):
        info.number = loose
    head = " ".join(line.strip() for line in lines[:_HEADER_LINES + 6])
    m, place = _place_date(head)
    if m:
        info.place = place
        try:
            info.issue_date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            info.issue_date = None
    if info.issue_date is None:
        info.issue_date = metadata_issue_date(text)
    if info.number is None:
        info.number, prose_date = prose_number(text)
        if info.issue_date is None:
            info.issue_date = prose_date
    doc_type, inline_title, index = _doc_type_line(lines)
    if doc_type is None and number_code:
        doc_type = TYPE_BY_CODE.get(number_code.split("-")[0])
    info.doc_type = doc_type
    if index >= 0:
        info.title = _title_after(lines, index, inline_title)
    info.issuer = _issuer(lines, text, number_code, info.place) or prose_issuer(text)
    info.signer, info.signer_title = _signature(lines)
    if info.signer is None:
        info.signer = metadata_signer(text)
    info.province = find_province(" ".join(filter(None, [info.issuer, info.place])), text)
    return info
