"""/lich: an iCalendar file of the deadlines and report occurrences this chat follows, with
alarms per lead time; also served as the chat's feed to whoever holds its token (the tokens
and `/lich link`: handlers/calendar_feed.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers import catalog
from handlers.calendar_feed import chat_for_token, feed_command
from handlers.context import Ctx
from handlers.formatting import citation, shorten
from handlers.messages import Attachment, Reply
from handlers.occurrences import ReportOccurrence, report_occurrences
from knowledge.dates.workdays import subtract_working_days
from knowledge.dates.zone import VIETNAM
from knowledge.presentation.catalogue import tr
from knowledge.presentation.dates import format_period
from knowledge.presentation.labels import kind_name
from scheduler import subscriptions as subs
from scheduler.schedule_tables import ChatRow

PRODID = "-//thiduabot//Lich han chot thi dua//VI"


def working_days_before(due: dt.date, n: int) -> dt.date:
    """The day `n` working days before `due` (0 = the day itself), as reminders count them."""
    return subtract_working_days(due, n)


def _alarms(event: Event, due: dt.date, what: str, lead_days: list[int], reminder_hour: int,
            lang: str) -> None:
    for lead in lead_days:
        # An all-day event starts at local midnight: trigger at the reminder hour of the
        # working day the bot's own reminder would go out, as an offset from that midnight.
        day = working_days_before(due, lead)
        offset = dt.timedelta(days=(day - due).days, hours=reminder_hour)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", offset)
        if lead == 0:
            label = tr(lang, "calendar_alarm_today")
        else:
            label = tr(lang, "calendar_alarm_lead", lead=lead)
        alarm.add("description", f"{label}: {what}")
        event.add_component(alarm)


def _day_event(uid: str, due: dt.date, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(
    items: list[catalog.DeadlineView],
    lead_days: list[int],
    reminder_hour: int,
    now: dt.datetime,
    lang: str = "vi",
    reports: Sequence[ReportOccurrence] = (),
    tz: ZoneInfo = VIETNAM,
) -> bytes:
    """An .ics of all-day events (deadlines and report occurrences), the citation in each
    description, one VALARM per lead time; `tz` is the zone the days are local to."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Hạn chót thi đua" if lang == "vi" else "Campaign deadlines")
    cal.add("x-wr-timezone", tz.key)
    stamp = now.astimezone(dt.UTC)
    for d in items:
        event = _day_event(f"{d.id}@thiduabot", d.due, stamp)
        what = shorten(d.what or kind_name(d.kind, lang), 120)
        event.add("summary", f"{kind_name(d.kind, lang)}: {what}")
        lines = [d.what or kind_name(d.kind, lang)]
        if d.recipient:
            lines.append(tr(lang, "calendar_to", recipient=d.recipient))
        if d.date_text:
            lines.append(tr(lang, "calendar_as_written", text=d.date_text))
        if d.quote:
            lines.append(f"“{shorten(d.quote, 400)}”")
        lines.append(citation(d.campaign, d.section, lang))
        event.add("description", "\n".join(lines))
        event.add("categories", [kind_name(d.kind, lang)])
        _alarms(event, d.due, what, lead_days, reminder_hour, lang)
        cal.add_component(event)
    label = kind_name("periodic_report", lang)
    for r in reports:
        event = _day_event(f"{r.ref_id}@thiduabot", r.due, stamp)
        what = shorten(r.what or label, 120)
        event.add("summary", f"{label}: {what}")
        span = format_period(r.period_start, r.period_end, lang)
        period = tr(lang, "calendar_report_period", period=span)
        lines = [r.what or label, period]
        if r.recipient:
            lines.append(tr(lang, "calendar_to", recipient=r.recipient))
        if r.quote:
            lines.append(f"“{shorten(r.quote, 400)}”")
        lines.append(citation(r.campaign, None, lang))
        event.add("description", "\n".join(lines))
        event.add("categories", [label])
        _alarms(event, r.due, what, lead_days, reminder_hour, lang)
        cal.add_component(event)
    return cal.to_ical()


def chat_calendar(session: Session, chat: ChatRow, now: dt.datetime, lang: str, tz: ZoneInfo
                  ) -> tuple[bytes, int]:
    """The .ics of everything ahead that the chat follows, and how many events it holds."""
    now = now.astimezone(tz)
    ids = subs.followed_campaign_ids(session, chat)
    today = now.date()
    items = catalog.deadlines(session, campaign_ids=ids, since=today) if ids else []
    reports = report_occurrences(session, ids, today)
    leads = subs.parse_lead_days(chat.lead_days)
    content = build_calendar(items, leads, chat.reminder_hour, now, lang, reports, tz)
    return content, len(items) + len(reports)


def feed_for_token(engine: Engine, token: str, now: dt.datetime, tz: ZoneInfo) -> bytes | None:
    """The .ics the token opens, built now from the chat's subscriptions; None when unknown."""
    with Session(engine) as session:
        chat = chat_for_token(session, token)
        if chat is None:
            return None
        content, _ = chat_calendar(session, chat, now, chat.language, tz)
        return content


def calendar_command(ctx: Ctx, args: str) -> list[Reply]:
    """The .ics of the upcoming deadlines this chat follows; "link"/"revoke": its feed URL."""
    if args.strip():
        return feed_command(ctx, args)
    if not subs.list_subscriptions(ctx.session, ctx.chat):
        return [Reply(ctx.t("calendar_no_subs"))]
    content, n = chat_calendar(ctx.session, ctx.chat, ctx.now, ctx.lang, ctx.services.tz)
    if not n:
        return [Reply(ctx.t("calendar_empty"))]
    attachment = Attachment(
        filename=f"han-chot-{ctx.today.isoformat()}.ics",
        content=content,
        mime_type="text/calendar",
    )
    return [Reply(ctx.t("calendar_caption", n=n), attachment=attachment)]
