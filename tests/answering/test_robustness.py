"""Any text gets an Answer, never an exception (hypothesis), and refusals invent nothing."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.answer.contract import Answer, ConversationContext
from knowledge.answer.core import answer, next_context
from knowledge.index.base import KnowledgeBase

NOW = dt.datetime(2025, 2, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

NASTY = [
    "",
    " ",
    "\x00\x01\x02\x1b[31m",
    "🙂🙂🙂 🎉",
    "' OR 1=1; DROP TABLE document; --",
    "<script>alert('x')</script><b>hạn</b>",
    "a" * 10_000,
    "hạn " * 3000,
    "\ud800 broken surrogate",
    "\u202e\u200b\ufeff",
    "?!?!...,,,;;",
    "1/1/1 32/13/2025 ngày 99 tháng 99 năm 9999",
    "tháng 13 năm 0",
    "đợt 999999999999999999999",
]

_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=2000),
    st.sampled_from(NASTY),
    st.builds(
        lambda a, b: f"{a} {b}",
        st.sampled_from(["hạn", "đợt 2", "tháng sau", "An Giang", "còn mấy ngày", "ai ký"]),
        st.text(max_size=50),
    ),
)


def _valid(ans: Answer) -> None:
    assert isinstance(ans, Answer)
    assert ans.intent != "error"
    assert isinstance(ans.text, str) and ans.text
    ans.to_json()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_text)
def test_any_text_gets_an_answer(sample_kb: KnowledgeBase, text: str) -> None:
    """Empty, huge, emoji, control characters, SQL or HTML: an Answer object every time."""
    _valid(answer(sample_kb, text, NOW))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_text, second=_text)
def test_any_chat_gets_answers(sample_kb: KnowledgeBase, first: str, second: str) -> None:
    """Follow-ups after arbitrary turns still answer."""
    ctx = next_context(None, answer(sample_kb, first, NOW))
    _valid(answer(sample_kb, second, NOW, ctx))


def test_nasty_inputs(sample_kb: KnowledgeBase) -> None:
    """The listed hostile inputs, explicitly."""
    for text in NASTY:
        _valid(answer(sample_kb, text, NOW))


def test_context_from_another_base_is_ignored(sample_kb: KnowledgeBase) -> None:
    """A stale campaign id in the context does not break answering."""
    ctx = ConversationContext(campaign_id="gone", intent="deadline", phase="7")
    _valid(answer(sample_kb, "gửi về đâu?", NOW, ctx))


def test_empty_knowledge_base() -> None:
    """With no documents, every question is refused plainly."""
    kb = KnowledgeBase.from_documents([])
    ans = answer(kb, "hạn đăng ký thi đua là khi nào?", NOW)
    assert not ans.answered
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", ans.text)


def test_refusals_state_no_document_facts(sample_kb: KnowledgeBase) -> None:
    """Out-of-scope answers carry no date, no citation, no campaign."""
    for q in [
        "Giá vàng hôm nay bao nhiêu?",
        "Kế hoạch thi đua tỉnh Hà Giang năm 2021?",
        "Hạn đăng ký thi đua năm 2017 của Điện Biên?",
        "Thời tiết ngày mai thế nào?",
    ]:
        ans = answer(sample_kb, q, NOW)
        assert not ans.answered, q
        assert not ans.citations and not ans.campaigns, q
        assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", ans.text), q
        assert ans.suggestions, q


_WORDS = ["hạn", "nộp", "báo cáo", "tổng kết", "đăng ký", "đợt 2", "khi nào", "gửi về đâu", "và",
          "An Giang", "Điện Biên", "khen thưởng", "hình thức", "bao nhiêu", "ai ký", "tháng 3",
          "hang thang", "mục tiêu", "chỉ tiêu", "phát động", "ngày nào", ",", "thi đua", "là gì"]


def _squash(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=9))
def test_answered_quotes_are_in_the_cited_document(sample_kb: KnowledgeBase,
                                                   words: list[str]) -> None:
    """`answered: true` implies citations whose quotes are taken from the cited document
    (issue 10), over questions made of campaign words, multi-part ones included."""
    ans = answer(sample_kb, " ".join(words) + "?", NOW)
    if not ans.answered:
        return
    assert ans.citations, ans.text
    for cite in ans.citations:
        index = sample_kb.by_source.get(cite.source)
        assert index is not None, cite
        if not cite.quote:
            continue
        doc = sample_kb.document(index)
        body = _squash(" ".join(
            [doc.document.title or "", *(" ".join(s.path) + " " + s.text for s in doc.sections)]))
        # a list item is quoted with its lead-in, one line each, and long quotes are cut
        # with "…": every piece is the document's own words
        pieces = [_squash(p) for line in cite.quote.splitlines() for p in line.split("…")]
        assert all(p in body for p in pieces if p), (cite, ans.text)


@pytest.mark.parametrize(
    "question",
    [
        "có được nộp báo cáo qua email không?",  # "email" would be corrected into "mai"
        "co duoc nop bao cao qua email khong",
        "hạn nộp hồ sơ xét tuyển đại học năm 2025",
        "đăng ký kết hôn cần giấy tờ gì",
    ],
)
def test_other_domains_sharing_campaign_words_are_refused(sample_kb: KnowledgeBase,
                                                          question: str) -> None:
    ans = answer(sample_kb, question, NOW)
    assert not ans.answered and ans.intent == "out_of_scope" and not ans.citations, ans.text


def test_a_channel_the_text_never_names_gets_no_deadline(sample_kb: KnowledgeBase) -> None:
    """'gửi qua email được không' about a campaign: no deadline is offered as the answer."""
    ans = answer(sample_kb, "báo cáo gửi qua email cho Ban Thi đua được không", NOW)
    assert not ans.answered and not re.search(r"\d{2}/\d{2}/\d{4}", ans.text), ans.text
