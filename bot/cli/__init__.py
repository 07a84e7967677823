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


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"thiduabot {version('thiduabot')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("thiduabot (chưa cài đặt)")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: bool = typer.Option(
        False, "--version", help="In phiên bản rồi thoát.", callback=_version, is_eager=True
    ),
) -> None:
    """Trợ lý phong trào thi đua: đọc văn bản, trả lời câu hỏi, nhắc hạn trên Telegram/Zalo."""


_registered = False


def _register() -> None:
    """Register every command group explicitly, in one readable list (once)."""
    global _registered
    if _registered:
        return
    _registered = True
    from bot.cli import answer, chat, db, knowledge, questions, run, scheduler

    knowledge.register(app)  # ingest, campaigns, deadlines, show
    answer.register(app)  # ask
    run.register(app)  # run
    scheduler.register(app)  # reminders, outbox, broadcast, dispatch
    chat.register(app)  # chat
    db.register(app)  # db upgrade, db current
    questions.register(app)  # questions


def main() -> None:
    """Console-script entry point."""
    _register()
    app()
