"""CLI commands of the scheduler: reminders, outbox, broadcast, dispatch, progress.

Only the signatures live here (typer reads them for `--help`); each command imports its
implementation, bot.cli.scheduler_impl, when it runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import DbOption, JsonOption, NowOption


def reminders_cmd(
    chat: Annotated[
        str | None,
        typer.Option(
            "--chat",
            help="Chat dạng nền_tảng:mã, vd. telegram:123456789 hoặc zalo:8a1b2c3d (hoặc chỉ mã)",
        ),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Lịch nhắc hạn của các chat: sắp gửi, đã gửi, lỗi."""
    from bot.cli import scheduler_impl as impl

    impl.reminders_cmd(chat=chat, as_json=as_json, db=db, now=now)


def outbox_cmd(
    failed: Annotated[bool, typer.Option("--failed", help="Chỉ các tin lỗi.")] = False,
    retry: Annotated[bool, typer.Option("--retry", help="Gửi lại các tin lỗi.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Số tin tối đa in ra.")] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Hàng đợi tin gửi đi: số lượng theo trạng thái, các tin gần nhất; gửi lại tin lỗi."""
    from bot.cli import scheduler_impl as impl

    impl.outbox_cmd(failed=failed, retry=retry, limit=limit, as_json=as_json, db=db, now=now)


def broadcast_cmd(
    text: Annotated[str, typer.Argument(help="Nội dung thông báo")],
    to: Annotated[str, typer.Option("--to", help="all, hoặc tên cơ quan phát động")] = "all",
    as_json: JsonOption = False,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Gửi thông báo tới mọi chat (all) hoặc các chat theo dõi một cơ quan."""
    from bot.cli import scheduler_impl as impl

    impl.broadcast_cmd(text=text, to=to, as_json=as_json, db=db, now=now)


def dispatch_cmd(
    once: Annotated[
        bool, typer.Option("--once", help="Lập lịch và gửi một lượt rồi thoát.")
    ] = False,
    unpaced: Annotated[
        bool, typer.Option("--unpaced", help="Bỏ giới hạn tốc độ (chỉ với máy chủ thử).")
    ] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Số tin nhận mỗi lượt.")] = 200,
    concurrency: Annotated[int, typer.Option("--concurrency", help="Số tin gửi đồng thời.")] = 32,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Chạy bộ gửi tin (lập lịch nhắc + gửi hàng đợi) tới khi bị dừng."""
    from bot.cli import scheduler_impl as impl

    impl.dispatch_cmd(
        once=once, unpaced=unpaced, batch_size=batch_size, concurrency=concurrency, db=db, now=now
    )


def progress_cmd(
    campaign: Annotated[
        str, typer.Argument(help="Mã hoặc tên phong trào; 'all' cho mọi phong trào")
    ],
    undo: Annotated[
        str | None,
        typer.Option("--undo", help="Hủy xác nhận nộp nhầm của đơn vị này (tên đơn vị)"),
    ] = None,
    ref: Annotated[
        str | None,
        typer.Option("--ref", help="Với --undo: mã hạn (mặc định: xác nhận gần nhất)"),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    now: NowOption = None,
) -> None:
    """Tiến độ nộp theo từng hạn: đơn vị đã và chưa xác nhận; hủy một xác nhận nhầm."""
    from bot.cli import progress_impl as impl

    impl.progress_cmd(campaign=campaign, undo=undo, ref=ref, as_json=as_json, db=db, now=now)


def register(app: typer.Typer) -> None:
    """Add the scheduler commands to the CLI."""
    app.command("reminders")(reminders_cmd)
    app.command("outbox")(outbox_cmd)
    app.command("broadcast")(broadcast_cmd)
    app.command("dispatch")(dispatch_cmd)
    app.command("progress")(progress_cmd)
