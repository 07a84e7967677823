"""/nhac (this chat's upcoming reminders), admin /thongke (latest launch), and "Đã nộp"."""

from __future__ import annotations

from handlers import catalog
from handlers.context import Ctx
from handlers.formatting import fmt_date, kind_label, shorten
from handlers.messages import Reply
from scheduler import subscriptions as subs

MAX_LINES = 15


def reminders_command(ctx: Ctx, args: str) -> list[Reply]:
    """The chat's planned reminders, soonest first."""
    from scheduler import outbox

    rows = list(outbox.upcoming_reminders(ctx.session, ctx.chat_pk, ctx.now))
    if not rows:
        if not subs.list_subscriptions(ctx.session, ctx.chat):
            return [Reply(ctx.t("reminders_no_subs"))]
        return [Reply(ctx.t("reminders_none"))]
    deadlines = {d.id: d for d in catalog.deadlines(ctx.session)}
    lines = [ctx.t("reminders_header")]
    tz = ctx.services.tz
    for row in rows[:MAX_LINES]:
        when = row.send_at.astimezone(tz).strftime("%H:%M %d/%m/%Y")
        d = deadlines.get(row.ref_id or "")
        what = shorten(d.what or kind_label(d.kind, ctx.lang), 80) if d else (row.ref_id or "")
        due = fmt_date(row.due) if row.due else ""
        lines.append(
            f"• {when}: {what}"
            + (f" (hạn {due})" if due and ctx.lang == "vi" else f" (due {due})" if due else "")
        )
    return [Reply("\n".join(lines))]


def stats_command(ctx: Ctx, args: str) -> list[Reply]:
    """Delivery counts of the latest launch (or of the campaign named)."""
    from scheduler import outbox

    campaign_id = None
    if args:
        found = catalog.find_campaign(catalog.campaigns(ctx.session), args)
        if found is None:
            return [Reply(ctx.t("campaign_not_found", query=args))]
        campaign_id = found.id
    stats = outbox.launch_stats(ctx.session, campaign_id)
    if stats is None:
        return [Reply(ctx.t("stats_none"))]
    return [Reply(str(stats))]


def done_callback(ctx: Ctx, deadline_id: str) -> list[Reply]:
    """ "Đã nộp" under a reminder: stop this deadline's remaining reminders for this chat."""
    if not ctx.can_manage_chat:
        return [Reply(ctx.t("group_admin_only"))]
    from scheduler import outbox

    n = outbox.mark_done(ctx.session, ctx.chat_pk, deadline_id, ctx.now)
    ctx.session.commit()
    return [Reply(ctx.t("done_ok", n=n if isinstance(n, int) else 0))]
