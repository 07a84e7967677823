"""What a dispatch run did: its counts, and one send attempt's outcome in one word."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.claims import Outcome
from scheduler.schedule_tables import CANCELLED, FAILED, SENT


@dataclass
class DispatchResult:
    """What one dispatch run did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0  # rescheduled after a transient error
    rate_limited: int = 0  # 429s received
    failed: int = 0
    cancelled: int = 0
    deactivated: int = 0  # chats deactivated (403)
    migrated: int = 0
    deferred: int = 0  # quiet hours, pacing or a platform hold: not an attempt
    possibly_sent: int = 0  # outcome unknown
    errors: list[str] = field(default_factory=list)

    def add(self, other: DispatchResult) -> None:
        """Accumulate another result into this one."""
        for name in self.__dataclass_fields__:
            if name == "errors":
                self.errors.extend(other.errors)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


def outcome_name(outcome: Outcome) -> str:
    """A send attempt's result in one word, for the observer."""
    if outcome.status == SENT:
        return "sent"
    if outcome.status == FAILED:
        return "failed"
    if outcome.status == CANCELLED:
        return "cancelled"
    error = str(outcome.values.get("last_error") or "")
    if error.startswith("429"):
        return "rate_limited"
    if "attempts" in outcome.values or "migrations" in outcome.values:
        return "retried"
    return "deferred"
