"""Short texts, odd phrasings and the validator's doubts."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.extract import extract_document
from knowledge.schema import DeadlineKind

D = dt.date

NOTICE = """THÔNG BÁO
Về việc phát động phong trào thi đua "Chuyển đổi số" năm 2023

Sở Nội vụ thông báo phát động phong trào thi đua chuyên đề "Chuyển đổi số" năm 2023.
Phong trào được thực hiện từ ngày 01/3/2023 đến ngày 30/11/2023.
Các đơn vị đăng ký thi đua gửi về Sở Nội vụ trước ngày 15/3/2023.
Báo cáo tổng kết gửi về Ban Thi đua - Khen thưởng trước ngày 10 tháng 12 năm 2023.
"""


def test_a_short_notice_gives_period_and_cut_offs() -> None:
    doc = extract_document(NOTICE, "thong-bao.txt")
    c = doc.campaign
    assert doc.document.doc_type == "Thông báo"
    assert c.kind.value == "thematic"
    assert (c.start, c.end) == (D(2023, 3, 1), D(2023, 11, 30))
    kinds = {d.kind: d for d in c.deadlines}
    assert kinds[DeadlineKind.REGISTRATION].due == D(2023, 3, 15)
    assert kinds[DeadlineKind.REGISTRATION].recipient == "Sở Nội vụ"
    assert kinds[DeadlineKind.FINAL_REPORT].due == D(2023, 12, 10)
    assert kinds[DeadlineKind.FINAL_REPORT].recipient == "Ban Thi đua - Khen thưởng"
    assert doc.warnings == []


def test_news_item_without_headers_invents_nothing() -> None:
    text = (
        "Tỉnh phát động thi đua lập thành tích chào mừng Đại hội. "
        "Hạn chót đăng ký thi đua là ngày 20/5/2024."
    )
    doc = extract_document(text, "tin.txt")
    assert doc.document.number is None and doc.document.issue_date is None
    assert doc.document.signer is None
    assert [(d.kind, d.due) for d in doc.campaign.deadlines] == [
        (DeadlineKind.REGISTRATION, D(2024, 5, 20))
    ]


def test_recurring_reports_with_a_day() -> None:
    text = (
        "KẾ HOẠCH\nThi đua năm 2024\n"
        "Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 10 hàng tháng.\n"
        "Báo cáo năm gửi về Ban Thi đua trước ngày 20 tháng 12 hàng năm.\n"
    )
    reports = extract_document(text, "r.txt").campaign.recurring_reports
    assert [(r.period.value, r.day, r.month) for r in reports] == [
        ("monthly", 10, None),
        ("yearly", 20, 12),
    ]
    assert reports[0].recipient == "Sở Nội vụ"


def test_phase_ending_before_it_starts_is_flagged_and_kept() -> None:
    text = "KẾ HOẠCH\nThi đua năm 2024\nĐợt 1: từ ngày 30/6/2024 đến ngày 01/3/2024.\n"
    doc = extract_document(text, "p.txt")
    assert doc.campaign.phases[0].start == D(2024, 6, 30)
    assert "phase_inverted" in [w.code for w in doc.warnings]


def test_impossible_deadline_is_flagged() -> None:
    text = (
        "KẾ HOẠCH\nThi đua năm 2024\nCác đơn vị gửi kế hoạch về Sở Nội vụ trước ngày 31/02/2024.\n"
    )
    doc = extract_document(text, "x.txt")
    assert [d.due for d in doc.campaign.deadlines] == [None]
    assert "impossible_date" in [w.code for w in doc.warnings]


def test_deadline_before_campaign_year_without_issue_date() -> None:
    text = (
        "KẾ HOẠCH\nPhát động thi đua năm 2024\n"
        "Đăng ký thi đua gửi về Sở Nội vụ trước ngày 15/01/2023.\n"
    )
    doc = extract_document(text, "y.txt")
    assert [w.code for w in doc.warnings] == ["deadline_before_campaign_year"]


def test_period_contradicting_its_phases_is_flagged() -> None:
    text = (
        "KẾ HOẠCH\nThi đua năm 2024\n"
        "Phong trào được thực hiện từ ngày 01/01/2024 đến ngày 30/6/2024.\n"
        "Đợt 1: từ ngày 01/01/2024 đến ngày 31/10/2024.\n"
    )
    doc = extract_document(text, "z.txt")
    assert "period_conflict" in [w.code for w in doc.warnings]


def test_text_without_diacritics_and_crlf() -> None:
    text = (
        "KE HOACH\r\nThi dua nam 2024\r\n"
        "Cac don vi gui ke hoach ve So Noi vu truoc ngay 25/02/2024.\r\n"
    )
    doc = extract_document(text, "a.txt")
    assert [(d.kind, d.due) for d in doc.campaign.deadlines] == [
        (DeadlineKind.PLAN_SUBMISSION, D(2024, 2, 25))
    ]


@pytest.mark.parametrize(
    ("sentence", "kind", "due", "what", "recipient"),
    [
        (
            "Các đơn vị gửi bản đăng ký thi đua về Ban Thi đua - Khen thưởng chậm nhất ngày "
            "30/3/2023.",
            DeadlineKind.REGISTRATION,
            D(2023, 3, 30),
            "Bản đăng ký thi đua",
            "Ban Thi đua - Khen thưởng",
        ),
        (
            "Hồ sơ đề nghị khen thưởng gửi về Sở Nội vụ (qua Ban Thi đua - Khen thưởng) trước "
            "15/12/2023.",
            DeadlineKind.REWARD_PROPOSAL,
            D(2023, 12, 15),
            "Hồ sơ đề nghị khen thưởng",
            "Sở Nội vụ",
        ),
        (
            "Báo cáo sơ kết 6 tháng gửi về UBND tỉnh trước ngày 15/6/2023.",
            DeadlineKind.PRELIMINARY_REVIEW,
            D(2023, 6, 15),
            "Báo cáo sơ kết 6 tháng",
            "UBND tỉnh",
        ),
        (
            "Thời hạn nộp báo cáo tổng kết: trước ngày 20/11/2023.",
            DeadlineKind.FINAL_REPORT,
            D(2023, 11, 20),
            "Báo cáo tổng kết",
            None,
        ),
        (
            "Hạn chót nộp hồ sơ là ngày 10/10/2023.",
            DeadlineKind.OTHER,
            D(2023, 10, 10),
            "Hồ sơ",
            None,
        ),
        (
            "Các cụm, khối tổ chức ký kết giao ước thi đua trước ngày 31/3/2023.",
            DeadlineKind.REGISTRATION,
            D(2023, 3, 31),
            "Ký kết giao ước thi đua",
            None,
        ),
    ],
)
def test_deadline_phrasings(
    sentence: str, kind: DeadlineKind, due: dt.date, what: str, recipient: str | None
) -> None:
    doc = extract_document("KẾ HOẠCH\nThi đua năm 2023\n" + sentence, "x.txt")
    [d] = doc.campaign.deadlines
    assert (d.kind, d.due, d.what, d.recipient) == (kind, due, what, recipient)
