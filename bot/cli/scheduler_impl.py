"""CLI commands of the scheduler: reminders, outbox, broadcast, dispatch."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select, text
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
from bot.clock import Clock
from bot.settings import Settings
from knowledge.presentation.dates import format_moment
from scheduler.outbox import (
    enqueue_broadcast,
    outbox_rows,
    retry_failed,
    status_counts,
    upcoming_reminders,
)
from scheduler.pacing import Pacer, default_limits
from scheduler.reminder_texts import ReminderFacts, TextBuilder, vn_date
from scheduler.schedule_tables import ChatRow, OutboxRow

console = Console(highlight=False, soft_wrap=True)
STATUS_VI = {
    "scheduled": "đã lên lịch",
    "pending": "chờ gửi",
    "claimed": "đang gửi",
    "sent": "đã gửi",
    "failed": "lỗi",
    "cancelled": "đã huỷ",
}


def _local(moment: dt.datetime | None, cfg: Settings) -> str:
    return format_moment(moment, cfg.tz) if moment else "—"


def _find_chats(session: Session, chat: str | None) -> list[ChatRow]:
    stmt = select(ChatRow).order_by(ChatRow.id)  # type: ignore[arg-type]
    if chat:
        platform, sep, chat_id = chat.partition(":")
        if sep:
            stmt = stmt.where(ChatRow.platform == platform, ChatRow.chat_id == chat_id)  # type: ignore[arg-type]
        else:
            stmt = stmt.where(ChatRow.chat_id == chat)  # type: ignore[arg-type]
    return list(session.execute(stmt).scalars())


def _short(name: str | None, width: int = 40) -> str:
    if not name:
        return "—"
    return name if len(name) <= width else name[: width - 1] + "…"


def _what(facts: ReminderFacts | None) -> str | None:
    return facts.what if facts is not None else None


def _row_json(row: OutboxRow, cfg: Settings) -> dict[str, Any]:
    return {
        "id": row.id,
        "key": row.key,
        "kind": row.kind,
        "status": row.status,
        "chat_pk": row.chat_pk,
        "platform": row.platform,
        "campaign_id": row.campaign_id,
        "ref_id": row.ref_id,
        "lead": row.lead,
        "due": row.due.isoformat() if row.due else None,
        "send_at": row.send_at.astimezone(cfg.tz).isoformat(),
        "next_attempt_at": row.next_attempt_at.astimezone(cfg.tz).isoformat(),
        "attempts": row.attempts,
        "possible_sends": row.possible_sends,
        "sent_at": row.sent_at.astimezone(cfg.tz).isoformat() if row.sent_at else None,
        "platform_message_id": row.platform_message_id,
        "last_error": row.last_error,
    }


def reminders_data(
    engine: Engine, chat: str | None, now: dt.datetime, cfg: Settings
) -> list[dict[str, Any]]:
    """Per chat: upcoming (planned) reminders, and sent/failed ones from the outbox."""
    out: list[dict[str, Any]] = []
    with Session(engine) as session:
        builder = TextBuilder(session)
        for c in _find_chats(session, chat):
            assert c.id is not None
            upcoming = upcoming_reminders(session, c.id, now, cfg.tz)
            done_rows = [
                r
                for r in outbox_rows(session, chat_pk=c.id, kind="reminder", limit=1000)
                if r.status in ("sent", "failed", "cancelled")
            ]
            facts = {u.ref_id: builder.facts(u.ref_id) for u in upcoming}
            out.append(
                {
                    "chat": {
                        "pk": c.id,
                        "platform": c.platform,
                        "chat_id": c.chat_id,
                        "title": c.title,
                        "active": c.active,
                        "lead_days": c.lead_days,
                    },
                    "planned": [
                        {
                            "ref_id": u.ref_id,
                            "campaign_id": u.campaign_id,
                            "due": u.due.isoformat(),
                            "lead": u.lead,
                            "send_at": u.send_at.astimezone(cfg.tz).isoformat(),
                            "status": u.status,
                            "what": _what(facts.get(u.ref_id)),
                        }
                        for u in upcoming
                    ],
                    "sent": [_row_json(r, cfg) for r in done_rows if r.status == "sent"],
                    "failed": [_row_json(r, cfg) for r in done_rows if r.status == "failed"],
                }
            )
    return out


def reminders_cmd(
    chat: Annotated[str | None, typer.Option("--chat", help="Mã chat (hoặc telegram:ID)")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Lịch nhắc hạn của các chat: sắp gửi, đã gửi, lỗi."""
    cfg = settings()
    moment = resolve_now(now, cfg)
    engine = open_engine(db, cfg)
    data = reminders_data(engine, chat, moment, cfg)
    if chat and not data:
        fail(f"không có chat '{chat}' (viết nền_tảng:mã, vd. telegram:123456789)")
    with Session(engine) as session:
        names = {
            str(cid): str(name)
            for cid, name in session.execute(text("SELECT id, name FROM campaign")).all()
        }
    for item in data:
        for entry in item["planned"] + item["sent"] + item["failed"]:
            entry["campaign"] = names.get(entry.get("campaign_id") or "")
    if as_json:
        print_json(data)
        return
    for item in data:
        c = item["chat"]
        state = "" if c["active"] else " (ngừng hoạt động)"
        console.print(f"[bold]{c['platform']}:{c['chat_id']}[/bold] {c['title'] or ''}{state}")
        table = Table(show_header=True, header_style="bold")
        for col in ("Gửi lúc", "Phong trào", "Hạn", "Trước (ngày LV)", "Nội dung", "Trạng thái"):
            table.add_column(col)
        for p in item["planned"]:
            table.add_row(
                _local(dt.datetime.fromisoformat(p["send_at"]), cfg),
                _short(p["campaign"]),
                vn_date(dt.date.fromisoformat(p["due"])),
                str(p["lead"]),
                (p["what"] or p["ref_id"])[:60],
                STATUS_VI.get(p["status"], p["status"]),
            )
        for kind in ("sent", "failed"):
            for r in item[kind]:
                table.add_row(
                    _local(dt.datetime.fromisoformat(r["sent_at"] or r["next_attempt_at"]), cfg),
                    _short(r["campaign"]),
                    vn_date(dt.date.fromisoformat(r["due"])) if r["due"] else "—",
                    str(r["lead"]),
                    r["ref_id"] or "",
                    STATUS_VI[kind],
                )
        console.print(table)
        console.print(
            f"  {len(item['planned'])} sắp gửi, {len(item['sent'])} đã gửi, "
            f"{len(item['failed'])} lỗi"
        )


