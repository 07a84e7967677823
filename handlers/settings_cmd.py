"""/caidat: show or change this chat's lead days, reminder hour, quiet hours and language."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.messages import Reply
from handlers.subscribe import describe_all
from knowledge.presentation.catalogue import tr
from knowledge.text.normalise import fold
from scheduler import subscriptions as subs

# Words users type for each setting, folded (no diacritics), Vietnamese and English.
_FIELDS = {
    "lead_days": {"nhac", "nhactruoc", "songay", "ngay", "lead", "leaddays", "days", "remind"},
    "reminder_hour": {"gio", "gionhac", "giogui", "hour", "time", "at"},
    "quiet": {"yenlang", "im", "imlang", "giouyenlang", "gioyenlang", "quiet", "quiethours"},
    "language": {"ngonngu", "tieng", "lang", "language"},
    "digest": {"bantin", "bantintuan", "tomtat", "tomtattuan", "digest", "weekly"},
}
_ON = {"bat", "mo", "co", "on", "yes", "1"}
_OFF = {"tat", "khong", "off", "no", "0"}
_EXAMPLES = {
    "lead_days": ("/caidat nhac 7,3,1,0", "/settings lead 7,3,1,0"),
    "reminder_hour": ("/caidat gio 8", "/settings hour 8"),
    "quiet": ("/caidat yenlang 21:00-07:00", "/settings quiet 21:00-07:00"),
    "language": ("/caidat ngonngu en", "/settings language en"),
    "digest": ("/caidat bantin bat", "/settings digest on"),
}


def _field_of(word: str) -> str | None:
    key = fold(word).replace(" ", "").replace("_", "").replace("-", "")
    for name, words in _FIELDS.items():
        if key in words:
            return name
    return None


def show(ctx: Ctx) -> str:
    """The chat's settings in words."""
    chat = ctx.chat
    quiet = (
        ctx.t("quiet_off")
        if chat.quiet_start == chat.quiet_end
        else f"{chat.quiet_start}-{chat.quiet_end}"
    )
    text = ctx.t(
        "settings_show",
        lead=chat.lead_days.replace(",", ", "),
        hour=f"{chat.reminder_hour:02d}:00",
        quiet=quiet,
        language=ctx.t(f"lang_{chat.language}"),
        subs=describe_all(ctx),
    )
    state = ctx.t("digest_on" if chat.weekly_digest else "digest_off")
    return text + "\n" + ctx.t("digest_setting", state=state)


def _set_digest(ctx: Ctx, value: str) -> list[Reply]:
    """ "bantin bat|tat": the Monday digest of this week's and next week's cut-offs."""
    word = fold(value).strip()
    if word not in _ON | _OFF:
        return [Reply(ctx.t("err_bad_digest", value=value))]
    ctx.chat.weekly_digest = word in _ON
    ctx.session.add(ctx.chat)
    ctx.session.commit()
    return [Reply(ctx.t("settings_saved") + "\n\n" + show(ctx))]


def settings_command(ctx: Ctx, args: str) -> list[Reply]:
    """Without arguments show the settings; "<field> <value>" changes one of them."""
    if not args:
        return [Reply(show(ctx))]
    if not ctx.can_manage_chat:
        return [Reply(ctx.t("group_admin_only"))]
    word, _, value = args.partition(" ")
    value = value.strip()
    field = _field_of(word)
    if field is None:
        return [Reply(ctx.t("settings_unknown", what=word))]
    if not value:
        example = _EXAMPLES[field][1 if ctx.lang == "en" else 0]
        return [Reply(ctx.t("settings_missing_value", what=word, example=example))]
    if field == "digest":
        return _set_digest(ctx, value)
    try:
        subs.update_settings(ctx.session, ctx.chat, **{field: value})
    except subs.SettingsError as err:
        ctx.session.rollback()
        return [Reply(ctx.t(f"err_{err.code}", **err.params))]
    ctx.session.commit()
    # A language change answers in the new language at once.
    ctx.lang = ctx.chat.language
    return [Reply(tr(ctx.lang, "settings_saved") + "\n\n" + show(ctx))]
