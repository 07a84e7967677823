"""Read-only commands: /start, /phongtrao, /hanchot, /dot (/help is in handlers.commands)."""

from __future__ import annotations

import datetime as dt

from handlers import catalog, share_links
from handlers.context import Ctx
from handlers.formatting import citation, fmt_date, shorten
from handlers.messages import Button, Reply
from handlers.occurrences import next_report_occurrences
from knowledge.presentation.dates import format_period, relative_day
from knowledge.presentation.labels import kind_name

MAX_CAMPAIGNS = 15
MAX_DEADLINES = 10
MAX_PICK = 8


def start(ctx: Ctx, args: str) -> list[Reply]:
    """Greet and say in three lines what the bot does; a share link's payload subscribes."""
    from knowledge.documents.first_run import all_campaigns_ended

    if args:
        from handlers.share_links import start_with_payload

        return start_with_payload(ctx, args)

    name = ctx.incoming.user_name
    text = ctx.t("start", name=f", {name}" if name else "")
    ended = all_campaigns_ended(ctx.session.connection(), ctx.today)
    if ended is not None:  # a first run on the samples, today: say why nothing is ahead
        text += "\n\n" + ended.text_vi(console=ctx.incoming.platform == "console")
    return [Reply(text)]


def campaigns(ctx: Ctx, args: str) -> list[Reply]:
    """Campaigns, running first, each with its status, period and document."""
    items = catalog.sorted_for_listing(catalog.campaigns(ctx.session), ctx.today)
    if not items:
        return [Reply(ctx.t("campaigns_empty"))]
    lines = [ctx.t("campaigns_header", n=len(items))]
    for i, c in enumerate(items[:MAX_CAMPAIGNS], 1):
        status = ctx.t(f"status_{c.status(ctx.today)}")
        lines.append(f"{i}. {shorten(c.name or c.title or c.source, 140)}")
        lines.append(f"   {status} · {format_period(c.start, c.end, ctx.lang)}")
        lines.append(f"   {citation(c, lang=ctx.lang)}")
        link = share_links.share_text(ctx, share_links.campaign_payload(c.id))
        if link:
            lines.append("   " + ctx.t("share_line", link=link))
    if len(items) > MAX_CAMPAIGNS:
        lines.append(ctx.t("campaigns_more", n=len(items) - MAX_CAMPAIGNS))
    return [Reply("\n".join(lines))]


def deadlines(ctx: Ctx, args: str) -> list[Reply]:
    """Upcoming dated deadlines and the next date of each recurring report, soonest first
    (optionally of one campaign)."""
    listed = catalog.campaigns(ctx.session)
    if args:
        found = catalog.find_campaign(listed, args)
        if found is None:
            return [Reply(ctx.t("campaign_not_found", query=args))]
        listed = [found]
    ids = [c.id for c in listed]
    items: list[tuple[dt.date, str, list[str]]] = []  # (due, tie-break, lines)
    for d in catalog.deadlines(ctx.session, campaign_ids=ids, since=ctx.today):
        lines = _due_lines(ctx, d.due, d.kind, d.what, d.recipient,
                           citation(d.campaign, d.section, ctx.lang))
        items.append((d.due, d.id, lines))
    # The reminders' own occurrences: /hanchot names the day the reminder will name.
    for o in next_report_occurrences(ctx.session, ids, ctx.today):
        lines = _due_lines(ctx, o.due, "periodic_report", o.what, o.recipient,
                           citation(o.campaign, None, ctx.lang),
                           None if o.day_stated else ctx.t("report_day_by_rule"))
        items.append((o.due, o.ref_id, lines))
    if not items:
        return [Reply(ctx.t("deadlines_empty"))]
    items.sort(key=lambda t: (t[0], t[1]))
    out = [ctx.t("deadlines_header", today=fmt_date(ctx.today))]
    for _, _, lines in items[:MAX_DEADLINES]:
        out.extend(lines)
    if len(items) > MAX_DEADLINES:
        out.append(ctx.t("deadlines_more", n=len(items) - MAX_DEADLINES))
    return [Reply("\n".join(out))]


def _due_lines(ctx: Ctx, due: dt.date, kind: str, what: str, recipient: str | None,
               cite: str, note: str | None = None) -> list[str]:
    """One cut-off of /hanchot: its day and kind, a note, to whom, where the document says it."""
    label = kind_name(kind, ctx.lang)
    lines = [f"• {fmt_date(due)} ({relative_day(due, ctx.today, ctx.lang)}) — "
             f"{label}: {shorten(what or label, 120)}"]
    if note:
        lines.append(f"  {note}")
    if recipient:
        lines.append(f"  {ctx.t('to_whom')}: {shorten(recipient, 100)}")
    lines.append(f"  {cite}")
    return lines


def phases(ctx: Ctx, args: str) -> list[Reply]:
    """Phases of one campaign; asks which with buttons when it is not clear."""
    items = catalog.sorted_for_listing(catalog.campaigns(ctx.session), ctx.today)
    if not items:
        return [Reply(ctx.t("campaigns_empty"))]
    chosen = None
    if args:
        chosen = catalog.find_campaign(items, args)
        if chosen is None:
            return [Reply(ctx.t("campaign_not_found", query=args))]
    elif len(items) == 1:
        chosen = items[0]
    elif ctx.memory.context.campaign_id:
        chosen = next((c for c in items if c.id == ctx.memory.context.campaign_id), None)
    if chosen is None:
        buttons = [[Button(shorten(_short_name(c), 60), f"dot:{c.id}")] for c in items[:MAX_PICK]]
        return [Reply(ctx.t("phases_pick"), buttons=buttons)]
    return show_phases(ctx, chosen)


def phases_callback(ctx: Ctx, campaign_id: str) -> list[Reply]:
    """A campaign was picked for /dot."""
    chosen = catalog.campaign(ctx.session, campaign_id)
    if chosen is None:
        return [Reply(ctx.t("campaign_gone"))]
    return show_phases(ctx, chosen)


def show_phases(ctx: Ctx, c: catalog.CampaignView) -> list[Reply]:
    """The phases of one campaign with their dates and the citation."""
    ctx.memory.context.campaign_id = c.id
    items = catalog.phases(ctx.session, c.id)
    name = shorten(c.name or c.title or c.source, 140)
    if not items:
        text = ctx.t("phases_none", name=name, period=format_period(c.start, c.end, ctx.lang))
        return [Reply(text + "\n" + citation(c, lang=ctx.lang))]
    lines = [ctx.t("phases_header", name=name)]
    for p in items:
        status = ""
        if p.start and p.end and p.start <= ctx.today <= p.end:
            status = f" — {ctx.t('status_running')}"
        lines.append(f"• {p.name}: {format_period(p.start, p.end, ctx.lang)}{status}")
    lines.append(citation(c, lang=ctx.lang))
    return [Reply("\n".join(lines))]


def _short_name(c: catalog.CampaignView) -> str:
    """A button label: issuer and year help more than the long official name."""
    bits = [c.issuer or "", str(c.year) if c.year else ""]
    head = " ".join(b for b in bits if b)
    name = c.name or c.title or c.source
    return f"{head}: {name}" if head else name
