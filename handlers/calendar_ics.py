"""/lich: an iCalendar file of the deadlines this chat follows, with alarms per lead time."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from handlers import catalog
from handlers.context import Ctx
from handlers.formatting import citation, kind_label, shorten
from handlers.messages import Attachment, Reply
from scheduler import subscriptions as subs
from scheduler.workdays import subtract_working_days

PRODID = "-//thiduabot//Lich han chot thi dua//VI"


def working_days_before(due: dt.date, n: int) -> dt.date:
    """The day `n` working days before `due` (0 = the day itself), as reminders count them."""
    return subtract_working_days(due, n)


def build_calendar(
    items: list[catalog.DeadlineView],
    lead_days: list[int],
    reminder_hour: int,
    now: dt.datetime,
    lang: str = "vi",
) -> bytes:
    """An .ics of all-day events, the citation in each description, one VALARM per lead time."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Hạn chót thi đua" if lang == "vi" else "Campaign deadlines")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = now.astimezone(dt.UTC)
    for d in items:
        event = Event()
        event.add("uid", f"{d.id}@thiduabot")
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + dt.timedelta(days=1))
        what = shorten(d.what or kind_label(d.kind, lang), 120)
        event.add("summary", f"{kind_label(d.kind, lang)}: {what}")
        lines = [d.what or kind_label(d.kind, lang)]
        if d.recipient:
            lines.append(("To: " if lang == "en" else "Gửi: ") + d.recipient)
        if d.date_text:
            lines.append(("As written: " if lang == "en" else "Ghi trong văn bản: ") + d.date_text)
        if d.quote:
            lines.append(f"“{shorten(d.quote, 400)}”")
        lines.append(citation(d.campaign, d.section, lang))
        event.add("description", "\n".join(lines))
        event.add("categories", [kind_label(d.kind, lang)])
        event.add("transp", "TRANSPARENT")
        for lead in lead_days:
            # An all-day event starts at local midnight: trigger at the reminder hour of the
            # working day the bot's own reminder would go out, as an offset from that midnight.
            day = working_days_before(d.due, lead)
            offset = dt.timedelta(days=(day - d.due).days, hours=reminder_hour)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", offset)
            if lead == 0:
                label = "Today" if lang == "en" else "Hôm nay"
            else:
                label = f"In {lead} working days" if lang == "en" else f"Còn {lead} ngày làm việc"
            alarm.add("description", f"{label}: {what}")
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def calendar_command(ctx: Ctx, args: str) -> list[Reply]:
    """The .ics of the upcoming deadlines this chat follows."""
    ids = subs.followed_campaign_ids(ctx.session, ctx.chat)
    if not subs.list_subscriptions(ctx.session, ctx.chat):
        return [Reply(ctx.t("calendar_no_subs"))]
    items = catalog.deadlines(ctx.session, campaign_ids=ids, since=ctx.today) if ids else []
    if not items:
        return [Reply(ctx.t("calendar_empty"))]
    leads = subs.parse_lead_days(ctx.chat.lead_days)
    content = build_calendar(items, leads, ctx.chat.reminder_hour, ctx.now, ctx.lang)
    attachment = Attachment(
        filename=f"han-chot-{ctx.today.isoformat()}.ics",
        content=content,
        mime_type="text/calendar",
    )
    return [Reply(ctx.t("calendar_caption", n=len(items)), attachment=attachment)]
