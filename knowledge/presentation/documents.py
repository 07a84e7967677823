"""A document's name as every reply, reminder and listing writes it."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from knowledge.presentation.dates import format_date


class DocumentFacts(Protocol):
    """What names a document (the extracted `DocumentInfo`, a stored row, a catalogue view)."""

    @property
    def doc_type(self) -> str | None: ...
    @property
    def number(self) -> str | None: ...
    @property
    def issue_date(self) -> dt.date | None: ...
    @property
    def issuer(self) -> str | None: ...


def document_label(info: DocumentFacts, source: str | None, lang: str = "vi") -> str:
    """ "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang"; the file name `source` is
    added when neither a number nor a date tells the document apart (None: the caller names
    the file itself)."""
    parts = [info.doc_type or ("Document" if lang == "en" else "Văn bản")]
    if info.number:
        parts.append(info.number)
    if info.issue_date:
        parts.append(("dated " if lang == "en" else "ngày ") + format_date(info.issue_date))
    if info.issuer:
        parts.append(("by " if lang == "en" else "của ") + info.issuer)
    label = " ".join(parts)
    if source is not None and not info.number and not info.issue_date:
        label += f" ({source})"
    return label
