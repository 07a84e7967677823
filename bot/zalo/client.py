"""A small aiohttp client for the Zalo Bot API (``{api_url}{token}/{method}``, JSON bodies).

The token is part of every URL, so no URL, and no aiohttp exception text that may hold one,
ever goes into a log line or an exception message from here.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from bot.redact import redact

log = logging.getLogger(__name__)
ZALO_TEXT_LIMIT = 2000
NO_UPDATES = 408  # getUpdates answers "Request timeout" when nothing arrived


class ZaloError(Exception):
    """Base of this client's errors (messages never contain the token)."""


class ZaloApiError(ZaloError):
    """The API answered ``ok: false`` (or a non-2xx status)."""

    def __init__(self, method: str, code: int, description: str) -> None:
        super().__init__(f"Zalo {method} failed ({code}): {description}")
        self.method = method
        self.code = code
        self.description = description


class ZaloUnexpectedAnswer(ZaloError):
    """The API answered ``ok: true`` with a result of a shape we cannot use."""

    def __init__(self, method: str, what: str) -> None:
        super().__init__(f"Zalo {method}: unexpected answer ({what})")
        self.method = method


def _object(method: str, result: Any, *, required: tuple[str, ...] = (),
            true_ok: bool = False) -> dict[str, Any]:
    """Validate a result that should be an object (or ``true``, where Zalo answers that)."""
    if result is True and true_ok:
        return {}
    if result is None and true_ok:
        return {}
    if not isinstance(result, dict):
        raise ZaloUnexpectedAnswer(method, f"result is {type(result).__name__}, not an object")
    missing = [k for k in required if result.get(k) in (None, "")]
    if missing:
        raise ZaloUnexpectedAnswer(method, "missing " + ", ".join(missing))
    return dict(result)


class ZaloNetworkError(ZaloError):
    """No answer: `sent` tells whether the request may have reached Zalo."""

    def __init__(self, method: str, reason: str, sent: bool) -> None:
        super().__init__(f"Zalo {method}: {reason}")
        self.method = method
        self.sent = sent


class ZaloClient:
    """Calls Zalo Bot API methods; one aiohttp session per client."""

    def __init__(self, token: str, api_url: str, *, timeout: float = 15.0,
                 session: aiohttp.ClientSession | None = None) -> None:
        if not token:
            raise ValueError("THIDUABOT_ZALO_TOKEN is empty")
        self._token = token
        self._base = f"{api_url}{token}/"
        self.timeout = timeout
        self._session = session
        self._own_session = session is None

    async def start(self) -> None:
        """Open the HTTP session."""
        if self._session is None:
            self._session = aiohttp.ClientSession()

    async def close(self) -> None:
        """Close the HTTP session (when this client opened it)."""
        if self._session is not None and self._own_session:
            await self._session.close()
        self._session = None

    async def __aenter__(self) -> ZaloClient:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _clean(self, text: str) -> str:
        return redact(text, self._token)

    async def call(self, method: str, payload: dict[str, Any] | None = None,
                   timeout: float | None = None) -> Any:
        """POST a method with a JSON body; return ``result`` or raise a ZaloError."""
        if self._session is None:
            await self.start()
        assert self._session is not None
        limit = aiohttp.ClientTimeout(total=timeout or self.timeout, sock_connect=5.0)
        try:
            async with self._session.post(self._base + method, json=payload or {},
                                          timeout=limit) as resp:
                status = resp.status
                try:
                    body = await resp.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    body = None
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            raise ZaloNetworkError(method, f"cannot connect ({type(exc).__name__})",
                                   sent=False) from None
        except TimeoutError:
            raise ZaloNetworkError(method, "timed out waiting for the answer",
                                   sent=True) from None
        except aiohttp.ClientError as exc:
            raise ZaloNetworkError(method, f"connection failed ({type(exc).__name__})",
                                   sent=True) from None
        if not isinstance(body, dict):
            raise ZaloApiError(method, status, f"unexpected answer (HTTP {status})")
        if body.get("ok") is True and 200 <= status < 300:
            return body.get("result")
        code = int(body.get("error_code") or (status if status >= 400 else 500))
        description = self._clean(str(body.get("description") or "no description"))
        raise ZaloApiError(method, code, description)

    async def get_me(self) -> dict[str, Any]:
        """The bot's own account."""
        return _object("getMe", await self.call("getMe"), required=("id",))

    async def get_updates(self, timeout: int = 30) -> list[dict[str, Any]]:
        """Pending events (a list, whether Zalo answered one event or several)."""
        try:
            result = await self.call("getUpdates", {"timeout": str(timeout)},
                                     timeout=timeout + 10)
        except ZaloApiError as err:
            if err.code == NO_UPDATES:
                return []
            raise
        if result is None:
            return []
        if isinstance(result, list):
            return [ev for ev in result if isinstance(ev, dict)]
        return [result] if isinstance(result, dict) else []

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        """Send a text (1..2000 characters); returns {message_id, date}."""
        # Sent whatever the shape of the answer: never fail (and resend) over it.
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return dict(result) if isinstance(result, dict) else {}

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None
                         ) -> dict[str, Any]:
        """Send a picture by URL with an optional caption."""
        payload: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            payload["caption"] = caption
        result = await self.call("sendPhoto", payload)
        return dict(result) if isinstance(result, dict) else {}

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show "typing…" in a chat."""
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        """Register the webhook URL and its secret (8..256 characters).

        Zalo answers ``{url, updated_at}`` as documented, or just ``true``: both mean "set".
        """
        result = await self.call("setWebhook", {"url": url, "secret_token": secret_token})
        return _object("setWebhook", result, true_ok=True)

    async def delete_webhook(self) -> None:
        """Remove the webhook (needed before getUpdates works)."""
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        """The current webhook URL."""
        return _object("getWebhookInfo", await self.call("getWebhookInfo"), true_ok=True)
