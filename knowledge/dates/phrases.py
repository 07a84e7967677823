"""Vietnamese date phrases in campaign documents → dates, ranges and recurrences.

CONTRACT (implemented by the date-parser work; extraction and answering rely on it):

    parse_dates(text, *, year_hint=None, issue_date=None) -> list[DateMention]

returns every date expression found in `text`, in order of appearance, never raising.

Matching runs on accent-folded text, so "truoc ngay 25 thang 2 nam 2025" reads like
"trước ngày 25 tháng 2 năm 2025"; spans always point into the original text.

Decisions (documents are vague; these are the readings the extractor and the answering core get):
- "cuối tháng 12 năm 2021" → kind "day", the last day of the month (a cut-off);
  "đầu tháng 7 năm 2021" → kind "range" days 1–10; "giữa tháng 7" → kind "range" days 11–20;
  "hết tháng 6 năm 2025" → kind "month" with deadline=True.
- Bare years are not dates: "năm 2021" alone gives nothing (documents say "phong trào thi đua
  năm 2021" everywhere). A year comes out as a kind "range" (1/1–31/12) only after a period word:
  "trong/cả/suốt/hết năm 2022"; "cuối năm 2021" → kind "day" 31/12/2021; "đầu năm 2022" → kind
  "range" January; "giữa năm" → June–July. Year spans "giai đoạn 2021 - 2025", "nhiệm kỳ
  2025-2030", "nhiệm kỳ 2021 2026", "5 năm 2021 - 2025" and "(2021 - 2025)" → kind "range"
  1/1/first–31/12/last; a bare "2021 - 2025" without such a word gives nothing.
- "6 tháng đầu năm 2022" → range 1/1–30/6; "6 tháng cuối năm" → 1/7–31/12 ("9 tháng đầu năm" too).
- Anniversaries "(30/4/1975 - 30/4/2025)", "(3/2/1930 3/2/2021)" (OCR lost the dash: only
  inside a parenthesis, second year later), "(5/1992 - 5/2022)" come out as kind "range" with
  start/end = the two dates; the extractor decides they are anniversaries.
- A date without a year takes the year of the other side of its range ("từ ngày 15/8 đến hết
  ngày 30/10/2017", one year earlier when the first side is later in the year), else of a
  following dated expression in the same phrase, else `year_hint`; year_inferred=True. With no
  year at all start/end stay None and `day`/`month` carry what the text gave.
- Yearless "tháng 7" and digits-only "20/7", "12/2021" count only inside a range or after a
  cut-off word ("đến 20/7"); "Cách mạng tháng 8" and "số 12/2019/TT-BNV" are not dates.
- Impossible dates written as dates ("31/02/2021", "ngày 32 tháng 1 năm 2021") → valid=False.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from knowledge.dates.atoms import Atom, fold_text, lex

log = logging.getLogger(__name__)

MentionKind = Literal["day", "month", "range", "recurring", "relative"]
Recurrence = Literal["monthly", "quarterly", "six_monthly", "yearly"]


@dataclass(frozen=True)
class DateMention:
    """One date expression found in a text.

    - kind "day": a single day; start == end.
    - kind "month": a whole month ("tháng 6 năm 2025"); start = first day, end = last day.
    - kind "range": a window ("từ ngày 20/7 đến ngày 31/7/2022", "Từ tháng 1 - 30/6/2021");
      start/end may be None when one side is unknown.
    - kind "recurring": "định kỳ hàng quý", "trước ngày 10 hàng tháng"; `recurrence` is set,
      `day`/`month` when the text gives them; start/end None. `quarter_month` (1–3) for "ngày
      25 của tháng cuối quý" (3).
    - kind "relative": "từ ngày ban hành Kế hoạch này" — start is the issue date when known.
    `deadline` is True when the phrase reads as a cut-off ("trước ngày", "đến ngày", "hạn").
    `year_inferred` is True when the year was not written and came from context.
    `valid` is False when the text names an impossible date (e.g. 31/02/2021); start/end None.
    For kinds "day"/"month" with no year anywhere, start/end are None and `day`/`month` are set.
    The span of a cut-off includes its cue word ("trước ngày 25 tháng 02 năm 2025"); the span
    of a range includes "từ".
    """

    kind: MentionKind
    text: str
    span: tuple[int, int]
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: Recurrence | None = None
    day: int | None = None
    month: int | None = None
    deadline: bool = False
    year_inferred: bool = False
    valid: bool = True
    quarter_month: int | None = None


# Cue words just before a date that make it a cut-off. Matched on the folded text that ends
# where the date starts; group 1 starts at the cue word.
_DEADLINE_RE = re.compile(
    r"(?:^|[^a-z0-9])((?:truoc|den|toi|het|cham\s+nhat|muon\s+nhat|han\s+chot|han\s+cuoi"
    r"|han\s+nop|thoi\s+han|han|khong\s+qua|khong\s+muon\s+hon"
    # "hạn cuối nộp hồ sơ là ngày …", "thời hạn gửi báo cáo: …"
    r"|(?:thoi\s+)?han(?:\s+[a-z]+){1,5}?(?:\s+la|\s*:))"
    r"(?:\s+(?:het|la|vao|ngay|trong))*\s*[:,]?\s*)$"
)
_FROM_RE = re.compile(r"(?:^|[^a-z0-9])((?:ke\s+)?tu(?P<after>\s+sau)?\s*)$")
_PERIOD_CUE_RE = re.compile(r"(?:^|[^a-z0-9])(?:trong|vao|sau)\s*$")
_CONNECTOR_RE = re.compile(r"\s*(?:-|–|—|den|toi)(?:\s+(?:het|ngay))*\s*")
_PHRASE_END_RE = re.compile(r"[.;!?\n]")
_LOOKBACK = 40
_RANGE_SIDES = frozenset({"day", "month", "quarter", "half", "year"})


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _bounds(a: Atom, year: int) -> tuple[dt.date, dt.date]:
    """First and last day an atom covers in `year` (ValueError when impossible)."""
    if a.tag == "day":
        d = dt.date(year, a.month or 0, a.day or 0)
        return d, d
    if a.tag == "month":
        month = a.month or 0
        first, last = dt.date(year, month, 1), _last_day(year, month)
        if a.mod == "cuoi":
            return last, last
        if a.mod == "dau":
            return first, first.replace(day=10)
        if a.mod == "giua":
            return first.replace(day=11), first.replace(day=20)
        return first, last
    if a.tag == "quarter":
        n = a.n or 0
        if not 1 <= n <= 4:
            raise ValueError("quarter")
        return dt.date(year, 3 * n - 2, 1), _last_day(year, 3 * n)
    if a.tag == "half":
        n = a.n or 0
        if a.mod == "dau":
            return dt.date(year, 1, 1), _last_day(year, n)
        return dt.date(year, 13 - n, 1), dt.date(year, 12, 31)
    if a.tag == "year":
        if a.mod == "cuoi":
            return dt.date(year, 12, 31), dt.date(year, 12, 31)
        if a.mod == "dau":
            return dt.date(year, 1, 1), dt.date(year, 1, 31)
        if a.mod == "giua":
            return dt.date(year, 6, 1), dt.date(year, 7, 31)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if a.tag == "years":
        return dt.date(year, 1, 1), dt.date(a.year2 or year, 12, 31)
    raise ValueError(a.tag)


def _order(a: Atom) -> tuple[int, int]:
    """Position within a year, to tell whether a yearless side wraps into another year."""
    if a.tag == "quarter":
        return (3 * (a.n or 1) - 2, 1)
    if a.tag == "half":
        return (1 if a.mod == "dau" else 13 - (a.n or 6), 1)
    return (a.month or 1, a.day or 1)


class _Parser:
    """One parse: the original text, its folded form and the atoms."""

    def __init__(self, text: str, year_hint: int | None, issue_date: dt.date | None) -> None:
        self.text = text
        self.folded, self.index = fold_text(text)
        # A hint outside the calendar would only turn good dates into "impossible" ones.
        self.year_hint = year_hint if year_hint is not None and 1 < year_hint < 9999 else None
        self.issue_date = issue_date
        self.atoms = lex(self.folded)

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Folded positions → original positions."""
        if self.index is None:
            return s, e
        if s >= len(self.index):
            return len(self.text), len(self.text)
        start = self.index[s]
        end = self.index[e - 1] + 1 if e > s else start
        while end < len(self.text) and self.text[end] in _COMBINING_SET:
            end += 1  # keep the accents of the last letter
        return start, end

    def before(self, pos: int) -> str:
        return self.folded[max(0, pos - _LOOKBACK) : pos]

    def deadline_start(self, a: Atom) -> int | None:
        """Start of the cut-off cue before `a`, or None."""
        m = _DEADLINE_RE.search(self.before(a.s))
        if m is None:
            return None
        return a.s - (len(m.group(0)) - m.start(1) + m.start(0))

    def mention(self, kind: MentionKind, s: int, e: int, **fields: object) -> DateMention:
        span = self.span(s, e)
        return DateMention(kind, self.text[span[0] : span[1]], span, **fields)  # type: ignore[arg-type]

    # --- ranges -----------------------------------------------------------------------------

    def pair(self, a: Atom, b: Atom) -> int | None:
        """Start of a range made of `a` and `b` (including "từ"), or None if they are not one."""
        if b.tag not in _RANGE_SIDES or (a.tag not in _RANGE_SIDES and a.tag != "rel"):
            return None
        gap = self.folded[a.e : b.s]
        connected = _CONNECTOR_RE.fullmatch(gap) is not None or (
            not gap.strip() and b.mod == "den"
        )
        tu = _FROM_RE.search(self.before(a.s))
        start = a.s - len(tu.group(1)) if tu else a.s
        has_from = tu is not None or a.mod == "tu"
        has_paren = self.before(a.s).rstrip().endswith("(")
        if a.tag == "rel":
            return start if connected and has_from else None
        if connected:
            if has_from or has_paren:
                return start
            loose = a.bare or b.bare or (a.tag == "month" and a.year is None and not a.mod)
            return None if loose else start
        # "(3/2/1930 3/2/2021)": the OCR dropped the dash of an anniversary.
        if (
            not gap.strip()
            and len(gap) <= 3
            and has_paren
            and a.tag in ("day", "month")
            and a.tag == b.tag
            and a.year is not None
            and b.year is not None
            and b.year > a.year
        ):
            return start
        return None

    def range_mention(self, a: Atom, b: Atom, start: int) -> DateMention:
        ya, yb, inferred = a.year, b.year, False
        if a.tag == "rel":
            if yb is None and self.year_hint is not None:
                yb, inferred = self.year_hint, True
            end = None
            if yb is not None:
                try:
                    end = _bounds(b, yb)[1]
                except ValueError:
                    return self.mention("range", start, b.e, valid=False)
            return self.mention(
                "range", start, b.e, start=self.issue_date, end=end, year_inferred=inferred
            )
        wraps = _order(a) > _order(b)
        if ya is None and yb is not None:
            ya, inferred = yb - wraps, True
        elif yb is None and ya is not None:
            yb, inferred = ya + wraps, True
        elif ya is None and yb is None and self.year_hint is not None:
            ya, yb, inferred = self.year_hint, self.year_hint + wraps, True
        if ya is None or yb is None:
            return self.mention("range", start, b.e, valid=self.plausible(a) and self.plausible(b))
        try:
            first, last = _bounds(a, ya)[0], _bounds(b, yb)[1]
        except ValueError:
            return self.mention("range", start, b.e, valid=False)
        tu = _FROM_RE.search(self.before(a.s))
        if tu is not None and tu.group("after") and a.tag == "day":
            first += dt.timedelta(days=1)  # "Từ sau 30/10/2020": the day after
        return self.mention("range", start, b.e, start=first, end=last, year_inferred=inferred)

    # --- single atoms -----------------------------------------------------------------------

    @staticmethod
    def plausible(a: Atom) -> bool:
        """Whether a yearless atom can be a real date in some year (29/2 can)."""
        try:
            _bounds(a, 2000)
        except ValueError:
            return False
        return True

    def following_year(self, i: int) -> int | None:
        """Year of the next dated expression in the same phrase."""
        a = self.atoms[i]
        for b in self.atoms[i + 1 : i + 3]:
            gap = self.folded[a.e : b.s]
            if len(gap) > 80 or _PHRASE_END_RE.search(gap):
                return None
            if b.year is not None and b.tag != "rec":
                return b.year
        return None

    def single(self, i: int) -> DateMention | None:
        a = self.atoms[i]
        dl = self.deadline_start(a)
        deadline = dl is not None or a.mod == "het"
        s = dl if dl is not None else a.s
        if a.tag == "rec":
            return self.mention(
                "recurring", s, a.e, recurrence=a.recurrence, day=a.day, month=a.month,
                deadline=deadline, quarter_month=a.quarter_month,
            )  # fmt: skip
        if a.tag == "rel":
            return self.mention("relative", s, a.e, start=self.issue_date, end=self.issue_date)
        if a.bare and dl is None:
            return None  # digits only, outside a range and without a cut-off word
        if (
            a.tag == "month"
            and a.year is None
            and not a.mod
            and dl is None
            and not _PERIOD_CUE_RE.search(self.before(a.s))
        ):
            return None  # "Cách mạng tháng 8"
        if a.tag == "year" and a.mod == "dau" and self.before(a.s).endswith("phan "):
            return None  # "phấn đấu năm 2022" (OCR "Phân đầu năm 2022")
        kind: MentionKind
        if a.tag == "day" or (a.tag in ("month", "year") and a.mod == "cuoi"):
            kind = "day"
        elif a.tag == "month" and a.mod in (None, "het"):
            kind = "month"
        else:
            kind = "range"
        year, inferred = a.year, False
        if year is None:
            year = self.following_year(i)
            if year is None:
                year = self.year_hint
            inferred = year is not None
        if year is None:
            return self.mention(
                kind, s, a.e, day=a.day, month=a.month, deadline=deadline,
                valid=self.plausible(a),
            )  # fmt: skip
        try:
            first, last = _bounds(a, year)
        except ValueError:
            return self.mention(kind, s, a.e, deadline=deadline, valid=False)
        return self.mention(
            kind, s, a.e, start=first, end=last, deadline=deadline, year_inferred=inferred
        )

    def run(self) -> list[DateMention]:
        out: list[DateMention] = []
        atoms, i = self.atoms, 0
        while i < len(atoms):
            if i + 1 < len(atoms):
                start = self.pair(atoms[i], atoms[i + 1])
                if start is not None:
                    out.append(self.range_mention(atoms[i], atoms[i + 1], start))
                    i += 2
                    continue
            m = self.single(i)
            if m is not None:
                out.append(m)
            i += 1
        return out


