"""The answering core's input and output, shared by every platform and the CLI.

CONTRACT: `knowledge.answer.core.answer(kb, question, now, context) -> Answer`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from."""

    source: str  # file name the document was ingested from
    document: str  # "Kế hoạch 31/KH-UBND ngày 13/01/2021 của UBND tỉnh An Giang" or its title
    section: str | None = None  # heading path
    quote: str = ""


@dataclass(frozen=True)
class Choice:
    """One campaign the user may pick when a question matches several."""

    campaign_id: str
    label: str


@dataclass
class ConversationContext:
    """The chat's short memory: which campaign the last answer was about, and its intent."""

    campaign_id: str | None = None
    intent: str | None = None
    language: str = "vi"
    phase: str | None = None  # the phase number last talked about ("2")
    deadline_kind: str | None = None  # the kind of deadline last talked about
    topic: str | None = None  # folded topic words of the last question ("ty le ho ngheo")


@dataclass
class Answer:
    """One reply from the answering core."""

    text: str
    answered: bool
    intent: str
    campaigns: list[str] = field(default_factory=list)  # campaign ids concerned, best first
    warnings: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)  # other matching campaigns
    deadline_ids: list[str] = field(default_factory=list)  # deadlines the answer is about
    language: str = "vi"  # language of the reply's frame sentences
    slots: dict[str, str] = field(default_factory=dict)  # phase / deadline kind, for follow-ups

    def to_json(self) -> dict[str, object]:
        """Plain data for `--json` output."""
        return {
            "answered": self.answered,
            "text": self.text,
            "intent": self.intent,
            "campaigns": list(self.campaigns),
            "warnings": list(self.warnings),
            "suggestions": list(self.suggestions),
            "citations": [
                {
                    "source": c.source,
                    "document": c.document,
                    "section": c.section,
                    "quote": c.quote,
                }
                for c in self.citations
            ],
            "choices": [{"campaign_id": c.campaign_id, "label": c.label} for c in self.choices],
            "deadline_ids": list(self.deadline_ids),
            "language": self.language,
        }
