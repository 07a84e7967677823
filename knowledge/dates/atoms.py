"""Lexer for Vietnamese date phrases: folded text → date "atoms" (one compiled regex).

An atom is the smallest date expression ("ngày 20/7", "tháng 6 năm 2025", "quý I/2022",
"định kỳ hàng quý"). `knowledge.dates.phrases` combines atoms into ranges and resolves years.
All patterns run on accent-folded, lower-cased text (see `fold_text`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.text.normalise import fold

_S = r"[^\S\n]*"  # blanks inside a line
_W = r"\s+"  # at least one blank, line breaks allowed (documents wrap lines)
_Y = r"[0-9]{4}"
_N = r"[0-9]{1,2}"
_LB = r"(?<![0-9/.,])"  # a number that does not continue a bigger number ("124/129")

_ALTERNATIVES = [
    # Recurring cut-off with a day: "ngày 10 hàng tháng", "ngày 20 tháng 12 hàng năm",
    # "ngày 25 của tháng cuối quý". Must come before the plain date forms.
    rf"(?P<rec_day>\bngay{_W}(?P<rd_d>{_N})(?:{_S}(?:thang{_W}|/|-){_S}(?P<rd_m>{_N}))?"
    rf"{_W}(?:cua{_W})?(?:(?:hang|moi){_W}(?P<rd_p>thang|quy|nam)\b"
    # "chậm nhất ngày 15/3 năm sau": a yearly rule whose day falls in the following year.
    rf"|nam{_W}(?P<rd_next>sau|ke{_W}tiep|tiep{_W}theo)\b"
    rf"|thang{_W}(?P<rd_qm>dau|giua|thu{_W}(?:hai|2)|cuoi){_W}(?:cua{_W})?"
    rf"(?:moi{_W}|hang{_W}|cac{_W})?quy\b))",
    # Plain recurrence: "định kỳ hàng quý", "hằng tháng", "định kỳ 6 tháng", "6 tháng một lần".
    rf"(?P<rec>\b(?:dinh{_W}ky{_W})?(?:hang|moi){_W}(?P<rp_p>thang|quy|nam)\b"
    rf"|\b(?:dinh{_W}ky|hang|moi){_W}(?:6|06|sau){_W}thang\b(?:{_W}(?:mot|1){_W}lan\b)?"
    rf"|\b(?:6|06|sau){_W}thang{_W}(?:mot|1){_W}lan\b)",
    # News prose: "Sáng 23/2", "Chiều ngày 30/3/2021", "sáng 20.12", "Sáng 3.10" — a time of
    # day before a day/month makes it a date (elsewhere "23/2" alone could be a ratio).
    rf"(?P<ev>\b(?:sang|chieu|toi|trua|dem){_W}(?:ngay{_W})?{_LB}(?P<ev_d>{_N})(?P<ev_s>[/.-])"
    rf"(?P<ev_m>{_N})(?:(?P=ev_s)(?P<ev_y>{_Y}))?(?![0-9]|[/.,][0-9]))",
    # ISO 8601, as users sometimes type it.
    rf"(?P<iso>{_LB}(?P<iso_y>{_Y})-(?P<iso_m>{_N})-(?P<iso_d>{_N})(?![0-9]))",
    # Numeric day/month/year: "15/02/2020", "15-02-2020", "15.02.2020", "ngày 08/02/2022".
    rf"(?P<dn>(?:\bngay{_W})?{_LB}(?P<dn_d>{_N})(?P<dn_s>[/.-])(?P<dn_m>{_N})(?P=dn_s)"
    rf"(?P<dn_y>{_Y})(?![0-9]|[/.,][0-9]))",
    # Textual with "ngày": "ngày 13 tháng 01 năm 2021", "ngày 20 tháng 7" (year optional).
    rf"(?P<dt>\bngay{_W}(?P<dt_d>{_N}){_W}thang{_W}(?P<dt_m>{_N})(?![0-9])"
    rf"(?:{_S},?{_S}nam{_W}(?P<dt_y>{_Y})|{_S}[/-]{_S}(?P<dt_y2>{_Y}))?(?![0-9]))",
    # Textual without "ngày" needs the year: "13 tháng 1 năm 2021".
    rf"(?P<dty>{_LB}\b(?P<dty_d>{_N}){_W}thang{_W}(?P<dty_m>{_N}){_S},?{_S}nam{_W}"
    rf"(?P<dty_y>{_Y})(?![0-9]))",
    # "ngày 20/7" (no year), "ngày 31/3 năm 2024".
    rf"(?P<dm>\bngay{_W}(?P<dm_d>{_N})[/.-](?P<dm_m>{_N})(?![0-9]|[/.,][0-9])"
    rf"(?:{_S},?{_S}nam{_W}(?P<dm_y>{_Y})(?![0-9]))?)",
    # Relative: "ngày ban hành Kế hoạch này", "ngày ký".
    rf"(?P<rel>\bngay{_W}(?:ky{_W})?ban{_W}hanh(?:{_W}(?:ke{_W}hoach|quyet{_W}dinh|chi{_W}thi"
    rf"|huong{_W}dan|van{_W}ban|cong{_W}van|thong{_W}bao|thong{_W}tu))?(?:{_W}nay)?\b"
    rf"|\bngay{_W}ky(?={_S}(?:[.,;)]|$)))",
    # Half-years and the like: "6 tháng đầu năm 2022", "6 tháng cuối năm".
    rf"(?P<half>\b(?P<h_n>{_N}|sau|ba|chin){_W}thang{_W}(?P<h_side>dau|cuoi){_W}nam\b"
    rf"(?:{_W}(?P<h_y>{_Y})(?![0-9]))?)",
    # Quarters: "quý I năm 2022", "quý 3/2021".
    rf"(?P<q>\bquy{_W}(?P<q_n>iv|i{{1,3}}|[1-4])(?![a-z0-9])"
    rf"(?:{_S},?{_S}(?:nam{_W}|/|-{_S})(?P<q_y>{_Y})(?![0-9]))?)",
    # Year spans: "giai đoạn 2021 - 2025", "nhiệm kỳ 2021 2026", "5 năm (2021 - 2025)".
    rf"(?P<yy>\b(?P<yy_pre>giai{_W}doan|nhiem{_W}ky|nam){_S}[:,]?{_S}(?P<yy_par>\()?{_S}"
    rf"(?P<yy_a>{_Y}){_S}(?P<yy_sep>-|–|—|den)?{_S}(?P<yy_b>{_Y})(?![0-9])(?(yy_par){_S}\)))",
    rf"(?P<yp>\({_S}(?P<yp_a>{_Y}){_S}[-–—]{_S}(?P<yp_b>{_Y}){_S}\))",
    # Months: "tháng 6 năm 2025", "tháng 6/2025", "cuối tháng 12 năm 2021", "tháng 7".
    rf"(?P<mo>(?:\b(?P<mo_mod>cuoi|dau|giua|het){_W})?\bthang{_W}(?P<mo_m>{_N})(?![0-9])"
    rf"(?:{_S},?{_S}nam{_W}(?P<mo_y>{_Y})|{_S}[/-]{_S}(?P<mo_y2>{_Y})(?![/]))?(?![0-9]))",
    # Whole years after a period word: "trong năm 2022", "cuối năm 2021".
    rf"(?P<yr>\b(?P<yr_pre>trong|ca|suot|het|cuoi|dau|giua|tu|den){_W}nam{_W}(?P<yr_y>{_Y})(?![0-9]))",
    # Bare numeric month/year ("12/2021", "5/1992") and day/month ("20/7"); kept only in ranges.
    rf"(?P<bm>{_LB}(?P<bm_m>{_N})/(?P<bm_y>{_Y})(?![0-9/]|[.,][0-9]))",
    rf"(?P<bd>{_LB}(?P<bd_d>{_N})/(?P<bd_m>{_N})(?![0-9/]|[.,][0-9]))",
]

ATOM_RE = re.compile("|".join(_ALTERNATIVES))

# Every atom starts at one of these anchors; matching ATOM_RE only there is ~5x faster than
# letting finditer try the whole alternation at every position of a long document.
_ANCHOR_RE = re.compile(
    r"(?<![0-9])[0-9]|\(|\b(?:ngay|thang|quy|nam|hang|moi|dinh|giai|nhiem|cuoi|dau|giua|het"
    r"|trong|ca|suot|tu|den|sau|ba|chin|sang|chieu|toi|trua|dem)\b"
)

_YEARS = (1800, 2199)  # plausible years for digits-only forms
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_NUM = {"sau": 6, "ba": 3, "chin": 9}
_REC = {"thang": "monthly", "quy": "quarterly", "nam": "yearly"}
_QMONTH = {"dau": 1, "giua": 2, "thu hai": 2, "thu 2": 2, "cuoi": 3}


@dataclass
class Atom:
    """One lexed date expression (positions in the folded text)."""

    tag: str  # day | month | quarter | half | year | years | rel | rec
    s: int
    e: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    year2: int | None = None  # "years": last year of the span
    mod: str | None = None  # cuoi | dau | giua | het (month/year), dau | cuoi (half)
    n: int | None = None  # quarter number, or months in a half ("6 tháng đầu năm")
    bare: bool = False  # digits only, no keyword: trusted only inside a range
    textual: bool = False  # written with keywords: keep even when impossible
    recurrence: str | None = None
    quarter_month: int | None = None


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _atom(match: re.Match[str]) -> Atom | None:
    """Build an atom from one match of ATOM_RE (None: matched but not a date)."""
    builder = _BUILDERS.get(match.lastgroup or "")
    return builder(match) if builder else None


def _recurring_atom(match: re.Match[str]) -> Atom | None:
    """ "ngày 10 hằng tháng", "trước ngày 15/3 năm sau", "hằng quý", "6 tháng một lần"."""
    group = match.group
    start, end = match.span()
    if match.lastgroup == "rec_day":
        qm = group("rd_qm")
        if group("rd_p"):
            rec = _REC[group("rd_p")]
        else:
            rec = "yearly" if group("rd_next") else "quarterly"
        month = _int(group("rd_m"))
        if rec == "monthly":
            month = None
        return Atom(
            "rec", start, end, day=_int(group("rd_d")), month=month, recurrence=rec,
            quarter_month=_QMONTH[" ".join(qm.split())] if qm else None, textual=True,
        )  # fmt: skip
    period = group("rp_p")
    return Atom("rec", start, end, recurrence=_REC[period] if period else "six_monthly",
                textual=True)  # fmt: skip


def _day_atom(match: re.Match[str]) -> Atom | None:
    """One day, written in any of the shapes of ATOM_RE, or a relative day."""
    group, tag = match.group, match.lastgroup
    start, end = match.span()
    if tag == "ev":
        day, month = int(group("ev_d")), int(group("ev_m"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        return Atom("day", start, end, day, month, _int(group("ev_y")), textual=True)
    if tag == "iso":
        day_parts = (_int(group("iso_d")), _int(group("iso_m")), _int(group("iso_y")))
        return Atom("day", start, end, *day_parts)
    if tag == "dn":
        year = int(group("dn_y"))
        if not _YEARS[0] <= year <= _YEARS[1]:
            return None
        return Atom("day", start, end, _int(group("dn_d")), _int(group("dn_m")), year)
    if tag == "dt":
        dt_year = _int(group("dt_y") or group("dt_y2"))
        day_parts = (_int(group("dt_d")), _int(group("dt_m")), dt_year)
        return Atom("day", start, end, *day_parts, textual=True)
    if tag == "dty":
        day_parts = (_int(group("dty_d")), _int(group("dty_m")), _int(group("dty_y")))
        return Atom("day", start, end, *day_parts, textual=True)
    if tag == "dm":
        day_parts = (_int(group("dm_d")), _int(group("dm_m")), _int(group("dm_y")))
        return Atom("day", start, end, *day_parts, textual=True)
    if tag == "rel":
        return Atom("rel", start, end, textual=True)
    day, month = int(group("bd_d")), int(group("bd_m"))  # "bd": a bare day/month
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None  # "09/13 chỉ tiêu", "3/50"
    return Atom("day", start, end, day=day, month=month, bare=True)


def _span_atom(match: re.Match[str]) -> Atom | None:
    """A half year, quarter, span of years, month or year."""
    group, tag = match.group, match.lastgroup
    start, end = match.span()
    if tag == "half":
        raw = group("h_n")
        months = _WORD_NUM.get(raw) or int(raw)
        if not 1 <= months <= 11:
            return None
        return Atom("half", start, end, year=_int(group("h_y")), mod=group("h_side"), n=months,
                    textual=True)  # fmt: skip
    if tag == "q":
        raw = group("q_n")
        quarter = _ROMAN.get(raw) or int(raw)
        return Atom("quarter", start, end, year=_int(group("q_y")), n=quarter)
    if tag == "yy":
        if group("yy_pre") == "nam" and not group("yy_sep"):
            return None  # "năm 2021 2022" is not a span; only nhiệm kỳ/giai đoạn drop the dash
        first, last = int(group("yy_a")), int(group("yy_b"))
        if last < first:
            return None
        return Atom("years", start, end, year=first, year2=last, textual=True)
    if tag == "yp":
        first, last = int(group("yp_a")), int(group("yp_b"))
        return Atom("years", start, end, year=first, year2=last) if first <= last else None
    if tag == "mo":
        mo_year = _int(group("mo_y") or group("mo_y2"))
        return Atom("month", start, end, month=_int(group("mo_m")), year=mo_year,
                    mod=group("mo_mod"), textual=True)  # fmt: skip
    if tag == "yr":
        pre = group("yr_pre")
        # "từ năm 2021", "đến năm 2025": only as a side of a range (alone: a vague horizon).
        bare = pre in ("tu", "den")
        return Atom("year", start, end, year=int(group("yr_y")), mod=pre, textual=True,
                    bare=bare)  # fmt: skip
    month, year = int(group("bm_m")), int(group("bm_y"))  # "bm": a bare month/year
    if not (1 <= month <= 12 and _YEARS[0] <= year <= _YEARS[1]):
        return None
    return Atom("month", start, end, month=month, year=year, bare=True)


# Which builder reads each named alternative of ATOM_RE.
_BUILDERS: dict[str, Callable[[re.Match[str]], Atom | None]] = {
    **dict.fromkeys(("rec_day", "rec"), _recurring_atom),
    **dict.fromkeys(("ev", "iso", "dn", "dt", "dty", "dm", "rel", "bd"), _day_atom),
    **dict.fromkeys(("half", "q", "yy", "yp", "mo", "yr", "bm"), _span_atom),
}


def lex(folded: str) -> list[Atom]:
    """All atoms of a folded text, left to right, non-overlapping."""
    out = []
    done = 0  # end of the last match: atoms never overlap
    match = ATOM_RE.match
    for anchor in _ANCHOR_RE.finditer(folded):
        pos = anchor.start()
        if pos < done:
            continue
        m = match(folded, pos)
        if m is None:
            continue
        done = m.end()
        atom = _atom(m)
        if atom is not None:
            out.append(atom)
    return out


def _fold_table() -> dict[int, str]:
    """Translation table: Latin letters (incl. Vietnamese) → lower-case base letter."""
    table = {}
    for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        f = fold(ch)
        if f and f[0] != ch:
            table[code] = f[0]
    # The rest of ASCII maps to itself: a character missing from the table costs
    # str.translate a KeyError raised and cleared.
    for code in range(128):
        table.setdefault(code, chr(code))
    return table


_FOLD_TABLE = _fold_table()
# Combining marks (decomposed input): folded away, so positions need an index map.
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_text(text: str) -> tuple[str, list[int] | None]:
    """Fold `text` for matching; returns (folded, index map or None when 1:1).

    Latin letters fold like `textnorm.fold` (lower case, no accents, đ → d), one character for
    one character, other characters stay as they are. Decomposed input (accents as separate
    combining characters) is folded with the marks dropped; the index map then gives, for each
    folded character, its position in `text`.
    """
    folded = text.translate(_FOLD_TABLE)
    if _COMBINING_RE.search(folded) is None:
        return folded, None
    keep = [i for i, ch in enumerate(folded) if not unicodedata.combining(ch)]
    return "".join(folded[i] for i in keep), keep
