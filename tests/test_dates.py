"""Vietnamese date parser: real phrasings, negatives, robustness, the sample documents."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.dates.phrases import DateMention, parse_dates, parse_dates_strict
from knowledge.text.normalise import clean_document_text


def E(
    kind: str,
    start: str | None = None,
    end: str | None = None,
    *,
    rec: str | None = None,
    day: int | None = None,
    month: int | None = None,
    dl: bool = False,
    inf: bool = False,
    valid: bool = True,
    qm: int | None = None,
) -> tuple[Any, ...]:
    """Expected mention; `end` defaults to `start` for kind "day"."""
    if kind == "day" and end is None:
        end = start
    s = dt.date.fromisoformat(start) if start else None
    e = dt.date.fromisoformat(end) if end else None
    return (kind, s, e, rec, day, month, dl, inf, valid, qm)


def actual(m: DateMention) -> tuple[Any, ...]:
    return (
        m.kind, m.start, m.end, m.recurrence, m.day, m.month, m.deadline, m.year_inferred,
        m.valid, m.quarter_month,
    )  # fmt: skip


CASES: list[tuple[str, dict[str, Any], list[tuple[Any, ...]]]] = [
    # --- single days
    ("An Giang, ngày 13 tháng 01 năm 2021", {}, [E("day", "2021-01-13")]),
    ("13 tháng 1 năm 2021", {}, [E("day", "2021-01-13")]),
    ("Điện Biên, ngày 08/02/2022", {}, [E("day", "2022-02-08")]),
    ("15/02/2020", {}, [E("day", "2020-02-15")]),
    ("15-02-2020", {}, [E("day", "2020-02-15")]),
    ("15.02.2020", {}, [E("day", "2020-02-15")]),
    ("Chỉ thị 34-CT/TW ngày 7 tháng 4 năm 2014 của Bộ Chính trị", {}, [E("day", "2014-04-07")]),
    ("Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017", {}, [E("day", "2017-07-31")]),
    ("Thông tư số 12/2019/TT-BNV ngày 04 tháng 11 năm 2019", {}, [E("day", "2019-11-04")]),
    ("Quyết định số 11/2019/QĐ-UBND ngày 18 tháng 7 năm 2019", {}, [E("day", "2019-07-18")]),
    ("ngày 29 tháng 2 năm 2024", {}, [E("day", "2024-02-29")]),
    ("hạn 2025-03-01", {}, [E("day", "2025-03-01", dl=True)]),
    # --- cut-offs
    (
        "gửi về Sở Nội vụ trước ngày 25 tháng 02 năm 2025 để tổng hợp",
        {},
        [E("day", "2025-02-25", dl=True)],
    ),
    ("**trước ngày 31 tháng 7 năm 2025**.", {}, [E("day", "2025-07-31", dl=True)]),
    ("ký kết giao ước thi đua đến 15/02/2020. Tổng kết", {}, [E("day", "2020-02-15", dl=True)]),
    ("báo cáo đến ngày 30/6/2021", {}, [E("day", "2021-06-30", dl=True)]),
    ("chậm nhất ngày 20/3/2022", {}, [E("day", "2022-03-20", dl=True)]),
    ("hạn chót: 15/3/2022", {}, [E("day", "2022-03-15", dl=True)]),
    ("hạn cuối nộp hồ sơ là ngày 10 tháng 11 năm 2023", {}, [E("day", "2023-11-10", dl=True)]),
    ("gửi trước ngày 15/3", {"year_hint": 2022}, [E("day", "2022-03-15", dl=True, inf=True)]),
    ("gửi trước ngày 15/3", {}, [E("day", day=15, month=3, dl=True)]),
    ("đến hết tháng 6 năm 2025", {}, [E("month", "2025-06-01", "2025-06-30", dl=True)]),
    # --- ranges
    ("Đợt 1 (Từ tháng 1 - 30/6/2021):", {}, [E("range", "2021-01-01", "2021-06-30", inf=True)]),
    ("Đợt 2 (Từ tháng 7 - 12/2021):", {}, [E("range", "2021-07-01", "2021-12-31", inf=True)]),
    (
        "- Đợt 1: Từ tháng 8 năm 2021 đến cuối tháng 12 năm 2021.",
        {},
        [E("range", "2021-08-01", "2021-12-31")],
    ),
    (
        "- Đợt 2: Từ tháng 01 năm 2022 đến cuối tháng 6 năm 2022.",
        {},
        [E("range", "2022-01-01", "2022-06-30")],
    ),
    (
        "thực hiện từ ngày ban hành Kế hoạch này đến hết tháng 6 năm 2025.",
        {},
        [E("range", None, "2025-06-30")],
    ),
    (
        "thực hiện từ ngày ban hành Kế hoạch này đến hết tháng 6 năm 2025.",
        {"issue_date": dt.date(2025, 1, 20)},
        [E("range", "2025-01-20", "2025-06-30")],
    ),
    ("từ ngày 20/7 đến ngày 31/7/2022", {}, [E("range", "2022-07-20", "2022-07-31", inf=True)]),
    (
        "từ ngày 15/8 đến hết ngày 30/10/2017",
        {},
        [E("range", "2017-08-15", "2017-10-30", inf=True)],
    ),
    ("từ ngày 15/12 đến ngày 15/01/2022", {}, [E("range", "2021-12-15", "2022-01-15", inf=True)]),
    ("từ 01/3/2022 đến 31/3/2022", {}, [E("range", "2022-03-01", "2022-03-31")]),
    ("tu ngay 1/3 den ngay 31/3 nam 2024", {}, [E("range", "2024-03-01", "2024-03-31", inf=True)]),
    ("đợt thi đua từ 01/5 - 30/9/2025", {}, [E("range", "2025-05-01", "2025-09-30", inf=True)]),
    ("từ năm 2021 đến năm 2025", {}, [E("range", "2021-01-01", "2025-12-31")]),
    ("từ quý I đến quý III năm 2022", {}, [E("range", "2022-01-01", "2022-09-30", inf=True)]),
    ("nhiệm vụ trọng tâm 06 tháng đầu năm 2022", {}, [E("range", "2022-01-01", "2022-06-30")]),
    (
        "sơ kết 6 tháng cuối năm",
        {"year_hint": 2021},
        [E("range", "2021-07-01", "2021-12-31", inf=True)],
    ),
    ("9 tháng đầu năm 2023", {}, [E("range", "2023-01-01", "2023-09-30")]),
    ("quý I năm 2022", {}, [E("range", "2022-01-01", "2022-03-31")]),
    ("quý 3/2021", {}, [E("range", "2021-07-01", "2021-09-30")]),
    ("báo cáo quý IV", {"year_hint": 2024}, [E("range", "2024-10-01", "2024-12-31", inf=True)]),
    ("trong năm 2022", {}, [E("range", "2022-01-01", "2022-12-31")]),
    ("giai đoạn 2021 - 2025", {}, [E("range", "2021-01-01", "2025-12-31")]),
    ("Đại hội Đảng bộ các cấp nhiệm kỳ 2025-2030", {}, [E("range", "2025-01-01", "2030-12-31")]),
    (
        "Hội đồng nhân dân các cấp tỉnh An Giang nhiệm kỳ 2021 2026.",
        {},
        [E("range", "2021-01-01", "2026-12-31")],
    ),
    (
        "Kế hoạch 05 năm (2021 - 2025) theo Nghị quyết",
        {},
        [E("range", "2021-01-01", "2025-12-31")],
    ),
    ("tháng 6 năm 2025", {}, [E("month", "2025-06-01", "2025-06-30")]),
    ("tháng 6/2025", {}, [E("month", "2025-06-01", "2025-06-30")]),
    ("trong tháng 9", {"year_hint": 2023}, [E("month", "2023-09-01", "2023-09-30", inf=True)]),
    ("cuối tháng 12 năm 2021", {}, [E("day", "2021-12-31")]),
    ("cuối tháng 2 năm 2024", {}, [E("day", "2024-02-29")]),
    ("đầu tháng 7 năm 2021", {}, [E("range", "2021-07-01", "2021-07-10")]),
    ("giữa tháng 7/2021", {}, [E("range", "2021-07-11", "2021-07-20")]),
    ("đánh giá tổng kết thi đua cuối năm 2021", {}, [E("day", "2021-12-31")]),
    # --- recurring
    ("định kỳ hàng quý báo cáo Ủy ban nhân dân thị xã", {}, [E("recurring", rec="quarterly")]),
    ("hằng quý", {}, [E("recurring", rec="quarterly")]),
    ("Định kỳ hàng tháng, báo cáo các tập thể", {}, [E("recurring", rec="monthly")]),
    ("định kỳ 6 tháng", {}, [E("recurring", rec="six_monthly")]),
    ("6 tháng một lần", {}, [E("recurring", rec="six_monthly")]),
    ("tổng hợp hàng năm", {}, [E("recurring", rec="yearly")]),
    ("báo cáo trước ngày 10 hàng tháng", {}, [E("recurring", rec="monthly", day=10, dl=True)]),
    (
        "trước ngày 20 tháng 12 hàng năm",
        {},
        [E("recurring", rec="yearly", day=20, month=12, dl=True)],
    ),
    ("vào ngày 25 của tháng cuối quý", {}, [E("recurring", rec="quarterly", day=25, qm=3)]),
    # --- anniversaries
    ("(30/4/1975 - 30/4/2025)", {}, [E("range", "1975-04-30", "2025-04-30")]),
    (
        "Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 3/2/2021) và",
        {},
        [E("range", "1930-02-03", "2021-02-03")],
    ),
    (
        "Đoàn Thanh niên Cộng sản HCM (26/3/1931-26/3/2021).",
        {},
        [E("range", "1931-03-26", "2021-03-26")],
    ),
    (
        "kỷ niệm 30 năm tái lập tỉnh Trà Vinh (5/1992 - 5/2022)",
        {},
        [E("range", "1992-05-01", "2022-05-31")],
    ),
    (
        "truyền thống thi đua yêu nước (11/6/1948 11/6/2021.",
        {},
        [E("range", "1948-06-11", "2021-06-11")],
    ),
    (
        "Cách mạng tháng 8 (19/8/1945 19/8/2021) và Quốc khánh (2/9/1945 2/9/2021);",
        {},
        [E("range", "1945-08-19", "2021-08-19"), E("range", "1945-09-02", "2021-09-02")],
    ),
    # --- impossible dates: reported, never raised
    ("31/02/2021", {}, [E("day", valid=False)]),
    ("ngày 32 tháng 1 năm 2021", {}, [E("day", valid=False)]),
    ("ngày 29 tháng 2 năm 2023", {}, [E("day", valid=False)]),
    ("trước ngày 31/4/2022", {}, [E("day", dl=True, valid=False)]),
    ("từ ngày 30/2 đến ngày 15/3/2022", {}, [E("range", valid=False)]),
    # --- typed without diacritics
    ("truoc ngay 25 thang 2 nam 2025", {}, [E("day", "2025-02-25", dl=True)]),
    ("tu thang 1 den 30/6/2021", {}, [E("range", "2021-01-01", "2021-06-30", inf=True)]),
    ("hang quy", {}, [E("recurring", rec="quarterly")]),
    ("bao cao tong ket han cuoi 31/7/2025", {}, [E("day", "2025-07-31", dl=True)]),
    ("TRƯỚC NGÀY 25 THÁNG 02 NĂM 2025", {}, [E("day", "2025-02-25", dl=True)]),
    # --- not dates
    ("Kinh tế - xã hội tỉnh năm 2020 thực hiện đạt và vượt 09/13 chỉ tiêu", {}, []),
    ("đạt 2.326 tỷ đồng, bình quân 12,73 tiêu chí/xã", {}, []),
    ("Phần đầu có 124/129 xã, phường đạt chuẩn", {}, []),
    ("Kế hoạch số 31/KH-UBND", {}, []),
    ("Thông tư số 12/2019/TT-BNV", {}, []),
    ("Quyết định số 11/2019/QĐ-UBND", {}, []),
    ("phát động thi đua năm 2021", {}, []),
    ("Cách mạng tháng 8 thành công", {}, []),
    ("Phân đầu năm 2022 có 04 xã cơ bản đạt chuẩn", {}, []),
    ("từ 02 đến 03 công trình", {}, []),
    ("tăng 24,05% so với năm 2021", {}, []),
    ("kế hoạch kinh tế xã hội 2021 - 2025", {}, []),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_phrasings(text: str, kwargs: dict[str, Any], expected: list[tuple[Any, ...]]) -> None:
    mentions = parse_dates_strict(text, **kwargs)
    assert [actual(m) for m in mentions] == expected
    for m in mentions:
        assert text[m.span[0] : m.span[1]] == m.text


def test_at_least_fifty_phrasings() -> None:
    assert len(CASES) >= 50


def test_spans_cover_cue_words() -> None:
    [m] = parse_dates("gửi về trước ngày 25 tháng 02 năm 2025 để")
    assert m.text == "trước ngày 25 tháng 02 năm 2025"
    [r] = parse_dates("Đợt 1 (Từ tháng 1 - 30/6/2021):")
    assert r.text == "Từ tháng 1 - 30/6/2021"


def test_relative_alone_takes_issue_date() -> None:
    [m] = parse_dates("có hiệu lực kể từ ngày ký.", issue_date=dt.date(2022, 2, 8))
    assert (m.kind, m.start, m.end) == ("relative", dt.date(2022, 2, 8), dt.date(2022, 2, 8))
    [m] = parse_dates("kể từ ngày ban hành Quyết định này")
    assert (m.kind, m.start) == ("relative", None)


def test_written_year_beats_hint() -> None:
    [m] = parse_dates("đến 15/02/2020", year_hint=2021)
    assert (m.start, m.year_inferred) == (dt.date(2020, 2, 15), False)


def test_decomposed_input_maps_spans_back() -> None:
    text = unicodedata.normalize("NFD", "Hạn: trước ngày 25 tháng 02 năm 2025.")
    [m] = parse_dates(text)
    assert m.start == dt.date(2025, 2, 25) and m.deadline
    assert m.text == text[m.span[0] : m.span[1]]
    assert unicodedata.normalize("NFC", m.text) == "trước ngày 25 tháng 02 năm 2025"


def test_mentions_in_order_and_disjoint() -> None:
    text = (
        "Đợt 1 (Từ tháng 1 - 30/6/2021): chào mừng (3/2/1930 3/2/2021). "
        "Đăng ký đến 15/02/2020; báo cáo trước ngày 10 hàng tháng."
    )
    spans = [m.span for m in parse_dates(text)]
    assert len(spans) == 4
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


TEXT = st.text(alphabet=st.characters(codec=None, categories=None), max_size=300) | st.text(
    alphabet=st.sampled_from(list("0123456789/.-–() \n\tngàytháNGÁYnămquýIVhàngđếntừtrước")),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, hint=st.none() | st.integers(-5, 10_000))
def test_never_raises_and_spans_inside(text: str, hint: int | None) -> None:
    for m in parse_dates_strict(text, year_hint=hint):
        assert 0 <= m.span[0] <= m.span[1] <= len(text)
        assert m.text == text[m.span[0] : m.span[1]]
        if not m.valid:
            assert m.start is None and m.end is None


def _ten_thousand(s: str) -> str:
    return (s * (10_000 // len(s) + 1))[:10_000]


@settings(max_examples=20, deadline=None)
@given(text=TEXT.filter(bool).map(_ten_thousand))
def test_never_raises_on_long_text(text: str) -> None:
    assert len(text) == 10_000
    for m in parse_dates_strict(text, year_hint=2024):
        assert 0 <= m.span[0] <= m.span[1] <= len(text)


def test_control_characters_and_emoji() -> None:
    text = "\x00\x1b[31m🎉 trước ngày 25/2/2025 🚀\u200b\ufeff\x7f" * 50
    mentions = parse_dates_strict(text)
    assert len(mentions) == 50
    assert all(m.start == dt.date(2025, 2, 25) for m in mentions)


# --- the sample documents -------------------------------------------------------------------


def _parse_sample(samples_dir: Path, prefix: str, **kwargs: Any) -> list[DateMention]:
    [path] = samples_dir.glob(f"{prefix}_*.txt")
    return parse_dates_strict(clean_document_text(path.read_text(encoding="utf-8")), **kwargs)


def _has(mentions: list[DateMention], kind: str, start: dt.date | None, end: dt.date) -> bool:
    return any(m.kind == kind and m.start == start and m.end == end for m in mentions)


def test_sample_000(samples_dir: Path) -> None:
    ms = _parse_sample(samples_dir, "000", year_hint=2021)
    d = dt.date
    assert _has(ms, "day", d(2021, 1, 13), d(2021, 1, 13))  # issue date
    assert [m.start for m in ms if m.deadline] == [d(2020, 2, 15)]  # the year typo stays
    assert _has(ms, "range", d(2021, 1, 1), d(2021, 6, 30))  # Đợt 1
    assert _has(ms, "range", d(2021, 7, 1), d(2021, 12, 31))  # Đợt 2
    anniversaries = [m for m in ms if m.kind == "range" and m.start and m.start.year < 2000]
    assert len(anniversaries) == 11
    assert all(m.end and m.end.year == 2021 for m in anniversaries)


def test_sample_001(samples_dir: Path) -> None:
    ms = _parse_sample(samples_dir, "001")
    d = dt.date
    assert _has(ms, "range", d(2021, 8, 1), d(2021, 12, 31))
    assert _has(ms, "range", d(2022, 1, 1), d(2022, 6, 30))
    assert _has(ms, "range", d(1992, 5, 1), d(2022, 5, 31))
    assert [m.recurrence for m in ms if m.kind == "recurring"] == ["quarterly"]


def test_sample_002(samples_dir: Path) -> None:
    ms = _parse_sample(samples_dir, "002", year_hint=2021)
    assert [m.recurrence for m in ms if m.kind == "recurring"] == ["monthly"]
    assert any(m.deadline and m.start == dt.date(2021, 12, 31) for m in ms)  # đến cuối năm


def test_sample_003(samples_dir: Path) -> None:
    issued = dt.date(2025, 1, 20)
    ms = _parse_sample(samples_dir, "003", issue_date=issued)
    d = dt.date
    assert [m.start for m in ms if m.deadline] == [d(2025, 2, 25), d(2025, 7, 31)]
    assert _has(ms, "range", issued, d(2025, 6, 30))  # the campaign period
    assert _has(ms, "range", d(1975, 4, 30), d(2025, 4, 30))
    assert _has(ms, "range", d(1832, 11, 22), d(2025, 11, 22))


def test_sample_004(samples_dir: Path) -> None:
    ms = _parse_sample(samples_dir, "004")
    d = dt.date
    assert ms[0].start == d(2022, 2, 8)
    assert not any(m.deadline for m in ms)  # the Chỉ thị sets no cut-off
    assert not any(m.start and m.start.year == 2022 and m.kind == "range" for m in ms)


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_samples_spans_and_validity(samples_dir: Path, name: str) -> None:
    [path] = samples_dir.glob(f"{name}_*.txt")
    raw = path.read_text(encoding="utf-8")  # the raw file, Markdown and all
    ms = parse_dates(raw)
    assert ms
    assert all(raw[m.span[0] : m.span[1]] == m.text for m in ms)
    assert all(m.valid for m in ms)
