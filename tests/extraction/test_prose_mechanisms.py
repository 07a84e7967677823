"""The mechanisms that read real documents, each on short texts written for the test."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from knowledge.answer.core import answer
from knowledge.extract import extract_document
from knowledge.extract.campaign import theme_and_slogan
from knowledge.extract.numbers import metadata_signer
from knowledge.extract.timeline import Timeline, page_date
from knowledge.index.base import KnowledgeBase

D = dt.date


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Tin tức\n03/11/2022 - 20:28\n\nBài viết", D(2022, 11, 3)),
        ("Tiêu đề\nThứ Hai, 01/06/2020, 17:30\n", D(2020, 6, 1)),
        ("Tiêu đề\nCập nhật:02/12/2022 9:18:04 SA\n", D(2022, 12, 2)),
        ("Tiêu đề\nThứ sáu, 12/10/2018 15:00:14 | Tiếng nói cơ sở\n", D(2018, 10, 12)),
        ("Tiêu đề\n(26/03/2021)\n", D(2021, 3, 26)),
        # A sentence with a date is not a date line.
        ("Tiêu đề\nNgày 12/10/2018 Hội phát động thi đua\n", None),
        ("Tiêu đề\n31/02/2020 10:00\n", None),  # impossible
    ],
)
def test_page_date(head: str, expected: dt.date | None) -> None:
    assert page_date(head) == expected


@pytest.mark.parametrize(
    ("timeline", "day", "month", "sentence_year", "expected"),
    [
        (Timeline(page_date=D(2023, 12, 20)), 20, 12, None, (D(2023, 12, 20), "page_date")),
        # Posted early January about a late-December event: the year before.
        (Timeline(page_date=D(2024, 1, 3)), 28, 12, None, (D(2023, 12, 28), "page_date")),
        (Timeline(issue_date=D(2021, 3, 18)), 5, 4, 2030, (D(2021, 4, 5), "issue_date")),
        (Timeline(campaign_year=2023), 23, 3, 2022, (D(2022, 3, 23), "sentence")),
        (Timeline(campaign_year=2023), 23, 3, None, (D(2023, 3, 23), "campaign")),
        (Timeline(latest_year=2021), 23, 4, None, (D(2021, 4, 23), "document")),
        (Timeline(), 23, 4, None, (None, None)),
        (Timeline(latest_year=2021), 29, 2, None, (None, None)),
    ],
)
def test_yearless_dates_are_placed(
    timeline: Timeline,
    day: int,
    month: int,
    sentence_year: int | None,
    expected: tuple[dt.date | None, str | None],
) -> None:
    assert timeline.place(day, month, sentence_year=sentence_year) == expected


def _doc(text: str):
    return extract_document(text, "t.txt")


def test_news_events_take_the_date_line_year_and_are_not_deadlines() -> None:
    doc = _doc(
        "Khối thi đua ký kết giao ước\n08/04/2022 - 16:49\n\n"
        "TTH.VN - Ngày 8/4, Công đoàn Khu Kinh tế tổ chức phát động phong trào thi đua.\n"
        "Hội nghị tổng kết dự kiến tổ chức trong tháng 12/2022 tại hội trường.\n"
    )
    events = {(e.date, e.precision, e.year_from) for e in doc.campaign.events}
    assert (D(2022, 4, 8), "day", "page_date") in events
    assert (D(2022, 12, 1), "month", None) in events
    assert doc.campaign.deadlines == []
    assert doc.document.page_date == D(2022, 4, 8)


def test_yearless_event_without_any_anchor_keeps_day_and_month_only() -> None:
    doc = _doc("Tin\n\n(Mặt trận) - Ngày 13-12, Ủy ban MTTQ thành phố tổ chức Lễ phát động.\n")
    (event,) = doc.campaign.events
    assert event.date is None and (event.day, event.month) == (13, 12)


def test_yearly_rules_are_recurring_never_impossible_dates() -> None:
    doc = _doc(
        "Quy định\n\n1. Hồ sơ đề nghị khen thưởng hằng năm gửi về Ban Thi đua chậm nhất ngày "
        "15/3 năm sau; khen thưởng theo năm học trước ngày 10/8 hằng năm.\n"
    )
    rules = {(r.period, r.day, r.month, r.next_year) for r in doc.campaign.recurring_reports}
    assert rules == {("yearly", 15, 3, True), ("yearly", 10, 8, False)}
    assert doc.campaign.deadlines == []
    assert not [w for w in doc.warnings if w.code == "impossible_date"]


def test_relative_limits_are_deadlines_without_a_day() -> None:
    doc = _doc(
        "Điều 5\n\na) Trong thời hạn 10 ngày làm việc, Cục sao quyết định và thông báo kết quả "
        "khen thưởng cho đơn vị.\nb) Đơn vị đạt thành tích trong 50 ngày thi đua.\n"
    )
    (deadline,) = doc.campaign.deadlines
    assert deadline.due is None and deadline.relative == "10 ngày làm việc"


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("Đợt thi đua diễn ra trong 50 ngày, từ ngày 9/11 đến ngày 28/12/2022.",
         D(2022, 11, 9), D(2022, 12, 28)),
        ("Hội Nông dân đã phát động đợt thi đua cao điểm đến hết năm 2008.",
         None, D(2008, 12, 31)),
        ("Theo kế hoạch từ tháng 07/2018 đến hết tháng 7/2019, các đơn vị thi đua lập thành tích.",
         D(2018, 7, 1), D(2019, 7, 31)),
        # A registration cut-off is not the campaign's period.
        ("Thời gian đăng ký thi đua đến ngày 15/02/2022.", None, None),
        # An anniversary is not either.
        ("Thi đua chào mừng kỷ niệm ngày thành lập (30/4/1975 - 30/4/2025).", None, None),
    ],
)  # fmt: skip
def test_campaign_period_in_prose(
    sentence: str, start: dt.date | None, end: dt.date | None
) -> None:
    c = _doc(f"Tin\n\n{sentence}\n").campaign
    assert (c.start, c.end) == (start, end)


def test_one_phase_never_makes_the_period_and_its_dates_may_stand_below() -> None:
    c = _doc(
        "THÔNG BÁO\n\n– Giai đoạn 2 của cuộc thi là cuộc thi sáng tác của nhiệm kỳ 2018 – 2023.\n"
        "– Thời gian bắt đầu từ 26/11/2023 – 10/12/2023.\n"
    ).campaign
    (phase,) = c.phases
    assert (phase.name, phase.start) == ("Giai đoạn 2", D(2023, 11, 26))
    assert phase.end == D(2023, 12, 10)
    assert (c.start, c.end) == (None, None)


def test_phases_with_ocr_numerals_and_from_after() -> None:
    c = _doc(
        "Tin\n\n- Đợt I: Từ 1/1/2020 đến 30/5/2020, mừng Đảng.\n"
        "- Đợt I1: Từ 01/5/2020 đến 30/10/2020, kỷ niệm.\n"
        "- Đợt III: Từ sau 30/10/2020 đến 31/12/2020 kỷ niệm.\n"
    ).campaign
    assert [(p.name, p.start, p.end) for p in c.phases] == [
        ("Đợt I", D(2020, 1, 1), D(2020, 5, 30)),
        ("Đợt II", D(2020, 5, 1), D(2020, 10, 30)),
        ("Đợt III", D(2020, 10, 31), D(2020, 12, 31)),
    ]
    assert (c.start, c.end) == (D(2020, 1, 1), D(2020, 12, 31))


def test_counted_phases_without_dates() -> None:
    c = _doc("Tin\n\nPhong trào thi đua năm 2024 dự kiến chia thành 2 đợt.\n").campaign
    assert [(p.name, p.start) for p in c.phases] == [("Đợt 1", None), ("Đợt 2", None)]


@pytest.mark.parametrize(
    ("text", "number", "issued"),
    [
        ("Tin\n\nMới đây, Công đoàn đã ban hành Công văn số 08/CV-CĐVP ngày 14/02/2020 "
         "phát động thi đua.", "08/CV-CĐVP", D(2020, 2, 14)),
        ("Tin\n\nNgày 29/11/2022, UBND huyện ban hành Kế hoạch số 210/KH-UBND về thi đua.",
         "210/KH-UBND", D(2022, 11, 29)),
        # The plan this one follows is not this one's number.
        ("Tin\n\nThực hiện Kế hoạch số 1775/KH-SYT ngày 30/3/2020 của Sở Y tế, bệnh viện "
         "phát động thi đua.", None, None),
        ("TRƯỜNG THPT\n        Số 04/ KH-THPTTX. PL\n        Phước Long, ngày 9  tháng 10  năm "
         "2014\nKẾ HOẠCH\n", "04/KH-THPTTX.PL", D(2014, 10, 9)),
        ("BỘ TÀI CHÍNH\nSố: 15764/BTC-TĐKT\nHà Nội, ngày 15\ntháng 11 năm 2013\n",
         "15764/BTC-TĐKT", D(2013, 11, 15)),
        ("Tiêu đề\nSố hiệu: 28/HD-TĐKT Loại văn bản: Hướng dẫn\nNgày ban hành: 09/01/2007\n",
         "28/HD-TĐKT", D(2007, 1, 9)),
    ],
)  # fmt: skip
def test_number_and_issue_date(text: str, number: str | None, issued: dt.date | None) -> None:
    info = _doc(text).document
    assert (info.number, info.issue_date) == (number, issued)


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("Tin\n\nNhà máy Z183 đã phát động Đợt thi đua cao điểm.", "Nhà máy Z183"),
        ("Tin\n\nSáng 6/10, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh tổ chức Hội nghị.",
         "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"),
        ("Tin\n\nThực hiện Kế hoạch số 1/KH-SYT của Sở Y tế về việc thi đua, các khoa thi đua.",
         None),
    ],
)  # fmt: skip
def test_issuer_in_prose(text: str, issuer: str | None) -> None:
    assert _doc(text).document.issuer == issuer

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "signer"),
    [
        ("Số hiệu 1/KH-HĐTĐKT\nNgười ký Phạm Thị Thanh Trà\nLĩnh vực Bộ máy hành chính",
         "Phạm Thị Thanh Trà"),
        ("Nơi ban hành: Tỉnh Yên Bái Người ký: Hoàng Xuân Lộc Ngày ban hành: 09/01/2007",
         "Hoàng Xuân Lộc"),
        ("Người ký: Đang cập nhật", None),
        ("Các đơn vị ký kết giao ước thi đua.", None),
    ],
)
def test_metadata_signer(text: str, signer: str | None) -> None:
    assert metadata_signer(text) == signer


def test_signer_question_is_answered_from_the_metadata() -> None:
    text = ("Kế hoạch 5/KH-BTĐ năm 2024 về tổ chức hội nghị\n\nSố hiệu 5/KH-BTĐ\n"
            "Người ký Nguyễn Văn An\nLĩnh vực Thi đua\n\nKẾ HOẠCH\nTổ chức hội nghị điển hình "
            "tiên tiến năm 2024\n\nI. MỤC ĐÍCH\nBiểu dương các tập thể, cá nhân tiêu biểu.\n")
    kb = KnowledgeBase.from_documents([extract_document(text, "kh5.txt")])
    a = answer(kb, "Ai ký Kế hoạch 5/KH-BTĐ?", dt.datetime(2024, 6, 1, 9, tzinfo=TZ))
    assert a.answered and "Nguyễn Văn An" in a.text, a.text


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Chủ đề thi đua: “Đoàn kết, sáng tạo”.", "Đoàn kết, sáng tạo"),
        ('sát với chủ đề năm học "Vì học sinh thân yêu; trường học kỷ cương” với mục tiêu',
         "Vì học sinh thân yêu; trường học kỷ cương"),
        ("Thực hiện chủ đề năm 2023 “Đoàn kết kỷ cương; bản lĩnh linh hoạt”.",
         "Đoàn kết kỷ cương; bản lĩnh linh hoạt"),
        ("Các chủ đề được bàn tại hội nghị.", None),
    ],
)
def test_theme_forms(text: str, theme: str | None) -> None:
    assert theme_and_slogan(text)[0] == theme
