"""CLI commands over the knowledge base: ingest, campaigns, deadlines, show.

Only the signatures live here (typer reads them for `--help`); each command imports its
implementation when it runs: bot.cli.ingest_impl (ingest) or bot.cli.catalog_impl (campaigns,
deadlines, show).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import DbOption, JsonOption, NowOption


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Tệp (.txt .md .docx .pdf) hoặc thư mục.")],
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="Sửa một trường: --set document.number=31/KH-UBND (lặp lại được)."
        ),
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Lưu bản nháp (chưa trả lời, chưa nhắc).")
    ] = False,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Lập lịch nhắc ngay và thông báo phong trào tới các chat đã đăng ký."
        ),
    ] = False,
) -> None:
    """Nhập văn bản phong trào vào kho tri thức (tệp không đổi được bỏ qua)."""
    from bot.cli import ingest_impl as impl

    impl.ingest(
        paths=paths,
        db=db,
        now=now,
        as_json=as_json,
        set_values=set_values,
        draft=draft,
        publish=publish,
    )


def campaigns(
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
    active_on: Annotated[
        str | None, typer.Option("--active-on", help="Chỉ các phong trào diễn ra vào ngày này.")
    ] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Kể cả bản nháp.")] = False,
) -> None:
    """Danh sách phong trào, phong trào đang diễn ra trước."""
    from bot.cli import catalog_impl as impl

    impl.campaigns(db=db, now=now, as_json=as_json, active_on=active_on, drafts=drafts)


def deadlines(
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
    date_from: Annotated[str | None, typer.Option("--from", help="Từ ngày này.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Đến ngày này.")] = None,
) -> None:
    """Các mốc hạn của phong trào đã công bố, theo ngày."""
    from bot.cli import catalog_impl as impl

    impl.deadlines(db=db, now=now, as_json=as_json, date_from=date_from, date_to=date_to)


def show(
    campaign: Annotated[
        str,
        typer.Argument(help="Mã phong trào, mã văn bản, tên tệp hoặc một phần tên phong trào."),
    ],
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mọi điều đọc được từ một văn bản phong trào."""
    from bot.cli import catalog_impl as impl

    impl.show(campaign=campaign, db=db, now=now, as_json=as_json)


def register(app: typer.Typer) -> None:
    """Add the knowledge-base commands to the CLI."""
    app.command("ingest")(ingest)
    app.command("campaigns")(campaigns)
    app.command("deadlines")(deadlines)
    app.command("show")(show)
