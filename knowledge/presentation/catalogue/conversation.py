"""Texts of the conversation: greetings, help, errors, and the campaign, deadline and phase
views."""

from __future__ import annotations

CONVERSATION: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "citation_source": ("Nguồn: {label}", "Source: {label}"),
    "citation_section": (", mục {section}", ", section {section}"),
    "document_dated": (" ngày {date}", " dated {date}"),
    "mention_fallback": ("tên tôi", "my name"),
    "start": (
        "Xin chào{name}! Tôi là trợ lý phong trào thi đua.\n"
        "• Trả lời câu hỏi về các phong trào, đợt, hạn chót, chỉ tiêu, khen thưởng "
        "(có dấu hay không dấu đều được), kèm nguồn trích dẫn.\n"
        "• Nhắc hạn trước mỗi mốc và báo phong trào mới: dùng /dangky.\n"
        "• Xem nhanh: /phongtrao, /hanchot, /lich, /timeline. Gõ /help để xem tất cả lệnh.",
        "Hello{name}! I am the emulation-campaign assistant.\n"
        "• I answer questions about campaigns, phases, deadlines, targets and rewards, "
        "with the source cited.\n"
        "• I remind you before every cut-off and announce new campaigns: use /subscribe.\n"
        "• Quick views: /campaigns, /deadlines, /calendar, /timeline. "
        "Type /help for all commands.",
    ),
    "group_joined": (
        "Xin chào cả nhóm! Tôi là trợ lý phong trào thi đua.\n"
        "• Hỏi tôi bằng cách nhắc {mention} hoặc trả lời tin nhắn của tôi, ví dụ: "
        "“{mention} hạn nộp báo cáo là khi nào?”.\n"
        "• Quản trị viên nhóm gõ /dangky để cả nhóm nhận nhắc hạn và tin phong trào mới.\n"
        "• Gõ /help để xem tất cả lệnh.",
        "Hello everyone! I am the emulation-campaign assistant.\n"
        "• Ask me by mentioning {mention} or replying to one of my messages.\n"
        "• A group admin types /subscribe so the group gets deadline reminders and new "
        "campaigns.\n"
        "• Type /help for all commands.",
    ),
    "help_header": ("Các lệnh:", "Commands:"),
    "help_example": ("ví dụ", "e.g."),
    "help_footer": (
        "Bạn cũng có thể hỏi trực tiếp, ví dụ: “hạn đăng ký thi đua là khi nào?”, "
        "“dot 2 ket thuc ngay nao”, “sắp tới có hạn gì?”.",
        "You can also ask directly (in Vietnamese), e.g. “hạn đăng ký thi đua là khi nào?”.",
    ),
    "help_admin": (
        "Quản trị viên: gửi tệp .docx, .pdf hoặc .txt trong trò chuyện riêng để công bố "
        "phong trào mới.",
        "Admins: send a .docx, .pdf or .txt file in a private chat to publish a new campaign.",
    ),
    "unknown_command": (
        "Xin lỗi, tôi chưa có lệnh /{word}. Gõ /help để xem các lệnh.",
        "Sorry, there is no /{word} command. Type /help to see the commands.",
    ),
    "text_only": (
        "Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi hoặc /help nhé.",
        "Sorry, I can only read text messages. Please type your question or /help.",
    ),
    "empty_text": (
        "Bạn muốn hỏi gì về các phong trào thi đua? Gõ /help để xem gợi ý.",
        "What would you like to know about the campaigns? Type /help for ideas.",
    ),
    "error": (
        "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Bạn vui lòng thử lại sau.",
        "Sorry, something went wrong. Please try again later.",
    ),
    "group_admin_only": (
        "Chỉ quản trị viên của nhóm mới thay đổi được đăng ký và cài đặt của nhóm.",
        "Only the group's admins can change its subscriptions and settings.",
    ),
    "bot_admin_only": (
        "Lệnh này chỉ dành cho quản trị viên của bot.",
        "This command is for the bot's admins only.",
    ),
    # campaigns
    "campaigns_header": ("Các phong trào thi đua ({n}):", "Campaigns ({n}):"),
    "campaigns_empty": (
        "Hiện chưa có phong trào nào trong cơ sở dữ liệu.",
        "There are no campaigns yet.",
    ),
    "status_running": ("đang diễn ra", "running"),
    "status_upcoming": ("sắp diễn ra", "upcoming"),
    "status_ended": ("đã kết thúc", "ended"),
    "status_unknown": ("chưa rõ thời gian", "dates unknown"),
    "campaigns_more": ("… và {n} phong trào khác.", "… and {n} more."),
    # deadlines
    "deadlines_header": (
        "Các hạn chót sắp tới (từ {today}):",
        "Upcoming deadlines (from {today}):",
    ),
    "deadlines_empty": (
        "Không có hạn chót nào sắp tới trong các phong trào hiện có.",
        "No upcoming deadlines in the current campaigns.",
    ),
    "deadlines_more": (
        "… và {n} hạn khác. Xem đủ bằng /lich.",
        "… and {n} more. Get them all with /calendar.",
    ),
    "to_whom": ("gửi", "to"),
    "report_day_by_rule": (
        "(văn bản không nêu ngày; bot nhắc theo quy tắc của phong trào)",
        "(the document gives no day; reminders follow the campaign's rule)",
    ),
    # phases
    "phases_pick": (
        "Bạn muốn xem các đợt của phong trào nào?",
        "Which campaign's phases would you like to see?",
    ),
    "phases_header": ("Các đợt của “{name}”:", "Phases of “{name}”:"),
    "phases_none": (
        "Văn bản của “{name}” không chia đợt. Thời gian thực hiện: {period}.",
        "“{name}” has no phases. Period: {period}.",
    ),
    "campaign_not_found": (
        "Tôi không tìm thấy phong trào nào khớp với “{query}”. Xem danh sách bằng /phongtrao.",
        "I found no campaign matching “{query}”. See the list with /campaigns.",
    ),
    "campaign_gone": (
        "Phong trào này không còn trong cơ sở dữ liệu.",
        "That campaign is no longer in the database.",
    ),
}
