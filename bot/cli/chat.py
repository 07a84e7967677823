"""`thiduabot chat`: the console chat over the real conversation handlers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from bot.cli.common import DbOption, NowOption, open_with_samples, resolve_now, settings


def register(app: typer.Typer) -> None:
    """Add the `chat` command to the CLI."""

    @app.command("chat")
    def chat(
        now: NowOption = None,
        db: DbOption = None,
        files_dir: Path | None = typer.Option(
            None,
            "--files-dir",
            help="Thư mục lưu tệp bot gửi (.ics, .png); mặc định THIDUABOT_OUTPUT_DIR "
            "(thiduabot-files)",
        ),
    ) -> None:
        """Trò chuyện với bot ngay trong cửa sổ dòng lệnh."""
        from bot.app import build_router
        from bot.clock import Clock
        from bot.console import ConsoleChat

        cfg = settings()
        clock = Clock(cfg.tz, resolve_now(now, cfg) if now else None)
        engine = open_with_samples(db, clock.now(), cfg)
        folder = (files_dir or Path(cfg.output_dir)).resolve()
        typer.echo(f"Tệp bot tạo ra (.ics, .png) được lưu vào: {folder}")
        from knowledge.documents.first_run import all_campaigns_ended

        with engine.connect() as conn:
            ended = all_campaigns_ended(conn, clock.now().date())
        if ended is not None:
            typer.echo(ended.text_vi(console=True))
        console = ConsoleChat(build_router(cfg, engine), clock.now, files_dir=folder)
        try:
            asyncio.run(console.run())
        finally:
            engine.dispose()
