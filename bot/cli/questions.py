"""CLI: `thiduabot questions` — the question log: what was asked, what the bot could not answer.

Only typer is imported at module level (`thiduabot --help` stays light); the database and the
log's code are imported when the command runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from bot.cli.common import (
    DbOption,
    JsonOption,
    NowOption,
    open_engine,
    parse_day,
    print_json,
    resolve_now,
    settings,
)

DEFAULT_DAYS = 7


def questions(
    db: DbOption = None,
    now: NowOption = None,
    as_json: JsonOption = False,
    unanswered: Annotated[
        bool,
        typer.Option(
            "--unanswered",
            help="Chỉ câu chưa trả lời được hoặc bị đánh giá 👎, gộp theo cách hỏi giống nhau.",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Từ ngày này (mặc định: 7 ngày trước)."),
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Xóa câu hỏi cũ hơn THIDUABOT_QUESTION_RETENTION_DAYS (mặc định 180 ngày).",
        ),
    ] = False,
) -> None:
    """Nhật ký câu hỏi: câu đã hỏi, câu bot chưa trả lời được, đánh giá 👍/👎."""
    from sqlmodel import Session

    from handlers import question_log
    from knowledge.presentation.dates import format_date, format_moment

    cfg = settings()
    moment = resolve_now(now, cfg)
    engine = open_engine(db, cfg)
    day = parse_day(since, "--since")
    start = (
        dt.datetime.combine(day, dt.time(), cfg.tz)
        if day is not None
        else moment - dt.timedelta(days=DEFAULT_DAYS)
    )
    with Session(engine) as session:
        if prune:
            keep = dt.timedelta(days=cfg.question_retention_days)
            removed = question_log.prune(session, moment - keep)
            session.commit()
            typer.echo(f"Đã xóa {removed} câu hỏi cũ hơn {cfg.question_retention_days} ngày.")
            return
        totals = question_log.counts(session, start)
        if unanswered:
            groups = question_log.group_questions(question_log.problem_questions(session, start))
            if as_json:
                print_json(
                    {
                        "since": start.isoformat(),
                        "totals": vars(totals),
                        "groups": [g.to_json() for g in groups],
                    }
                )
                return
            typer.echo(
                f"Từ {format_date(start)}: {totals.questions} câu hỏi, "
                f"{totals.unanswered} chưa trả lời được, {totals.liked} 👍, {totals.disliked} 👎."
            )
            if not groups:
                typer.echo("Không có câu hỏi nào chưa trả lời được hoặc bị đánh giá 👎.")
            for i, g in enumerate(groups, 1):
                detail = f"{g.unanswered} chưa trả lời được, {g.disliked} 👎"
                typer.echo(f"{i}. {g.count} lần ({detail}) — {g.text}")
                for other in g.wordings[1:4]:
                    typer.echo(f"     cũng hỏi: {other}")
            return
        rows = question_log.recent_questions(session, start)
        if as_json:
            print_json({"since": start.isoformat(), "totals": vars(totals),
                        "questions": [question_log.row_json(r) for r in rows]})
            return
        for r in rows:
            mark = "✓" if r.answered else "✗"
            vote = {1: " 👍", -1: " 👎"}.get(r.feedback or 0, "")
            when = format_moment(r.asked_at, cfg.tz)
            typer.echo(f"{when} {mark}{vote} [{r.intent}] {r.text}")


def register(app: typer.Typer) -> None:
    """Add `questions` to the CLI."""
    app.command("questions")(questions)
