"""What the extractor understands from one campaign document.

These pydantic models are the contract between extraction, storage, answering and the
scheduler. They serialise to stable JSON (dates as ISO 8601). Every extracted item carries the
sentence it was read from (`quote`) and the heading path of its section (`section`), so any
answer or reminder can cite its source.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field


class DeadlineKind(StrEnum):
    """What a cut-off is for."""

    REGISTRATION = "registration"  # đăng ký thi đua, ký kết giao ước thi đua
    PLAN_SUBMISSION = "plan_submission"  # gửi kế hoạch ... trước ngày
    PERIODIC_REPORT = "periodic_report"  # báo cáo định kỳ (a dated instance)
    PRELIMINARY_REVIEW = "preliminary_review"  # sơ kết
    FINAL_REPORT = "final_report"  # tổng kết
    REWARD_PROPOSAL = "reward_proposal"  # đề nghị khen thưởng
    OTHER = "other"


class ReportPeriod(StrEnum):
    """How often a recurring report is due."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    YEARLY = "yearly"


class CampaignKind(StrEnum):
    """The kind of campaign a document launches."""

    YEARLY = "yearly"  # thi đua năm 2021
    SPECIAL = "special"  # đợt thi đua đặc biệt
    THEMATIC = "thematic"  # thi đua chuyên đề
    ANNIVERSARY = "anniversary"  # chào mừng kỷ niệm ...
    OTHER = "other"


class Cited(BaseModel):
    """Where an item comes from: its sentence and its section's heading path."""

    quote: str = ""
    section: str | None = None


class DocumentInfo(BaseModel):
    """The document's identity, read from its header and signature block."""

    doc_type: str | None = None  # "Kế hoạch", "Chỉ thị", "Quyết định", ...
    number: str | None = None  # "31/KH-UBND"
    issuer: str | None = None  # "UBND tỉnh An Giang"
    place: str | None = None  # "An Giang"
    issue_date: dt.date | None = None
    signer: str | None = None  # "Nguyễn Thanh Bình"
    signer_title: str | None = None  # "Chủ tịch", "KT. Chủ tịch - Phó Chủ tịch"
    title: str | None = None  # the line after the document type
    province: str | None = None  # canonical province name, e.g. "An Giang"
    page_date: dt.date | None = None  # a news item's date line ("03/11/2022 - 20:28")


class Phase(Cited):
    """A phase ("đợt", "giai đoạn") with its dates and what it salutes."""

    id: str = ""
    name: str
    start: dt.date | None = None
    end: dt.date | None = None
    date_text: str = ""  # the period as written
    salutes: list[str] = Field(default_factory=list)


class Deadline(Cited):
    """A one-off cut-off."""

    id: str = ""
    kind: DeadlineKind
    due: dt.date | None = None
    date_text: str = ""  # the date as written, e.g. "15/02/2020"
    what: str = ""  # what is due
    recipient: str | None = None  # to whom
    via: str | None = None  # through whom ("qua Ban Thi đua - Khen thưởng, Sở Nội vụ")
    who: str | None = None  # who must do it, when the text says
    relative: str | None = None  # a time limit, not a date: "10 ngày làm việc kể từ ..."
    year_from: str | None = None  # where an unwritten year came from (see Event.year_from)


class RecurringReport(Cited):
    """A report due every month, quarter, half-year or year."""

    id: str = ""
    period: ReportPeriod
    what: str = ""
    recipient: str | None = None
    via: str | None = None
    day: int | None = None  # "trước ngày 10 hàng tháng" -> 10
    month: int | None = None  # for yearly reports: "trước ngày 20 tháng 12 hàng năm" -> 12
    # "chậm nhất ngày 15/3 năm sau": due in the year after the one it covers.
    next_year: bool = False


class Event(Cited):
    """A dated happening the text reports or announces (a conference, a launch): not a cut-off.

    Events are never reminded as deadlines; answers use them ("hội nghị diễn ra khi nào?").
    """

    id: str = ""
    what: str = ""
    date: dt.date | None = None  # None when the text gives no year that can be inferred
    date_text: str = ""  # as written, e.g. "Sáng 23/2"
    precision: str = "day"  # "day" or "month" ("dự kiến tổ chức trong tháng 2/2021")
    day: int | None = None  # as written, when the year is unknown
    month: int | None = None
    # Where an unwritten year came from: "sentence", "page_date" (the news item's date line),
    # "issue_date", "campaign" (the campaign's year), "document" (the latest full date the
    # text gives); None when the year is written.
    year_from: str | None = None


class Target(Cited):
    """A numeric target ("chỉ tiêu")."""

    id: str = ""
    indicator: str
    value: str  # as written, e.g. "40%", "780 nghìn", "6% 6,5%"
    number: float | None = None  # first number, parsed ("31,10" -> 31.1)
    unit: str | None = None


class RewardForm(Cited):
    """A reward form and who grants it."""

    id: str = ""
    name: str  # "Bằng khen", "Giấy khen", a title ("danh hiệu")
    grantor: str | None = None  # "Chủ tịch Ủy ban nhân dân tỉnh"
    criteria: str | None = None


class Responsibility(Cited):
    """An agency in charge of a movement or a task."""

    id: str = ""
    agency: str
    task: str


class Commemoration(Cited):
    """A day the campaign salutes, e.g. 50 years since 30/4/1975."""

    id: str = ""
    what: str
    date: dt.date | None = None  # the anniversary in the campaign's time
    origin: dt.date | None = None  # the historical date
    origin_text: str = ""
    phase: str | None = None  # the phase that salutes it, if any


class Section(BaseModel):
    """One section of the document, for citations and passage search."""

    path: list[str]  # heading path, outermost first
    text: str

    @property
    def label(self) -> str:
        """Heading path as one line, e.g. "IV. TỔ CHỨC THỰC HIỆN > 5. Thời gian thực hiện"."""
        return " > ".join(self.path)


class ExtractionWarning(BaseModel):
    """Something the extractor doubts; kept, stored and shown with answers."""

    code: str  # "deadline_before_issue", "phase_inverted", "impossible_date", ...
    message: str  # Vietnamese, for users
    field: str | None = None  # "deadlines[0].due"
    quote: str = ""


class Campaign(BaseModel):
    """The campaign a document launches, with everything dated inside it."""

    id: str = ""
    name: str = ""
    kind: CampaignKind = CampaignKind.OTHER
    year: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    period_text: str = ""
    theme: str | None = None  # "chủ đề"
    slogan: str | None = None  # "phương châm"
    audience: list[str] = Field(default_factory=list)  # "đối tượng"
    phases: list[Phase] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    recurring_reports: list[RecurringReport] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    rewards: list[RewardForm] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    commemorations: list[Commemoration] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class ExtractedDocument(BaseModel):
    """One ingested document: identity, campaign, sections and warnings."""

    source: str  # the file name it was ingested from, e.g. "000_3b7d2929bbb28171.txt"
    content_hash: str = ""
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    campaign: Campaign = Field(default_factory=Campaign)
    sections: list[Section] = Field(default_factory=list)
    warnings: list[ExtractionWarning] = Field(default_factory=list)
    corrected_fields: list[str] = Field(default_factory=list)  # paths an officer corrected

    @property
    def stem(self) -> str:
        """The source file name without its extension."""
        return self.source.rsplit(".", 1)[0]
