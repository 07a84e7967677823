"""Shapes and helpers shared by the fake Telegram server's modules."""

from __future__ import annotations

import contextlib
import json
import re
import struct
import time
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.common import (
    FailureRule,
)

DEFAULT_TOKEN = "123456:TEST-fake-token"
SEND_METHODS = {"sendmessage", "senddocument", "sendphoto"}
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
_JSON_FIELDS = {
    "reply_markup", "commands", "scope", "entities", "allowed_updates", "reply_parameters",
    "link_preview_options", "caption_entities",
}
_INT_RE = re.compile(r"-?\d+")


class ApiError(Exception):
    """An error answer: HTTP status, description, optional response parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The Bot API error envelope."""
        out: dict[str, Any] = {"ok": False, "error_code": self.code,
                               "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


@dataclass
class Sent:
    """A message the bot delivered (sendMessage / sendDocument / sendPhoto)."""

    chat_id: str
    message_id: int
    method: str
    text: str  # visible text (HTML parsed) or caption
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """The inline keyboard sent with the message, if any."""
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    def button_rows(self) -> list[list[tuple[str, str]]]:
        """(label, callback_data) rows of the inline keyboard."""
        markup = self.reply_markup or {}
        return [[(b.get("text", ""), b.get("callback_data", "")) for b in row]
                for row in markup.get("inline_keyboard", [])]


def decode_params(params: dict[str, Any]) -> dict[str, Any]:
    """Form values are strings; decode JSON fields and integer ids the way the Bot API does."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str):
            looks_json = value[:1] in ("{", "[") and key not in ("text", "caption")
            if key in _JSON_FIELDS or looks_json:
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            elif key in ("chat_id", "user_id", "offset", "limit", "timeout", "message_id",
                         "from_chat_id") and _INT_RE.fullmatch(value):
                value = int(value)
            elif value in ("true", "false") and key not in ("text", "caption"):
                value = value == "true"
        out[key] = value
    return out


def chat_type_of(chat_id: int | str) -> str:
    """private for positive ids, supergroup for -100…, group for other negative ids."""
    text = str(chat_id)
    if not text.startswith("-"):
        return "private"
    return "supergroup" if text.startswith("-100") else "group"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (1×1 when it is not one)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 1, 1




def file_suffix(file_name: str | None) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1]
    return ""


def scope_key(p: dict[str, Any]) -> tuple[str, str]:
    scope = p.get("scope")
    kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
    return kind, str(p.get("language_code") or "")


def check_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def malformed_result(method: str) -> Any:
    """A successful answer whose result lacks required fields (library/API version drift)."""
    if method.lower() == "getchatadministrators":
        return [{"status": "administrator"}]  # no "user", no rights flags
    return {}


def rule_error(rule: FailureRule) -> ApiError:
    kind = rule.kind
    if kind == "429":
        return ApiError(429, rule.description or
                        f"Too Many Requests: retry after {rule.retry_after}",
                        {"retry_after": rule.retry_after})
    if kind == "500":
        return ApiError(500, rule.description or "Internal Server Error")
    if kind == "502":
        return ApiError(502, rule.description or "Bad Gateway")
    if kind == "403":
        return ApiError(403, rule.description or "Forbidden: bot was blocked by the user")
    if kind == "migrate":
        return ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                        {"migrate_to_chat_id": rule.migrate_to_chat_id})
    if kind == "400":
        return ApiError(400, rule.description or "Bad Request: chat not found")
    if kind == "401":
        return ApiError(401, "Unauthorized")
    if kind == "404":
        return ApiError(404, "Not Found")
    raise ValueError(f"unknown failure kind {kind}")
