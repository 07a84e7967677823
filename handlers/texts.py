"""The bot's frame texts in Vietnamese and English (answers themselves come from knowledge)."""

from __future__ import annotations

from handlers.texts_units import UNIT_TEXTS

TEXTS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
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
    # subscriptions
    "subscribe_pick": (
        "Bạn muốn nhận nhắc hạn và thông báo của:",
        "Receive reminders and announcements for:",
    ),
    "subscribe_all_button": ("Tất cả phong trào", "All campaigns"),
    "subscribe_issuer_button": ("Của {issuer}", "By {issuer}"),
    "subscribe_done_all": (
        "Đã đăng ký: cuộc trò chuyện này sẽ nhận nhắc hạn và thông báo của tất cả phong trào.",
        "Subscribed: this chat gets reminders and announcements for all campaigns.",
    ),
    "subscribe_done_issuer": (
        "Đã đăng ký các phong trào của {issuer}.",
        "Subscribed to campaigns by {issuer}.",
    ),
    "subscribe_done_campaign": (
        "Đã đăng ký nhắc hạn cho “{name}”.",
        "Subscribed to reminders for “{name}”.",
    ),
    "subscribe_already": (
        "Cuộc trò chuyện này đã đăng ký mục đó rồi.",
        "This chat already follows that.",
    ),
    "subscribe_hint": (
        "Nhắc trước {lead} ngày làm việc, lúc {hour}. Đổi bằng /caidat.",
        "Reminders {lead} working days before, at {hour}. Change with /settings.",
    ),
    "unsubscribe_pick": ("Bạn muốn hủy đăng ký nào?", "Which subscription do you want to cancel?"),
    "unsubscribe_all_button": ("Hủy tất cả", "Cancel all"),
    "unsubscribe_none": (
        "Cuộc trò chuyện này chưa đăng ký gì. Đăng ký bằng /dangky.",
        "This chat has no subscriptions. Subscribe with /subscribe.",
    ),
    "unsubscribe_done": (
        "Đã hủy {n} đăng ký. Còn lại: {rest}.",
        "Cancelled {n} subscription(s). Remaining: {rest}.",
    ),
    "nothing": ("không còn", "none"),
    "sub_all": ("tất cả phong trào", "all campaigns"),
    "sub_issuer": ("phong trào của {value}", "campaigns by {value}"),
    "sub_campaign": ("“{value}”", "“{value}”"),
    # settings
    "settings_show": (
        "Cài đặt của cuộc trò chuyện này:\n"
        "• Nhắc trước (ngày làm việc): {lead}\n"
        "• Giờ gửi nhắc: {hour}\n"
        "• Giờ yên lặng: {quiet}\n"
        "• Ngôn ngữ: {language}\n"
        "• Đang theo dõi: {subs}\n"
        "Ví dụ: /caidat nhac 7,3,1,0 · /caidat gio 8 · /caidat yenlang 21:00-07:00 · "
        "/caidat ngonngu en",
        "This chat's settings:\n"
        "• Remind (working days before): {lead}\n"
        "• Reminder time: {hour}\n"
        "• Quiet hours: {quiet}\n"
        "• Language: {language}\n"
        "• Following: {subs}\n"
        "E.g. /settings lead 7,3,1,0 · /settings hour 8 · /settings quiet 21:00-07:00 · "
        "/settings language vi",
    ),
    "settings_saved": ("Đã lưu cài đặt.", "Settings saved."),
    "quiet_off": ("không có", "none"),
    "lang_vi": ("Tiếng Việt", "Vietnamese"),
    "lang_en": ("Tiếng Anh", "English"),
    "settings_unknown": (
        "Tôi chưa hiểu mục “{what}”. Các mục: nhac (số ngày nhắc trước), gio (giờ gửi nhắc), "
        "yenlang (giờ yên lặng), ngonngu (vi/en). Ví dụ: /caidat nhac 7,3,1,0",
        "Unknown setting “{what}”. Settings: lead (days before), hour (reminder time), "
        "quiet (quiet hours), language (vi/en). E.g. /settings lead 7,3,1,0",
    ),
    "settings_missing_value": (
        "Thiếu giá trị cho “{what}”. Ví dụ: {example}",
        "Missing a value for “{what}”. E.g. {example}",
    ),
    "err_lead_empty": (
        "Hãy ghi số ngày nhắc trước, ví dụ: /caidat nhac 7,3,1,0",
        "Give the days before, e.g. /settings lead 7,3,1,0",
    ),
    "err_lead_not_number": (
        "“{value}” không phải số ngày. Hãy ghi các số nguyên cách nhau bởi dấu phẩy, "
        "ví dụ: 7,3,1,0",
        "“{value}” is not a number of days. Use whole numbers separated by commas, e.g. 7,3,1,0",
    ),
    "err_lead_too_far": (
        "Không nhắc trước quá {max} ngày (bạn ghi {value}).",
        "At most {max} days before (you wrote {value}).",
    ),
    "err_lead_too_many": (
        "Tối đa {max} lần nhắc cho mỗi hạn.",
        "At most {max} reminders per deadline.",
    ),
    "err_bad_time": (
        "“{value}” không phải giờ hợp lệ. Hãy ghi dạng 21:00 hoặc 7h30.",
        "“{value}” is not a valid time. Write it like 21:00 or 7h30.",
    ),
    "err_hour_whole": (
        "Giờ gửi nhắc chỉ nhận giờ chẵn, ví dụ: /caidat gio 8",
        "The reminder time takes whole hours, e.g. /settings hour 8",
    ),
    "err_bad_quiet": (
        "“{value}” không phải khoảng giờ. Hãy ghi dạng 21:00-07:00, "
        "hoặc “tat” để bỏ giờ yên lặng.",
        "“{value}” is not a time range. Write it like 21:00-07:00, or “off”.",
    ),
    "err_quiet_same": (
        "Giờ bắt đầu và kết thúc yên lặng phải khác nhau ({value}).",
        "Quiet hours must start and end at different times ({value}).",
    ),
    "err_hour_in_quiet": (
        "Giờ gửi nhắc {hour} nằm trong giờ yên lặng {quiet}, nên sẽ không bao giờ gửi được. "
        "Hãy chọn giờ khác hoặc đổi giờ yên lặng.",
        "The reminder time {hour} falls in the quiet hours {quiet}, so nothing would be sent. "
        "Pick another hour or change the quiet hours.",
    ),
    "err_bad_language": (
        "Chưa hỗ trợ ngôn ngữ “{value}”. Chọn vi (tiếng Việt) hoặc en (tiếng Anh).",
        "Language “{value}” is not supported. Choose vi (Vietnamese) or en (English).",
    ),
    "err_bad_scope": ("Phạm vi đăng ký không hợp lệ.", "Invalid subscription scope."),
    "err_empty_value": ("Thiếu tên cần đăng ký.", "Missing what to subscribe to."),
    # calendar, timeline
    "calendar_no_subs": (
        "Cuộc trò chuyện này chưa theo dõi phong trào nào. Đăng ký bằng /dangky rồi gõ /lich.",
        "This chat follows no campaign yet. Subscribe with /subscribe, then /calendar.",
    ),
    "calendar_empty": (
        "Các phong trào bạn theo dõi không có hạn chót nào có ngày cụ thể.",
        "The campaigns you follow have no dated deadlines.",
    ),
    "calendar_caption": (
        "Lịch {n} hạn chót bạn đang theo dõi (mở tệp .ics để thêm vào lịch của điện thoại).",
        "Calendar of the {n} deadlines you follow (open the .ics file to add it to your "
        "calendar).",
    ),
    "feed_usage": (
        "Dùng /lich để nhận tệp lịch, /lich link để nhận đường dẫn lịch luôn cập nhật, "
        "/lich revoke để thu hồi đường dẫn đó.",
        "Use /calendar for a calendar file, /calendar link for an always-current calendar URL, "
        "/calendar revoke to cancel that URL.",
    ),
    "feed_link": (
        "Đường dẫn lịch riêng của cuộc trò chuyện này (luôn cập nhật theo những gì đang theo "
        "dõi):\n{url}\n"
        "Thêm vào Google Calendar: Cài đặt → Thêm lịch → Từ URL. iPhone: Cài đặt → Lịch → "
        "Tài khoản → Thêm tài khoản → Khác → Thêm lịch đã đăng ký.\n"
        "Ai có đường dẫn đều xem được lịch này; đường dẫn cũ (nếu có) đã hết hiệu lực. "
        "Thu hồi bằng /lich revoke.",
        "This chat's private calendar URL (always current with what it follows):\n{url}\n"
        "Google Calendar: Settings → Add calendar → From URL. iPhone: Settings → Calendar → "
        "Accounts → Add Account → Other → Add Subscribed Calendar.\n"
        "Anyone with the URL can read this calendar; any earlier URL no longer works. "
        "Revoke it with /calendar revoke.",
    ),
    "feed_revoked": (
        "Đã thu hồi đường dẫn lịch: lịch đã đăng ký bằng đường dẫn đó sẽ không cập nhật nữa.",
        "The calendar URL was revoked: calendars subscribed with it no longer update.",
    ),
    "feed_none": (
        "Cuộc trò chuyện này chưa có đường dẫn lịch nào. Tạo bằng /lich link.",
        "This chat has no calendar URL. Create one with /calendar link.",
    ),
    "feed_not_configured": (
        "Lịch trực tuyến chưa được bật trên máy chủ này. Quản trị viên máy chủ cần đặt "
        "THIDUABOT_HTTP_PORT (cổng HTTP của bot) và THIDUABOT_PUBLIC_URL (địa chỉ công khai "
        "chuyển tới cổng đó, ví dụ https://bot.example.gov.vn). Trong lúc chờ, /lich gửi tệp "
        "lịch .ics.",
        "The calendar feed is not enabled on this server. Its administrator must set "
        "THIDUABOT_HTTP_PORT (the bot's HTTP port) and THIDUABOT_PUBLIC_URL (the public address "
        "forwarded to it, e.g. https://bot.example.gov.vn). Meanwhile /calendar sends an .ics "
        "file.",
    ),
    "timeline_caption": (
        "Dòng thời gian các phong trào quanh ngày {today}.",
        "Timeline of campaigns around {today}.",
    ),
    "timeline_empty": (
        "Không có phong trào, đợt hay hạn chót nào quanh thời điểm này để vẽ.",
        "Nothing to draw around today: no campaign, phase or deadline.",
    ),
    "today": ("Hôm nay", "Today"),
    # reminders and stats
    "reminders_header": ("Các lời nhắc sắp gửi ({n}):", "Upcoming reminders ({n}):"),
    "reminders_more": ("… và {n} lời nhắc khác.", "… and {n} more."),
    "recurring_report_of": ("Báo cáo định kỳ — {name}", "Periodic report — {name}"),
    "lead_today": ("sáng ngày hạn", "on the day"),
    "lead_days": ("trước {n} ngày làm việc", "{n} working days before"),
    "due_on": ("hạn {date}", "due {date}"),
    "stats": (
        "Thông báo phong trào “{name}”:\n"
        "• Tổng số: {total}\n• Đã gửi: {sent}\n• Đang chờ gửi: {pending}\n"
        "• Lỗi: {failed}\n• Đã hủy: {cancelled}\n• Cuộc trò chuyện ngừng nhận: {gone}",
        "Launch of “{name}”:\n"
        "• Total: {total}\n• Sent: {sent}\n• Pending: {pending}\n"
        "• Failed: {failed}\n• Cancelled: {cancelled}\n• Chats deactivated: {gone}",
    ),
    "reminders_none": (
        "Không có lời nhắc nào sắp gửi cho cuộc trò chuyện này.",
        "No reminders are scheduled for this chat.",
    ),
    "reminders_no_subs": (
        "Cuộc trò chuyện này chưa đăng ký nhận nhắc hạn. Đăng ký bằng /dangky.",
        "This chat is not subscribed to reminders. Subscribe with /subscribe.",
    ),
    "stats_none": ("Chưa có đợt thông báo nào.", "No launch has been announced yet."),
    "done_ok": (
        "Đã ghi nhận “đã nộp”: cuộc trò chuyện này sẽ không nhận thêm lời nhắc nào về hạn này.",
        "Marked as done: this chat gets no more reminders about this deadline.",
    ),
    "remind_me": ("Nhắc tôi", "Remind me"),
    "done_button": ("Đã nộp", "Done"),
    "pick_expired": (
        "Tôi không còn nhớ câu hỏi trước. Bạn vui lòng hỏi lại nhé.",
        "I no longer remember the previous question. Please ask again.",
    ),
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
        "This link is not valid. See the campaigns with /campaigns and subscribe with "
        "/subscribe.",
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

TEXTS.update(UNIT_TEXTS)  # units, progress, snooze, digest (handlers/texts_units.py)


def tr(lang: str, key: str, **params: object) -> str:
    """The text for `key` in the chat's language, with parameters filled in."""
    vi, en = TEXTS[key]
    template = en if lang == "en" else vi
    return template.format(**params) if params else template
