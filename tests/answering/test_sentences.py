"""Sentence-level retrieval, the "không nêu" step, out-of-scope detection, and the contract
that an answered question quotes its cited document."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.answer.core import answer
from knowledge.answer.sentences import (
    SENTENCE_MIN_COVERAGE,
    Sentence,
    answering_sentence,
    focus_words,
    holds,
)
from knowledge.documents.ingest import extract_document
from knowledge.documents.samples import SAMPLES_DIR
from knowledge.index.base import KnowledgeBase
from knowledge.question.slots import question_dates, required_words, slots_of
from knowledge.text.normalise import fold
from knowledge.text.tokens import fast_fold, words_of_folded

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=TZ)
REAL = Path(__file__).resolve().parent.parent / "corpus" / "real" / "docs"


@pytest.mark.parametrize(
    ("question", "slots"),
    [
        ("hạn nộp báo cáo là khi nào?", ["day", "due"]),
        ("hồ sơ gửi chậm nhất ngày nào?", ["day", "due"]),
        ("đợt 2 kết thúc ngày nào?", ["day", "end"]),
        ("đợt thi đua bắt đầu khi nào?", ["date", "start"]),
        ("hồ sơ gửi chậm nhất bao nhiêu ngày?", ["duration"]),
        ("bao cao gui ve dau va khi nao", ["place", "date"]),
        ("đợt thi đua kéo dài bao lâu?", ["duration"]),
        ("báo cáo bao lâu một lần?", []),
        ("ai ký kế hoạch?", ["who"]),
        ("Khối trưởng Khối thi đua năm 2023 là ai?", ["who", "person"]),
        ("cơ quan nào chủ trì?", ["who"]),
        ("có bao nhiêu đại biểu?", ["number"]),
        ("chủ đề thi đua là gì?", []),
        ("phát động theo kế hoạch số mấy của Sở Y tế?", ["docnum"]),
        ("chào mừng kỷ niệm bao nhiêu năm ngày Nhà giáo?", ["duration"]),
        ("tỷ lệ đô thị hóa phấn đấu đạt bao nhiêu năm 2021?", ["number"]),
        ("khoi thi dua thi dua theo chi thi so may", ["docnum"]),
    ],
)
def test_slots_of(question: str, slots: list[str]) -> None:
    assert slots_of(fold(question)) == slots


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("date", "Hội nghị dự kiến tổ chức trong tháng 2/2021 tại Hội trường.", True),
        ("date", "Các đơn vị tập trung đánh giá việc tổ chức công tác thi đua.", False),
        (
            "place",
            "Các ý kiến gửi về Ban Thi đua - Khen thưởng (Sở Nội vụ, số 1 phố Đô Lương).",
            True,
        ),
        ("number", "Khối gồm 7 đơn vị.", True),
        ("number", "Khối tiếp tục quán triệt tư tưởng thi đua.", False),
        ("duration", "Đợt cao điểm diễn ra trong 2 tháng.", True),
        ("who", "Tại hội nghị, ông Trịnh Hàng, Giám đốc Sở Du lịch, phát động.", True),
        ("due", "Báo cáo gửi về Sở Nội vụ trước ngày 15/12/2025.", True),
        ("person", "Đại tá Bùi Văn Lương, Bí thư Đảng ủy, Chủ tịch Công ty phát động.", True),
        ("person", "Tại hội nghị, ông Trịnh Hàng, Giám đốc Sở Du lịch, phát biểu.", True),
        ("person", "Nhà máy Z183 phát động đợt thi đua 50 ngày.", False),
        ("docnum", "Thực hiện Kế hoạch số 1775/KH-SYT ngày 30/3/2020 của Sở Y tế.", True),
        ("docnum", "Căn cứ Thông tư 16/2018/TT-BCT của Bộ Công Thương.", True),
        ("docnum", "Sở Y tế phát động thi đua 200 ngày.", False),
        ("due", "Sơn La, ngày 05 tháng 5 năm 2018. Kính gửi: các phòng giáo dục.", False),
        ("due", "Sáng 20/12, Hội nghị Đoàn Chủ tịch diễn ra tại Hà Nội.", False),
    ],
)
def test_holds(slot: str, text: str, expected: bool) -> None:
    assert holds(slot, text, fast_fold(text)) is expected


def _sentence(text: str) -> Sentence:
    folded = fast_fold(text)
    words = frozenset(words_of_folded(folded))
    return Sentence(text, text, "Mở đầu", words, folded, words)


def test_answering_sentence_needs_the_slot_and_the_threshold() -> None:
    """The sentence with the asked kind of fact wins over a better-covering one without it;
    below SENTENCE_MIN_COVERAGE nothing is quoted."""
    title = _sentence("Hội nghị tổng kết phong trào thi đua yêu nước năm 2020 của thành phố.")
    where = _sentence("Hội nghị tổ chức tại Hội trường Thành phố, số 111 Bà Huyện Thanh Quan.")
    words = ["hoi", "nghi", "tong", "ket", "phong", "trao"]
    hit = answering_sentence([title, where], words, lambda w: 1.0, ["place"])
    assert hit is not None and hit.sentence is where
    assert hit.coverage >= SENTENCE_MIN_COVERAGE
    # A question sharing too little with the only sentence that has the slot: not quoted.
    assert (
        answering_sentence(
            [where], ["giai", "bong", "chuyen", "khai", "mac"], lambda w: 1.0, ["place"]
        )
        is None
    )


def test_focus_words_leave_out_what_names_the_document() -> None:
    """Words of the opening sentences (title, lead) and asking words do not single a fact out;
    a word the document never writes does ("cụm trưởng" -> "truong")."""
    doc = [
        _sentence("Cụm thi đua 6 ký kết giao ước thi đua năm 2023"),
        _sentence("Chiều 11/4, Cụm thi đua 6 tổ chức hội nghị ký kết giao ước."),
        _sentence("Các đơn vị phấn đấu 100% hoàn thành tốt nhiệm vụ."),
    ]
    focus = focus_words(doc, ["cum", "truong", "thi", "dua", "ngay", "nam"])
    assert focus == ["truong"]
    hit = answering_sentence(doc, ["cum", "truong", "thi", "dua"], lambda w: 1.0, ["who"], focus)
    assert hit is None  # no sentence names a cụm trưởng: "không nêu"


def test_not_stated_cites_the_asked_document(real_kb: KnowledgeBase) -> None:
    """A slot the resolved document does not state: "không nêu", citing that document only."""
    ans = answer(real_kb, "Hạn đăng ký công trình thi đua của Nhà máy Z183 là ngày nào?", NOW)
    assert not ans.answered
    assert "không nêu" in ans.text
    assert ans.citations and all(c.source.startswith("14_") for c in ans.citations)


@pytest.mark.parametrize(
    "question",
    [
        "thời tiết An Giang hôm nay thế nào",
        "thoi tiet an giang hom nay the nao",
        "thoi tiec an giang hom nay",
        "giá vàng hôm nay bao nhiêu",
        "gia vnag hom nay",
        "hạn nộp thuế thu nhập cá nhân",
        "có được nộp báo cáo qua email không?",
    ],
)
def test_out_of_scope_same_verdict(real_kb: KnowledgeBase, question: str) -> None:
    """Other domains are refused with or without diacritics and with typos, citing nothing."""
    ans = answer(real_kb, question, NOW)
    assert not ans.answered and not ans.citations


def test_place_named_only_in_the_text_is_not_refused(real_kb: KnowledgeBase) -> None:
    """A province the extractor did not record as the issuer's ("Cần Thơ" in a news item) still
    finds the document that writes it."""
    ans = answer(real_kb, "Hội nghị ký kết thi đua giữa các bệnh viện Cần Thơ diễn ra ở đâu?", NOW)
    assert ans.answered
    assert all(c.source.startswith("35_") for c in ans.citations)


# ---- the contract: answered => a citation quoting its document -------------------------------

_WS = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _document_texts() -> dict[str, str]:
    texts = {}
    for folder in (REAL, SAMPLES_DIR):
        for p in folder.glob("*.txt"):
            texts[p.name] = _flat(p.read_text(encoding="utf-8"))
    return texts


TEXTS = _document_texts()
VOCAB = sorted({w for t in TEXTS.values() for w in t.split() if w.isalpha() and len(w) > 1})[:4000]
CUES = ["khi nào", "ở đâu", "bao nhiêu", "ai", "là gì", "gửi về đâu và khi nào", "mấy", ""]


def _quoted_in(quote: str, text: str) -> bool:
    pieces = [p.strip(' “”"') for p in _flat(quote).split("…")]
    return all(p in text for p in pieces if p)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8),
    cue=st.sampled_from(CUES),
    strip=st.booleans(),
)
def test_answered_implies_quoted_citation(
    real_kb: KnowledgeBase, words: list[str], cue: str, strip: bool
) -> None:
    question = " ".join(words) + (" " + cue if cue else "")
    if strip:
        question = fold(question)
    ans = answer(real_kb, question, NOW)
    if not ans.answered or ans.intent in ("listing", "status", "deadline"):
        return
    quoted = [c for c in ans.citations if c.quote]
    assert quoted, ans.text
    assert any(_quoted_in(c.quote, TEXTS.get(c.source, "")) for c in quoted), (
        question,
        [(c.source, c.quote[:120]) for c in quoted],
    )


def test_document_facts_of_a_header_without_a_title_quote_the_campaign(
    real_kb: KnowledgeBase,
) -> None:
    """Ninh Thuận's Chỉ thị 01/CT-UBND has no title line: its number is cited with a quote of
    the campaign's name, a line of the document (a quote the property above can check)."""
    ans = answer(real_kb, "chỉ thị thi đua năm 2023 của Ninh Thuận số hiệu là gì", NOW)
    assert ans.intent == "doc_facts" and "01/CT-UBND" in ans.text
    (cited,) = ans.citations
    assert cited.quote and _quoted_in(cited.quote, TEXTS[cited.source])


