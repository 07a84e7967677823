"""Texts of subscriptions and of a chat's settings (lead days, hours, quiet time, language)."""

from __future__ import annotations

CHAT_SETTINGS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
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
}
