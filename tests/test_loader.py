"""Loading documents: good files of each format, and every kind of bad input."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from knowledge.documents.loader import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    LoadError,
    format_size,
    iter_document_paths,
    load_bytes,
    load_path,
)

VIETNAMESE = (
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\n"
    "Số: 31/KH-UBND\n\n"
    "An Giang, ngày 13 tháng 01 năm 2021\n\n"
    "KẾ HOẠCH Tổ chức, phát động phong trào thi đua năm 2021\n\n"
    "Các đơn vị đăng ký thi đua gửi về Ban Thi đua - Khen thưởng trước ngày 15/02/2021. "
    "Đắk Lắk, Thừa Thiên Huế, Bà Rịa - Vũng Tàu: ưu tiên, giữ gìn, phấn đấu, tưởng thưởng."
)
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
LIMIT = 1024


def _reason(exc: pytest.ExceptionInfo[LoadError]) -> str:
    return exc.value.reason


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _unicode_font() -> Path:
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    pytest.skip(
        "no Unicode TTF font (DejaVuSans) on this machine: apt-get install fonts-dejavu-core"
    )


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 writes Vietnamese: base letters precomposed, tones combining."""
    out: list[str] = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in _TONES)
        tones = "".join(c for c in decomposed if c in _TONES)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


# --- good text files ----------------------------------------------------------------------


def test_sample_document_loads(samples_dir: Path) -> None:
    text = load_path(samples_dir / "000_3b7d2929bbb28171.txt", max_bytes=DEFAULT_MAX_BYTES)
    assert "Số: 31 /KH-UBND" in text
    assert "15/02/2020" in text


def test_markdown_file_loads_raw(tmp_path: Path) -> None:
    path = _write(tmp_path, "kh.md", "# KẾ HOẠCH\n\n**Đợt 1**: từ tháng 1\n".encode())
    text = load_path(path, max_bytes=LIMIT)
    assert text.startswith("# KẾ HOẠCH")  # raw: markup is the cleaner's job
    assert "**Đợt 1**" in text


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + VIETNAMESE.encode())
    assert load_path(path, max_bytes=LIMIT) == VIETNAMESE


def test_decomposed_utf8_is_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", VIETNAMESE)
    assert nfd != VIETNAMESE
    assert load_bytes("a.txt", nfd.encode(), max_bytes=LIMIT) == VIETNAMESE


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    content = VIETNAMESE.encode(encoding)
    if encoding == "utf-16":
        assert content[:2] in (b"\xff\xfe", b"\xfe\xff")
    else:
        assert content[:2] not in (b"\xff\xfe", b"\xfe\xff")
    path = _write(tmp_path, f"{encoding}.txt", content)
    assert load_path(path, max_bytes=LIMIT) == VIETNAMESE


def test_windows_1258_text(tmp_path: Path) -> None:
    content = encode_cp1258(VIETNAMESE)
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    # Python's codec leaves tones as combining marks; the loader must give precomposed NFC.
    assert content.decode("cp1258") != VIETNAMESE
    path = _write(tmp_path, "cp1258.txt", content)
    text = load_path(path, max_bytes=LIMIT)
    assert text == VIETNAMESE
    assert unicodedata.is_normalized("NFC", text)


def test_crlf_text_kept_raw() -> None:
    text = load_bytes("a.txt", "Dòng 1\r\nDòng 2\r\n".encode(), max_bytes=LIMIT)
    assert "Dòng 1" in text and "Dòng 2" in text


# --- bad text files -----------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.txt", b"")
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=LIMIT)
    assert _reason(exc) == "tệp rỗng"
    assert exc.value.path == str(path)
    assert str(path) in str(exc.value)


@pytest.mark.parametrize("content", [b"   \n\n\t  \r\n", "\u00a0\u3000\n".encode()])
def test_whitespace_only_file(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path, "blank.md", content)
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=LIMIT)
    assert _reason(exc).startswith("tệp rỗng")


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 2,  # every byte value
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),  # an image renamed .txt
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(1, 200)),  # a zip renamed .txt
        b"Bao cao\x01\x02\x03\x04\x05\x06\x07\x08 thi dua\x0e\x0f\x10\x11",  # no NUL, controls
    ],
)
def test_binary_file_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path, "data.txt", content)
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=LIMIT)
    assert _reason(exc) == "không phải văn bản (tệp nhị phân)"


def test_file_over_limit_is_rejected_before_reading(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"a" * (LIMIT + 512))
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=LIMIT)
    assert _reason(exc) == "tệp 1,5 KB vượt giới hạn 1 KB"
    with pytest.raises(LoadError, match="vượt giới hạn"):
        load_path(_write(tmp_path, "one-more.txt", b"a" * (LIMIT + 1)), max_bytes=LIMIT)
    assert load_path(_write(tmp_path, "ok.txt", b"a" * LIMIT), max_bytes=LIMIT) == "a" * LIMIT


