"""/dangky and /huydangky: what this chat follows (group admins only in groups)."""

from __future__ import annotations

from handlers import catalog
from handlers.context import Ctx
from handlers.formatting import shorten
from handlers.messages import Button, Reply
from knowledge.text.normalise import fold
from scheduler import subscriptions as subs
from scheduler.schedule_tables import SubscriptionRow

MAX_PICK = 8
_ALL_WORDS = {"tatca", "tat ca", "all", "*", "het", "tat"}


def _refuse(ctx: Ctx) -> list[Reply] | None:
    if ctx.can_manage_chat:
        return None
    return [Reply(ctx.t("group_admin_only"))]


def subscribe_command(ctx: Ctx, args: str) -> list[Reply]:
    """Subscribe to what the arguments name, or offer the choices as buttons."""
    refused = _refuse(ctx)
    if refused:
        return refused
    items = catalog.sorted_for_listing(catalog.campaigns(ctx.session), ctx.today)
    if args:
        if fold(args).strip() in _ALL_WORDS:
            return _do_subscribe(ctx, "all", "")
        issuer = catalog.find_issuer(items, args)
        found = catalog.find_campaign(items, args)
        if found is not None and (issuer is None or fold(args) not in fold(issuer)):
            return _do_subscribe(ctx, "campaign", found.id)
        if issuer is not None:
            return _do_subscribe(ctx, "issuer", issuer)
        return [Reply(ctx.t("campaign_not_found", query=args))]
    rows = [[Button(ctx.t("subscribe_all_button"), "sub:all")]]
    for issuer in catalog.issuers(items)[:MAX_PICK]:
        label = ctx.t("subscribe_issuer_button", issuer=issuer)
        rows.append([Button(shorten(label, 60), f"sub:i:{catalog.issuer_key(issuer)}")])
    current = [c for c in items if c.status(ctx.today) in {"running", "upcoming", "unknown"}]
    for c in current[:MAX_PICK]:
        rows.append([Button(shorten(c.name, 60), f"sub:c:{c.id}")])
    return [Reply(ctx.t("subscribe_pick"), buttons=rows)]


def subscribe_callback(ctx: Ctx, data: str) -> list[Reply]:
    """A subscription button: "all", "i:<issuer key>" or "c:<campaign id>"."""
    refused = _refuse(ctx)
    if refused:
        return refused
    if data == "all":
        return _do_subscribe(ctx, "all", "")
    kind, _, value = data.partition(":")
    items = catalog.campaigns(ctx.session)
    if kind == "i":
        for issuer in catalog.issuers(items):
            if catalog.issuer_key(issuer) == value:
                return _do_subscribe(ctx, "issuer", issuer)
    elif kind == "c" and any(c.id == value for c in items):
        return _do_subscribe(ctx, "campaign", value)
    return [Reply(ctx.t("campaign_gone"))]


def remind_callback(ctx: Ctx, campaign_id: str) -> list[Reply]:
    """ "Nhắc tôi" under a deadline answer: follow that campaign."""
    refused = _refuse(ctx)
    if refused:
        return refused
    if catalog.campaign(ctx.session, campaign_id) is None:
        return [Reply(ctx.t("campaign_gone"))]
    return _do_subscribe(ctx, "campaign", campaign_id)


def follow(ctx: Ctx, scope: str, value: str) -> list[Reply]:
    """Follow a campaign or issuer (share links); group admins only in groups."""
    refused = _refuse(ctx)
    if refused:
        return refused
    return _do_subscribe(ctx, scope, value)


def _do_subscribe(ctx: Ctx, scope: str, value: str) -> list[Reply]:
    created = subs.subscribe(ctx.session, ctx.chat, scope, value, ctx.now)
    ctx.session.commit()
    if not created:
        return [Reply(ctx.t("subscribe_already"))]
    if scope == "all":
        text = ctx.t("subscribe_done_all")
    elif scope == "issuer":
        text = ctx.t("subscribe_done_issuer", issuer=value)
    else:
        view = catalog.campaign(ctx.session, value)
        text = ctx.t("subscribe_done_campaign", name=shorten(view.name if view else value, 120))
    hint = ctx.t(
        "subscribe_hint",
        lead=ctx.chat.lead_days.replace(",", ", "),
        hour=f"{ctx.chat.reminder_hour:02d}:00",
    )
    return [Reply(f"{text}\n{hint}")]


def describe(ctx: Ctx, row: SubscriptionRow, names: dict[str, str]) -> str:
    """One subscription in words."""
    if row.scope == "all":
        return ctx.t("sub_all")
    if row.scope == "issuer":
        return ctx.t("sub_issuer", value=row.value)
    return ctx.t("sub_campaign", value=shorten(names.get(row.value, row.value), 80))


def describe_all(ctx: Ctx) -> str:
    """Everything the chat follows, in one line."""
    rows = subs.list_subscriptions(ctx.session, ctx.chat)
    if not rows:
        return ctx.t("nothing")
    names = {c.id: c.name for c in catalog.campaigns(ctx.session)}
    return "; ".join(describe(ctx, r, names) for r in rows)


def unsubscribe_command(ctx: Ctx, args: str) -> list[Reply]:
    """Cancel: everything with "tatca", else pick one with buttons."""
    refused = _refuse(ctx)
    if refused:
        return refused
    rows = subs.list_subscriptions(ctx.session, ctx.chat)
    if not rows:
        return [Reply(ctx.t("unsubscribe_none"))]
    if (args and fold(args).strip() in _ALL_WORDS) or len(rows) == 1:
        return _do_unsubscribe(ctx, None)
    names = {c.id: c.name for c in catalog.campaigns(ctx.session)}
    buttons = [[Button(shorten(describe(ctx, r, names), 60), f"unsub:{r.id}")] for r in rows]
    buttons.append([Button(ctx.t("unsubscribe_all_button"), "unsub:all")])
    return [Reply(ctx.t("unsubscribe_pick"), buttons=buttons)]


def unsubscribe_callback(ctx: Ctx, data: str) -> list[Reply]:
    """An unsubscribe button: "all" or a subscription id."""
    refused = _refuse(ctx)
    if refused:
        return refused
    if data == "all":
        return _do_unsubscribe(ctx, None)
    for row in subs.list_subscriptions(ctx.session, ctx.chat):
        if str(row.id) == data:
            return _do_unsubscribe(ctx, row)
    return [Reply(ctx.t("unsubscribe_done", n=0, rest=describe_all(ctx)))]


def _do_unsubscribe(ctx: Ctx, row: SubscriptionRow | None) -> list[Reply]:
    if row is None:
        n = subs.unsubscribe(ctx.session, ctx.chat)
    else:
        n = subs.unsubscribe(ctx.session, ctx.chat, row.scope, row.value)
    ctx.session.commit()
    return [Reply(ctx.t("unsubscribe_done", n=n, rest=describe_all(ctx)))]
