"""Settings from the environment or `.env`, every name prefixed THIDUABOT_."""

from __future__ import annotations

from functools import cached_property
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr
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
