"""`thiduabot campaigns`, `deadlines` and `show`: what the knowledge base holds, read back as
tables, lines or JSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.cli.common import (
    DbOption,
    JsonOption,
    NowOption,
    fail,
    open_engine,
    parse_day,
    print_json,
    resolve_now,
    settings,
)
from knowledge.documents.views import campaign_json, is_active_on
from knowledge.presentation.dates import format_date, format_span
from knowledge.presentation.documents import document_label
from knowledge.presentation.labels import deadline_phrase, kind_name, period_name
from knowledge.schema import ExtractedDocument
from knowledge.store import repository
from knowledge.store.tables import DocumentRow

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _load_with_status(engine: Engine) -> list[tuple[ExtractedDocument, str]]:
    with Session(engine) as session:
        rows = session.exec(select(DocumentRow).order_by(col(DocumentRow.source))).all()
        return [(ExtractedDocument.model_validate_json(r.data), r.status) for r in rows]



def campaigns(
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
    active_on: Annotated[
        str | None, typer.Option("--active-on", help="Only campaigns running on this date.")
    ] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Include drafts.")] = False,
) -> None:
    """List campaigns, running ones first."""
    cfg = settings()
    today = resolve_now(now, cfg).date()
    day = parse_day(active_on, "--active-on")
    engine = open_engine(db, cfg)
    docs = [(d, s) for d, s in _load_with_status(engine) if drafts or s == "published"]
    if day is not None:
        docs = [(d, s) for d, s in docs if is_active_on(d, day)]
    docs.sort(key=lambda ds: (not is_active_on(ds[0], today), ds[0].campaign.start or dt.date.min))
    if as_json:
        print_json({"campaigns": [campaign_json(d, s) for d, s in docs]})
        return
    if not docs:
        console.print(
            "Chưa có phong trào nào" + (f" diễn ra ngày {format_date(day, '?')}." if day else ".")
        )
        return
    table = Table(title="Phong trào thi đua", show_lines=False)
    # the id never wraps: it is meant to be copied into `thiduabot show`
    table.add_column("Mã", no_wrap=True, min_width=12)
    for column in ("Phong trào", "Đơn vị ban hành", "Thời gian", "Đợt", "Hạn", "Trạng thái"):
        table.add_column(column, overflow="fold")
    for d, s in docs:
        c = d.campaign
        state = "đang diễn ra" if is_active_on(d, today) else ""
        if s != "published":
            state = "bản nháp"
        table.add_row(
            c.id,
            c.name if len(c.name) <= 90 else c.name[:88] + "…",
            d.document.issuer or "?",
            format_span(c.start, c.end) or "?",
            str(len(c.phases)),
            str(len(c.deadlines)),
            state,
        )
    console.print(table)


def deadlines(
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date.")] = None,
) -> None:
    """List cut-offs of published campaigns, by date."""
    cfg = settings()
    today = resolve_now(now, cfg).date()
    start = parse_day(date_from, "--from")
    end = parse_day(date_to, "--to")
    if start and end and end < start:
        fail("--to phải sau --from")
    engine = open_engine(db, cfg)
    rows: list[dict[str, Any]] = _report_rows(engine, start or today, end)
    for doc, status in _load_with_status(engine):
        if status != "published":
            continue
        for d in doc.campaign.deadlines:
            if start and (d.due is None or d.due < start):
                continue
            if end and (d.due is None or d.due > end):
                continue
            rows.append(
                {
                    **d.model_dump(mode="json"),
                    "campaign_id": doc.campaign.id,
                    "campaign": doc.campaign.name,
                    "source": doc.source,
                    "document_number": doc.document.number,
                }
            )
    rows.sort(key=lambda r: r["due"] or "9999")
    if as_json:
        print_json({"deadlines": rows})
        return
    if not rows:
        console.print("Không có hạn nào trong khoảng này.")
        return
    table = Table(title="Các hạn chót")
    for column in ("Hạn", "Loại", "Nội dung", "Gửi về", "Phong trào", "Nguồn"):
        table.add_column(column, overflow="fold")
    for r in rows:
        due = dt.date.fromisoformat(r["due"]) if r["due"] else None
        table.add_row(
            format_date(due, "?"),
            kind_name(r["kind"]),
            r["what"],
            r["recipient"] or "",
            r["campaign"][:60],
            r["source"],
        )
    console.print(table)


def _report_rows(engine: Engine, start: dt.date, end: dt.date | None) -> list[dict[str, Any]]:
    """Recurring reports as dated rows, dated as the reminders date them: every occurrence up
    to `end`, or each report's next one when no end is given."""
    from handlers import catalog
    from handlers.occurrences import next_report_occurrences, report_occurrences

    with Session(engine) as session:
        ids = [c.id for c in catalog.campaigns(session)]
        if end is None:
            found = next_report_occurrences(session, ids, start)
        else:
            found = [o for o in report_occurrences(session, ids, start) if o.due <= end]
    return [
        {
            "kind": "periodic_report",
            "due": o.due.isoformat(),
            "what": o.what,
            "recipient": o.recipient,
            "quote": o.quote,
            "occurrence": o.ref_id,
            "period_start": o.period_start.isoformat(),
            "period_end": o.period_end.isoformat(),
            "day_stated": o.day_stated,
            "campaign_id": o.campaign.id,
            "campaign": o.campaign.name,
            "source": o.campaign.source,
            "document_number": o.campaign.number,
        }
        for o in found
    ]


