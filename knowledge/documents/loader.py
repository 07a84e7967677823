"""Turn a document file (.txt, .md, .docx, .pdf) into raw text, or say clearly why not.

Every failure is a `LoadError` carrying the file and one Vietnamese sentence for the officer
(empty file, binary data, a scanned PDF without a text layer, a file over the size limit, an
unsupported format, a missing path). Callers print it and carry on with the next file; a
traceback never reaches the user. The text returned is raw: callers clean it with
`knowledge.text.normalise.clean_document_text`.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".md"})
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Hostile files. A .docx is a zip: its members' uncompressed sizes (as the archive declares
# them; zipfile never reads past a declared size) and their count are checked before anything
# is unpacked, and a PDF's pages and extracted text are bounded while reading. With these
# bounds reading one document stays under about 600 MB of memory (python-docx holds the XML
# tree, roughly 8x the XML) and fails in well under a second when a bound is crossed.
MAX_DOCX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_DOCX_MEMBERS = 2000
MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 5_000_000  # extracted text of one document (a long plan is ~200,000)

# Share of C0 control characters (other than tab, newlines, form feed) above which decoded
# "text" is really binary data that happened to decode.
_MAX_CONTROL_RATIO = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


class LoadError(Exception):
    """A file that cannot be turned into text; `reason` is one Vietnamese sentence."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


_SUPPORTED_TEXT = ".txt, .md, .docx, .pdf"


def format_size(n_bytes: int) -> str:
    """A byte count as officers read it: "20 MB", "1,5 MB", "512 KB", "300 byte"."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n_bytes >= size:
            value = n_bytes / size
            text = f"{value:.1f}".removesuffix(".0").replace(".", ",")
            return f"{text} {unit}"
    return f"{n_bytes} byte"


def _check_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(không có phần mở rộng)"
        raise LoadError(
            filename,
            f"định dạng {shown} không được hỗ trợ (chỉ nhận {_SUPPORTED_TEXT})",
        )
    return suffix


def _too_big(filename: str, size: int, max_bytes: int) -> LoadError:
    return LoadError(filename, f"tệp {format_size(size)} vượt giới hạn {format_size(max_bytes)}")


def load_bytes(filename: str, content: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The raw text of a document given as bytes (e.g. a chat upload), or a LoadError."""
    suffix = _check_suffix(filename)
    if len(content) > max_bytes:
        raise _too_big(filename, len(content), max_bytes)
    if not content:
        raise LoadError(filename, "tệp rỗng")
    if suffix in TEXT_SUFFIXES:
        text = decode_text(filename, content)
    elif suffix == ".docx":
        text = _docx_text(filename, content)
    else:
        text = _pdf_text(filename, content)
    if not text.strip():
        raise LoadError(filename, "tệp rỗng (chỉ có khoảng trắng, không có nội dung)")
    return text


def load_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The raw text of a document file; existence, format and size are checked before reading."""
    name = str(path)
    if not path.exists():
        raise LoadError(name, "không tìm thấy tệp")
    if path.is_dir():
        raise LoadError(name, "là thư mục, không phải tệp")
    _check_suffix(name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_big(name, size, max_bytes)
        with path.open("rb") as handle:
            # Ask for what stat() saw plus one byte (read(n) allocates n bytes up front, and
            # the limit is 20 MB); a file that grew since is read on, up to one byte past
            # the limit, so it is still caught.
            content = handle.read(size + 1)
            if len(content) > size:
                content += handle.read(max_bytes + 1 - len(content))
    except PermissionError:
        raise LoadError(name, "không có quyền đọc tệp") from None
    except OSError as exc:
        raise LoadError(name, f"không đọc được tệp ({exc.strerror or exc})") from None
    if len(content) > max_bytes:
        raise _too_big(name, len(content), max_bytes)
    return load_bytes(name, content, max_bytes=max_bytes)


# --- plain text -------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


_CONTROL_CHARS = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for c in [*range(0x20), *range(0x7F, 0xA0)]
        if chr(c) not in _ALLOWED_CONTROLS
    )
    + "]"
)


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    # C0 and C1 control characters (category Cc) other than tab/newline/CR/form feed.
    controls = len(_CONTROL_CHARS.findall(text))
    return controls > _MAX_CONTROL_RATIO * max(len(text), 1)


def _utf16_without_bom(content: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte (the ASCII letters' high byte)."""
    if len(content) < 2 or len(content) % 2:
        return None
    even = content[0::2].count(0)
    odd = content[1::2].count(0)
    pairs = len(content) // 2
    # Vietnamese text is mostly ASCII letters and spaces; require a clear majority on one side
    # and (almost) none on the other, which random binary data does not show.
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        encoding = "utf-16-le"
    elif even >= 0.3 * pairs and odd <= 0.02 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text) else text


