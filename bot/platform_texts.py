"""The texts the platform edge says itself, from the message catalogue (Vietnamese: the edge
speaks before a chat's language is known)."""

from __future__ import annotations

from knowledge.presentation.catalogue import tr

SORRY = tr("vi", "sorry")
DOCUMENTS_NOT_ON_ZALO = tr("vi", "documents_not_on_zalo")
_PLATFORM_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}


def file_too_big(name: str, size: int, limit: int) -> str:
    """A file above the size limit (not downloaded)."""
    return tr("vi", "file_too_big", name=name, size=_mb(size), limit=_mb(limit))


def file_unreadable(name: str) -> str:
    """A download that failed."""
    return tr("vi", "file_unreadable", name=name)


def attachment_unavailable(name: str) -> str:
    """A reply's file that the platform cannot carry."""
    return tr("vi", "attachment_unavailable", name=name)


def token_rejected(platform: str) -> str:
    """The alert to bot admins when a platform rejects the bot's token."""
    name = _PLATFORM_NAMES.get(platform, platform)
    return tr("vi", "token_rejected", name=name, variable=f"THIDUABOT_{platform.upper()}_TOKEN")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
