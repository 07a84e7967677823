"""The command registry: each command's names, menu and help texts, and its handler, in one list.

The router dispatches from `COMMANDS`; /help and the platforms' command menus
(bot/platform.py `menu_entries`) are derived from it, so a command is added in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from handlers import calendar_ics, info, reminders, subscribe, timeline, units
from handlers.context import Ctx
from handlers.feedback import unanswered_command
from handlers.messages import Reply
from handlers.settings_cmd import settings_command

Handler = Callable[[Ctx, str], list[Reply]]


@dataclass(frozen=True)
class Command:
    """One command: its Vietnamese name, English alias, descriptions, example and handler."""

    name: str  # Vietnamese name, without the slash
    alias: str  # English alias, without the slash ("" when the name is already English)
    description_vi: str
    description_en: str
    example_vi: str = ""
    example_en: str = ""
    admin_only: bool = False
    handler: Handler = field(kw_only=True, compare=False)

    def description(self, lang: str) -> str:
        """The description in the given language."""
        return self.description_en if lang == "en" else self.description_vi


def help_command(ctx: Ctx, args: str) -> list[Reply]:
    """Every command with its description and an example."""
    lines = [ctx.t("help_header")]
    for spec in COMMANDS:
        if spec.admin_only and not ctx.is_bot_admin:
            continue
        word = spec.alias if (ctx.lang == "en" and spec.alias) else spec.name
        alias = spec.name if ctx.lang == "en" else spec.alias
        head = f"/{word}" + (f" (/{alias})" if alias and alias != word else "")
        line = f"{head} — {spec.description(ctx.lang)}"
        example = spec.example_en if ctx.lang == "en" else spec.example_vi
        if example and example != f"/{word}":
            line += f" ({ctx.t('help_example')} {example})"
        lines.append(line)
    lines.append("")
    lines.append(ctx.t("help_footer"))
    if ctx.is_bot_admin:
        lines.append(ctx.t("help_admin"))
    return [Reply("\n".join(lines))]


COMMANDS: tuple[Command, ...] = (
    Command("start", "", "Bắt đầu, giới thiệu bot", "Start, what the bot does",
            handler=info.start),
    Command("help", "", "Danh sách lệnh và ví dụ", "Commands with examples", "/help", "/help",
            handler=help_command),
    Command(
        "phongtrao",
        "campaigns",
        "Các phong trào thi đua (đang diễn ra trước)",
        "Campaigns (running first)",
        "/phongtrao",
        "/campaigns",
        handler=info.campaigns,
    ),
    Command(
        "hanchot",
        "deadlines",
        "Các hạn chót sắp tới",
        "Upcoming deadlines",
        "/hanchot",
        "/deadlines",
        handler=info.deadlines,
    ),
    Command(
        "dot",
        "phases",
        "Các đợt của một phong trào",
        "Phases of a campaign",
        "/dot An Giang 2021",
        "/phases An Giang 2021",
        handler=info.phases,
    ),
    Command(
        "dangky",
        "subscribe",
        "Đăng ký nhận nhắc hạn và thông báo phong trào mới",
        "Subscribe this chat to reminders and launches",
        "/dangky tatca",
        "/subscribe all",
        handler=subscribe.subscribe_command,
    ),
    Command(
        "huydangky",
        "unsubscribe",
        "Hủy đăng ký",
        "Unsubscribe",
        "/huydangky",
        "/unsubscribe",
        handler=subscribe.unsubscribe_command,
    ),
    Command(
        "caidat",
        "settings",
        "Cài đặt nhắc hạn: số ngày báo trước, giờ yên lặng, ngôn ngữ",
        "Reminder settings: lead days, quiet hours, language",
        "/caidat nhac 7,3,1,0 · /caidat yenlang 21:00-07:00 · /caidat ngonngu en",
        "/settings lead 7,3,1,0 · /settings quiet 21:00-07:00 · /settings language vi",
        handler=settings_command,
    ),
    Command(
        "lich",
        "calendar",
        "Tệp lịch (.ics) các hạn chót nhóm đang theo dõi",
        "Calendar file (.ics) of the deadlines this chat follows",
        "/lich",
        "/calendar",
        handler=calendar_ics.calendar_command,
    ),
    Command(
        "timeline",
        "",
        "Hình dòng thời gian các phong trào, đợt và hạn chót",
        "Picture of campaigns, phases and deadlines around today",
        "/timeline",
        "/timeline",
        handler=timeline.timeline_command,
    ),
    Command(
        "nhac",
        "reminders",
        "Các lời nhắc sắp gửi cho cuộc trò chuyện này",
        "This chat's upcoming reminders",
        "/nhac",
        "/reminders",
        handler=reminders.reminders_command,
    ),
    Command(
        "thongke",
        "stats",
        "Thống kê gửi thông báo phong trào mới nhất (quản trị)",
        "Delivery counts of the latest launch (admin)",
        "/thongke",
        "/stats",
        admin_only=True,
        handler=reminders.stats_command,
    ),
    Command(
        "chuatraloi",
        "unanswered",
        "Câu hỏi bot chưa trả lời được hoặc bị đánh giá 👎 (quản trị)",
        "Questions the bot could not answer or that got a 👎 (admin)",
        "/chuatraloi 30",
        "/unanswered 30",
        admin_only=True,
        handler=unanswered_command,
    ),
    Command(
        "donvi",
        "unit",
        "Khai báo đơn vị mà cuộc trò chuyện này thay mặt",
        "Declare the unit this chat speaks for",
        "/donvi UBND xã Vĩnh Hòa",
        "/unit UBND xã Vĩnh Hòa",
        handler=units.unit_command,
    ),
    Command(
        "tiendo",
        "progress",
        "Tiến độ nộp của các đơn vị theo từng hạn (quản trị)",
        "Which units confirmed each cut-off (admin)",
        "/tiendo An Giang 2021",
        "/progress An Giang 2021",
        admin_only=True,
        handler=units.progress_command,
    ),
    Command(
        "huynop",
        "undo",
        "Hủy xác nhận nộp nhầm của một đơn vị (quản trị)",
        "Undo a unit's mistaken confirmation (admin)",
        "/huynop UBND xã Vĩnh Hòa",
        "/undo UBND xã Vĩnh Hòa",
        admin_only=True,
        handler=units.undo_command,
    ),
)

_BY_NAME: dict[str, tuple[Command, str]] = {}
for _spec in COMMANDS:
    _BY_NAME[_spec.name] = (_spec, "vi")
    if _spec.alias:
        _BY_NAME[_spec.alias] = (_spec, "en")

_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class ParsedCommand:
    """A command as typed: which spec (None if unknown), its arguments and the alias language."""

    word: str
    spec: Command | None
    args: str
    alias_lang: str | None  # "en" when typed as the English alias, "vi" for the Vietnamese name
    mention: str | None  # "/help@thiduabot" -> "thiduabot"


def parse_command(text: str) -> ParsedCommand | None:
    """Split "/dot@bot args" into its parts; None when the text is not a command."""
    m = _COMMAND.match(text.strip())
    if not m:
        return None
    word = m.group(1).lower()
    found = _BY_NAME.get(word)
    spec, lang = found if found else (None, None)
    # Commands whose name is the same in both languages carry no language preference.
    if spec is not None and not spec.alias:
        lang = None
    return ParsedCommand(word, spec, (m.group(3) or "").strip(), lang, m.group(2))

