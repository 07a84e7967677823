"""The message catalogue: every text the bot writes to a chat, by key, in Vietnamese and English.

One table per area (the modules beside this one); `tr` is the one way to read them. A key is
defined once across all tables (checked when the catalogue is assembled).
"""

from __future__ import annotations

from knowledge.presentation.catalogue.answers import ANSWERS
from knowledge.presentation.catalogue.answers_across import ANSWERS_ACROSS
from knowledge.presentation.catalogue.chat_settings import CHAT_SETTINGS
from knowledge.presentation.catalogue.conversation import CONVERSATION
from knowledge.presentation.catalogue.platform_edge import PLATFORM_EDGE
from knowledge.presentation.catalogue.publishing import PUBLISHING
from knowledge.presentation.catalogue.reminders import REMINDERS
from knowledge.presentation.catalogue.schedule import SCHEDULE
from knowledge.presentation.catalogue.units import UNITS

Messages = dict[str, tuple[str, str]]


def assemble(*tables: Messages) -> Messages:
    """One catalogue from tables whose keys do not overlap."""
    catalogue: Messages = {}
    for table in tables:
        clash = catalogue.keys() & table.keys()
        if clash:
            raise ValueError(f"message keys defined twice: {sorted(clash)}")
        catalogue.update(table)
    return catalogue


CATALOGUE = assemble(
    CONVERSATION,
    CHAT_SETTINGS,
    SCHEDULE,
    PUBLISHING,
    UNITS,
    PLATFORM_EDGE,
    REMINDERS,
    ANSWERS,
    ANSWERS_ACROSS,
)


def tr(lang: str, key: str, **params: object) -> str:
    """The text for `key` in the chat's language, with parameters filled in."""
    vi, en = CATALOGUE[key]
    template = en if lang == "en" else vi
    return template.format(**params) if params else template
