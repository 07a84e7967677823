"""/donvi (the chat's unit), officers' /tiendo and /huynop, "Đã nộp" per unit, snooze."""

from __future__ import annotations

import logging

from handlers import catalog
from handlers.context import Ctx
from handlers.formatting import fmt_date, shorten
from handlers.messages import Reply
from knowledge.presentation.dates import format_moment
from scheduler import units

log = logging.getLogger(__name__)
MAX_CUTOFFS = 12  # cut-offs listed by /tiendo (soonest first)


def unit_command(ctx: Ctx, args: str) -> list[Reply]:
    """Without arguments the chat's unit (and how to set it); with a name, declare it."""
    if not args.strip():
        current = units.chat_unit(ctx.session, ctx.chat_pk)
        if current is None:
            return [Reply(ctx.t("unit_none"))]
        return [Reply(ctx.t("unit_current", name=current.name))]
    if not ctx.can_manage_chat:
        return [Reply(ctx.t("group_admin_only"))]
    try:
        choice = units.set_chat_unit(
            ctx.session, ctx.chat_pk, args, ctx.incoming.user_id, ctx.now
        )
    except ValueError:
        return [Reply(ctx.t("unit_bad_name"))]
    ctx.session.commit()
    key = "unit_created" if choice.created else "unit_matched"
    return [Reply(ctx.t(key, name=choice.unit.name))]


def _cutoff(ctx: Ctx, ref_id: str) -> tuple[str | None, str, str]:
    """(campaign id, what, due dd/mm/yyyy) of a deadline or report occurrence."""
    from scheduler.reminder_texts import TextBuilder

    facts = TextBuilder(ctx.session).facts(ref_id)
    campaign_id, due = units.cutoff_of(ctx.session, ref_id)
    return campaign_id, (facts.what if facts else ref_id), fmt_date(due, ctx.lang)


def done_callback(ctx: Ctx, ref_id: str) -> list[Reply]:
    """ "Đã nộp": for the chat's unit when it declared one (every chat of the unit stops being
    reminded), else for this chat only."""
    if not ctx.can_manage_chat:
        return [Reply(ctx.t("group_admin_only"))]
    unit = units.chat_unit(ctx.session, ctx.chat_pk)
    if unit is None:
        from handlers.reminders import done_callback as chat_done

        replies = chat_done(ctx, ref_id)
        replies[-1].text += "\n" + ctx.t("done_unit_hint")
        return replies
    assert unit.id is not None
    campaign_id, what, due = _cutoff(ctx, ref_id)
    inc = ctx.incoming
    row, cancelled = units.record_submission(
        ctx.session, unit.id, ref_id, campaign_id=campaign_id, chat_pk=ctx.chat_pk,
        user_id=inc.user_id, user_name=inc.user_name, now=ctx.now,
    )  # fmt: skip
    ctx.session.commit()
    log.info("unit %s marked %s done (%d reminders cancelled)", unit.id, ref_id, cancelled)
    if row.chat_pk != ctx.chat_pk or row.user_id != inc.user_id:
        at = format_moment(row.created_at, ctx.services.tz)
        return [Reply(ctx.t("done_unit_already", unit=unit.name, at=at))]
    return [Reply(ctx.t("done_unit_ok", unit=unit.name, what=shorten(what, 120), due=due))]


def progress_command(ctx: Ctx, args: str) -> list[Reply]:
    """Officers: per cut-off, which subscribed units confirmed "Đã nộp" and which did not."""
    from scheduler.progress import campaign_progress

    campaign_id = None
    name = ctx.t("progress_all")
    if args.strip():
        found = catalog.find_campaign(catalog.campaigns(ctx.session), args)
        if found is None:
            return [Reply(ctx.t("campaign_not_found", query=args))]
        campaign_id, name = found.id, shorten(found.name, 120)
    items = campaign_progress(ctx.session, campaign_id, ctx.today)
    if not items:
        return [Reply(ctx.t("progress_none"))]
    lines = [ctx.t("progress_header", name=name)]
    tz = ctx.services.tz
    for item in items[:MAX_CUTOFFS]:
        what = shorten(item.what, 90)
        if campaign_id is None and item.campaign:
            what += f" ({shorten(item.campaign, 50)})"
        lines.append(
            ctx.t("progress_line", due=fmt_date(item.due), what=what, done=len(item.confirmed),
                  total=item.total)
        )  # fmt: skip
        for c in item.confirmed:
            who = f", {c.user}" if c.user else ""
            at = format_moment(c.at, tz)
            lines.append(ctx.t("progress_done", unit=c.unit, at=at, who=who))
        if item.missing:
            lines.append(ctx.t("progress_missing", names=", ".join(item.missing)))
    return [Reply("\n".join(lines))]


def undo_command(ctx: Ctx, args: str) -> list[Reply]:
    """Officers: undo a unit's latest "Đã nộp" (a mistaken press)."""
    name = args.strip()
    if not name:
        return [Reply(ctx.t("undo_usage"))]
    unit = units.units_by_name(ctx.session, name)
    if unit is None or unit.id is None:
        return [Reply(ctx.t("undo_no_unit", name=name))]
    row = units.undo_submission(ctx.session, unit.id, None, ctx.now, ctx.services.tz)
    if row is None:
        return [Reply(ctx.t("undo_nothing", name=unit.name))]
    _, what, due = _cutoff(ctx, row.ref_id)
    ctx.session.commit()
    log.info("officer %s undid unit %s's confirmation of %s", ctx.incoming.user_id, unit.id,
             row.ref_id)  # fmt: skip
    return [Reply(ctx.t("undo_ok", unit=unit.name, what=shorten(what, 120), due=due))]


def snooze_callback(ctx: Ctx, data: str) -> list[Reply]:
    """ "Nhắc lại sau" (data "{lead}:{ref_id}"): re-send the reminder the next working day."""
    if not ctx.can_manage_chat:
        return [Reply(ctx.t("group_admin_only"))]
    from scheduler.snooze import snooze

    lead_text, _, ref_id = data.partition(":")
    if not lead_text.isdigit() or not ref_id:
        return [Reply(ctx.t("snooze_unknown"))]
    result = snooze(ctx.session, ctx.chat, ref_id, int(lead_text), ctx.now, ctx.services.tz)
    ctx.session.commit()
    at = format_moment(result.at, ctx.services.tz) if result.at else ""
    if result.status == "queued":
        return [Reply(ctx.t("snooze_ok", at=at))]
    if result.status == "already":
        return [Reply(ctx.t("snooze_already", at=at))]
    if result.status == "too_late":
        return [Reply(ctx.t("snooze_too_late", due=fmt_date(result.due)))]
    return [Reply(ctx.t("snooze_unknown"))]
