"""The scheduler's Transport for Zalo: 2000-character parts, buttons as numbered choices."""

from __future__ import annotations

import re

from bot.settings import Settings
from bot.token_guard import TokenGuard
from bot.zalo.client import ZaloApiError, ZaloClient, ZaloError, ZaloNetworkError
from bot.zalo.render import ChoiceMemory, flatten, zalo_parts
from scheduler.transport import (
    ChatGone,
    OutcomeUnknown,
    OutgoingMessage,
    PermanentError,
    RetryAfter,
    SendError,
    TransientError,
)

# Zalo's quota answer carries no retry_after (as far as documented): wait this long.
DEFAULT_QUOTA_WAIT = 30.0
_SECONDS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:s\b|sec|giây)", re.IGNORECASE)


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds to wait after a Zalo quota answer (429, as `map_zalo_error` reads it), else
    None."""
    if isinstance(exc, ZaloApiError) and exc.code == 429:
        mapped = map_zalo_error(exc)
        return mapped.seconds if isinstance(mapped, RetryAfter) else None
    return None


def map_zalo_error(exc: ZaloError) -> SendError:
    """Translate a Zalo client error into the scheduler's delivery errors."""
    if isinstance(exc, ZaloNetworkError):
        return OutcomeUnknown(str(exc)) if exc.sent else TransientError(str(exc))
    assert isinstance(exc, ZaloApiError)
    code = exc.code
    if code == 429:
        found = _SECONDS.search(exc.description)
        return RetryAfter(float(found.group(1)) if found else DEFAULT_QUOTA_WAIT)
    if code == 401:
        # The token is wrong: a configuration error, not the chat's fault; keep retrying.
        return TransientError("Zalo rejected the bot token (check THIDUABOT_ZALO_TOKEN)")
    if code in (403, 404):
        return ChatGone(str(exc))
    if code >= 500 or code == 408:
        return TransientError(str(exc))
    return PermanentError(str(exc))


class ZaloTransport:
    """Sends scheduler messages to Zalo chats."""

    platform = "zalo"

    def __init__(self, client: ZaloClient, choices: ChoiceMemory | None = None,
                 guard: TokenGuard | None = None) -> None:
        self.client = client
        self.choices = choices if choices is not None else ChoiceMemory()
        # Zalo's 401/403 may mean a bad token: confirm with getMe before any deactivation.
        self.guard = guard if guard is not None else TokenGuard(
            "zalo", self._token_ok, always_confirm=True)

    async def _token_ok(self) -> bool:
        try:
            await self.client.get_me()
        except ZaloApiError as exc:
            if exc.code in (401, 403):
                return False
            raise
        return True

    @classmethod
    def from_settings(cls, settings: Settings, choices: ChoiceMemory | None = None
                      ) -> ZaloTransport:
        """A transport with its own client built from settings."""
        if settings.zalo_token is None:
            raise ValueError("THIDUABOT_ZALO_TOKEN is not set")
        client = ZaloClient(settings.zalo_token.get_secret_value(), settings.zalo_api_url)
        return cls(client, choices)

    async def start(self) -> None:
        """Open the HTTP session."""
        await self.client.start()

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.client.close()

    async def send(self, chat_id: str, message: OutgoingMessage) -> str:
        """Send in ≤2000-character parts; returns the last part's message id."""
        choices = flatten(message.buttons)
        message_id = ""
        for part in zalo_parts(message.text, choices):
            try:
                result = await self.client.send_message(chat_id, part)
            except ZaloError as exc:
                if isinstance(exc, ZaloApiError) and exc.code in (401, 403):
                    await self.guard.check_gone()  # raises TokenRejected for a bad token
                raise map_zalo_error(exc) from None
            message_id = str(result.get("message_id", ""))
        if choices:
            self.choices.remember(chat_id, choices)
        return message_id
