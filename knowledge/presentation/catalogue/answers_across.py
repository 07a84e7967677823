"""Frame texts of answers across the knowledge base (deadlines in a window, what is running,
listings) and of refusals when it has nothing on a question (vi, en)."""

from __future__ import annotations

ANSWERS_ACROSS: dict[str, tuple[str, str]] = {
    # ---- deadlines in a window
    "answer_window_upcoming": ("sắp tới", "upcoming"),
    "answer_no_deadline_in_window": (
        "Không có hạn nào trong {label}.",
        "No deadline falls in {label}.",
    ),
    "answer_next_deadlines": ("Các hạn tiếp theo:", "Next deadlines:"),
    "answer_deadlines_in_window": ("Các hạn trong {label}:", "Deadlines in {label}:"),
    "answer_more_deadlines": ("… và {more} hạn khác.", "… and {more} more."),
    # ---- what is running, over or starting soon
    "answer_ending_soon_after": (
        "Sắp kết thúc (trong 90 ngày từ {date}):",
        "Ending within 90 days of {date}:",
    ),
    "answer_ended_before": ("Đã kết thúc trước {date}:", "Ended before {date}:"),
    "answer_starting_soon_after": ("Sắp bắt đầu (sau {date}):", "Starting soon after {date}:"),
    "answer_running_on": ("Đang diễn ra ({when}):", "Running on {when}:"),
    "answer_nothing_running": (
        "Không có phong trào hay đợt thi đua nào đang diễn ra ({when}).",
        "Nothing is running on {when} in the documents I have.",
    ),
    "answer_none_in_status": ("Không có phong trào, đợt thi đua nào phù hợp.", "None found."),
    "answer_more_items": ("… và {more} mục khác.", "… and {more} more."),
    # ---- listings of documents
    "answer_no_matching_documents": (
        "Không có văn bản nào phù hợp.",
        "I have no matching campaign documents.",
    ),
    "answer_document_count": ("Có {count} văn bản:", "{count} document(s):"),
    "answer_more_documents": ("… và {more} văn bản khác.", "… and {more} more."),
    # ---- refusals
    "answer_refusal_empty": (
        "Bạn muốn hỏi gì về các phong trào thi đua? Ví dụ: {examples}",
        "What would you like to know about the emulation campaigns? For example: {examples}",
    ),
    "answer_refusal_empty_kb": (
        "Chưa có văn bản thi đua nào được nạp vào hệ thống.",
        "No campaign documents have been loaded yet.",
    ),
    "answer_refusal_can_answer_from": (
        "Tôi chỉ trả lời được theo các văn bản của: {issuers}.",
        "I can answer from the documents of: {issuers}.",
    ),
    "answer_refusal_place": (
        "Tôi chưa có văn bản thi đua nào của {where}. {can_answer_from}",
        "I have no emulation campaign documents for {where}. {can_answer_from}",
    ),
    "answer_refusal_year": (
        "Tôi chưa có văn bản thi đua nào cho năm {years}. {can_answer_from}",
        "I have no campaign documents covering {years}. {can_answer_from}",
    ),
    "answer_refusal_topic": (
        "Xin lỗi, câu hỏi này nằm ngoài các văn bản thi đua – khen thưởng tôi đang có, "
        "nên tôi không trả lời được.",
        "Sorry, that is outside the emulation and reward documents I know; I cannot answer it.",
    ),
    "answer_refusal_not_found": (
        "Tôi chưa tìm thấy thông tin này.",
        "I could not find that in the documents I have.",
    ),
    # Vietnamese answers name the document searched; English ones say the sentence above
    "answer_refusal_not_found_in_document": (
        "Tôi chưa tìm thấy thông tin này trong {label}.",
        "I could not find that in {label}.",
    ),
    "answer_refusal_you_can_ask": (
        "\nBạn có thể hỏi, ví dụ: {examples}",
        "\nYou can ask, for example: {examples}",
    ),
    # ---- questions suggested instead (knowledge/answer/refusals.py picks them per language)
    "answer_suggest_registration_deadline": (
        "Hạn đăng ký thi đua là khi nào?",
        "When is the registration deadline?",
    ),
    "answer_suggest_final_report": (
        "Báo cáo tổng kết gửi về đâu, trước ngày nào?",
        "Where does the final report go, and by when?",
    ),
    "answer_suggest_phase_two": (
        "Đợt 2 bắt đầu và kết thúc khi nào?",
        "When does phase 2 start and end?",
    ),
    "answer_suggest_running_campaigns": (
        "Có phong trào thi đua nào đang diễn ra?",
        "Which campaigns are running now?",
    ),
    "answer_suggest_reward_forms": (
        "Hình thức khen thưởng gồm những gì?",
        "What reward forms are there?",
    ),
}
