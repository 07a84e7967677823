"""/nhac (this chat's upcoming reminders), admin /thongke (latest launch), and "Đã nộp"."""

from __future__ import annotations

import logging

from handlers import catalog
from handlers.context import Ctx
from handlers.formatting import fmt_date, shorten
from handlers.messages import Reply
from knowledge.presentation.dates import format_moment
from knowledge.presentation.labels import kind_name
from scheduler import subscriptions as subs

MAX_LINES = 15
log = logging.getLogger(__name__)


def reminders_command(ctx: Ctx, args: str) -> list[Reply]:
    """The chat's reminders still to come, soonest first."""
    from scheduler.outbox import upcoming_reminders

    rows = upcoming_reminders(ctx.session, ctx.chat_pk, ctx.now, ctx.services.tz)
    if not rows:
        if not subs.list_subscriptions(ctx.session, ctx.chat):
            return [Reply(ctx.t("reminders_no_subs"))]
        return [Reply(ctx.t("reminders_none"))]
    deadlines = {d.id: d for d in catalog.deadlines(ctx.session, since=ctx.today)}
    names = {c.id: c.name for c in catalog.campaigns(ctx.session)}
    lines = [ctx.t("reminders_header", n=len(rows))]
    for row in rows[:MAX_LINES]:
        when = format_moment(row.send_at, ctx.services.tz)
        d = deadlines.get(row.ref_id)
        if d is not None:
            what = f"{kind_name(d.kind, ctx.lang)}: {d.what or ''}".rstrip(": ")
        else:  # an occurrence of a recurring report: name its campaign
            what = ctx.t("recurring_report_of", name=names.get(row.campaign_id, ""))
        lead = ctx.t("lead_today") if row.lead == 0 else ctx.t("lead_days", n=row.lead)
        lines.append(
            f"• {when} ({lead}) — {shorten(what, 100)}; " + ctx.t("due_on", date=fmt_date(row.due))
        )
    if len(rows) > MAX_LINES:
        lines.append(ctx.t("reminders_more", n=len(rows) - MAX_LINES))
    return [Reply("\n".join(lines))]


def stats_command(ctx: Ctx, args: str) -> list[Reply]:
    """Delivery counts of the latest launch (or of the campaign named)."""
    from scheduler.outbox import launch_stats

    campaign_id = None
    if args:
        found = catalog.find_campaign(catalog.campaigns(ctx.session), args)
        if found is None:
            return [Reply(ctx.t("campaign_not_found", query=args))]
        campaign_id = found.id
    stats = launch_stats(ctx.session, campaign_id)
    if stats.campaign_id is None or stats.total == 0:
        return [Reply(ctx.t("stats_none"))]
    view = catalog.campaign(ctx.session, stats.campaign_id)
    name = shorten(view.name, 120) if view else stats.campaign_id
    return [
        Reply(
            ctx.t(
                "stats",
                name=name,
                total=stats.total,
                sent=stats.sent,
                pending=stats.pending,
                failed=stats.failed,
                cancelled=stats.cancelled,
                gone=stats.chats_deactivated,
            )
        )
    ]


def done_callback(ctx: Ctx, deadline_id: str) -> list[Reply]:
    """ "Đã nộp" under a reminder: stop this deadline's remaining reminders for this chat."""
    if not ctx.can_manage_chat:
        return [Reply(ctx.t("group_admin_only"))]
    from scheduler.outbox import mark_done

    cancelled = mark_done(ctx.session, ctx.chat_pk, deadline_id, ctx.now)
    ctx.session.commit()
    log.info(
        "chat %s marked %s done (%d reminders cancelled)", ctx.chat_pk, deadline_id, cancelled
    )
    return [Reply(ctx.t("done_ok"))]
