"""Texts of the calendar, the timeline picture, the reminder list and the statistics."""

from __future__ import annotations

SCHEDULE: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    # the calendar file's events
    "calendar_alarm_today": ("Hôm nay", "Today"),
    "calendar_alarm_lead": ("Còn {lead} ngày làm việc", "In {lead} working days"),
    "calendar_to": ("Gửi: {recipient}", "To: {recipient}"),
    "calendar_as_written": ("Ghi trong văn bản: {text}", "As written: {text}"),
    "calendar_report_period": ("Kỳ báo cáo: {period}", "Period: {period}"),
    # the timeline picture
    "timeline_title": ("Phong trào, đợt và hạn chót", "Campaigns, phases and deadlines"),
    "timeline_legend_campaign": ("Phong trào", "Campaign"),
    "timeline_legend_phase": ("Đợt", "Phase"),
    "timeline_legend_deadline": ("Hạn chót", "Deadline"),
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
}
