"""Frame texts of answers about one campaign: deadlines, reports, phases, facts (vi, en).

The facts themselves (names, dates, quotes) come from the documents; these are the words
around them. A leading blank or newline is part of a text that is appended to a line.
"""

from __future__ import annotations

ANSWERS: dict[str, tuple[str, str]] = {
    # ---- deadlines
    "answer_deadline_due_before": (
        "{what}: hạn trước ngày {date}",
        "{what}: due before {date}",
    ),
    "answer_deadline_due_by": ("{what}: hạn đến {date}", "{what}: due by {date}"),
    "answer_deadline_send_to": ("gửi về {recipient}", "send to {recipient}"),
    "answer_deadline_send_it_to": (
        "Gửi về {recipient}{via}, hạn {date}.",
        "Send it to {recipient}{via}, due {date}.",
    ),
    "answer_deadline_no_recipient": (
        "Văn bản không ghi rõ nơi nhận.",
        "The document does not say where to send it.",
    ),
    # appended to a line in Vietnamese answers only: the document's own wording of a date
    "answer_document_wording_dash": (" — văn bản ghi “{text}”", " — the document says “{text}”"),
    "answer_document_wording_parenthesised": (
        " (văn bản ghi “{text}”)",
        " (the document says “{text}”)",
    ),
    # ---- recurring reports
    "answer_report_before_day": ("trước ngày {day} {period}", "before day {day}, {period}"),
    "answer_report_before_day_of_month_yearly": (
        "trước ngày {day} tháng {month} hàng năm",
        "before {day}/{month} every year",
    ),
    "answer_report_default_what": ("báo cáo", "report"),
    "answer_report_to": (", gửi {recipient}", ", to {recipient}"),
    "answer_report_due_in_window": (" Hạn trong {label}: {dates}.", " Due in {label}: {dates}."),
    "answer_report_next_due": (
        " Hạn gần nhất: {date} ({phrase}).",
        " Next due: {date} ({phrase}).",
    ),
    # ---- phases, period, status of a span
    "answer_phase_missing": (
        "Văn bản không có đợt {wanted}; chỉ có: {names}.",
        "The plan has no phase {wanted}; its phases are: {names}.",
    ),
    "answer_phase_count": ("Phong trào có {count} đợt:", "The campaign has {count} phase(s):"),
    "answer_no_phases": (
        "Văn bản không chia phong trào thành các đợt; thời gian thi đua {span}.",
        "The document does not split the campaign into phases; it runs {span}.",
    ),
    "answer_campaign_period": ("Thời gian thi đua: {span}", "Campaign period: {span}"),
    "answer_status_ended": ("đã kết thúc", "ended"),
    "answer_status_not_started": ("chưa bắt đầu", "not started yet"),
    "answer_status_under_way": ("đang diễn ra", "under way"),
    # ---- overview
    "answer_overview_period": ("Thời gian: {span}.", "Period: {span}."),
    "answer_overview_theme": ("Chủ đề: “{theme}”.", "Theme: “{theme}”."),
    # ---- commemorations, targets, rewards
    "answer_named_phase_salutes": ("{phase} chào mừng:", "{phase} salutes:"),
    "answer_campaign_salutes": ("Các ngày lễ, sự kiện được chào mừng:", "The campaign salutes:"),
    "answer_phase_salutes": ("Đợt {wanted} chào mừng:", "Phase {wanted} salutes:"),
    "answer_main_targets": ("Một số chỉ tiêu chủ yếu:", "Main targets:"),
    "answer_reward_forms": ("Hình thức khen thưởng:", "Reward forms:"),
    "answer_reward_granted_by": (" (do {grantor} tặng)", " (granted by {grantor})"),
    # ---- theme, slogan, audience
    "answer_theme": ("Chủ đề thi đua: “{theme}”.", "Theme: “{theme}”."),
    "answer_slogan": ("Phương châm: “{slogan}”.", "Slogan: “{slogan}”."),
    "answer_audience_head": ("Đối tượng thi đua:", "Who takes part:"),
    # ---- the document's own facts ("Số hiệu: 31/KH-UBND")
    "answer_fact_type": ("Loại văn bản", "Type"),
    "answer_fact_number": ("Số hiệu", "Number"),
    "answer_fact_issued_on": ("Ngày ban hành", "Issued on"),
    "answer_fact_issuer": ("Cơ quan ban hành", "Issuer"),
    "answer_fact_signed_by": ("Người ký", "Signed by"),
    "answer_fact_title": ("Trích yếu", "Title"),
    "answer_fact_not_stated": ("văn bản không ghi", "not stated in the document"),
    # ---- quotes of the document, and what it does not state
    "answer_document_says": ("Văn bản ghi:", "The document says:"),
    "answer_not_stated": (
        "{label} không nêu thông tin này ({what}).",
        "{label} does not state this ({what}).",
    ),
    # ---- around every answer: warnings, other matches, sources
    "answer_warning": ("⚠️ Lưu ý: {warning}", "⚠️ Note: {warning}"),
    "answer_also_matching": ("Có thể bạn muốn hỏi về: {choices}.", "Also matching: {choices}."),
    "answer_sources": ("Nguồn: {documents}", "Sources: {documents}"),
}
