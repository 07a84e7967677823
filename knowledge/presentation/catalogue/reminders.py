"""Texts the scheduler sends: reminders, launch announcements, the weekly digest, progress."""

from __future__ import annotations

REMINDERS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    # buttons under a reminder
    "reminder_done_button": ("✅ Đã nộp", "✅ Done"),
    "reminder_snooze_button": ("⏰ Nhắc lại sau", "⏰ Remind me later"),
    # how far the cut-off is, at send time
    "reminder_due_today": ("hôm nay là hạn cuối", "today is the last day"),
    "reminder_due_tomorrow": ("ngày mai là hạn cuối", "tomorrow is the last day"),
    "reminder_days_left": (
        "còn {days} ngày ({working} ngày làm việc)",
        "{days} days left ({working} working days)",
    ),
    # which occurrence of a recurring report
    "occurrence_month": ("kỳ tháng {month}/{year}", "month {month}/{year}"),
    "occurrence_quarter": ("kỳ quý {quarter}/{year}", "quarter {quarter}/{year}"),
    "occurrence_first_half": ("kỳ 6 tháng đầu năm {year}", "first half of {year}"),
    "occurrence_second_half": ("kỳ 6 tháng cuối năm {year}", "second half of {year}"),
    "occurrence_year": ("kỳ năm {year}", "year {year}"),
    # the reminder
    "reminder_what": ("⏰ Nhắc hạn: {what}", "⏰ Reminder: {what}"),
    "reminder_due": ("📅 Hạn: {day} — {left}", "📅 Due: {day} — {left}"),
    "reminder_to": ("📨 Gửi về: {recipient}", "📨 Send to: {recipient}"),
    "reminder_via": (" (qua {via})", " (via {via})"),
    "reminder_campaign": ("🏁 Phong trào: {campaign}", "🏁 Campaign: {campaign}"),
    "reminder_source": ("📄 Căn cứ: {cite}", "📄 Source: {cite}"),
    "reminder_press_done": (
        'Đơn vị đã hoàn thành? Bấm "Đã nộp" để dừng nhắc hạn này.',
        'Has your unit submitted? Press "Done" to stop this reminder.',
    ),
    # the launch announcement
    "launch_header": ("📢 PHÁT ĐỘNG PHONG TRÀO THI ĐUA", "📢 NEW EMULATION CAMPAIGN"),
    "launch_issuer": ("🏛 Cơ quan phát động: {issuer}", "🏛 Launched by: {issuer}"),
    "launch_period": ("🗓 Thời gian: từ {start} đến {end}", "🗓 Period: from {start} to {end}"),
    "launch_phases": ("Các đợt thi đua:", "Phases:"),
    "launch_phase": ("• {name}: {start} – {end}", "• {name}: {start} – {end}"),
    "launch_deadlines": ("Các mốc hạn sắp tới:", "Coming cut-offs:"),
    "launch_deadline": ("• {day}: {what}", "• {day}: {what}"),
    "launch_deadline_to": (" — gửi về {recipient}", " — send to {recipient}"),
    "launch_footer": (
        "Gõ /nhac để xem lịch nhắc hạn của nhóm.",
        "Type /reminders to see this chat's reminder schedule.",
    ),
    # the weekly digest
    "digest_header": (
        "🗓 Lịch hạn tuần này và tuần sau ({start} – {end})",
        "🗓 Cut-offs this week and next ({start} – {end})",
    ),
    "digest_this_week": ("Tuần này", "This week"),
    "digest_next_week": ("Tuần sau", "Next week"),
    "digest_week_empty": ("{week}: không có hạn nào.", "{week}: no cut-offs."),
    "digest_done": (" ✅ đã nộp", " ✅ submitted"),
    "digest_more": ("… và {n} hạn khác (xem /hanchot).", "… and {n} more (see /deadlines)."),
    "digest_footer": (
        "Xem lịch nhắc chi tiết: /nhac. Tắt bản tin tuần: /caidat bantin tat",
        "Reminder details: /reminders. Turn the weekly digest off: /settings digest off",
    ),
    # an officer's progress summary
    "progress_what": ("📊 Tiến độ nộp: {what}", "📊 Submissions: {what}"),
    "progress_due": ("📅 Hạn: {day}", "📅 Due: {day}"),
    "progress_confirmed": (
        "{confirmed}/{total} đơn vị đã xác nhận nộp",
        "{confirmed}/{total} units confirmed",
    ),
    "progress_summary_missing": ("; chưa: {names}.", "; not yet: {names}."),
    "progress_others": (" và {n} đơn vị khác", " and {n} more units"),
}