def outbox_cmd(
    failed: Annotated[bool, typer.Option("--failed", help="Chỉ các tin lỗi.")] = False,
    retry: Annotated[bool, typer.Option("--retry", help="Gửi lại các tin lỗi.")] = False,
    limit: Annotated[int, typer.Option("--limit")] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Hàng đợi tin gửi đi: số lượng theo trạng thái, các tin gần nhất; gửi lại tin lỗi."""
    cfg = settings()
    moment = resolve_now(now, cfg)
    engine = open_engine(db, cfg)
    with Session(engine) as session:
        retried = 0
        if retry:
            retried = retry_failed(session, None, moment)
            session.commit()
        counts = status_counts(session)
        rows = outbox_rows(session, status="failed" if failed else None, limit=limit)
        data: dict[str, Any] = {
            "counts": counts,
            "retried": retried,
            "rows": [_row_json(r, cfg) for r in rows],
        }
    if as_json:
        print_json(data)
        return
    if retry:
        console.print(f"Đã đưa {retried} tin lỗi trở lại hàng đợi.")
    summary = ", ".join(f"{STATUS_VI.get(k, k)}: {v}" for k, v in sorted(counts.items()))
    console.print(f"Hàng đợi: {summary or 'trống'}")
    table = Table(show_header=True, header_style="bold")
    for col in ("#", "Loại", "Chat", "Trạng thái", "Lần thử", "Lúc", "Lỗi"):
        table.add_column(col)
    for r in data["rows"]:
        table.add_row(
            str(r["id"]),
            r["kind"],
            f"{r['platform']}#{r['chat_pk']}",
            STATUS_VI.get(r["status"], r["status"]),
            str(r["attempts"]),
            _local(dt.datetime.fromisoformat(r["sent_at"] or r["next_attempt_at"]), cfg),
            (r["last_error"] or "")[:60],
        )
    console.print(table)


def broadcast_cmd(
    text: Annotated[str, typer.Argument(help="Nội dung thông báo")],
    to: Annotated[str, typer.Option("--to", help="all, hoặc tên cơ quan phát động")] = "all",
    as_json: JsonOption = False,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Gửi thông báo tới mọi chat (all) hoặc các chat theo dõi một cơ quan."""
    cfg = settings()
    moment = resolve_now(now, cfg)
    engine = open_engine(db, cfg)
    try:
        with Session(engine) as session:
            if to.strip().lower() != "all":
                _check_issuer(session, to)
            count = enqueue_broadcast(session, text, to, moment)
            session.commit()
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        print_json({"queued": count, "to": to})
    else:
        console.print(f"Đã xếp hàng {count} tin tới {'mọi chat' if to == 'all' else to}.")


def dispatch_cmd(
    once: Annotated[
        bool, typer.Option("--once", help="Lập lịch và gửi một lượt rồi thoát.")
    ] = False,
    unpaced: Annotated[
        bool, typer.Option("--unpaced", help="Bỏ giới hạn tốc độ (chỉ với máy chủ thử).")
    ] = False,
    batch_size: Annotated[int, typer.Option("--batch-size")] = 200,
    concurrency: Annotated[int, typer.Option("--concurrency")] = 32,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Chạy bộ gửi tin (lập lịch nhắc + gửi hàng đợi) tới khi bị dừng."""
    cfg = settings()
    start = resolve_now(now, cfg) if now else None
    engine = open_engine(db, cfg)
    asyncio.run(
        _dispatch(
            engine,
            cfg,
            Clock(cfg.tz, start),
            once=once,
            unpaced=unpaced,
            batch_size=batch_size,
            concurrency=concurrency,
        )
    )


def _check_issuer(session: Session, to: str) -> None:
    """Refuse an issuer no published campaign comes from, listing the known ones."""
    from scheduler.targets import issuer_matches

    known = sorted(
        {
            str(issuer)
            for issuer in session.execute(
                text("SELECT DISTINCT issuer FROM campaign WHERE status = 'published'")
            ).scalars()
            if issuer
        }
    )
    if not any(issuer_matches(to, issuer) for issuer in known):
        listed = "\n".join(f"  {issuer}" for issuer in known) or "  (chưa có)"
        fail(f"không có phong trào nào của cơ quan '{to}'. Các cơ quan đã biết:\n{listed}")


async def _transports(cfg: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if cfg.telegram_token is not None:
        from bot.telegram.transport import TelegramTransport

        out["telegram"] = TelegramTransport.from_settings(cfg)
    if cfg.zalo_token is not None:
        from bot.zalo.transport import ZaloTransport

        out["zalo"] = ZaloTransport.from_settings(cfg)
    for transport in out.values():
        await transport.start()
    return out


async def _dispatch(
    engine: Engine,
    cfg: Settings,
    clock: Clock,
    *,
    once: bool,
    unpaced: bool,
    batch_size: int,
    concurrency: int,
) -> None:
    from scheduler.dispatch_config import DispatchConfig
    from scheduler.service import SchedulerService

    transports = await _transports(cfg)
    if not transports:
        fail("chưa cấu hình THIDUABOT_TELEGRAM_TOKEN hay THIDUABOT_ZALO_TOKEN")
    pacer = Pacer.unlimited() if unpaced else Pacer(default_limits(cfg.telegram_paid_broadcast))
    config = DispatchConfig(batch_size=batch_size, concurrency=concurrency)
    service = SchedulerService(
        engine, transports, clock.now, pacer=pacer, config=config, tz=cfg.tz
    )
    try:
        if once:
            await service.plan_tick()
            result = await service.dispatch_tick()
            console.print(f"Đã gửi {result.sent if result else 0} tin.")
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await service.start()
        console.print(f"Bộ gửi tin đang chạy ({service.loop.worker}).")
        await stop.wait()
    finally:
        await service.stop()
        for transport in transports.values():
            await transport.close()
