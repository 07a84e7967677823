"""`thiduabot run`: every configured platform and the scheduler ticks in one process."""

from __future__ import annotations

import asyncio
import logging
import signal

import typer

from bot.cli_common import DbOption, NowOption, resolve_now
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
        from bot.redact import install_redaction

        settings = Settings()
        start = resolve_now(now, settings) if now else None
        tokens = [
            t.get_secret_value()
            for t in (settings.telegram_token, settings.zalo_token)
            if t is not None and t.get_secret_value().strip()
        ]
        # On the console the chat is the screen: only warnings interleave with it.
        level = (log_level or ("INFO" if tokens else "WARNING")).upper()
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if level != "DEBUG":  # one line per tick is noise; APScheduler's warnings stay
            logging.getLogger("apscheduler").setLevel(logging.WARNING)
        install_redaction(*tokens)
        asyncio.run(serve(settings, Clock(settings.tz, start), db))


async def serve(settings: Settings, clock: Clock, db: str | None) -> None:
    """Run the bot until SIGINT or SIGTERM, then stop cleanly."""
    from bot.app import run_bot

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run_bot(settings, clock, db_url=db, stop=stop)