def is_anniversary(mention: DateMention) -> bool:
    """"(30/4/1975 - 30/4/2025)": the same day in two years is a commemoration, not a period."""
    a, b = mention.start, mention.end
    return bool(a and b and (a.day, a.month) == (b.day, b.month) and b.year > a.year)


_COMBINING_SET = frozenset(chr(c) for c in range(0x300, 0x370))


def parse_dates_strict(
    text: str, *, year_hint: int | None = None, issue_date: dt.date | None = None
) -> list[DateMention]:
    """`parse_dates` without the safety net (tests use it so that bugs surface)."""
    return _Parser(text, year_hint, issue_date).run()


@lru_cache(maxsize=2048)
def parse_dates_shared(
    text: str, year_hint: int | None = None, issue_date: dt.date | None = None
) -> tuple[DateMention, ...]:
    """`parse_dates` remembered per sentence: several extractors read the same sentences."""
    return tuple(parse_dates(text, year_hint=year_hint, issue_date=issue_date))


def parse_dates(
    text: str, *, year_hint: int | None = None, issue_date: dt.date | None = None
) -> list[DateMention]:
    """Find every date expression in `text`; never raises."""
    try:
        return parse_dates_strict(text, year_hint=year_hint, issue_date=issue_date)
    except Exception:  # the contract: callers never see an exception from free text
        log.exception("date parser failed on a %d-character text", len(text))
        return []
