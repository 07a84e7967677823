"""`thiduabot progress`: which subscribed units confirmed each cut-off; undo a confirmation."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from sqlmodel import Session

from bot.cli.common import fail, open_engine, print_json, resolve_now, settings
from handlers import catalog
from knowledge.presentation.dates import format_moment
from scheduler.progress import CutoffProgress, campaign_progress
from scheduler.reminder_texts import vn_date
from scheduler.units import undo_submission, units_by_name

console = Console(highlight=False, soft_wrap=True)
err_console = Console(highlight=False, soft_wrap=True, stderr=True)


def progress_json(items: list[CutoffProgress], tz: Any) -> list[dict[str, Any]]:
    """Stable JSON: one object per cut-off, dates ISO 8601."""
    return [
        {
            "ref_id": i.ref_id,
            "campaign_id": i.campaign_id,
            "campaign": i.campaign,
            "due": i.due.isoformat(),
            "what": i.what,
            "total": i.total,
            "confirmed_count": len(i.confirmed),
            "confirmed": [
                {
                    "unit": c.unit,
                    "at": c.at.astimezone(tz).isoformat(),
                    "by": c.user,
                    "chat_pk": c.chat_pk,
                }
                for c in i.confirmed
            ],
            "missing": i.missing,
        }
        for i in items
    ]


def progress_cmd(
    campaign: str, undo: str | None, ref: str | None, as_json: bool, db: str | None,
    now: str | None,
) -> None:  # fmt: skip
    """Print the progress of a campaign's cut-offs (or undo one unit's confirmation first)."""
    cfg = settings()
    moment = resolve_now(now, cfg)
    engine = open_engine(db, cfg)
    with Session(engine) as session:
        campaign_id = None
        if campaign.strip().lower() not in ("all", "tatca", "tất cả"):
            found = catalog.find_campaign(catalog.campaigns(session), campaign)
            if found is None:
                fail(f"không tìm thấy phong trào '{campaign}' (xem mã bằng: thiduabot campaigns)")
                return
            campaign_id = found.id
        if undo is not None:
            unit = units_by_name(session, undo)
            if unit is None or unit.id is None:
                fail(f"không có đơn vị '{undo}'")
                return
            row = undo_submission(session, unit.id, ref, moment, cfg.tz)
            if row is None:
                fail(f"đơn vị '{unit.name}' không có xác nhận nộp nào" + (f" cho {ref}" if ref
                     else ""))  # fmt: skip
                return
            session.commit()
            # On stderr, so that --json output stays one JSON document.
            err_console.print(f"Đã hủy xác nhận nộp của {unit.name} cho hạn {row.ref_id}.")
        items = campaign_progress(session, campaign_id, moment.astimezone(cfg.tz).date())
    if as_json:
        print_json(progress_json(items, cfg.tz))
        return
    if not items:
        console.print("Chưa có hạn nào có đơn vị đăng ký theo dõi.")
        return
    for i in items:
        console.print(
            f"[bold]{vn_date(i.due)}[/bold] {i.what} — {i.campaign}: "
            f"{len(i.confirmed)}/{i.total} đơn vị đã xác nhận nộp"
        )
        for c in i.confirmed:
            by = f", {c.user}" if c.user else ""
            console.print(f"  ✅ {c.unit} ({format_moment(c.at, cfg.tz)}{by})")
        if i.missing:
            console.print("  ⏳ Chưa: " + ", ".join(i.missing))
