"""Doubts about extracted facts: flagged and kept, never silently fixed or dropped."""

from __future__ import annotations

import datetime as dt

from knowledge.dates.phrases import parse_dates
from knowledge.presentation.dates import format_date
from knowledge.presentation.labels import deadline_phrase
from knowledge.schema import Campaign, DocumentInfo, ExtractionWarning, Phase


def _d(value: object) -> str:
    return format_date(value) if isinstance(value, dt.date) else str(value)


def validate(info: DocumentInfo, campaign: Campaign) -> list[ExtractionWarning]:
    """Warnings for dates that contradict each other or cannot exist."""
    warnings = _deadline_warnings(info, campaign)
    for index, phase in enumerate(campaign.phases):
        warnings.extend(_phase_warnings(campaign, index, phase))
    if campaign.start and campaign.end and campaign.end < campaign.start:
        warnings.append(
            ExtractionWarning(
                code="period_inverted",
                message="Thời gian phong trào kết thúc trước khi bắt đầu.",
                field="campaign.end",
            )
        )
    return warnings


def _deadline_warnings(info: DocumentInfo, campaign: Campaign) -> list[ExtractionWarning]:
    """A deadline that is no real day, or falls before the issue date or the campaign's year."""
    warnings: list[ExtractionWarning] = []
    for index, deadline in enumerate(campaign.deadlines):
        field = f"campaign.deadlines[{index}].due"
        label = deadline_phrase(deadline.kind)
        if deadline.due is None:
            warnings.append(
                ExtractionWarning(
                    code="impossible_date",
                    message=f'{label} ghi "{deadline.date_text}" không phải ngày có thật.',
                    field=field,
                    quote=deadline.quote,
                )
            )
        elif info.issue_date and deadline.due < info.issue_date:
            warnings.append(
                ExtractionWarning(
                    code="deadline_before_issue",
                    message=(
                        f"{label} ghi {_d(deadline.due)}, sớm hơn ngày ban hành "
                        f"{_d(info.issue_date)}: năm có thể bị ghi nhầm."
                    ),
                    field=field,
                    quote=deadline.quote,
                )
            )
        elif campaign.year and deadline.due.year < campaign.year:
            warnings.append(
                ExtractionWarning(
                    code="deadline_before_campaign_year",
                    message=(
                        f"{label} ghi {_d(deadline.due)} nhưng đây là kế hoạch năm "
                        f"{campaign.year}: năm có thể bị ghi nhầm."
                    ),
                    field=field,
                    quote=deadline.quote,
                )
            )
    return warnings


def _phase_warnings(campaign: Campaign, index: int, phase: Phase) -> list[ExtractionWarning]:
    """A phase that ends before it starts, holds an impossible day or lies outside the period."""
    field = f"campaign.phases[{index}]"
    warnings: list[ExtractionWarning] = []
    if phase.start and phase.end and phase.end < phase.start:
        warnings.append(
            ExtractionWarning(
                code="phase_inverted",
                message=(
                    f"{phase.name} kết thúc ({_d(phase.end)}) "
                    f"trước khi bắt đầu ({_d(phase.start)})."
                ),
                field=field,
                quote=phase.quote,
            )
        )
    for found in parse_dates(phase.quote):
        if not found.valid:
            warnings.append(
                ExtractionWarning(
                    code="impossible_date",
                    message=f'{phase.name} có ngày không tồn tại: "{found.text}".',
                    field=field,
                    quote=phase.quote,
                )
            )
    outside = (campaign.start and phase.start and phase.start < campaign.start) or (
        campaign.end and phase.end and phase.end > campaign.end
    )
    if outside and campaign.period_text != "theo các đợt":
        warnings.append(
            ExtractionWarning(
                code="period_conflict",
                message=(
                    f"{phase.name} ({_d(phase.start)} – {_d(phase.end)}) nằm ngoài thời gian của "
                    f"phong trào ({_d(campaign.start)} – {_d(campaign.end)})."
                ),
                field=field,
                quote=phase.quote,
            )
        )
    return warnings