def test_ordinary_words_are_not_a_misspelt_place(real_kb: KnowledgeBase) -> None:
    """ "hành động năm" is not "Đồng Nai"; a misspelt place ("dong nia") still is."""
    from knowledge.question.reading import parse_question

    q = parse_question(real_kb, "Phương châm hành động năm 2023 của Ninh Thuận là gì?", NOW)
    assert "dong nai" not in q.places
    assert "dong nai" in parse_question(real_kb, "mttq dong nia phat dong thi dua", NOW).places


@pytest.mark.parametrize(
    ("question", "required"),
    [
        ("hạn đăng ký thi đua là khi nào?", [("dang",), ("ky",)]),
        ("đợt 2 kết thúc ngày nào?", [("dot",), ("2", "ii")]),
        ("Đợt I bắt đầu khi nào?", [("dot",), ("1", "i")]),
        ("giai đoạn 2 bắt đầu từ ngày nào", [("giai",), ("2", "ii")]),
        ("đợt thi đua 100 ngày kết thúc ngày nào?", [("100",)]),
        ("thi đua 200 ngày theo kế hoạch số mấy?", []),  # a number asked, not a date
        ("phong trào thi đua 100 ngày là gì?", []),  # no date asked: the count is not needed
        ("phong trào kéo dài bao lâu?", []),
    ],
)
def test_required_words(question: str, required: list[tuple[str, ...]]) -> None:
    assert required_words(fold(question)) == required


