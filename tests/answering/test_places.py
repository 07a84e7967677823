"""Local units named by an issuer's tail ("TP Vinh") resolve questions that name them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from knowledge.answer.core import answer
from knowledge.documents.ingest import extract_document
from knowledge.index.base import KnowledgeBase
from knowledge.places.lookup import issuer_unit, single_word_units_in
from knowledge.text.normalise import fold

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("issuer", "unit"),
    [
        ("Ủy ban MTTQ Việt Nam TP Vinh", "vinh"),
        ("UBND thị xã Phước Long", "phuoc long"),
        ("Ban Thường trực Ủy ban MTTQ huyện Châu Thành (An Giang)", "chau thanh"),
        ("UBND thành phố Cần Thơ", None),  # a province: found as one already
        ("Công đoàn Văn phòng Ủy ban nhân dân tỉnh", None),  # no unit after a marker
        ("Liên đội trường THCS Thường Thới Hậu A", None),
        ("", None),
    ],
)
def test_issuer_unit(issuer: str, unit: str | None) -> None:
    assert issuer_unit(fold(issuer)) == unit


def test_single_word_units_only_known_ones_after_a_marker() -> None:
    known = {"vinh", "phuoc long"}
    assert single_word_units_in("mttq thanh pho vinh phat dong", known) == ["vinh"]
    assert single_word_units_in("mttq tp vinh", known) == ["vinh"]
    assert single_word_units_in("vinh danh dien hinh tien tien", known) == []  # no marker
    assert single_word_units_in("thanh pho hue", known) == []  # not a known unit


VINH = (
    "Phát động đợt thi chào mừng đại hội Mặt trận các cấp\n\n"
    "Sáng ngày 12/10/2018, Ủy ban MTTQ Việt Nam TP Vinh (Nghệ An) tổ chức phát động đợt thi "
    "đặc biệt chào mừng Đại hội MTTQ các cấp.\n"
)
TUYEN_QUANG = (
    "MTTQ thành phố phát động đợt thi đua đặc biệt\n\n"
    "Ngày 13/12/2023, Ủy ban MTTQ thành phố Tuyên Quang tổ chức Lễ phát động đợt thi đua đặc "
    "biệt. Đợt thi đua đặc biệt của MTTQ thành phố được phát động tới các phường, xã của "
    "thành phố.\n"
)


def test_question_naming_a_city_resolves_to_its_document() -> None:
    kb = KnowledgeBase.from_documents([extract_document(VINH, "vinh.txt"),
                                       extract_document(TUYEN_QUANG, "tuyenquang.txt")])
    for q in ("mttq tp vinh phat dong dot thi dua dac biet ngay nao",
              "MTTQ thành phố Vinh phát động đợt thi đua đặc biệt ngày nào?"):
        a = answer(kb, q, dt.datetime(2024, 1, 1, 9, tzinfo=TZ))
        assert a.citations and {c.source for c in a.citations} == {"vinh.txt"}, a.text
