"""Doubts about extracted facts: flagged and kept, never silently fixed or dropped."""

from __future__ import annotations

from knowledge.dates.phrases import parse_dates
from knowledge.presentation.labels import DEADLINE_KIND_NAMES, deadline_phrase
from knowledge.schema import Campaign, DeadlineKind, DocumentInfo, ExtractionWarning

# The warnings write "Hạn {KIND_VI[kind]}": the one deadline phrase without its first word.
KIND_VI = {DeadlineKind(k): deadline_phrase(k).split(" ", 1)[1] for k in DEADLINE_KIND_NAMES}


def _d(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)


def validate(info: DocumentInfo, campaign: Campaign) -> list[ExtractionWarning]:
    """Warnings for dates that contradict each other or cannot exist."""
    warnings: list[ExtractionWarning] = []
    for i, d in enumerate(campaign.deadlines):
        field = f"campaign.deadlines[{i}].due"
        label = KIND_VI[d.kind]
        if d.due is None:
            warnings.append(
                ExtractionWarning(
                    code="impossible_date",
                    message=f'Hạn {label} ghi "{d.date_text}" không phải ngày có thật.',
                    field=field,
                    quote=d.quote,
                )
            )
        elif info.issue_date and d.due < info.issue_date:
            warnings.append(
                ExtractionWarning(
                    code="deadline_before_issue",
                    message=(
                        f"Hạn {label} ghi {_d(d.due)}, sớm hơn ngày ban hành "
                        f"{_d(info.issue_date)}: năm có thể bị ghi nhầm."
                    ),
                    field=field,
                    quote=d.quote,
                )
            )
        elif campaign.year and d.due.year < campaign.year:
            warnings.append(
                ExtractionWarning(
                    code="deadline_before_campaign_year",
                    message=(
                        f"Hạn {label} ghi {_d(d.due)} nhưng đây là kế hoạch năm "
                        f"{campaign.year}: năm có thể bị ghi nhầm."
                    ),
                    field=field,
                    quote=d.quote,
                )
            )
    for i, p in enumerate(campaign.phases):
        if p.start and p.end and p.end < p.start:
            warnings.append(
                ExtractionWarning(
                    code="phase_inverted",
                    message=f"{p.name} kết thúc ({_d(p.end)}) trước khi bắt đầu ({_d(p.start)}).",
                    field=f"campaign.phases[{i}]",
                    quote=p.quote,
                )
            )
        for m in parse_dates(p.quote):
            if not m.valid:
                warnings.append(
                    ExtractionWarning(
                        code="impossible_date",
                        message=f'{p.name} có ngày không tồn tại: "{m.text}".',
                        field=f"campaign.phases[{i}]",
                        quote=p.quote,
                    )
                )
        outside = (campaign.start and p.start and p.start < campaign.start) or (
            campaign.end and p.end and p.end > campaign.end
        )
        if outside and campaign.period_text != "theo các đợt":
            warnings.append(
                ExtractionWarning(
                    code="period_conflict",
                    message=(
                        f"{p.name} ({_d(p.start)} – {_d(p.end)}) nằm ngoài thời gian của phong "
                        f"trào ({_d(campaign.start)} – {_d(campaign.end)})."
                    ),
                    field=f"campaign.phases[{i}]",
                    quote=p.quote,
                )
            )
    if campaign.start and campaign.end and campaign.end < campaign.start:
        warnings.append(
            ExtractionWarning(
                code="period_inverted",
                message="Thời gian phong trào kết thúc trước khi bắt đầu.",
                field="campaign.end",
            )
        )
    return warnings