def test_the_line_before_may_name_the_phase() -> None:
    first = _sentence("– Giai đoạn 2 của cuộc thi là cuộc thi sáng tác các thông điệp.")
    plain = _sentence("– Thời gian bắt đầu từ 26/11/2023 – 10/12/2023.")
    after = Sentence(plain.text, plain.quote, plain.section, plain.words, plain.folded,
                     plain.around | first.words, first.words)
    q = fold("Giai đoạn 2 cuộc thi bắt đầu từ ngày nào?")
    args = (words_of_folded(q), lambda w: 1.0, slots_of(q), None, required_words(q))
    hit = answering_sentence([first, after], *args)
    assert hit is not None and hit.sentence is after
    # the same line after a sentence about another phase does not answer
    other = _sentence("– Giai đoạn 1 của cuộc thi là cuộc thi tìm hiểu.")
    wrong = Sentence(plain.text, plain.quote, plain.section, plain.words, plain.folded,
                     plain.around | other.words, other.words)
    assert answering_sentence([other, wrong], *args) is None


def test_the_slot_holding_sentence_is_found_below_better_covered_ones() -> None:
    """Seven sentences repeat the question's words without a duration; the one that gives it
    covers less of the question but is the answer."""
    chatter = [_sentence(f"Đợt thi đua của Mặt trận thành phố lần {i} được tổ chức sâu rộng.")
               for i in range(7)]
    answer_line = _sentence("Được biết, đợt thi đua được tổ chức trong 3 tháng.")
    q = fold("Đợt thi đua của Mặt trận thành phố được tổ chức trong mấy tháng?")
    hit = answering_sentence([*chatter, answer_line], words_of_folded(q), lambda w: 1.0,
                             slots_of(q), None, required_words(q))
    assert hit is not None and hit.sentence is answer_line


