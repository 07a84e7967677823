"""The extraction pipeline: cleaned text → ExtractedDocument."""

from __future__ import annotations

import hashlib
from typing import Any

from knowledge.extract.campaign import (
    audience,
    campaign_kind,
    campaign_name,
    campaign_period,
    campaign_year,
    headline,
    named_year,
    theme_and_slogan,
)
from knowledge.extract.commemorations import find_commemorations
from knowledge.extract.deadlines import extract_deadlines, extract_recurring
from knowledge.extract.events import extract_events
from knowledge.extract.header import extract_header
from knowledge.extract.ids import stable_id
from knowledge.extract.phases import extract_phases
from knowledge.extract.rewards import extract_responsibilities, extract_rewards
from knowledge.extract.sections import RECIPIENTS, split_sections
from knowledge.extract.sentences import iter_sentences, section_lines
from knowledge.extract.targets import extract_targets
from knowledge.extract.timeline import build_timeline
from knowledge.extract.validate import validate
from knowledge.schema import Campaign, Commemoration, ExtractedDocument
from knowledge.text.normalise import clean_document_text, fold


def content_hash(text: str) -> str:
    """SHA-256 of the raw text: re-ingesting an unchanged file is recognised by it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_document(text: str, source: str) -> ExtractedDocument:
    """Read one document's text into an ExtractedDocument; unknown facts stay empty."""
    clean = clean_document_text(text)
    info = extract_header(clean)
    sections = split_sections(clean)
    body = [s for s in sections if s.path[0] != RECIPIENTS]
    sentences = iter_sentences(body)
    name = campaign_name(info, clean)
    kind = campaign_kind(name, clean)
    year = campaign_year(name, info)
    phases, saluted = extract_phases(body, year)
    title_line = headline(clean)
    # Yearless dates are placed by the document's own time (its date line, issue date, the
    # year its launch names, the latest full date it writes).
    timeline = build_timeline(clean, info.issue_date, year or named_year(name, clean))
    start, end, period_text = campaign_period(
        sentences, phases, kind, year or timeline.anchor_year, info,
        name=name, text=clean, headline=title_line,
    )  # fmt: skip
    if year is None and start is not None:
        year = start.year
    timeline.campaign_year = year or timeline.campaign_year
    info.page_date = timeline.page_date
    theme, slogan = theme_and_slogan(clean)
    campaign = Campaign(
        id=stable_id("campaign", source),
        name=name,
        kind=kind,
        year=year,
        start=start,
        end=end,
        period_text=period_text,
        theme=theme,
        slogan=slogan,
        audience=audience(body),
        phases=phases,
        deadlines=extract_deadlines(sentences, year_hint=year, issue_date=info.issue_date),
        recurring_reports=extract_recurring(sentences),
        targets=extract_targets(body),
        rewards=extract_rewards(sentences),
        responsibilities=extract_responsibilities(body),
        commemorations=_commemorations(body, saluted, year),
        events=extract_events(sentences, timeline),
    )
    _scope_ids(campaign)
    doc = ExtractedDocument(
        source=source,
        content_hash=content_hash(text),
        document=info,
        campaign=campaign,
        sections=sections,
    )
    doc.warnings = validate(info, campaign)
    return doc


def _scope_ids(campaign: Campaign) -> None:
    """Make item ids unique across campaigns (they are primary keys and reminder keys)."""
    groups: list[list[Any]] = [
        campaign.phases,
        campaign.deadlines,
        campaign.recurring_reports,
        campaign.targets,
        campaign.rewards,
        campaign.responsibilities,
        campaign.commemorations,
        campaign.events,
    ]
    for items in groups:
        for item in items:
            item.id = stable_id(campaign.id, item.id)


def _commemorations(sections: list, saluted: list[Commemoration], year: int | None) -> list:
    """Phase salutes first, then every other anniversary in the text, without repeats."""
    out = list(saluted)
    seen = {(fold(c.what), c.origin_text) for c in out}
    seen_origin = {c.origin_text for c in out}
    for section in sections:
        label = section.label
        for line, _, _ in section_lines(section.text):
            if "(" not in line:  # find_commemorations needs one, and most lines have none
                continue
            for item in find_commemorations(line, label, year):
                key = (fold(item.what), item.origin_text)
                if key in seen or item.origin_text in seen_origin:
                    continue
                seen.add(key)
                seen_origin.add(item.origin_text)
                out.append(item)
    return out