def test_bytes_over_limit() -> None:
    with pytest.raises(LoadError) as exc:
        load_bytes("upload.pdf", b"%PDF" + bytes(3 * 1024 * 1024), max_bytes=2 * 1024 * 1024)
    assert _reason(exc) == "tệp 3 MB vượt giới hạn 2 MB"


def test_default_limit_is_20_mb() -> None:
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    assert format_size(DEFAULT_MAX_BYTES) == "20 MB"
    assert format_size(1536 * 1024) == "1,5 MB"
    assert format_size(300) == "300 byte"


@pytest.mark.parametrize(
    ("name", "shown"), [("bang.xlsx", ".xlsx"), ("cu.DOC", ".doc"), ("README", None)]
)
def test_unknown_extension(tmp_path: Path, name: str, shown: str | None) -> None:
    path = _write(tmp_path, name, b"some text")
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=LIMIT)
    expected = shown or "(không có phần mở rộng)"
    assert _reason(exc) == (
        f"định dạng {expected} không được hỗ trợ (chỉ nhận .txt, .md, .docx, .pdf)"
    )


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = _write(tmp_path, "KH.TXT", VIETNAMESE.encode())
    assert load_path(path, max_bytes=LIMIT) == VIETNAMESE


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        load_path(tmp_path / "khong-co.txt", max_bytes=LIMIT)
    assert _reason(exc) == "không tìm thấy tệp"


def test_directory_given_to_load_path(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        load_path(tmp_path, max_bytes=LIMIT)
    assert "thư mục" in _reason(exc)


# --- Word ---------------------------------------------------------------------------------


def _make_docx() -> bytes:
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)  # the layout table of an official header
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "Số: 02/CT-UBND"
    header.cell(1, 1).text = "Điện Biên, ngày 08 tháng 02 năm 2022"
    document.add_heading("CHỈ THỊ", level=1)
    document.add_paragraph("Về việc phát động phong trào thi đua năm 2022")
    bold = document.add_paragraph()
    bold.add_run("I. MỤC ĐÍCH, YÊU CẦU").bold = True
    document.add_paragraph("Phương châm: “Đoàn kết, kỷ cương, đổi mới, sáng tạo”.")
    schedule = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("Nội dung", "Thời hạn", "Nơi nhận"),
            ("Đăng ký thi đua", "trước ngày 15/3/2022", "Sở Nội vụ"),
            ("Báo cáo tổng kết", "trước ngày 20/11/2022", "Ban Thi đua - Khen thưởng"),
        ]
    ):
        for c, value in enumerate(row):
            schedule.cell(r, c).text = value
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Ô gộp hai cột"
    merged.cell(0, 2).text = "ghi chú"
    document.add_paragraph("Nơi nhận: như trên.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "chi-thi.docx", _make_docx())
    text = load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    lines = [line for line in text.split("\n") if line]
    assert lines == [
        "ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "Số: 02/CT-UBND",
        "Điện Biên, ngày 08 tháng 02 năm 2022",
        "CHỈ THỊ",
        "Về việc phát động phong trào thi đua năm 2022",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Phương châm: “Đoàn kết, kỷ cương, đổi mới, sáng tạo”.",
        "Nội dung | Thời hạn | Nơi nhận",
        "Đăng ký thi đua | trước ngày 15/3/2022 | Sở Nội vụ",
        "Báo cáo tổng kết | trước ngày 20/11/2022 | Ban Thi đua - Khen thưởng",
        "Ô gộp hai cột | ghi chú",
        "Nơi nhận: như trên.",
    ]


def test_docx_from_bytes_matches_path(tmp_path: Path) -> None:
    content = _make_docx()
    path = _write(tmp_path, "a.docx", content)
    assert load_bytes("a.docx", content, max_bytes=DEFAULT_MAX_BYTES) == load_path(
        path, max_bytes=DEFAULT_MAX_BYTES
    )


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 this is not really a zip",
        b"plain text renamed to docx",
        # a valid zip that is not a Word package
        b"",
    ],
)
def test_corrupt_docx(tmp_path: Path, content: bytes) -> None:
    if not content:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "xin chào")
        content = buffer.getvalue()
    path = _write(tmp_path, "hong.docx", content)
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert _reason(exc) == "tệp .docx bị hỏng hoặc không phải tài liệu Word (.docx) hợp lệ"


