"""Accent folding and document clean-up."""

from __future__ import annotations

import pytest

from knowledge.text.normalise import clean_document_text, fold, fold_keep_length


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hạn nộp báo cáo tổng kết", "han nop bao cao tong ket"),
        ("ĐIỆN BIÊN", "dien bien"),
        ("Đợt 2", "dot 2"),
        ("thi đua đặc biệt", "thi dua dac biet"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_keep_length_keeps_positions() -> None:
    text = "Ủy ban nhân dân tỉnh Đ"
    assert len(fold_keep_length(text)) == len(text)
    assert fold_keep_length(text) == "uy ban nhan dan tinh d"


def test_clean_document_text_strips_markdown_and_ocr() -> None:
    raw = "## **KÉ HOẠCH**\r\n\r\n\r\n\r\n### **Phát động**  thi   đua"
    assert clean_document_text(raw) == "KẾ HOẠCH\n\nPhát động thi đua"
