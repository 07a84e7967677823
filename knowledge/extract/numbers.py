"""A document's number and issue date wherever the text states them.

- Header lines: "Số: 31/KH-UBND", "Số 04/ KH-THPTTX. PL" (spaces inside the code, as typed),
  "Số hiệu: 28/HD-TĐKT", even when the two header columns were flattened onto one line.
- Metadata lines of legal-document sites: "Ngày ban hành: 09/01/2007", "Người ký: Hoàng
  Xuân Lộc".
- Headlines and news prose: "Kế hoạch 28/KH-BYT của Bộ Y tế …", "… đã ban hành Công văn số
  08/CV-CĐVP ngày 14/02/2020", "ngày 29/11/2022, UBND huyện ban hành Kế hoạch số 210/KH-UBND".
  Only a document the text says was issued ("ban hành", "ký", "vừa có") counts: "Thực hiện Kế
  hoạch số 1775/KH-SYT …" names the document this one follows, not this one.
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.dates.phrases import parse_dates
from knowledge.text.normalise import fold

_HEAD_CHARS = 1500
_PROSE_CHARS = 4000  # a news item says what was issued in its first paragraphs
_NUMBER_LABEL = re.compile(r"(?:^|(?<=\s))Số(?:\s+hiệu)?\s*:?\s*(?=\d)")
_CODE_TOKEN = re.compile(r"^[0-9A-ZĐÀ-Ỹ./-]+$")
_ISSUED_LABEL = re.compile(r"Ngày\s+ban\s+hành\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})")
_DOC_WORDS = (
    r"[Kk]ế hoạch|[Cc]ông văn|[Cc]hỉ thị|[Qq]uyết định|[Tt]hông tư|[Hh]ướng dẫn|[Tt]hông báo"
    r"|[Vv]ăn bản|[Nn]ghị quyết|[Tt]ờ trình|[Nn]ghị định|KẾ HOẠCH|CHỈ THỊ|CÔNG VĂN"
)
_PROSE_NUMBER = re.compile(
    rf"(?P<type>{_DOC_WORDS})\s+(?:[Ss]ố\s+)?"
    r"(?P<num>\d{1,6}(?:/\d{4})?[/-][A-ZĐ][0-9A-ZĐÀ-Ỹa-zđ./-]*[0-9A-ZĐÀ-Ỹ]|\d{1,6}(?![\d/]))"
)
_CODE = re.compile(r"(?<![\d/])\d{1,6}(?:/\d{4})?[/-][A-ZĐ]")
_ISSUED_VERB = re.compile(
    r"\b(?:ban hanh|ky ban hanh|ky|vua co|phe duyet|ra)\s*$"
)
_FOLLOWS = re.compile(r"\b(?:thuc hien|can cu|theo|trien khai|cua)\b[^,;.]{0,40}$")
_DATE_AFTER = 40  # "… số 08/CV-CĐVP ngày 14/02/2020": how far the date may follow the number
_DATE_BEFORE = 90  # "ngày 29/11/2022, UBND huyện ban hành …": how far it may precede


def header_number(text: str) -> str | None:
    """The number after "Số:" near the top, its code's inner spaces removed."""
    head = text[:_HEAD_CHARS]
    for m in _NUMBER_LABEL.finditer(head):
        line_end = head.find("\n", m.end())
        tokens: list[str] = []
        for token in head[m.end() : line_end if line_end >= 0 else None].split()[:4]:
            joined = not tokens or tokens[-1][-1] in "/-." or token[0] in "/-."
            if not _CODE_TOKEN.match(token) or not joined:
                break  # "Số: 31/KH-UBND CỘNG HÒA …": a flattened header's next column
            tokens.append(token)
        number = "".join(tokens).rstrip(".,")
        if re.match(r"^\d{1,6}[/-]\S*[A-ZĐ]", number):
            return number
    return None


def metadata_issue_date(text: str) -> dt.date | None:
    """ "Ngày ban hành: 09/01/2007" on a legal-document site's summary lines."""
    m = _ISSUED_LABEL.search(text[:_HEAD_CHARS])
    if m is None:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


# "Người ký Phạm Thị Thanh Trà", "Người ký: Hoàng Xuân Lộc Ngày ban hành: …": a name is two to
# five capitalised words; the next metadata label (capitalised too) is cut off below.
_SIGNER_LABEL = re.compile(r"Người ký\s*:?\s*((?:[A-ZĐÀ-Ỹ][^\W\d_]*\s*){2,5})")
_NEXT_LABEL = re.compile(r"\s+(?:Ngày|Nơi|Lĩnh|Cơ quan|Loại|Số|Tình trạng)\b.*$")


def metadata_signer(text: str) -> str | None:
    """ "Người ký: Hoàng Xuân Lộc" on a legal-document site's summary lines."""
    m = _SIGNER_LABEL.search(text[:_HEAD_CHARS])
    if m is None:
        return None
    name = _NEXT_LABEL.sub("", " ".join(m.group(1).split()))
    return name if len(name.split()) >= 2 else None


def prose_number(text: str) -> tuple[str | None, dt.date | None]:
    """The number (and issue date) of the document a headline or news sentence says was issued."""
    lines = text.splitlines()
    headline = next((line for line in lines[:3] if line.strip()), "")
    for m in _PROSE_NUMBER.finditer(headline):
        before = fold(headline[: m.start()])
        if not _FOLLOWS.search(before) and len(before) < 40:
            return m.group("num"), _date_near(headline, m)
    # Codes first (a digit-led scan is quick), then the document word and the verb before.
    for code in _CODE.finditer(text, 0, _PROSE_CHARS):
        found = _PROSE_NUMBER.search(text, max(0, code.start() - 30), code.end() + 40)
        if found is None or found.start("num") != code.start():
            continue
        before = fold(text[max(0, found.start() - 30) : found.start()])
        if _ISSUED_VERB.search(before) and not _FOLLOWS.search(before):
            return found.group("num"), _date_near(text, found)
    return None, None


def _date_near(text: str, m: re.Match[str]) -> dt.date | None:
    after = text[m.end() : m.end() + _DATE_AFTER]
    for mention in parse_dates(after):
        adjacent = not after[: mention.span[0]].strip(" ,")
        if mention.kind == "day" and mention.start and adjacent:
            return mention.start if fold(mention.text).startswith("ngay") else None
    start = max(0, m.start() - _DATE_BEFORE)
    before = text[start : m.start()]
    clause_start = max(before.rfind("."), before.rfind(";"), before.rfind("\n")) + 1
    found = [
        mention
        for mention in parse_dates(before[clause_start:])
        if mention.kind == "day" and mention.start and not mention.year_inferred
    ]
    return found[-1].start if found else None
