"""Settings validation: webhook URLs, the Zalo secret's length, the HTTP port."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings


def make(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[call-arg,arg-type]


@pytest.mark.parametrize("url", ["http://bot.example.gov.vn/tg", "ftp://x/y", "bot.example/tg"])
def test_webhook_url_must_be_https(url: str) -> None:
    with pytest.raises(ValidationError, match="https"):
        make(telegram_webhook_url=url)
    with pytest.raises(ValidationError, match="https"):
        make(zalo_webhook_url=url)


def test_https_and_loopback_webhook_urls_accepted() -> None:
    assert make(telegram_webhook_url="https://bot.example.gov.vn/tg").telegram_webhook_url
    assert make(zalo_webhook_url="http://127.0.0.1:8444/zalo").zalo_webhook_url
    assert make(zalo_webhook_url="").zalo_webhook_url is None


@pytest.mark.parametrize(("secret", "ok"), [("a" * 7, False), ("a" * 8, True),
                                            ("a" * 256, True), ("a" * 257, False)])
def test_zalo_secret_length(secret: str, ok: bool) -> None:
    if ok:
        assert make(zalo_webhook_secret=secret).zalo_webhook_secret is not None
    else:
        with pytest.raises(ValidationError, match="8–256"):
            make(zalo_webhook_secret=secret)


def test_http_port_off_when_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THIDUABOT_HTTP_PORT", "")
    assert Settings(_env_file=None).http_port is None  # type: ignore[call-arg]
    monkeypatch.setenv("THIDUABOT_HTTP_PORT", "9100")
    assert Settings(_env_file=None).http_port == 9100  # type: ignore[call-arg]


def test_holiday_names_in_vietnamese() -> None:
    import datetime as dt

    from knowledge.dates.workdays import holiday_name

    assert holiday_name(dt.date(2025, 4, 30)) == "Ngày Chiến thắng"
    assert holiday_name(dt.date(2025, 1, 29)) == "Tết Nguyên Đán"
