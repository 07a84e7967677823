"""CLI: `thiduabot ask "QUESTION"` answers one question from the knowledge base."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import (
    DbOption,
    JsonOption,
    NowOption,
    open_with_samples,
    print_json,
    resolve_now,
    settings,
)


def ask(
    question: Annotated[str, typer.Argument(help="Câu hỏi, có dấu hoặc không dấu.")],
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
) -> None:
    """Trả lời một câu hỏi từ các văn bản phong trào, kèm nguồn."""
    from knowledge.answer.core import answer
    from knowledge.store.saved_index import open_knowledge_base

    cfg = settings()
    moment = resolve_now(now, cfg)
    engine = open_with_samples(db, moment, cfg)
    kb = open_knowledge_base(engine)
    reply = answer(kb, question, moment)
    if as_json:
        print_json(reply.to_json())
    else:
        typer.echo(reply.text)


def register(app: typer.Typer) -> None:
    """Add `ask` to the CLI."""
    app.command("ask")(ask)
