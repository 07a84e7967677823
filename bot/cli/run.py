"""`thiduabot run`: every configured platform and the scheduler ticks in one process."""

from __future__ import annotations

import asyncio
import signal
from typing import TYPE_CHECKING

import typer

from bot.cli.common import DbOption, NowOption, resolve_now, settings

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.settings import Settings


def register(app: typer.Typer) -> None:
    """Add the `run` command to the CLI."""

    @app.command("run")
    def run(
        now: NowOption = None,
        db: DbOption = None,
        log_level: str | None = typer.Option(
            None,
            "--log-level",
            help="DEBUG, INFO, WARNING (mặc định: INFO; WARNING khi chat trên console)",
        ),
    ) -> None:
        """Chạy bot: Telegram và/hoặc Zalo (khi có token), nếu không thì chat trên console."""
        from pathlib import Path

        from bot.clock import Clock
        from bot.logs import configure_logging

        cfg = settings()
        start = resolve_now(now, cfg) if now else None
        tokens = [
            t.get_secret_value()
            for t in (cfg.telegram_token, cfg.zalo_token)
            if t is not None and t.get_secret_value().strip()
        ]
        level = (log_level or ("INFO" if tokens else "WARNING")).upper()
        # On the console the chat is the screen: the log (APScheduler's "missed by" warnings
        # included) goes to a file in the output folder instead.
        log_file = None if tokens else Path(cfg.output_dir).resolve() / "thiduabot.log"
        configure_logging(level, cfg.log_format, tuple(tokens), file=log_file)
        if log_file is not None:
            typer.echo(f"Tệp bot tạo ra (.ics, .png) và nhật ký: {log_file.parent}")
        asyncio.run(serve(cfg, Clock(cfg.tz, start), db))


async def serve(settings: Settings, clock: Clock, db: str | None) -> None:
    """Run the bot until SIGINT or SIGTERM, then stop cleanly."""
    from bot.app import run_bot

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run_bot(settings, clock, db_url=db, stop=stop)
