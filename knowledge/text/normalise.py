"""Vietnamese text normalisation: accent folding, OCR repairs, Markdown stripping."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_OTHER_BLANKS = ("\t", "\u00a0", "\u200b")
_MULTI_SPACE = re.compile(r"  +")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.MULTILINE)


def nfc(text: str) -> str:
    """Unicode NFC (documents mix composed and decomposed Vietnamese)."""
    return unicodedata.normalize("NFC", text)


def _build_fold_table() -> dict[int, str]:
    """One translate table: every Latin letter with marks -> its base letter, marks removed."""
    table: dict[int, str] = {}
    ranges = [(0x00C0, 0x0250), (0x1E00, 0x1F00)]
    for lo, hi in ranges:
        for code in range(lo, hi):
            ch = chr(code).translate(_D_MAP)
            decomposed = unicodedata.normalize("NFD", ch)
            base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
            if base != chr(code) and len(base) == 1:
                table[code] = base
    for code in range(0x0300, 0x0370):  # combining marks (decomposed input)
        table[code] = ""
    table[ord("đ")] = "d"
    table[ord("Đ")] = "D"
    # ASCII maps to itself: str.translate handles a character missing from the table by
    # raising and clearing a KeyError, which doubles the cost on mostly-ASCII text.
    for code in range(128):
        table.setdefault(code, chr(code))
    return table


_FOLD_TABLE = _build_fold_table()
# Characters the table already covers, or that carry no marks (punctuation, symbols).
_OUTSIDE_TABLE = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Hạn nộp báo cáo" -> "han nop bao cao"."""
    folded = text.translate(_FOLD_TABLE).lower()
    if not _OUTSIDE_TABLE.search(folded):
        return folded
    # Rare letters outside the table (other scripts' marks): the slow, exact path.
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold_ascii(text: str) -> str:
    """A faster `fold` for keyword matching: also drops every non-ASCII character left
    (quotes, dashes, other scripts), so positions are not kept."""
    # Equal to _ascii_part(text).decode("ascii").lower() for every text: both work character
    # by character (NFD only reorders marks, which are not ASCII), and the tables are built
    # from _ascii_part.
    encoded = codecs.charmap_encode(text, _FOLD_ASCII_ERRORS, _FOLD_ASCII_MAP)[0]
    return encoded.translate(_FOLD_ASCII_BYTES, _FOLD_ASCII_DROP).decode("ascii")


def _ascii_part(text: str) -> bytes:
    """What NFD leaves in ASCII, with đ/Đ as d/D: the definition of `fold_ascii`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return decomposed.encode("ascii", "ignore")


# fold_ascii runs on every sentence, and NFD costs ~20 ns a character. Instead, a charmap
# encoding (C, one table look-up a character) writes ASCII as itself and the 128 non-ASCII
# characters Vietnamese text uses most (accented letters, đ, quotes, dash) as bytes
# 128-255; one bytes.translate then lower-cases, puts each letter's base and drops the
# rest. Any other character reaches the error handler, which folds it by the definition.
_VIET_LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_FAST_CHARS = "".join(  # one byte each: characters that fold to at most one letter
    ch for ch in _VIET_LOWER + "“”–" + _VIET_LOWER.upper() if len(_ascii_part(ch)) <= 1
)[:128]
_FOLD_ASCII_ERRORS = "thiduabot-fold-ascii"
_FOLD_ASCII_MAP = codecs.charmap_build("".join(map(chr, range(128))) + _FAST_CHARS)
_FOLD_ASCII_BYTES = bytes(range(128)).lower() + bytes(
    (_ascii_part(ch).lower() or b"?")[0] for ch in _FAST_CHARS
)
_FOLD_ASCII_DROP = bytes(128 + i for i, ch in enumerate(_FAST_CHARS) if not _ascii_part(ch))


def _fold_ascii_error(error: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler for `fold_ascii`: characters outside the map, by definition."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return _ascii_part(error.object[error.start : error.end]), error.end


codecs.register_error(_FOLD_ASCII_ERRORS, _fold_ascii_error)


def fold_keep_length(text: str) -> str:
    """`fold` that keeps every character's position (one char in, one char out)."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f[0] if f else ch)
    return "".join(out)


