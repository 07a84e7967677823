"""The `thiduabot` command line (typer). Each area registers its commands from its module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="thiduabot",
    help="Trợ lý phong trào thi đua: đọc văn bản, trả lời câu hỏi, nhắc hạn trên Telegram/Zalo.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_registered = False


def _register() -> None:
    """Register every command group explicitly, in one readable list (once)."""
    global _registered
    if _registered:
        return
    _registered = True
    from bot import cli_answer, cli_chat, cli_knowledge, cli_run, cli_scheduler

    cli_knowledge.register(app)  # ingest, campaigns, deadlines, show
    cli_answer.register(app)  # ask
    cli_run.register(app)  # run
    cli_scheduler.register(app)  # reminders, outbox, broadcast, dispatch
    cli_chat.register(app)  # chat


def main() -> None:
    """Console-script entry point."""
    _register()
    app()
