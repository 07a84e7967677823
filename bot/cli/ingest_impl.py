"""`thiduabot ingest`: read campaign documents into the knowledge base, report each one as it
is done, and with --publish plan reminders and queue the launch announcements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.cli.common import (
    DbOption,
    JsonOption,
    NowOption,
    fail,
    open_engine,
    print_json,
    resolve_now,
    settings,
)
from knowledge.corrections.fields import CorrectionError, parse_set_options
from knowledge.documents.ingest import IngestResult, iter_ingest_paths
from knowledge.documents.views import campaign_json
from knowledge.presentation.dates import format_date, format_span
from knowledge.presentation.documents import document_label
from knowledge.presentation.labels import kind_name

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _summary_lines(result: IngestResult) -> list[str]:
    doc = result.document
    assert doc is not None
    c = doc.campaign
    word = {"created": "mới", "updated": "cập nhật", "unchanged": "không đổi"}[result.outcome]
    lines = [
        f"✓ {result.source} ({word}) — {document_label(doc.document, doc.source)}",
        f"  {c.name or '(chưa rõ tên phong trào)'}",
        f"  Thời gian: {format_span(c.start, c.end) or 'chưa rõ'}; {len(c.phases)} đợt; "
        f"{len(c.deadlines)} hạn; {len(c.recurring_reports)} báo cáo định kỳ; "
        f"{len(doc.warnings)} cảnh báo",
    ]
    for p in c.phases:
        lines.append(f"  • {p.name}: {format_span(p.start, p.end)}")
    for d in c.deadlines:
        lines.append(f"  • {kind_name(d.kind)}: {format_date(d.due, '?')} — {d.what}")
    for w in doc.warnings:
        lines.append(f"  ⚠ {w.message}")
    return lines


def _result_json(result: IngestResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": result.path,
        "source": result.source,
        "outcome": result.outcome,
        "ok": result.ok,
        "reason": result.reason,
        "document_id": result.document_id,
    }
    if result.document is not None:
        data["campaign"] = campaign_json(result.document)
    return data


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt .md .docx .pdf) or folders.")],
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="Correct a field: --set document.number=31/KH-UBND (repeatable)."
        ),
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Store as a draft (not answered, not reminded).")
    ] = False,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Also plan reminders now and announce the campaigns to subscribers."
        ),
    ] = False,
) -> None:
    """Read campaign documents into the knowledge base (unchanged files are skipped)."""
    cfg = settings()
    moment = resolve_now(now, cfg)
    try:
        corrections = parse_set_options(set_values or [])
    except CorrectionError as exc:
        fail(str(exc))
    if corrections and len(paths) != 1:
        fail("--set chỉ dùng khi nhập đúng một tệp")
    engine = open_engine(db, cfg)
    stream = iter_ingest_paths(
        engine,
        paths,
        now=moment,
        max_bytes=cfg.max_file_bytes,
        status="draft" if draft else "published",
        set_values=corrections or None,
    )
    # Results are printed as each document is done, and not kept: a folder of thousands of
    # documents streams through in constant memory.
    json_results: list[dict[str, Any]] = []
    new_campaigns: list[str] = []
    seen = failed = 0
    progress = _progress(paths) if not as_json else None
    for r in stream:
        seen += 1
        if progress is not None:
            progress.advance()
        failed += not r.ok
        if r.ok and r.outcome != "unchanged" and r.document is not None:
            new_campaigns.append(r.document.campaign.id)
        if as_json:
            json_results.append(_result_json(r))
        elif r.ok:
            console.print("\n".join(_summary_lines(r)))
        else:
            err_console.print(f"✗ {r.path}: {r.reason}")
    if progress is not None:
        progress.stop()
    announced = _announce(engine, new_campaigns, moment, cfg.tz) if publish and not draft else 0
    subscribed = _subscribed_chats(engine) if publish and not draft else 0
    if as_json:
        print_json(
            {"results": json_results, "announced": announced, "subscribed_chats": subscribed}
        )
    elif publish and not draft:
        console.print(f"Đã xếp {announced} tin công bố vào hàng đợi gửi.")
        if not announced:
            console.print(_why_nothing_queued(subscribed, len(new_campaigns)))
    if not seen:
        fail("không có tệp nào để nhập")
    if failed:
        raise typer.Exit(1)


PROGRESS_FROM = 5  # files: below this a progress bar is noise


class _Progress:
    """A rich progress bar on stderr, over a count of files known in advance."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        )
        self.task = self.bar.add_task("Đang nhập", total=total)
        self.bar.start()

    def advance(self) -> None:
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()


def _progress(paths: list[Path]) -> _Progress | None:
    """A bar when more than a few files will be read (folders counted first)."""
    from knowledge.documents.loader import SUPPORTED_SUFFIXES

    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(1 for f in path.rglob("*") if f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            total += 1
        if total > 100_000:
            break
    return _Progress(total) if total >= PROGRESS_FROM else None


def _subscribed_chats(engine: Engine) -> int:
    """Active chats that follow something (all, an issuer or a campaign)."""
    from sqlalchemy import text

    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(DISTINCT s.chat_pk) FROM subscription s "
                    "JOIN chat c ON c.id = s.chat_pk WHERE c.active"
                )
            ).scalar_one()
        )


def _why_nothing_queued(subscribed: int, published: int) -> str:
    """Why --publish queued no announcement, in one line."""
    if published == 0:
        return (
            "Không có phong trào mới hay thay đổi để công bố (tệp không đổi thì không công bố "
            "lại)."
        )
    if subscribed == 0:
        return (
            "Chưa có chat nào đăng ký nhận tin: trong Telegram/Zalo gửi /dangky cho bot, "
            "rồi công bố lại."
        )
    return (
        f"{subscribed} chat đã đăng ký nhưng không chat nào theo dõi các phong trào này "
        "(chúng theo dõi cơ quan hoặc phong trào khác), hoặc đã nhận tin công bố."
    )


def _announce(
    engine: Engine, campaign_ids: list[str], moment: dt.datetime, tz: ZoneInfo
) -> int:
    """Plan reminders and enqueue launch announcements for newly published campaigns."""
    from scheduler.outbox import enqueue_launch
    from scheduler.planning.run import plan_reminders

    total = 0
    with Session(engine) as session:
        plan_reminders(session, moment, tz=tz)
        for campaign_id in campaign_ids:
            total += enqueue_launch(session, campaign_id, moment)
        session.commit()
    return total
