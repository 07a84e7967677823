"""Frame texts of units, submission progress, snooze and the weekly digest (vi, en)."""

from __future__ import annotations

UNITS: dict[str, tuple[str, str]] = {
    "unit_none": (
        "Cuộc trò chuyện này chưa khai báo đơn vị. Khai báo bằng: /donvi <tên đơn vị>, "
        "ví dụ /donvi Phòng Giáo dục và Đào tạo huyện Châu Thành.\n"
        "Khi đã khai báo, bấm “Đã nộp” dưới lời nhắc sẽ ghi nhận cho cả đơn vị và dừng nhắc "
        "hạn đó ở mọi nhóm của đơn vị.",
        "This chat has not declared its unit. Declare it with /unit <unit name>, e.g. "
        "/unit Phòng Giáo dục và Đào tạo huyện Châu Thành.\n"
        "Then “Done” under a reminder is recorded for the whole unit and stops that "
        "reminder in every chat of the unit.",
    ),
    "unit_current": (
        "Cuộc trò chuyện này thay mặt đơn vị: {name}.\nĐổi đơn vị: /donvi <tên đơn vị>.",
        "This chat speaks for the unit: {name}.\nChange it: /unit <unit name>.",
    ),
    "unit_created": (
        "Đã khai báo đơn vị mới: {name}. Bấm “Đã nộp” dưới lời nhắc sẽ ghi nhận cho đơn vị này.",
        "Declared a new unit: {name}. “Done” under a reminder is recorded for this unit.",
    ),
    "unit_matched": (
        "Đã gắn cuộc trò chuyện với đơn vị có sẵn: {name}.",
        "This chat now speaks for the known unit: {name}.",
    ),
    "unit_bad_name": (
        "Tên đơn vị chưa hợp lệ. Ví dụ: /donvi UBND xã Vĩnh Hòa.",
        "That unit name is not valid. Example: /unit UBND xã Vĩnh Hòa.",
    ),
    "done_unit_ok": (
        "Đã ghi nhận: đơn vị “{unit}” đã nộp “{what}” (hạn {due}). Các cuộc trò chuyện của "
        "đơn vị sẽ không nhận thêm lời nhắc về hạn này.",
        "Recorded: unit “{unit}” has submitted “{what}” (due {due}). The unit's chats get no "
        "more reminders about it.",
    ),
    "done_unit_already": (
        "Đơn vị “{unit}” đã xác nhận nộp hạn này lúc {at}.",
        "Unit “{unit}” already confirmed this at {at}.",
    ),
    "done_unit_hint": (
        "Mẹo: khai báo đơn vị bằng /donvi <tên đơn vị> để cán bộ thi đua thấy đơn vị đã nộp.",
        "Tip: declare your unit with /unit <name> so the officers see it has submitted.",
    ),
    "progress_header": ("📊 Tiến độ nộp — {name}", "📊 Submission progress — {name}"),
    "progress_all": ("tất cả phong trào", "all campaigns"),
    "progress_line": (
        "• {due} — {what}: {done}/{total} đơn vị đã xác nhận nộp",
        "• {due} — {what}: {done}/{total} units confirmed",
    ),
    "progress_done": ("   ✅ {unit} ({at}{who})", "   ✅ {unit} ({at}{who})"),
    "progress_missing": ("   ⏳ Chưa: {names}", "   ⏳ Not yet: {names}"),
    "progress_none": (
        "Chưa có hạn nào có đơn vị đăng ký theo dõi (các đơn vị khai báo bằng /donvi).",
        "No cut-off has a subscribed unit yet (units declare themselves with /unit).",
    ),
    "undo_usage": (
        "Hủy một xác nhận nộp nhầm: /huynop <tên đơn vị> (hủy xác nhận gần nhất của đơn vị).",
        "Undo a mistaken confirmation: /undo <unit name> (the unit's latest confirmation).",
    ),
    "undo_no_unit": ("Không tìm thấy đơn vị “{name}”.", "No unit “{name}” found."),
    "undo_nothing": (
        "Đơn vị “{name}” chưa có xác nhận nộp nào.",
        "Unit “{name}” has no confirmation.",
    ),
    "undo_ok": (
        "Đã hủy xác nhận nộp của “{unit}” cho “{what}” (hạn {due}); đơn vị sẽ tiếp tục nhận "
        "nhắc hạn này.",
        "Undid “{unit}”'s confirmation of “{what}” (due {due}); the unit is reminded again.",
    ),
    "snooze_ok": (
        "Đã hẹn: bot sẽ nhắc lại lúc {at}.",
        "Snoozed: the bot will remind you again at {at}.",
    ),
    "snooze_already": (
        "Lời nhắc này đã được hẹn nhắc lại lúc {at} (mỗi lời nhắc chỉ hẹn lại một lần).",
        "This reminder is already snoozed until {at} (once per reminder).",
    ),
    "snooze_too_late": (
        "Hạn là {due}: không còn ngày làm việc nào trước hạn để nhắc lại.",
        "The cut-off is {due}: there is no working day left before it to remind you again.",
    ),
    "snooze_unknown": (
        "Lời nhắc này không còn trong lịch; xem các lời nhắc sắp tới bằng /nhac.",
        "This reminder is no longer scheduled; see the upcoming ones with /reminders.",
    ),
    "digest_on": ("bật (sáng thứ Hai)", "on (Monday mornings)"),
    "digest_off": ("tắt", "off"),
    "digest_setting": (
        "• Bản tin tuần (các hạn tuần này và tuần sau): {state} — /caidat bantin bat|tat",
        "• Weekly digest (this and next week's cut-offs): {state} — /settings digest on|off",
    ),
    "err_bad_digest": (
        "Giá trị “{value}” chưa đúng: dùng /caidat bantin bat hoặc /caidat bantin tat.",
        "“{value}” is not valid: use /settings digest on or /settings digest off.",
    ),
}
