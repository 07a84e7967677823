"""Settings from the environment or `.env`, every name prefixed THIDUABOT_."""

from __future__ import annotations

from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the bot can be configured with; defaults run on SQLite with the samples."""

    model_config = SettingsConfigDict(
        env_prefix="THIDUABOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite:///thiduabot.db"
    timezone: str = "Asia/Ho_Chi_Minh"
    max_file_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    load_samples: bool = True  # ingest the bundled sample documents into an empty database

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = 8443
    telegram_webhook_secret: SecretStr | None = None
    telegram_paid_broadcast: bool = False

    zalo_token: SecretStr | None = None
    zalo_api_url: str = "https://bot-api.zaloplatforms.com/bot"
    zalo_webhook_url: str | None = None
    zalo_webhook_listen: str = "0.0.0.0"
    zalo_webhook_port: int = 8444
    zalo_webhook_secret: SecretStr | None = None

    admins: str = ""  # "telegram:12345,zalo:abc"

    http_port: int | None = Field(default=None, ge=0, le=65535)  # /healthz and /metrics
    http_listen: str = "0.0.0.0"
    log_format: Literal["text", "json"] = "text"
    output_dir: str = "thiduabot-files"  # files made in the console chat (.ics, .png)
    question_retention_days: int = Field(default=180, ge=1)  # the question log's retention
    public_url: str | None = None  # where HTTP_PORT is reachable from outside (calendar feeds)

    @field_validator("telegram_webhook_url", "zalo_webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        """Webhook URLs must be HTTPS (both platforms refuse anything else); plain HTTP only
        to a loopback host, which is where the local fake servers run."""
        if value is None or not value.strip():
            return None
        from urllib.parse import urlparse

        url = urlparse(value.strip())
        loopback = url.hostname in ("127.0.0.1", "localhost", "::1")
        if not url.hostname or not (url.scheme == "https" or (url.scheme == "http" and loopback)):
            raise ValueError(f"webhook URL phải là địa chỉ https://…, không phải {value!r}")
        return value.strip()

    @field_validator("zalo_webhook_secret")
    @classmethod
    def _zalo_secret_length(cls, value: SecretStr | None) -> SecretStr | None:
        """Zalo accepts a webhook secret of 8 to 256 characters."""
        if value is not None and not 8 <= len(value.get_secret_value()) <= 256:
            raise ValueError("THIDUABOT_ZALO_WEBHOOK_SECRET phải dài 8–256 ký tự")
        return value

    @field_validator(
        "http_port", "telegram_webhook_secret", "zalo_webhook_secret", "public_url",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """An empty variable (`THIDUABOT_HTTP_PORT=` in .env) means "not set"."""
        return None if isinstance(value, str) and not value.strip() else value

    @cached_property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    def admin_ids(self) -> set[tuple[str, str]]:
        """Parsed THIDUABOT_ADMINS as (platform, user id) pairs."""
        pairs: set[tuple[str, str]] = set()
        for item in self.admins.split(","):
            platform, sep, user = item.strip().partition(":")
            if sep and platform and user:
                pairs.add((platform.strip().lower(), user.strip()))
        return pairs