def decode_text(filename: str, content: bytes) -> str:
    """Decode text bytes: UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern), then Windows-1258."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                text = content[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise LoadError(
                    filename, f"tệp có dấu BOM {encoding.upper()} nhưng nội dung bị lỗi mã hoá"
                ) from None
            break
    if text is None and b"\x00" in content:
        text = _utf16_without_bom(content)
        if text is None:
            raise LoadError(filename, "không phải văn bản (tệp nhị phân)")
    if text is None:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        try:
            # Windows-1258 writes Vietnamese tones as combining marks: NFC puts them back
            # into the precomposed letters every other part of the project expects.
            text = unicodedata.normalize("NFC", content.decode("cp1258"))
        except UnicodeDecodeError:
            raise LoadError(
                filename,
                "không đọc được mã hoá ký tự (không phải UTF-8, UTF-16 hay Windows-1258)",
            ) from None
    if _looks_binary(text):
        raise LoadError(filename, "không phải văn bản (tệp nhị phân)")
    return unicodedata.normalize("NFC", text)


# --- Word (.docx) -----------------------------------------------------------------------------


def _paragraph_lines(paragraph: Any) -> list[str]:
    # A paragraph is one line (soft breaks inside it stay as newlines); headings and
    # bold-only lines are paragraphs of their own, so they keep their own line too.
    text = paragraph.text.strip()
    return [text] if text else []


def _cell_text(cell: Any) -> str:
    parts: list[str] = []
    for block in cell.iter_inner_content():
        if hasattr(block, "rows"):
            parts.extend(_table_lines(block))
        else:
            parts.extend(_paragraph_lines(block))
    return " ".join(" ".join(parts).split())


def _table_lines(table: Any) -> list[str]:
    """Table rows in order; layout tables (≤ 2 columns) give a line per cell.

    Official documents put their header (issuer | national motto, number | place and date)
    and signature block in borderless two-column tables: reading each cell as its own line
    keeps "Số: 31/KH-UBND" and "An Giang, ngày ..." at the start of a line, as in a plain
    text copy. Wider tables are data (content | time | unit): one line per row, cells joined
    by " | ", keeps a deadline next to what is due.
    """
    lines: list[str] = []
    columns = len(table.columns)
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells appear once per grid column they span: keep the first.
            key = id(cell._tc)
            if key in seen:
                continue
            seen.add(key)
            text = _cell_text(cell)
            if text:
                cells.append(text)
        if not cells:
            continue
        if columns <= 2:
            lines.extend(cells)
        else:
            lines.append(" | ".join(cells))
    return lines


def check_docx_archive(filename: str, content: bytes) -> None:
    """Refuse a .docx whose archive would unpack too big or holds too many members."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise LoadError(
            filename, "tệp .docx bị hỏng hoặc không phải tài liệu Word (.docx) hợp lệ"
        ) from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise LoadError(
            filename,
            f"tệp .docx chứa quá nhiều thành phần ({len(members)}, tối đa "
            f"{MAX_DOCX_MEMBERS}); có thể là tệp độc hại, không đọc",
        )
    unpacked = sum(max(m.file_size, 0) for m in members)
    if unpacked > MAX_DOCX_UNCOMPRESSED:
        raise LoadError(
            filename,
            f"tệp .docx khi giải nén quá lớn ({format_size(unpacked)}, tối đa "
            f"{format_size(MAX_DOCX_UNCOMPRESSED)}); có thể là tệp độc hại (zip bomb), "
            "không đọc",
        )


def _docx_text(filename: str, content: bytes) -> str:
    check_docx_archive(filename, content)
    try:
        import docx

        document = docx.Document(io.BytesIO(content))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if hasattr(block, "rows"):
                lines.extend(_table_lines(block))
            else:
                lines.extend(_paragraph_lines(block))
    except Exception:  # python-docx raises many kinds on damaged packages
        raise LoadError(
            filename, "tệp .docx bị hỏng hoặc không phải tài liệu Word (.docx) hợp lệ"
        ) from None
    if not lines:
        raise LoadError(filename, "tệp .docx không có nội dung chữ")
    return "\n\n".join(lines)


# --- PDF --------------------------------------------------------------------------------------


def _pdf_text(filename: str, content: bytes) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    # pypdf logs warnings for every damaged object it recovers from; the LoadError says it all.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(filename, "PDF được bảo vệ bằng mật khẩu, không đọc được")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise LoadError(
                filename, f"tệp PDF quá nhiều trang ({count}, tối đa {MAX_PDF_PAGES})"
            )
        pages: list[str] = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                limit = f"{MAX_TEXT_CHARS:,}".replace(",", ".")
                raise LoadError(
                    filename,
                    f"tệp PDF có quá nhiều chữ (hơn {limit} ký tự); có thể là tệp độc hại, "
                    "không đọc",
                )
            pages.append(text)
    except LoadError:
        raise
    except FileNotDecryptedError:
        raise LoadError(filename, "PDF được bảo vệ bằng mật khẩu, không đọc được") from None
    except Exception:  # pypdf raises many kinds on damaged files
        raise LoadError(filename, "tệp PDF bị hỏng hoặc không đọc được") from None
    if not pages:
        raise LoadError(filename, "tệp PDF không có trang nào")
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not any(ch.isalnum() for ch in text):
        raise LoadError(filename, "PDF scan không có lớp chữ (cần OCR)")
    return text


# --- paths ------------------------------------------------------------------------------------


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_document_paths(paths: list[Path]) -> Iterator[Path | LoadError]:
    """Files to ingest: directories expanded (recursive, sorted), missing paths as LoadError.

    Inside a directory only supported documents are taken; hidden files and sidecar YAML
    corrections are skipped. Files named explicitly pass through, so an unsupported one gets
    its own clear reason from `load_path`. Each file is yielded once.
    """
    seen: set[Path] = set()

    def once(path: Path) -> bool:
        key = path.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not _is_hidden(p, path)
            )
            for file in found:
                if once(file):
                    yield file
        elif path.exists():
            if once(path):
                yield path
        else:
            yield LoadError(str(path), "không tìm thấy tệp")
