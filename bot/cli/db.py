"""`thiduabot db upgrade` and `thiduabot db current`: the schema, on the bot's own database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bot.cli.common import DbOption, JsonOption, fail, print_json, settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

db_app = typer.Typer(
    help="Lược đồ cơ sở dữ liệu (Alembic): nâng cấp, xem phiên bản.", no_args_is_help=True
)


def _engine(db: str | None) -> Engine:
    from bot.db import make_engine

    try:
        return make_engine(db or settings().database_url)
    except Exception as exc:
        fail(f"Không mở được cơ sở dữ liệu: {exc.__class__.__name__}: {exc}")
        raise  # unreachable


@db_app.command("upgrade")
def upgrade_cmd(db: DbOption = None) -> None:
    """Nâng cấp lược đồ lên phiên bản mới nhất (bot cũng tự làm khi khởi động)."""
    from bot.db import current_revisions, head_revisions, upgrade

    engine = _engine(db)
    try:
        with engine.connect() as conn:
            before = current_revisions(conn)
        upgrade(engine)
        with engine.connect() as conn:
            after = current_revisions(conn)
    except Exception as exc:
        fail(f"Nâng cấp thất bại: {exc.__class__.__name__}: {exc}")
    finally:
        engine.dispose()
    if before == after:
        typer.echo(f"Lược đồ đã ở phiên bản mới nhất: {', '.join(sorted(after))}")
    else:
        old = ", ".join(sorted(before)) or "(trống)"
        typer.echo(f"Đã nâng cấp lược đồ: {old} → {', '.join(sorted(after))}")
    assert after == head_revisions()


@db_app.command("current")
def current_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Phiên bản lược đồ của cơ sở dữ liệu và phiên bản mới nhất; thoát 1 nếu cần nâng cấp."""
    from bot.db import current_revisions, head_revisions

    engine = _engine(db)
    try:
        with engine.connect() as conn:
            current = current_revisions(conn)
    except Exception as exc:
        fail(f"Không đọc được cơ sở dữ liệu: {exc.__class__.__name__}: {exc}")
    finally:
        engine.dispose()
    head = head_revisions()
    url = engine.url.render_as_string(hide_password=True)
    if as_json:
        print_json(
            {"database": url, "current": sorted(current), "head": sorted(head),
             "up_to_date": current == head}
        )
    else:
        typer.echo(f"Cơ sở dữ liệu: {url}")
        typer.echo(f"Phiên bản hiện tại: {', '.join(sorted(current)) or '(chưa có lược đồ)'}")
        typer.echo(f"Phiên bản mới nhất: {', '.join(sorted(head))}")
        typer.echo("Đã cập nhật." if current == head else "Cần nâng cấp: thiduabot db upgrade")
    if current != head:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `db` command group."""
    app.add_typer(db_app, name="db")