def test_docx_truncated(tmp_path: Path) -> None:
    content = _make_docx()
    path = _write(tmp_path, "cut.docx", content[: len(content) // 2])
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert "bị hỏng" in _reason(exc)


def test_docx_without_text(tmp_path: Path) -> None:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    path = _write(tmp_path, "trong.docx", buffer.getvalue())
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert _reason(exc) == "tệp .docx không có nội dung chữ"


# --- PDF ----------------------------------------------------------------------------------


NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}


def _text_pdf(font: Path) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "ỦY BAN NHÂN DÂN TỈNH AN GIANG", **NEXT_LINE)
    pdf.multi_cell(
        0,
        6,
        "KẾ HOẠCH Tổ chức, phát động phong trào thi đua năm 2021",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.add_page()
    pdf.multi_cell(0, 6, "Đăng ký thi đua trước ngày 15/02/2021.", **NEXT_LINE)
    return bytes(pdf.output())


def test_text_pdf_with_vietnamese(tmp_path: Path) -> None:
    path = _write(tmp_path, "kh.pdf", _text_pdf(_unicode_font()))
    text = load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert "ỦY BAN NHÂN DÂN TỈNH AN GIANG" in unicodedata.normalize("NFC", text)
    assert "phát động phong trào thi đua năm 2021" in unicodedata.normalize("NFC", text)
    # both pages, in order
    assert text.index("AN GIANG") < text.index("15/02/2021")


def _image_only_pdf() -> bytes:
    from fpdf import FPDF
    from PIL import Image

    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):  # a few "scanned lines"
        for y in (40, 60, 80):
            image.putpixel((x, y), (0, 0, 0))
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    path = _write(tmp_path, "scan.pdf", _image_only_pdf())
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert _reason(exc) == "PDF scan không có lớp chữ (cần OCR)"


def test_blank_pdf_without_text(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    path = _write(tmp_path, "blank.pdf", bytes(pdf.output()))
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert _reason(exc) == "PDF scan không có lớp chữ (cần OCR)"


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n garbage garbage\n%%EOF", b"not a pdf at all", b"%PDF-1.4\n" + bytes(64)],
)
def test_corrupt_pdf(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path, "hong.pdf", content)
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert _reason(exc) == "tệp PDF bị hỏng hoặc không đọc được"


def test_truncated_text_pdf(tmp_path: Path) -> None:
    content = _text_pdf(_unicode_font())
    path = _write(tmp_path, "cut.pdf", content[: len(content) // 3])
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert _reason(exc) in {
        "tệp PDF bị hỏng hoặc không đọc được",
        "PDF scan không có lớp chữ (cần OCR)",
    }


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_text_pdf(_unicode_font()))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = _write(tmp_path, "khoa.pdf", buffer.getvalue())
    with pytest.raises(LoadError) as exc:
        load_path(path, max_bytes=DEFAULT_MAX_BYTES)
    assert _reason(exc) == "PDF được bảo vệ bằng mật khẩu, không đọc được"


# --- directories --------------------------------------------------------------------------


def test_iter_document_paths_expands_directories(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "b-sub").mkdir(parents=True)
    (root / ".git").mkdir()
    for name in ["b.txt", "a.md", "c.docx", "d.pdf", "e.PDF", "b-sub/z.txt", "b-sub/y.md"]:
        (root / name).write_text("x")
    for name in ["b.yaml", "notes.xlsx", ".hidden.txt", ".git/config.txt", "image.png"]:
        (root / name).write_text("x")
    loose = tmp_path / "loose.xlsx"
    loose.write_text("x")
    missing = tmp_path / "missing.txt"

    items = list(iter_document_paths([root, loose, missing, root / "a.md"]))

    paths = [item for item in items if isinstance(item, Path)]
    errors = [item for item in items if isinstance(item, LoadError)]
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "docs/a.md",
        "docs/b-sub/y.md",
        "docs/b-sub/z.txt",
        "docs/b.txt",
        "docs/c.docx",
        "docs/d.pdf",
        "docs/e.PDF",
        "loose.xlsx",  # named explicitly: passed through, load_path explains the format
    ]
    assert len(errors) == 1
    assert errors[0].path == str(missing)
    assert errors[0].reason == "không tìm thấy tệp"
    with pytest.raises(LoadError, match=r"định dạng \.xlsx không được hỗ trợ"):
        load_path(loose, max_bytes=LIMIT)


def test_iter_document_paths_keeps_order_of_arguments(samples_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "z.txt"
    first.write_text("x")
    items = list(iter_document_paths([first, samples_dir]))
    assert items[0] == first
    names = [p.name for p in items[1:] if isinstance(p, Path)]
    assert names == sorted(names)
    assert "000_3b7d2929bbb28171.txt" in names


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".docx", ".pdf"} == SUPPORTED_SUFFIXES