def collapse_spaces(text: str) -> str:
    """Collapse runs of blanks inside lines and trim each line."""
    for blank in _OTHER_BLANKS:  # plain replaces: far faster than a regex class over the text
        if blank in text:
            text = text.replace(blank, " ")
    text = _MULTI_SPACE.sub(" ", text)
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def strip_markdown(text: str) -> str:
    """Remove Markdown emphasis and heading marks, keep the words."""
    # Each pattern needs its mark in the text: a cheap `in` test skips a scan of the whole text.
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    for _ in range(2):  # nested emphasis such as ***x***
        if "*" not in text and "_" not in text:
            break
        text = _MD_EMPH.sub(r"\2", text)
    text = _strip_lone_marks(text)  # emphasis that spans lines leaves lone marks
    return text.replace("\\*", "*")


_LONE_MARKS = re.compile(r"\*\*|__")


def _strip_lone_marks(text: str) -> str:
    """Remove every "**" and "__" left to right, as `_LONE_MARKS.sub("", text)` does."""
    # With only one kind of mark in the text, str.replace removes the same non-overlapping
    # pairs left to right, without the regex scan; with both, removing one kind may join the
    # other ("_**_"), so the regex decides.
    if "__" not in text:
        return text.replace("**", "")
    if "**" not in text:
        return text.replace("__", "")
    return _LONE_MARKS.sub("", text)


# OCR confusions seen in real uploads; applied to headings and keywords only.
_OCR_FIXES = {
    "KÉ HOẠCH": "KẾ HOẠCH",
    "KÊ HOẠCH": "KẾ HOẠCH",
    "CHi THỊ": "CHỈ THỊ",
}


def repair_ocr(text: str) -> str:
    """Repair OCR confusions in document-type headings ("KÉ HOẠCH" -> "KẾ HOẠCH")."""
    for wrong, right in _OCR_FIXES.items():
        text = text.replace(wrong, right)
    return text


def clean_document_text(text: str) -> str:
    """NFC, Markdown stripped, OCR headings repaired, blanks collapsed, blank runs merged."""
    if not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "*" in text or "#" in text or "_" in text:
        text = strip_markdown(text)
    text = repair_ocr(text)
    text = collapse_spaces(text)
    text = join_page_breaks(text)
    return _BLANK_RUN.sub("\n\n", text).strip()


# Written with a literal three-newline prefix (not "\n{3,}"): the regex engine then skips
# ahead to each candidate instead of trying the pattern at every position.
_BLANK_RUN = re.compile(r"\n\n\n+")


# Lines are already trimmed (collapse_spaces), so a break is newlines and nothing else. The
# pattern starts with a literal newline, which lets the engine skip ahead to each newline; the
# character before the break is checked in `join_page_breaks` (a look-behind first would make
# the engine try the pattern at every position of the text).
_PAGE_BREAK = re.compile(r"\n(?:[ \t]*\n)+(?=\w)")
_NO_JOIN_AFTER = frozenset('.:;!?)]”"/')


def join_page_breaks(text: str) -> str:
    """Re-join a sentence cut by a page break ("... của Chủ\n\ntịch Hồ Chí Minh")."""

    def join(m: re.Match[str]) -> str:
        start, end = m.span()
        before = text[start - 1] if start else ""
        # Same as a look-behind `[^\s.:;!?)\]”"/]`: a rejected break is all blanks, so no
        # other break can start inside it.
        if not before or before.isspace() or before in _NO_JOIN_AFTER:
            return m.group(0)
        return " " if text[end : end + 1].islower() else m.group(0)

    return _PAGE_BREAK.sub(join, text)


def at_word_start(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""The matches of `\b` + `pattern` in `text`, for a pattern that starts with a letter.

    A pattern that starts with `\b` makes the regex engine try it at every position; one
    that starts with a literal lets it skip ahead to each candidate. The boundary is checked
    here instead (the character before is not a word character), and a rejected candidate is
    retried one character further on, so the matches are exactly those of the `\b` form.
    """
    pos = 0
    search = pattern.search
    while (m := search(text, pos)) is not None:
        start = m.start()
        if start and is_word_char(text[start - 1]):
            pos = start + 1
            continue
        yield m
        pos = m.end()


def is_word_char(ch: str) -> bool:
    """Whether the regex `\\w` matches `ch` (str patterns): letters, digits, the underscore."""
    return ch.isalnum() or ch == "_"
