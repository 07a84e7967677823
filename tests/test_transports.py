"""Both transports against the fake Bot API servers: success ids and every error mapping."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from telegram import Bot

from bot.settings import Settings
from bot.telegram.transport import TelegramTransport, make_bot, make_request
from bot.token_guard import TokenRejected
from bot.zalo.client import ZaloClient
from bot.zalo.render import ChoiceMemory
from bot.zalo.transport import ZaloTransport
from scheduler.transport import (
    ChatGone,
    ChatMigrated,
    OutcomeUnknown,
    OutgoingMessage,
    PermanentError,
    RetryAfter,
    SendError,
    TransientError,
)
from tests.fakes.common import RateLimits
from tests.fakes.telegram_api import FakeTelegram, RemoteFakeTelegram
from tests.fakes.zalo_api import FakeZalo
from tests.waiting import CLIENT_TIMEOUT

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


def tg_settings(fake: FakeTelegram | RemoteFakeTelegram, **kw: object) -> Settings:
    return Settings(
        telegram_token=SecretStr(fake.token),
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
async def tg_transport(tg: FakeTelegram) -> AsyncIterator[TelegramTransport]:
    transport = TelegramTransport.from_settings(tg_settings(tg))
    await transport.start()
    yield transport
    await transport.close()


# ---- Telegram ---------------------------------------------------------------------------------


async def test_telegram_send_returns_message_id_and_escapes_html(
    tg: FakeTelegram, tg_transport: TelegramTransport
) -> None:
    text = "Hạn <b>nộp</b> & báo cáo: 15/02/2025 > 10/02/2025"
    first = await tg_transport.send("1001", OutgoingMessage(text=text))
    second = await tg_transport.send("1001", OutgoingMessage(text="Lần hai"))
    assert first.isdigit() and int(second) == int(first) + 1
    sent = tg.sent_to(1001)
    assert [s.text for s in sent] == [text, "Lần hai"]  # visible text equals the plain text
    assert sent[0].params["parse_mode"] == "HTML"
    assert "&lt;b&gt;" in sent[0].params["text"] and "&amp;" in sent[0].params["text"]


async def test_telegram_buttons_become_inline_keyboard(
    tg: FakeTelegram, tg_transport: TelegramTransport
) -> None:
    msg = OutgoingMessage(text="Nhắc hạn", buttons=((("Đã nộp", "done:7"),),))
    await tg_transport.send("1002", msg)
    assert tg.sent_to(1002)[0].button_rows() == [[("Đã nộp", "done:7")]]


async def test_telegram_long_text_split_below_limit(
    tg: FakeTelegram, tg_transport: TelegramTransport
) -> None:
    paragraph = "Đoạn văn về phong trào thi đua yêu nước. " * 20
    text = "\n\n".join(f"{i}. {paragraph}" for i in range(12))  # ~10k characters
    msg_id = await tg_transport.send("1003", OutgoingMessage(text=text,
                                                            buttons=((("OK", "ok"),),)))
    sent = tg.sent_to(1003)
    assert len(sent) >= 3
    assert all(len(s.text) <= 4096 for s in sent)
    assert all(s.text.strip().endswith(".") for s in sent)  # cut at boundaries, not mid-word
    assert " ".join(s.text for s in sent).split() == text.split()  # nothing lost or doubled
    assert sent[-1].button_rows() == [[("OK", "ok")]] and sent[0].button_rows() == []
    assert msg_id == str(sent[-1].message_id)


async def test_telegram_paid_broadcast_only_for_broadcasts_when_enabled(tg: FakeTelegram) -> None:
    transport = TelegramTransport.from_settings(tg_settings(tg, telegram_paid_broadcast=True))
    await transport.send("1", OutgoingMessage(text="phát", broadcast=True))
    await transport.send("2", OutgoingMessage(text="trả lời"))
    plain = TelegramTransport.from_settings(tg_settings(tg))
    await plain.send("3", OutgoingMessage(text="phát", broadcast=True))
    params = {c.chat_id: c.params for c in tg.calls_to("sendMessage")}
    assert params["1"].get("allow_paid_broadcast") is True
    assert "allow_paid_broadcast" not in params["2"]
    assert "allow_paid_broadcast" not in params["3"]


@pytest.mark.parametrize(
    ("kind", "kw", "expected"),
    [
        ("429", {"retry_after": 7}, RetryAfter),
        ("403", {}, ChatGone),
        ("migrate", {"migrate_to_chat_id": -1001234567890}, ChatMigrated),
        ("500", {}, TransientError),
        ("502", {}, TransientError),
        ("400", {"description": "Bad Request: chat not found"}, ChatGone),
        ("400", {"description": "Bad Request: can't parse entities"}, PermanentError),
        # Telegram's 401 is always the bot's token: the outbox pauses, nothing is deactivated.
        ("401", {}, TokenRejected),
    ],
)
async def test_telegram_errors_mapped(
    tg: FakeTelegram, tg_transport: TelegramTransport, kind: str, kw: dict[str, object],
    expected: type[SendError],
) -> None:
    tg.fail(kind, method="sendMessage", chat_id=-555, **kw)
    with pytest.raises(expected) as info:
        await tg_transport.send("-555", OutgoingMessage(text="x"))
    assert type(info.value) is expected  # OutcomeUnknown would be wrong for a 5xx
    assert tg.token not in str(info.value)
    if kind == "429":
        assert info.value.seconds == 7  # type: ignore[attr-defined]
    if kind == "migrate":
        assert info.value.new_chat_id == "-1001234567890"  # type: ignore[attr-defined]
    # the rule was consumed: the next send succeeds
    assert (await tg_transport.send("-555", OutgoingMessage(text="x"))).isdigit()


async def test_telegram_timeout_after_send_is_outcome_unknown(tg: FakeTelegram) -> None:
    bot = Bot(tg.token, base_url=tg.base_url, request=make_request(read_timeout=0.3))
    transport = TelegramTransport(bot)
    tg.fail("hang", method="sendMessage", hang_seconds=0.8)
    with pytest.raises(OutcomeUnknown):
        await transport.send("42", OutgoingMessage(text="có thể đã tới"))
    # the server did deliver it after all: exactly why the outcome is "unknown"
    await tg.wait_for(lambda: len(tg.sent_to(42)) == 1)


async def test_telegram_connection_refused_is_transient_not_unknown() -> None:
    fake = FakeTelegram()
    await fake.start()
    settings = tg_settings(fake)
    await fake.stop()  # nothing listens on that port any more
    transport = TelegramTransport(make_bot(settings))
    with pytest.raises(TransientError) as info:
        await transport.send("1", OutgoingMessage(text="x"))
    assert not isinstance(info.value, OutcomeUnknown)
    assert fake.token not in str(info.value)


async def test_telegram_rate_limits_enforced_by_fake(
    tg: FakeTelegram, tg_transport: TelegramTransport
) -> None:
    tg.set_rate_limits(RateLimits(overall_per_sec=30, group_per_min=20, chat_per_sec=1))
    await tg_transport.send("77", OutgoingMessage(text="1"))
    with pytest.raises(RetryAfter) as info:
        await tg_transport.send("77", OutgoingMessage(text="2"))  # same chat within 1 s
    assert info.value.seconds >= 1
    await tg_transport.send("78", OutgoingMessage(text="other chat is fine"))
    assert tg.rate_limited == 1 and len(tg.sent) == 2


def test_rate_enforcer_group_and_overall_windows() -> None:
    from tests.fakes.common import RateEnforcer

    enf = RateEnforcer(RateLimits(overall_per_sec=30, group_per_min=20, chat_per_sec=1))
    # 20 messages into one group, each 1.1 s apart, pass; the 21st within the minute is refused
    for i in range(20):
        assert enf.check("-9", True, now=i * 1.1) is None
    assert enf.check("-9", True, now=22.5) is not None
    assert enf.check("-9", True, now=60.5) is None  # the first one left the window
    # 30 distinct chats in one second pass, the 31st is refused
    enf2 = RateEnforcer(RateLimits())
    assert all(enf2.check(str(c), False, now=100 + c / 100) is None for c in range(30))
    assert enf2.check("999", False, now=100.5) == 1
    assert enf2.rejected_by_reason["overall"] == 1


@pytest.mark.slow
def test_fake_telegram_runs_as_a_process() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.telegram_api", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert line[0] == "READY"
        remote = RemoteFakeTelegram(f"http://127.0.0.1:{line[1]}")
        remote.fail("429", method="sendMessage", chat_id="5", retry_after=3)

        async def run() -> None:
            transport = TelegramTransport.from_settings(tg_settings(remote))
            with pytest.raises(RetryAfter):
                await transport.send("5", OutgoingMessage(text="một"))
            for chat in ("5", "6", "6"):
                await transport.send(chat, OutgoingMessage(text="hai"))
            await transport.close()

        import asyncio

        asyncio.run(run())
        stats = remote.stats()
        assert stats["delivered_per_chat"] == {"5": 1, "6": 2}
        assert stats["injected"] == {"429": 1}
        assert [s["text"] for s in remote.sent("6")] == ["hai", "hai"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0


# ---- Zalo -------------------------------------------------------------------------------------


@pytest.fixture
async def zl() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def zl_transport(zl: FakeZalo) -> AsyncIterator[ZaloTransport]:
    client = ZaloClient(zl.token, zl.base_url, timeout=CLIENT_TIMEOUT)
    transport = ZaloTransport(client, ChoiceMemory())
    await transport.start()
    yield transport
    await transport.close()


async def test_zalo_send_returns_message_id(zl: FakeZalo, zl_transport: ZaloTransport) -> None:
    msg_id = await zl_transport.send("abc123", OutgoingMessage(text="Xin chào <b>&"))
    sent = zl.sent_to("abc123")
    assert len(sent) == 1 and sent[0].message_id == msg_id
    assert sent[0].text == "Xin chào <b>&"  # Zalo text is plain: nothing escaped


async def test_zalo_long_text_split_and_choices_numbered(
    zl: FakeZalo, zl_transport: ZaloTransport
) -> None:
    text = "\n".join(f"Dòng {i}: nội dung nhắc hạn báo cáo thi đua." for i in range(150))
    buttons = ((("Đã nộp", "done:1"), ("Nhắc lại", "snooze:1")),)
    await zl_transport.send("c1", OutgoingMessage(text=text, buttons=buttons))
    sent = zl.sent_to("c1")
    assert len(sent) >= 4 and all(len(s.text) <= 2000 for s in sent)
    assert all(line.startswith(("Dòng", "Trả lời")) for s in sent for line in s.text.split("\n")
               if line)
    assert "Trả lời 1 để chọn: Đã nộp" in sent[-1].text
    assert "Trả lời 2 để chọn: Nhắc lại" in sent[-1].text
    assert zl_transport.choices.resolve("c1", "2") == "snooze:1"
    assert zl_transport.choices.resolve("c1", "3") is None
    assert zl_transport.choices.resolve("other", "1") is None


@pytest.mark.parametrize("as_200", [False, True])
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("429", RetryAfter),
        ("401", TransientError),
        ("403", ChatGone),
        ("404", ChatGone),
        ("500", TransientError),
        ("400", PermanentError),
    ],
)
async def test_zalo_errors_mapped(
    zl: FakeZalo, zl_transport: ZaloTransport, kind: str, expected: type[SendError],
    as_200: bool,
) -> None:
    zl.errors_as_http_200 = as_200  # Zalo's HTTP status for errors is not documented
    zl.fail(kind, method="sendMessage", chat_id="u1")
    with pytest.raises(expected) as info:
        await zl_transport.send("u1", OutgoingMessage(text="x"))
    assert type(info.value) is expected
    assert zl.token not in str(info.value)
    if kind == "401":
        assert "THIDUABOT_ZALO_TOKEN" in str(info.value)
    if kind == "429":
        assert info.value.seconds > 0  # type: ignore[attr-defined]
    assert await zl_transport.send("u1", OutgoingMessage(text="x"))


async def test_zalo_timeout_is_outcome_unknown_and_refused_is_transient(zl: FakeZalo) -> None:
    transport = ZaloTransport(ZaloClient(zl.token, zl.base_url, timeout=0.3))
    zl.fail("hang", method="sendMessage", hang_seconds=0.8)
    with pytest.raises(OutcomeUnknown) as info:
        await transport.send("u2", OutgoingMessage(text="x"))
    assert zl.token not in str(info.value)
    await zl.wait_for(lambda: len(zl.sent_to("u2")) == 1)
    await transport.close()
    dead = ZaloTransport(ZaloClient(zl.token, "http://127.0.0.1:9/bot", timeout=1.0))
    with pytest.raises(TransientError) as info2:
        await dead.send("u2", OutgoingMessage(text="x"))
    assert not isinstance(info2.value, OutcomeUnknown)
    assert zl.token not in str(info2.value)
    await dead.close()


async def test_zalo_wrong_token_message_hides_token(zl: FakeZalo) -> None:
    secret = "999999:very-secret-value"
    transport = ZaloTransport(ZaloClient(secret, zl.base_url))
    with pytest.raises(TokenRejected) as info:  # getMe confirms the token is wrong
        await transport.send("u3", OutgoingMessage(text="x"))
    assert secret not in str(info.value) and "very-secret" not in repr(info.value)
    await transport.close()
