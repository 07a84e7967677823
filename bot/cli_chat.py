"""`thiduabot chat`: the console chat over the real conversation handlers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the `chat` command to the CLI."""

    @app.command("chat")
    def chat(
        now: str | None = typer.Option(
            None, "--now", help="Thời điểm bắt đầu, ví dụ 2025-02-20 hoặc 2025-02-20T09:30"
        ),
        db: str | None = typer.Option(None, "--db", help="URL cơ sở dữ liệu"),
        files_dir: Path | None = typer.Option(
            None,
            "--files-dir",
            help="Thư mục lưu tệp bot gửi (.ics, .png); mặc định thư mục hiện tại",
        ),
    ) -> None:
        """Trò chuyện với bot ngay trong cửa sổ dòng lệnh."""
        from bot.app import build_router
        from bot.clock import Clock, parse_now
        from bot.console import ConsoleChat
        from bot.db import open_database
        from bot.settings import Settings

        settings = Settings()
        try:
            start = parse_now(now, settings.tz)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--now") from exc
        clock = Clock(settings.tz, start)
        engine = open_database(db or settings.database_url)
        if settings.load_samples:
            from knowledge.ingest import ensure_samples

            ensure_samples(engine, clock.now(), max_bytes=settings.max_file_bytes)
        console = ConsoleChat(build_router(settings, engine), clock.now, files_dir=files_dir)
        try:
            asyncio.run(console.run())
        finally:
            engine.dispose()
