"""The bot's commands: Vietnamese names, English aliases, descriptions (menus and /help)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CommandSpec:
    """One command: its Vietnamese name, English alias, descriptions and a usage example."""

    name: str  # Vietnamese name, without the slash
    alias: str  # English alias, without the slash ("" when the name is already English)
    description_vi: str
    description_en: str
    example_vi: str = ""
    example_en: str = ""
    admin_only: bool = False

    def description(self, lang: str) -> str:
        """The description in the given language."""
        return self.description_en if lang == "en" else self.description_vi


COMMANDS: list[CommandSpec] = [
    CommandSpec("start", "", "Bắt đầu, giới thiệu bot", "Start, what the bot does"),
    CommandSpec("help", "", "Danh sách lệnh và ví dụ", "Commands with examples", "/help", "/help"),
    CommandSpec(
        "phongtrao",
        "campaigns",
        "Các phong trào thi đua (đang diễn ra trước)",
        "Campaigns (running first)",
        "/phongtrao",
        "/campaigns",
    ),
    CommandSpec(
        "hanchot",
        "deadlines",
        "Các hạn chót sắp tới",
        "Upcoming deadlines",
        "/hanchot",
        "/deadlines",
    ),
    CommandSpec(
        "dot",
        "phases",
        "Các đợt của một phong trào",
        "Phases of a campaign",
        "/dot An Giang 2021",
        "/phases An Giang 2021",
    ),
    CommandSpec(
        "dangky",
        "subscribe",
        "Đăng ký nhận nhắc hạn và thông báo phong trào mới",
        "Subscribe this chat to reminders and launches",
        "/dangky tatca",
        "/subscribe all",
    ),
    CommandSpec(
        "huydangky",
        "unsubscribe",
        "Hủy đăng ký",
        "Unsubscribe",
        "/huydangky",
        "/unsubscribe",
    ),
    CommandSpec(
        "caidat",
        "settings",
        "Cài đặt nhắc hạn: số ngày báo trước, giờ yên lặng, ngôn ngữ",
        "Reminder settings: lead days, quiet hours, language",
        "/caidat nhac 7,3,1,0 · /caidat yenlang 21:00-07:00 · /caidat ngonngu en",
        "/settings lead 7,3,1,0 · /settings quiet 21:00-07:00 · /settings language vi",
    ),
    CommandSpec(
        "lich",
        "calendar",
        "Tệp lịch (.ics) các hạn chót nhóm đang theo dõi",
        "Calendar file (.ics) of the deadlines this chat follows",
        "/lich",
        "/calendar",
    ),
    CommandSpec(
        "timeline",
        "",
        "Hình dòng thời gian các phong trào, đợt và hạn chót",
        "Picture of campaigns, phases and deadlines around today",
        "/timeline",
        "/timeline",
    ),
    CommandSpec(
        "nhac",
        "reminders",
        "Các lời nhắc sắp gửi cho cuộc trò chuyện này",
        "This chat's upcoming reminders",
        "/nhac",
        "/reminders",
    ),
    CommandSpec(
        "thongke",
        "stats",
        "Thống kê gửi thông báo phong trào mới nhất (quản trị)",
        "Delivery counts of the latest launch (admin)",
        "/thongke",
        "/stats",
        admin_only=True,
    ),
    CommandSpec(
        "chuatraloi",
        "unanswered",
        "Câu hỏi bot chưa trả lời được hoặc bị đánh giá 👎 (quản trị)",
        "Questions the bot could not answer or that got a 👎 (admin)",
        "/chuatraloi 30",
        "/unanswered 30",
        admin_only=True,
    ),
    CommandSpec(
        "donvi",
        "unit",
        "Khai báo đơn vị mà cuộc trò chuyện này thay mặt",
        "Declare the unit this chat speaks for",
        "/donvi UBND xã Vĩnh Hòa",
        "/unit UBND xã Vĩnh Hòa",
    ),
    CommandSpec(
        "tiendo",
        "progress",
        "Tiến độ nộp của các đơn vị theo từng hạn (quản trị)",
        "Which units confirmed each cut-off (admin)",
        "/tiendo An Giang 2021",
        "/progress An Giang 2021",
        admin_only=True,
    ),
    CommandSpec(
        "huynop",
        "undo",
        "Hủy xác nhận nộp nhầm của một đơn vị (quản trị)",
        "Undo a unit's mistaken confirmation (admin)",
        "/huynop UBND xã Vĩnh Hòa",
        "/undo UBND xã Vĩnh Hòa",
        admin_only=True,
    ),
]

_BY_NAME: dict[str, tuple[CommandSpec, str]] = {}
for _spec in COMMANDS:
    _BY_NAME[_spec.name] = (_spec, "vi")
    if _spec.alias:
        _BY_NAME[_spec.alias] = (_spec, "en")

_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class ParsedCommand:
    """A command as typed: which spec (None if unknown), its arguments and the alias language."""

    word: str
    spec: CommandSpec | None
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


def menu(lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for a platform's command menu in one language."""
    pairs = []
    for spec in COMMANDS:
        word = spec.alias if (lang == "en" and spec.alias) else spec.name
        pairs.append((word, spec.description(lang)))
    return pairs
