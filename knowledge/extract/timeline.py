"""The document's own time: its date line, issue date and the years its full dates name.

A date written without a year ("Sáng 23/2", "Ngày 17/11") takes its year from, in order: the
news item's date line, the document's issue date, else the latest full date the text writes
(an anniversary's "(8/3/1910 - 8/3/2023)" says which year the text lives in). The source is
kept with the item (`year_from`), so answers and officers can see a year was inferred.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from knowledge.text.normalise import fold

_FULL_DATE = re.compile(r"(?<![0-9/.])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d{2})(?![0-9])")
# What a date line holds besides its date: a time, a weekday, a label, separators.
_DATE_LINE_NOISE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:sa|ch|am|pm)?|thu\s+(?:hai|ba|tu|nam|sau|bay|\d)|chu\s+nhat"
    r"|cap\s+nhat|ngay\s+dang|dang\s+ngay|[\s,:()\-–]+"
)
_HEAD_LINES = 8
_DATE_LINE_MAX = 60


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def page_date(text: str) -> dt.date | None:
    """The date line of a news item near its top ("Thứ Hai, 01/06/2020, 17:30"), if any."""
    for line in text.splitlines()[:_HEAD_LINES]:
        line = line.strip()
        if not line or len(line) > _DATE_LINE_MAX:
            continue
        m = _FULL_DATE.search(line)
        if m is None:
            continue
        # "Thứ sáu, 12/10/2018 15:00:14 | Tiếng nói cơ sở": a site's rubric after a bar.
        bar = line.find("|", m.end())
        if bar > 0:
            line = line[:bar]
        rest = fold(line[: m.start()] + " " + line[m.end() :])
        if _DATE_LINE_NOISE.sub("", rest) == "":
            return _date(m.group(1), m.group(3), m.group(4))
    return None


@dataclass
class Timeline:
    """The anchors a yearless date is placed by."""

    page_date: dt.date | None = None
    issue_date: dt.date | None = None
    campaign_year: int | None = None  # "giao ước thi đua năm 2023"
    text: str = ""  # read for `latest_year` only when the other anchors are missing
    _latest: int | None = None
    _scanned: bool = False

    def __init__(
        self,
        page_date: dt.date | None = None,
        issue_date: dt.date | None = None,
        campaign_year: int | None = None,
        latest_year: int | None = None,
        text: str = "",
    ) -> None:
        self.page_date, self.issue_date, self.campaign_year = page_date, issue_date, campaign_year
        self.text = text
        self._latest, self._scanned = latest_year, latest_year is not None or not text

    @property
    def latest_year(self) -> int | None:
        """The latest year of a full date in the text (scanned once, when first needed)."""
        if not self._scanned:
            years = [int(m.group(4)) for m in _FULL_DATE.finditer(self.text)]
            self._latest, self._scanned = (max(years) if years else None), True
        return self._latest

    @property
    def anchor_year(self) -> int | None:
        """The one year a yearless date most likely belongs to."""
        for anchor in (self.page_date, self.issue_date):
            if anchor is not None:
                return anchor.year
        return self.campaign_year or self.latest_year

    def place(
        self, day: int, month: int, *, sentence_year: int | None = None
    ) -> tuple[dt.date | None, str | None]:
        """The likeliest full date for day/month, and where its year came from.

        `sentence_year` is the one year the same sentence names ("... năm 2023"), if any.
        """
        for anchor, source in ((self.page_date, "page_date"), (self.issue_date, "issue_date")):
            if anchor is not None:
                return _nearest(day, month, anchor), source
        for year, source in (
            (sentence_year, "sentence"),
            (self.campaign_year, "campaign"),
            (self.latest_year, "document"),
        ):
            if year is not None:
                try:
                    return dt.date(year, month, day), source
                except ValueError:
                    return None, None
        return None, None


def _nearest(day: int, month: int, anchor: dt.date) -> dt.date | None:
    """day/month in the year (anchor's, or one either side) that lies nearest the anchor."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def build_timeline(
    text: str, issue_date: dt.date | None, campaign_year: int | None = None
) -> Timeline:
    """The timeline of one cleaned document text."""
    return Timeline(page_date(text), issue_date, campaign_year, text=text)
