"""Plain replies when the knowledge base has nothing on a question (answered = False).

They never state a date, number or name from a document: they say what is missing and
suggest what can be asked.
"""

from __future__ import annotations

from knowledge.answer.contract import Answer
from knowledge.index.base import DocEntry, KnowledgeBase
from knowledge.places.lookup import province_names
from knowledge.question.reading import Question

_SUGGEST_VI = [
    "Hạn đăng ký thi đua là khi nào?",
    "Báo cáo tổng kết gửi về đâu, trước ngày nào?",
    "Đợt 2 bắt đầu và kết thúc khi nào?",
    "Có phong trào thi đua nào đang diễn ra?",
    "Hình thức khen thưởng gồm những gì?",
]
_SUGGEST_EN = [
    "When is the registration deadline?",
    "Where does the final report go, and by when?",
    "Which campaigns are running now?",
    "What reward forms are there?",
]


def _issuers(kb: KnowledgeBase, limit: int = 6) -> str:
    names = [name for name, _ in kb.issuers.most_common(limit)]
    more = len(kb.issuers) - len(names)
    text = ", ".join(names)
    return text + (f" và {more} nơi khác" if more > 0 else "")


def _can_en(have: str) -> str:
    return f"I can answer from the documents of: {have}."


def _can_vi(have: str) -> str:
    return f"Tôi chỉ trả lời được theo các văn bản của: {have}."


def _display_place(key: str) -> str:
    name = province_names().get(key)
    return name if name else key.title()


def suggestions_for(kb: KnowledgeBase, q: Question) -> list[str]:
    """Questions the user could ask instead."""
    return list(_SUGGEST_EN if q.en else _SUGGEST_VI)


def refusal(
    kb: KnowledgeBase,
    question: Question,
    reason: str,
    places: list[str] | None = None,
    years: list[int] | None = None,
    entry: DocEntry | None = None,
) -> Answer:
    """An answer saying plainly that the knowledge base has nothing on the question."""
    en = question.en
    have = _issuers(kb)
    if reason == "empty":
        text = (
            "What would you like to know about the emulation campaigns? For example: "
            + "; ".join(_SUGGEST_EN[:3])
            if en
            else "Bạn muốn hỏi gì về các phong trào thi đua? Ví dụ: " + "; ".join(_SUGGEST_VI[:3])
        )
    elif reason == "empty_kb":
        text = (
            "No campaign documents have been loaded yet."
            if en
            else "Chưa có văn bản thi đua nào được nạp vào hệ thống."
        )
    elif reason == "place":
        where = ", ".join(_display_place(p) for p in places or [])
        text = (
            f"I have no emulation campaign documents for {where}. {_can_en(have)}"
            if en
            else f"Tôi chưa có văn bản thi đua nào của {where}. {_can_vi(have)}"
        )
    elif reason == "year":
        when = ", ".join(str(y) for y in years or [])
        text = (
            f"I have no campaign documents covering {when}. {_can_en(have)}"
            if en
            else f"Tôi chưa có văn bản thi đua nào cho năm {when}. {_can_vi(have)}"
        )
    elif reason == "topic":
        text = (
            "Sorry, that is outside the emulation and reward documents I know; I cannot answer it."
            if en
            else "Xin lỗi, câu hỏi này nằm ngoài các văn bản thi đua – khen thưởng tôi đang có, "
            "nên tôi không trả lời được."
        )
    else:
        about = f" trong {entry.label}" if entry and not en else ""
        text = (
            "I could not find that in the documents I have."
            if en
            else f"Tôi chưa tìm thấy thông tin này{about}."
        )
    tips = suggestions_for(kb, question)
    if reason not in ("empty", "empty_kb"):
        text += (
            "\nYou can ask, for example: " if en else "\nBạn có thể hỏi, ví dụ: "
        ) + "; ".join(tips[:3])
    return Answer(
        text=text,
        answered=False,
        intent="out_of_scope" if reason in ("place", "year", "topic") else reason,
        suggestions=tips,
        language=question.language,
    )
