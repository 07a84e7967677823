"""Hostile documents are refused fast, with a clear Vietnamese reason, under a memory bound.

The zip bomb is read in a real child process so its peak RSS and its time can be measured.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from knowledge.documents.loader import MAX_DOCX_MEMBERS, MAX_PDF_PAGES, LoadError, load_bytes

ROOT = Path(__file__).resolve().parent.parent
BOMB_EXPANDS_TO = 1536 * 1024 * 1024  # 1.5 GB of XML, as in the report


def _real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Kế hoạch phát động phong trào thi đua năm 2025")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip_bomb(path: Path) -> None:
    """A valid .docx whose word/document.xml expands to 1.5 GB (about 1.5 MB on disk)."""
    source = zipfile.ZipFile(io.BytesIO(_real_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            chunk = b" " * (16 * 1024 * 1024)
            for _ in range(BOMB_EXPANDS_TO // len(chunk)):
                member.write(chunk)
            member.write(b"</w:body></w:document>")


CHILD = """
import json, sys, time
from knowledge.documents.loader import LoadError, load_bytes
content = open(sys.argv[1], "rb").read()
began = time.perf_counter()
try:
    load_bytes("bom.docx", content)
    reason = None
except LoadError as exc:
    reason = exc.reason
took = time.perf_counter() - began
# VmHWM is this process image's own peak: ru_maxrss would carry over the forking parent's
# (Linux keeps it across fork and exec), i.e. the whole test session's.
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
rss_mb = int(hwm.split()[1]) / 1024
print(json.dumps({"reason": reason, "seconds": took, "rss_mb": rss_mb}))
"""


@pytest.mark.slow
def test_zip_bomb_docx_is_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    _zip_bomb(path)
    assert path.stat().st_size < 5 * 1024 * 1024
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    print(result)
    assert result["reason"] is not None and "giải nén quá lớn" in result["reason"]
    assert "zip bomb" in result["reason"]
    # Before: 131 s and 3.2 GB RSS. A header check: well under a second even on a busy
    # machine (5 s is the bound), and only the process's own modules and the file in memory.
    assert result["seconds"] < 5.0
    assert result["rss_mb"] < 250


def test_docx_with_too_many_members_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(MAX_DOCX_MEMBERS + 1):
            archive.writestr(f"word/media/{i}.xml", b"")
    with pytest.raises(LoadError) as info:
        load_bytes("nhieu.docx", out.getvalue())
    assert "quá nhiều thành phần" in info.value.reason


def test_ordinary_docx_still_reads() -> None:
    assert "phong trào thi đua" in load_bytes("kh.docx", _real_docx())


def test_pdf_with_too_many_pages_is_refused() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.add_page()
    with pytest.raises(LoadError) as info:
        load_bytes("dai.pdf", bytes(pdf.output()))
    assert "quá nhiều trang" in info.value.reason


def test_pdf_text_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from fpdf import FPDF

    from knowledge.documents import loader

    monkeypatch.setattr(loader, "MAX_TEXT_CHARS", 2000)  # a small bound, the same code path
    pdf = FPDF()
    pdf.set_font("helvetica", size=8)
    for _ in range(3):
        pdf.add_page()
        pdf.multi_cell(0, 4, "thi dua khen thuong " * 60)
    with pytest.raises(LoadError) as info:
        load_bytes("chu.pdf", bytes(pdf.output()))
    assert "quá nhiều chữ" in info.value.reason