def test_percent_questions_find_the_percent_sign() -> None:
    """'bao nhiêu phần trăm' is answered from a sentence that writes '80%' (no word to match)."""
    doc = ("Hội Nông dân huyện phát động đợt thi đua\n\nNgày 17/11/2008, Hội Nông dân huyện phát "
           "động đợt thi đua cao điểm với mục tiêu: 80% nông dân trở lên thực hiện tốt cuộc vận "
           "động.\n")
    kb = KnowledgeBase.from_documents([extract_document(doc, "hnd.txt")])
    a = answer(kb, "dot thi dua cao diem muc tieu bao nhieu phan tram nong dan", NOW)
    assert a.answered and "80%" in a.text, a.text


def _in_section(text: str, section: str, around: Sentence) -> Sentence:
    """A sentence under a heading, in a document whose title is `around` (as sentences_of
    gives every sentence its document's opening words)."""
    s = _sentence(text)
    return Sentence(s.text, s.quote, section, s.words, s.folded, s.around | around.words)


def test_a_plan_section_on_time_answers_when_and_the_questions_own_date_does_not() -> None:
    """'chào mừng 20/11 … trong thời gian nào?': the line under "THỜI GIAN" answers; neither
    the sentence repeating the saluted 20/11 nor the header's issue date does."""
    intro = _sentence("Nay trường lập kế hoạch phát động thi đua chào mừng ngày Nhà giáo 20/11.")
    dateline = _sentence("Phước Long, ngày 9 tháng 10 năm 2014")
    timing = _in_section("Từ tuần học thứ 09 đến hết tuần học 13.", "II. THỜI GIAN PHÁT ĐỘNG",
                         intro)
    raw = "Trường phát động thi đua chào mừng ngày Nhà giáo 20/11 trong thời gian nào?"
    q = fold(raw)
    args = (words_of_folded(q), lambda w: 1.0, slots_of(q), None, required_words(q))
    hit = answering_sentence([intro, dateline, timing], *args, question_dates(fast_fold(raw)))
    assert hit is not None and hit.sentence is timing
    # under another heading the time line says too little of the question, and the
    # saluted date is the question's own: nothing answers
    bare = _in_section("Từ tuần học thứ 09 đến hết tuần học 13.", "II. TỔ CHỨC", intro)
    assert answering_sentence([intro, dateline, bare], *args,
                              question_dates(fast_fold(raw))) is None


def test_who_launched_names_the_person_not_only_the_issuer() -> None:
    doc = ("Nhà máy Z183 phát động 50 ngày thi đua\n\nNhà máy Z183 đã phát động đợt thi đua cao "
           "điểm 50 ngày.\n\nĐại tá Bùi Văn Lương, Bí thư Đảng ủy, Chủ tịch Công ty phát động "
           "đợt thi đua.\n\nĐợt thi đua diễn ra trong 50 ngày, từ ngày 9/11 đến ngày "
           "28/12/2022.\n")
    kb = KnowledgeBase.from_documents([extract_document(doc, "z183.txt")])
    a = answer(kb, "Ai phát động đợt thi đua 50 ngày ở Nhà máy Z183?", NOW)
    assert "Bùi Văn Lương" in a.text and "Ngày ban hành" not in a.text, a.text


def test_every_slot_has_words_for_a_not_stated_answer() -> None:
    """A "không nêu" answer names the asked kind of fact in words, never a slot's code."""
    from knowledge.answer.sentence_answers import SLOT_NAMES
    from knowledge.question.slots import SLOT_KINDS

    assert set(SLOT_KINDS) <= set(SLOT_NAMES)
