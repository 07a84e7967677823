"""A synchronous client of a fake Telegram server running in another process."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tests.fakes.telegram_types import DEFAULT_TOKEN


class RemoteFakeTelegram:
    """A synchronous client of the control API of a fake running in another process."""

    def __init__(self, root: str, token: str = DEFAULT_TOKEN) -> None:
        self.root = root.rstrip("/")
        self.token = token
        self.base_url = f"{self.root}/bot"
        self.base_file_url = f"{self.root}/file/bot"

    def _req(self, action: str, body: dict[str, Any] | None = None, query: str = "") -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.root}/_control/{action}{query}", data=data,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def stats(self) -> dict[str, Any]:
        """Counters: calls per method, deliveries per chat, 429s caused."""
        return self._req("stats")

    def sent(self, chat_id: str | None = None) -> list[dict[str, Any]]:
        """Delivered messages."""
        return self._req("sent", query=f"?chat_id={chat_id}" if chat_id else "")

    def push_text(self, chat_id: int, text: str, **kw: Any) -> int:
        """Queue a text update."""
        res = self._req("updates", {"kind": "text", "chat_id": chat_id, "text": text, **kw})
        return int(res["update_ids"][0])

    def push_texts(self, messages: list[tuple[int, str]]) -> list[int]:
        """Queue several text updates at once (one getUpdates hands them all out)."""
        specs = [{"kind": "text", "chat_id": chat, "text": text} for chat, text in messages]
        return [int(i) for i in self._req("updates", {"updates": specs})["update_ids"]]

    def fail(self, kind: str, **kw: Any) -> dict[str, Any]:
        """Add a failure rule."""
        return self._req("fail", {"kind": kind, **kw})

    def limits(self, enabled: bool = True, **kw: Any) -> None:
        """Turn rate-limit enforcement on or off."""
        self._req("limits", {"enabled": enabled, **kw})

    def hold_offsets(self, hold: bool = True) -> None:
        """Hold (or release) getUpdates calls that would confirm updates."""
        self._req("hold_offsets", {"hold": hold})

    def latency(self, seconds: float) -> None:
        """Set per-request latency."""
        self._req("latency", {"seconds": seconds})

    def reset(self) -> None:
        """Forget calls, deliveries, failures and counters."""
        self._req("reset", {})

