"""Questions asking two things are split into parts and answered part by part."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from knowledge.answer.core import answer, next_context
from knowledge.answer.multipart import split_parts
from knowledge.index.base import KnowledgeBase

NOW = dt.datetime(2025, 2, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Báo cáo tổng kết gửi về đâu, trước ngày nào?",
         ["Báo cáo tổng kết gửi về đâu?", "Báo cáo tổng kết gửi trước ngày nào?"]),
        ("hồ sơ khen thưởng gửi về đâu và khi nào?",
         ["hồ sơ khen thưởng gửi về đâu?", "hồ sơ khen thưởng gửi khi nào?"]),
        ("An Giang: hạn đăng ký và hạn gửi báo cáo tổng kết là khi nào?",
         ["An Giang: hạn đăng ký là khi nào?", "An Giang: hạn gửi báo cáo tổng kết là khi nào?"]),
        ("han dang ky va han nop bao cao la khi nao",
         ["han dang ky la khi nao?", "han nop bao cao la khi nao?"]),
        ("Đợt 2 bắt đầu khi nào và có những hình thức khen thưởng nào?",
         ["Đợt 2 bắt đầu khi nào?", "có những hình thức khen thưởng nào?"]),
        ("Kế hoạch 31/KH-UBND ban hành ngày nào, ai ký?",
         ["Kế hoạch 31/KH-UBND ban hành ngày nào?", "Kế hoạch 31/KH-UBND ban hành ai ký?"]),
        # one question: names with "và", lists of times, no second question word
        ("Sở Lao động - Thương binh và Xã hội gửi báo cáo khi nào?", []),
        ("tuần này và tuần sau có hạn gì?", []),
        ("Hạn đăng ký thi đua là khi nào?", []),
        ("ngành giáo dục và đào tạo có phong trào nào", []),
        ("", []),
    ],
)
def test_split_parts(question: str, parts: list[str]) -> None:
    assert split_parts(question) == parts


def test_two_deadlines_asked_at_once_get_both(sample_kb: KnowledgeBase) -> None:
    q = "An Giang đặc biệt: hạn gửi kế hoạch và hạn gửi báo cáo tổng kết là khi nào?"
    a = answer(sample_kb, q, NOW)
    assert a.answered and "25/02/2025" in a.text and "31/07/2025" in a.text, a.text
    alone = answer(sample_kb, "An Giang đặc biệt: hạn gửi kế hoạch là khi nào?", NOW)
    assert "31/07/2025" not in alone.text  # the second date comes from the second part


def test_a_whole_answer_that_covers_both_parts_is_kept(sample_kb: KnowledgeBase) -> None:
    q = "Báo cáo tổng kết đợt thi đua đặc biệt An Giang gửi về đâu, trước ngày nào?"
    a = answer(sample_kb, q, NOW)
    assert a.text.count("Nguồn:") == 1 and "31/07/2025" in a.text and "Sở Nội vụ" in a.text


def test_a_phase_follow_up_that_does_not_fit_the_context_is_resolved_afresh(
    sample_kb: KnowledgeBase,
) -> None:
    """'dot 2 ket thuc ngay nao' after a campaign without phases answers from one that has a
    đợt 2 instead of saying the previous campaign has none."""
    first = answer(sample_kb, "Phương châm năm 2022 của Điện Biên là gì?", NOW)
    assert first.answered and "Điện Biên" in first.text
    follow = answer(sample_kb, "dot 2 ket thuc ngay nao", NOW, next_context(None, first))
    assert follow.answered and "Đợt 2" in follow.text, follow.text
    assert "không chia" not in follow.text