def show(
    campaign: Annotated[str, typer.Argument(help="Campaign id, document id or file name.")],
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
) -> None:
    """Everything understood from one campaign document."""
    cfg = settings()
    resolve_now(now, cfg)
    engine = open_engine(db, cfg)
    with Session(engine) as session:
        found = repository.find_campaign_documents(session, campaign, ("published", "draft"))
    if not found:
        found = _by_fragment(engine, campaign)
    if not found:
        fail(f"không tìm thấy phong trào '{campaign}' (xem mã bằng: thiduabot campaigns)")
    if len(found) > 1:
        lines = [f"'{campaign}' khớp {len(found)} phong trào; chọn một mã:"]
        for match in found:
            lines.append(f"  thiduabot show {match.campaign.id}   # {match.campaign.name[:70]}")
        err_console.print("\n".join(lines))
        raise typer.Exit(2)
    doc = found[0]
    if as_json:
        print_json(campaign_json(doc))
        return
    c = doc.campaign
    out = [
        f"[bold]{c.name}[/bold]",
        f"Văn bản: {document_label(doc.document, None)} — tệp {doc.source}",
        f"Người ký: {doc.document.signer or '?'} ({doc.document.signer_title or '?'})",
        f"Loại: {c.kind.value}; năm {c.year or '?'}; "
        f"thời gian: {format_span(c.start, c.end) or '?'}",
    ]
    if c.theme:
        out.append(f"Chủ đề: {c.theme}")
    if c.slogan:
        out.append(f"Phương châm: {c.slogan}")
    for a in c.audience:
        out.append(f"Đối tượng: {a}")
    for p in c.phases:
        out.append(f"{p.name}: {format_span(p.start, p.end)} ({p.date_text})")
        out.extend(f"    - {s}" for s in p.salutes)
    for d in c.deadlines:
        to = f" → {d.recipient}" if d.recipient else ""
        out.append(f"{deadline_phrase(d.kind)}: {format_date(d.due, '?')} — {d.what}{to}")
    for r in c.recurring_reports:
        out.append(f"Báo cáo {period_name(r.period)}: {r.what} → {r.recipient or '?'}")
    for rw in c.rewards:
        out.append(f"Khen thưởng: {rw.name} của {rw.grantor}")
    for resp in c.responsibilities:
        out.append(f"Phụ trách: {resp.agency} — {resp.task[:100]}")
    for cm in c.commemorations:
        out.append(f"Kỷ niệm: {cm.what} ({cm.origin_text})")
    out.append(f"Chỉ tiêu: {len(c.targets)}")
    for t in c.targets:
        out.append(f"    - {t.indicator}: {t.value}")
    for w in doc.warnings:
        out.append(f"[yellow]⚠ {w.message}[/yellow]")
    console.print("\n".join(out))


def _by_fragment(engine: Engine, fragment: str) -> list[ExtractedDocument]:
    """Campaigns whose name, theme, issuer or file name contains the fragment (accents and case
    ignored), or whose id starts with it."""
    from knowledge.text.normalise import fold

    wanted = fold(fragment).strip()
    if not wanted:
        return []
    out = []
    for doc, _status in _load_with_status(engine):
        c = doc.campaign
        haystack = fold(" ".join([c.name, c.theme or "", doc.document.issuer or "", doc.source]))
        if wanted in haystack or c.id.startswith(fragment.strip()):
            out.append(doc)
    return out
