"""Texts of the question log, answer feedback, share links and publishing a document from chat."""

from __future__ import annotations

PUBLISHING: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    # question log and feedback
    "feedback_up_button": ("👍 Hữu ích", "👍 Helpful"),
    "feedback_down_button": ("👎 Chưa đúng", "👎 Not right"),
    "feedback_thanks_up": ("Cảm ơn bạn đã góp ý!", "Thank you for the feedback!"),
    "feedback_thanks_down": (
        "Cảm ơn bạn. Câu hỏi đã được ghi lại để cán bộ phụ trách xem và bổ sung.",
        "Thank you. The question was noted for the officers to review.",
    ),
    "feedback_gone": (
        "Câu hỏi này không còn trong nhật ký nên không ghi nhận được đánh giá.",
        "That question is no longer in the log, so the rating was not recorded.",
    ),
    "unanswered_bad_days": (
        "Hãy ghi số ngày từ 1 đến {max}, ví dụ: /chuatraloi 30",
        "Give a number of days from 1 to {max}, e.g. /unanswered 30",
    ),
    "unanswered_none": (
        "Không có câu hỏi nào chưa trả lời được hoặc bị đánh giá 👎 trong {days} ngày qua.",
        "No unanswered or 👎 questions in the last {days} days.",
    ),
    "unanswered_header": (
        "Câu hỏi chưa trả lời được hoặc bị đánh giá 👎 trong {days} ngày qua "
        "({n} câu, {groups} nhóm, hỏi nhiều nhất trước):",
        "Unanswered or 👎 questions of the last {days} days ({n} questions, {groups} groups, "
        "most asked first):",
    ),
    "unanswered_totals": (
        "Tổng: {asked} câu hỏi, {refused} chưa trả lời được, {up} 👍, {down} 👎.",
        "Totals: {asked} questions, {refused} unanswered, {up} 👍, {down} 👎.",
    ),
    "unanswered_refused": ("{n} chưa trả lời được", "{n} unanswered"),
    "unanswered_times": (
        "{n} lần ({detail}), gần nhất {last}",
        "{n} times ({detail}), last {last}",
    ),
    "unanswered_also": ("Cách hỏi khác: {wordings}", "Also asked as: {wordings}"),
    "unanswered_more": ("… và {n} nhóm khác.", "… and {n} more groups."),
    "unanswered_hint": (
        "Bổ sung văn bản hoặc sửa trường còn thiếu (xem docs/corrections.md) để bot trả lời "
        "được các câu này.",
        "Add a document or correct the missing field (docs/corrections.md) so these get answered.",
    ),
    # share links
    "share_line": ("Liên kết đăng ký nhanh: {link}", "One-tap subscribe link: {link}"),
    "share_bad_link": (
        "Liên kết này không hợp lệ. Bạn có thể xem các phong trào bằng /phongtrao và đăng ký "
        "bằng /dangky.",
        "This link is not valid. See the campaigns with /campaigns and subscribe with /subscribe.",
    ),
    "share_campaign_unknown": (
        "Liên kết này dẫn tới một phong trào không còn (hoặc chưa được công bố). Xem các phong "
        "trào hiện có bằng /phongtrao.",
        "This link points to a campaign that is gone (or not published yet). See the current "
        "ones with /campaigns.",
    ),
    "share_issuer_unknown": (
        "Liên kết này dẫn tới một cơ quan ban hành không còn phong trào nào. Xem danh sách bằng "
        "/dangky.",
        "This link points to an issuer with no campaign left. See the list with /subscribe.",
    ),
    "share_preview": (
        "Sau khi công bố, gửi liên kết này cho các đơn vị để đăng ký nhanh: {link}",
        "Once published, forward this link to units to subscribe in one tap: {link}",
    ),
    "share_published": (
        "Gửi liên kết này cho các đơn vị để đăng ký nhận nhắc hạn: {link}",
        "Forward this link to units to subscribe to its reminders: {link}",
    ),
    "share_issuer": (
        "Theo dõi mọi phong trào của {issuer}: {link}",
        "Follow every campaign by {issuer}: {link}",
    ),
    # publishing
    "doc_not_admin": (
        "Cảm ơn bạn đã gửi tệp. Chỉ quản trị viên của bot mới được đăng văn bản mới; "
        "tệp không được lưu. Bạn có thể hỏi tôi bằng tin nhắn chữ.",
        "Thank you for the file. Only the bot's admins can publish documents; it was not "
        "stored. You can ask me questions in text.",
    ),
    "doc_in_group": (
        "Để đăng văn bản mới, vui lòng gửi tệp trong cuộc trò chuyện riêng với bot.",
        "To publish a document, please send the file in a private chat with the bot.",
    ),
    "doc_wrong_type": (
        "Tệp “{name}” không đọc được: chỉ nhận .docx, .pdf hoặc .txt.",
        "Cannot read “{name}”: only .docx, .pdf or .txt files are accepted.",
    ),
    "doc_too_big": (
        "Tệp “{name}” quá lớn ({size}); giới hạn là {limit}.",
        "“{name}” is too big ({size}); the limit is {limit}.",
    ),
    "doc_failed": (
        "Không đọc được tệp “{name}”: {reason}. Chưa có gì được lưu.",
        "Could not read “{name}”: {reason}. Nothing was stored.",
    ),
    "doc_unchanged": (
        "Văn bản “{name}” đã có và không thay đổi.",
        "“{name}” is already stored, unchanged.",
    ),
    "doc_updated_published": (
        "Văn bản này đã được công bố trước đó: bản mới đã thay thế bản cũ và lịch nhắc hạn "
        "đã được cập nhật.",
        "This document was already published: the new version replaced it and its reminders "
        "were re-planned.",
    ),
    "preview_header": ("Tôi đọc được từ “{name}”:", "What I read from “{name}”:"),
    "preview_title": ("• Tiêu đề: {value}", "• Title: {value}"),
    "preview_document": ("• Văn bản: {value}", "• Document: {value}"),
    "preview_issuer": ("• Cơ quan ban hành: {value}", "• Issuer: {value}"),
    "preview_period": ("• Thời gian: {value}", "• Period: {value}"),
    "preview_phases": ("• Các đợt ({n}):", "• Phases ({n}):"),
    "preview_deadlines": ("• Hạn chót ({n}):", "• Deadlines ({n}):"),
    "preview_recurring": ("• Báo cáo định kỳ: {value}", "• Recurring reports: {value}"),
    "preview_warnings": ("⚠ Cần kiểm tra ({n}):", "⚠ To check ({n}):"),
    "preview_none": ("không thấy", "none found"),
    "preview_unknown": ("chưa rõ", "unknown"),
    "preview_question": (
        "Công bố phong trào này? Khi công bố, bot sẽ trả lời về nó, lên lịch nhắc hạn và gửi "
        "thông báo tới các nhóm đã đăng ký.",
        "Publish this campaign? It becomes answerable, its reminders are planned and subscribed "
        "chats are told.",
    ),
    "publish_button": ("Công bố", "Publish"),
    "discard_button": ("Hủy bỏ", "Discard"),
    "published": (
        "Đã công bố “{name}”. Đã lên lịch nhắc hạn; thông báo sẽ gửi tới {n} cuộc trò chuyện "
        "đã đăng ký.",
        "Published “{name}”. Reminders planned; the announcement goes to {n} subscribed chat(s).",
    ),
    "discarded": ("Đã hủy bản nháp “{name}”.", "Discarded the draft “{name}”."),
    "draft_gone": (
        "Bản nháp này không còn (đã được công bố hoặc hủy trước đó).",
        "This draft no longer exists (already published or discarded).",
    ),
}
