"""Each command through the real Router and a real SQLite database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.platform import menu_entries
from handlers.commands import COMMANDS, parse_command
from handlers.router import Router
from knowledge.store.tables import RecurringReportRow
from scheduler import subscriptions as subs
from scheduler.schedule_tables import ChatRow
from scheduler.targets import load_targets
from tests.handlers.conftest import NOW, Chat


def test_every_command_spec_has_a_handler() -> None:
    assert all(callable(c.handler) for c in COMMANDS)
    words = [w for c in COMMANDS for w in (c.name, c.alias) if w]
    assert len(words) == len(set(words))  # no alias shadows another command
    assert ("campaigns", "Campaigns (running first)") in menu_entries(COMMANDS, "en")
    vi = menu_entries(COMMANDS, "vi")
    assert ("phongtrao", "Các phong trào thi đua (đang diễn ra trước)") in vi


def test_parse_command_handles_bot_suffix_and_aliases() -> None:
    parsed = parse_command("/dot@thiduabot An Giang")
    assert parsed is not None and parsed.spec is not None
    assert (parsed.spec.name, parsed.args, parsed.mention, parsed.alias_lang) == (
        "dot",
        "An Giang",
        "thiduabot",
        "vi",
    )
    english = parse_command("/PHASES")
    assert english is not None and english.spec is not None and english.spec.name == "dot"
    assert english.alias_lang == "en"
    assert parse_command("hạn nộp / báo cáo") is None
    unknown = parse_command("/xyz abc")
    assert unknown is not None and unknown.spec is None


async def test_start_says_three_things(chat: Chat) -> None:
    [reply] = await chat.send("/start", user_name="Lan")
    assert reply.text.startswith("Xin chào, Lan!")
    assert reply.text.count("\n•") == 3
    assert "/dangky" in reply.text


async def test_help_lists_every_command_with_examples(chat: Chat) -> None:
    [reply] = await chat.send("/help")
    for spec in COMMANDS:
        if spec.admin_only:
            assert f"/{spec.name}" not in reply.text  # not shown to ordinary users
        else:
            assert f"/{spec.name}" in reply.text
    assert "/caidat nhac 7,3,1,0" in reply.text
    [admin_reply] = await chat.send("/help", user_id="1")
    assert "/thongke" in admin_reply.text and ".docx" in admin_reply.text


async def test_campaigns_running_first(chat: Chat) -> None:
    [reply] = await chat.send("/phongtrao")
    text = reply.text
    assert text.startswith("Các phong trào thi đua (2):")
    assert text.index("An Giang") < text.index("Điện Biên")
    assert "đang diễn ra · 15/01/2025 – 30/06/2025" in text
    assert "đã kết thúc" in text
    assert "Nguồn: Kế hoạch 12/KH-UBND ngày 15/01/2025 của UBND tỉnh An Giang" in text
    # A year later the order flips: both ended, most recent first, nothing running.
    [later] = await chat.send("/phongtrao", now=NOW.replace(year=2026))
    assert "đang diễn ra" not in later.text


async def test_deadlines_upcoming_only(chat: Chat) -> None:
    [reply] = await chat.send("/hanchot")
    lines = reply.text.splitlines()
    assert lines[0] == "Các hạn chót sắp tới (từ 20/02/2025):"
    assert "25/02/2025 (còn 5 ngày) — Gửi kế hoạch: Gửi kế hoạch triển khai" in reply.text
    assert reply.text.index("25/02/2025") < reply.text.index("31/07/2025")
    assert "01/03/2022" not in reply.text  # past
    assert "gửi: Sở Nội vụ" in reply.text
    [none] = await chat.send("/hanchot", now=NOW.replace(year=2026))
    assert "Không có hạn chót" in none.text
    [one] = await chat.send("/hanchot Dien Bien")
    assert "Không có hạn chót" in one.text
    [missing] = await chat.send("/hanchot Cà Mau 1999 xyz")
    assert "không tìm thấy" in missing.text


async def test_deadlines_show_each_reports_next_date_as_reminders_do(
    chat: Chat, seeded: Engine
) -> None:
    with Session(seeded) as s:
        s.add(RecurringReportRow(id="r20", campaign_id="ag2025", period="monthly", day=20,
                                 what="Báo cáo tiến độ thi đua", recipient="Sở Nội vụ",
                                 quote="Báo cáo tiến độ trước ngày 20 hàng tháng."))
        s.add(RecurringReportRow(id="rq", campaign_id="ag2025", period="quarterly",
                                 what="Báo cáo quý", quote="Báo cáo định kỳ hàng quý."))
        s.commit()
    [reply] = await chat.send("/hanchot")
    text = reply.text
    # the next occurrence only (20/02 is today, on or after today), not every month
    assert "20/02/2025 (hôm nay) — Báo cáo định kỳ: Báo cáo tiến độ thi đua" in text, text
    assert "20/03/2025" not in text
    # no stated day: dated by the default rule (5 working days before the quarter's end)
    assert "24/03/2025" in text and "văn bản không nêu ngày" in text
    assert text.index("20/02/2025") < text.index("24/03/2025") < text.index("31/07/2025")
    with Session(seeded) as s:
        targets, _ = load_targets(s, NOW.date(), ["ag2025"])
    reminded = sorted(t.due for t in targets if t.kind == "recurring")
    assert reminded[0] == dt.date(2025, 2, 20) and dt.date(2025, 3, 24) in reminded
    [later] = await chat.send("/hanchot", now=NOW + dt.timedelta(days=1))
    assert "20/03/2025 (còn 27 ngày)" in later.text


async def test_phases_asks_which_then_shows(chat: Chat) -> None:
    [ask] = await chat.send("/dot")
    assert ask.text == "Bạn muốn xem các đợt của phong trào nào?"
    datas = [b.data for row in ask.buttons for b in row]
    assert datas == ["dot:ag2025", "dot:db2022"]  # running first
    [shown] = await chat.press("dot:ag2025")
    assert "Đợt 1: 15/01/2025 – 30/04/2025 — đang diễn ra" in shown.text
    assert "Đợt 2: 01/05/2025 – 30/06/2025" in shown.text
    # The chat now talks about that campaign: /dot without arguments shows it directly.
    [again] = await chat.send("/dot")
    assert "Đợt 2" in again.text and not again.buttons
    [named] = await Chat(chat.router, chat_id="200").send("/dot dien bien 2022")
    assert "không chia đợt" in named.text and "01/01/2022 – 31/12/2022" in named.text


async def test_unknown_command_points_to_help(chat: Chat) -> None:
    [reply] = await chat.send("/xoa_het")
    assert "/xoa_het" in reply.text and "/help" in reply.text


async def test_non_text_gets_text_only_reply(chat: Chat) -> None:
    for kind in ("sticker", "photo", "voice", "other"):
        [reply] = await chat.send(content=kind)
        assert "chỉ đọc được tin nhắn chữ" in reply.text


async def test_subscribe_buttons_and_unsubscribe(router: Router, chat: Chat) -> None:
    [offer] = await chat.send("/dangky")
    datas = [b.data for row in offer.buttons for b in row]
    assert datas[0] == "sub:all"
    assert any(d.startswith("sub:i:") for d in datas)
    assert "sub:c:ag2025" in datas and "sub:c:db2022" not in datas  # ended not offered
    assert all(len(d.encode()) <= 64 for d in datas)
    issuer_button = next(b for row in offer.buttons for b in row if "An Giang" in b.label)
    [done] = await chat.press(issuer_button.data)
    assert "Đã đăng ký các phong trào của UBND tỉnh An Giang" in done.text
    assert "7, 3, 1, 0" in done.text
    [again] = await chat.press(issuer_button.data)
    assert "đã đăng ký mục đó rồi" in again.text
    [by_text] = await chat.send("/dangky dien bien 2022")
    assert "Phong trào thi đua năm 2022 tỉnh Điện Biên" in by_text.text
    with Session(router.services.engine) as s:
        row = s.exec(select(ChatRow)).one()
        assert {(x.scope, x.value) for x in subs.list_subscriptions(s, row)} == {
            ("issuer", "UBND tỉnh An Giang"),
            ("campaign", "db2022"),
        }
        assert sorted(subs.followed_campaign_ids(s, row)) == ["ag2025", "db2022"]
    [pick] = await chat.send("/huydangky")
    datas = [b.data for row in pick.buttons for b in row]
    assert datas[-1] == "unsub:all" and len(datas) == 3
    [one] = await chat.press(datas[0])
    assert "Đã hủy 1 đăng ký" in one.text and "Điện Biên" in one.text
    [rest] = await chat.send("/huydangky")  # one left: cancelled directly
    assert rest.text == "Đã hủy 1 đăng ký. Còn lại: không còn."
    [none] = await chat.send("/unsubscribe")
    assert none.text.startswith("This chat has no subscriptions")


async def test_subscribe_all(chat: Chat) -> None:
    [done] = await chat.send("/dangky tất cả")
    assert "tất cả phong trào" in done.text


async def test_remind_me_button_subscribes_to_campaign(chat: Chat) -> None:
    [done] = await chat.press("remind:ag2025")
    assert "Đã đăng ký nhắc hạn cho “Phong trào thi đua đặc biệt" in done.text
    [gone] = await chat.press("remind:nope")
    assert "không còn" in gone.text


async def test_english_alias_and_language_setting(chat: Chat) -> None:
    [reply] = await chat.send("/campaigns")
    assert reply.text.startswith("Campaigns (2):")
    assert "running · 15/01/2025 – 30/06/2025" in reply.text
    assert "Source: Kế hoạch 12/KH-UBND dated 15/01/2025 by UBND tỉnh An Giang" in reply.text
    [vi] = await chat.send("/phongtrao")
    assert vi.text.startswith("Các phong trào")  # the chat's language is still Vietnamese
    [saved] = await chat.send("/caidat ngonngu en")
    assert saved.text.startswith("Settings saved.")
    [en] = await chat.send("/hanchot")
    assert en.text.startswith("Upcoming deadlines (from 20/02/2025):")
    assert "(in 5 days) — Plan submission" in en.text
    [start] = await chat.send("/start")
    assert start.text.startswith("Hello!")
    [back] = await chat.send("/settings language vi")
    assert back.text.startswith("Đã lưu cài đặt.")


async def test_settings_show_change_and_errors(router: Router, chat: Chat) -> None:
    [shown] = await chat.send("/caidat")
    assert "Nhắc trước (ngày làm việc): 7, 3, 1, 0" in shown.text
    assert "Giờ yên lặng: 21:00-07:00" in shown.text
    [ok] = await chat.send("/caidat nhac 5, 2,0,2")
    assert "Nhắc trước (ngày làm việc): 5, 2, 0" in ok.text
    [ok2] = await chat.send("/caidat yenlang 22h-6h30")
    assert "Giờ yên lặng: 22:00-06:30" in ok2.text
    [ok3] = await chat.send("/caidat gio 9")
    assert "Giờ gửi nhắc: 09:00" in ok3.text
    cases = {
        "/caidat nhac ba,hai": "“ba” không phải số ngày",
        "/caidat nhac 90": "Không nhắc trước quá 60 ngày",
        "/caidat nhac": "Thiếu giá trị cho “nhac”",
        "/caidat yenlang 21:00": "không phải khoảng giờ",
        "/caidat yenlang 25:00-07:00": "“25:00” không phải giờ hợp lệ",
        "/caidat yenlang 08:00-08:00": "phải khác nhau",
        "/caidat gio 23": "nằm trong giờ yên lặng 22:00-06:30",
        "/caidat gio 8h30": "chỉ nhận giờ chẵn",
        "/caidat ngonngu fr": "Chưa hỗ trợ ngôn ngữ “fr”",
        "/caidat mau do": "Tôi chưa hiểu mục “mau”",
    }
    for command, expected in cases.items():
        [reply] = await chat.send(command)
        assert expected in reply.text, (command, reply.text)
    with Session(router.services.engine) as s:
        row = s.exec(select(ChatRow)).one()
        # Errors changed nothing.
        assert (row.lead_days, row.quiet_start, row.quiet_end, row.reminder_hour) == (
            "5,2,0",
            "22:00",
            "06:30",
            9,
        )
    [off] = await chat.send("/caidat yenlang tat")
    assert "Giờ yên lặng: không có" in off.text
    [late] = await chat.send("/caidat gio 23")
    assert "Giờ gửi nhắc: 23:00" in late.text


async def test_group_rules(router: Router) -> None:
    member = Chat(router, chat_id="-500", chat_kind="group", user_id="9", chat_title="Cụm 1")
    assert await member.send("/phongtrao", addressed=False) == []
    assert await member.send(content="sticker", addressed=False) == []
    [listed] = await member.send("/phongtrao")
    assert "Các phong trào" in listed.text
    for command in ("/dangky tatca", "/huydangky", "/caidat nhac 3"):
        [refused] = await member.send(command)
        assert refused.text.startswith("Chỉ quản trị viên của nhóm"), command
    [refused_button] = await member.press("sub:all")
    assert refused_button.text.startswith("Chỉ quản trị viên")
    [shown] = await member.send("/caidat")  # reading settings is fine
    assert "Cài đặt của cuộc trò chuyện này" in shown.text
    [ok] = await member.send("/dangky tatca", user_is_chat_admin=True)
    assert "Đã đăng ký" in ok.text
    [bot_admin] = await member.send("/caidat nhac 3,1", user_id="1")
    assert "Đã lưu cài đặt" in bot_admin.text
    with Session(router.services.engine) as s:
        row = s.exec(select(ChatRow)).one()
        assert (row.kind, row.title, row.lead_days) == ("group", "Cụm 1", "3,1")


async def test_admin_only_stats_refused_for_users(chat: Chat) -> None:
    [reply] = await chat.send("/thongke")
    assert reply.text == "Lệnh này chỉ dành cho quản trị viên của bot."


def test_chat_state_lru_is_bounded() -> None:
    from handlers.state import ChatStates

    states = ChatStates(capacity=2)
    states.get(("t", "1")).last_question = "a"
    states.get(("t", "2"))
    states.get(("t", "1"))  # touch 1: 2 is now the oldest
    states.get(("t", "3"))
    assert len(states) == 2
    assert states.get(("t", "1")).last_question == "a"
    assert states.get(("t", "2")).last_question is None  # forgotten, fresh


def test_dates_are_day_month_year() -> None:
    from handlers.formatting import fmt_date
    from knowledge.presentation.dates import relative_day as days_left

    assert fmt_date(dt.date(2025, 2, 5)) == "05/02/2025"
    assert days_left(dt.date(2025, 2, 21), dt.date(2025, 2, 20)) == "ngày mai"
