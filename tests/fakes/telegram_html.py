"""Telegram's HTML parse mode, checked the way the Bot API does (so unescaped text fails)."""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of a Telegram-HTML message, or EntityParseError."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "<":
            match = _TAG.match(text, pos)
            if not match or match.group(2).lower() not in ALLOWED_TAGS:
                raise EntityParseError(
                    f"Bad Request: can't parse entities: unsupported start tag at offset {pos}"
                )
            closing, name = match.group(1), match.group(2).lower()
            if closing:
                if not stack or stack[-1] != name:
                    raise EntityParseError(
                        f"Bad Request: can't parse entities: unmatched end tag at offset {pos}"
                    )
                stack.pop()
            else:
                stack.append(name)
            pos = match.end()
        elif ch == "&":
            match = _ENTITY.match(text, pos)
            if not match:
                raise EntityParseError(
                    f"Bad Request: can't parse entities: unescaped '&' at offset {pos}"
                )
            out.append(html.unescape(match.group(0)))
            pos = match.end()
        elif ch == ">":
            raise EntityParseError(f"Bad Request: can't parse entities: unescaped '>' at {pos}")
        else:
            out.append(ch)
            pos += 1
    if stack:
        raise EntityParseError(
            f"Bad Request: can't parse entities: can't find end tag corresponding to <{stack[-1]}>"
        )
    return "".join(out)
