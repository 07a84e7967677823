"""Options and helpers shared by every CLI command: database, clock, JSON output.

Imports stay light here (typer only): `thiduabot --help` loads every command module, so
whatever a command needs (SQLAlchemy, the knowledge base, the scheduler) is imported inside it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.settings import Settings

DbOption = Annotated[
    str | None, typer.Option("--db", help="URL cơ sở dữ liệu (mặc định: THIDUABOT_DATABASE_URL).")
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now", help="Coi như bây giờ là thời điểm này, vd. 2025-02-20 hoặc 2025-02-20T09:30."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="In JSON ổn định cho script.")]


def settings() -> Settings:
    """Settings from the environment and .env."""
    from bot.settings import Settings

    try:
        return Settings()
    except ValueError as exc:  # pydantic's ValidationError: a bad variable in env or .env
        fail(f"cấu hình sai: {exc}")
        raise  # unreachable


def resolve_now(now: str | None, cfg: Settings | None = None) -> dt.datetime:
    """`--now` parsed in the configured zone, or the current time."""
    from bot.clock import parse_now

    cfg = cfg or settings()
    try:
        parsed = parse_now(now, cfg.tz)
    except ValueError as exc:
        fail(str(exc))
    return parsed or dt.datetime.now(cfg.tz)


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A date option (YYYY-MM-DD or dd/mm/yyyy); a clear error otherwise."""
    if value is None:
        return None
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    fail(f"{option}: '{value}' không phải ngày hợp lệ (viết 2025-02-20 hoặc 20/02/2025)")
    raise AssertionError  # unreachable


def open_engine(db: str | None, cfg: Settings | None = None) -> Engine:
    """Open (and upgrade) the database given by --db or the settings."""
    from bot.db import open_database

    cfg = cfg or settings()
    try:
        return open_database(db or cfg.database_url)
    except Exception as exc:
        fail(f"Không mở được cơ sở dữ liệu: {exc.__class__.__name__}: {exc}")
        raise  # unreachable


def open_with_samples(db: str | None, now: dt.datetime, cfg: Settings | None = None) -> Engine:
    """Open the database; an empty one gets the bundled samples (unless LOAD_SAMPLES is off)."""
    from bot.db import open_with_samples as open_with_samples_at

    cfg = cfg or settings()
    try:
        return open_with_samples_at(db or cfg.database_url, now, cfg)
    except Exception as exc:
        fail(f"Không mở được cơ sở dữ liệu: {exc.__class__.__name__}: {exc}")
        raise  # unreachable


def print_json(data: Any) -> None:
    """Pretty JSON with Vietnamese kept readable."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = 2) -> None:
    """Print one clear line on stderr and exit."""
    print(f"Lỗi: {message}", file=sys.stderr)
    raise typer.Exit(code)
