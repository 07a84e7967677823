"""What the conversation needs from the application: database, knowledge base, admins, limits."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from knowledge.dates.zone import VIETNAM

if TYPE_CHECKING:
    # Only for the annotations: the answering core is heavy and imported when first needed.
    from knowledge.index.base import KnowledgeBase

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
log = logging.getLogger(__name__)

# Gets the current knowledge base (None before the first load) and returns the up-to-date one.
KnowledgeLoader: TypeAlias = "Callable[[KnowledgeBase | None], KnowledgeBase]"


class KnowledgeHolder:
    """Holds the in-memory knowledge base; opened on first use and brought up to date after
    a publish. The loader gets the current base (None at first) and returns the new one."""

    def __init__(self, loader: KnowledgeLoader) -> None:
        self._loader = loader
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()
        self.loads = 0  # how many times the knowledge base was built (tests and logs)

    def get(self) -> KnowledgeBase:
        """The current knowledge base (built now if it never was)."""
        kb = self._kb
        if kb is None:
            with self._lock:
                if self._kb is None:
                    self._kb = self._loader(None)
                    self.loads += 1
                kb = self._kb
        return kb

    def refresh(self) -> None:
        """Catch up with the database (after a publish): the documents that changed are indexed
        onto a copy while answers go on over the current base; if that fails, reopen on next
        use."""
        try:
            fresh = self._loader(self._kb)
        except Exception:
            log.exception("rebuilding the knowledge base failed; it will be rebuilt on next use")
            with self._lock:
                self._kb = None
            return
        with self._lock:
            self._kb = fresh
            self.loads += 1


def default_kb_loader(engine: Engine) -> KnowledgeLoader:
    """The answering core's loader over this engine: the persisted index, caught up."""

    def load(previous: KnowledgeBase | None) -> KnowledgeBase:
        # Imported late: the answering core is heavy and most commands never need it.
        from knowledge.store.saved_index import open_knowledge_base

        # After a publish (previous set) the stored index's checkpoint is written in the
        # background: the publisher's reply does not wait for it.
        return open_knowledge_base(engine, previous=previous, background=previous is not None)

    return load


@dataclass
class Services:
    """Everything the Router depends on; built once per process by the application shell."""

    engine: Engine
    kb: KnowledgeHolder
    admins: set[tuple[str, str]] = field(default_factory=set)  # (platform, user id)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    tz: ZoneInfo = VIETNAM
    context_capacity: int = 10_000  # chats whose conversation context is kept in memory
    question_retention_days: int = 180  # the question log keeps this many days
    question_log_pruned_at: dt.datetime | None = None  # last retention cleanup (message time)
    public_url: str | None = None  # THIDUABOT_PUBLIC_URL: base of the calendar-feed links
    http_enabled: bool = False  # THIDUABOT_HTTP_PORT is set: /lich/<token>.ics is served

    @classmethod
    def create(
        cls,
        engine: Engine,
        *,
        admins: set[tuple[str, str]] | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        tz: ZoneInfo | None = None,
        kb_loader: KnowledgeLoader | None = None,
        question_retention_days: int = 180,
        public_url: str | None = None,
        http_enabled: bool = False,
    ) -> Services:
        """Services over an engine with the default knowledge-base loader."""
        return cls(
            engine=engine,
            kb=KnowledgeHolder(kb_loader or default_kb_loader(engine)),
            admins=set(admins or ()),
            max_file_bytes=max_file_bytes,
            tz=tz or VIETNAM,
            question_retention_days=question_retention_days,
            public_url=public_url,
            http_enabled=http_enabled,
        )

    def is_bot_admin(self, platform: str, user_id: str) -> bool:
        """Whether the user is a bot admin by THIDUABOT_ADMINS."""
        return (platform, user_id) in self.admins
