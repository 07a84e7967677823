"""👍/👎 under answers, and the admins' /chuatraloi: what the bot could not answer well."""

from __future__ import annotations

import datetime as dt
import logging
import re

from sqlalchemy.exc import SQLAlchemyError

from handlers import question_log
from handlers.context import Ctx
from handlers.conversation_tables import FEEDBACK_DOWN, FEEDBACK_UP
from handlers.formatting import fmt_date, shorten
from handlers.messages import Button, Reply
from knowledge.answer.contract import Answer

DEFAULT_DAYS = 7
MAX_DAYS = 366
MAX_GROUPS = 15
RETENTION_CHECK_EVERY = dt.timedelta(days=1)
log = logging.getLogger(__name__)
_DAYS = re.compile(r"^\s*(\d{1,4})\s*(?:ngay|ngày|days?|d)?\s*$", re.IGNORECASE)


def feedback_buttons(ctx: Ctx, question_id: int) -> list[Button]:
    """The 👍/👎 row under an answer (Zalo shows it as two numbered choices)."""
    return [
        Button(ctx.t("feedback_up_button"), f"fb:up:{question_id}"),
        Button(ctx.t("feedback_down_button"), f"fb:down:{question_id}"),
    ]


def log_question(ctx: Ctx, text: str, result: Answer, seconds: float) -> int | None:
    """Store the question (and prune beyond the retention period, at most once a day); its
    id, or None when the log could not be written (the answer is still given)."""
    services = ctx.services
    try:
        with ctx.session.begin_nested():  # a failed write must not undo the chat's other work
            last = services.question_log_pruned_at
            if last is None or ctx.now - last >= RETENTION_CHECK_EVERY:
                services.question_log_pruned_at = ctx.now
                keep = dt.timedelta(days=services.question_retention_days)
                question_log.prune(ctx.session, ctx.now - keep)
            return question_log.record(
                ctx.session,
                chat_pk=ctx.chat_pk,
                platform=ctx.incoming.platform,
                text=text,
                now=ctx.now,
                result=result,
                seconds=seconds,
            )
    except SQLAlchemyError:
        log.exception("writing the question log failed in chat %s", ctx.chat_pk)
        return None


def feedback_callback(ctx: Ctx, data: str) -> list[Reply]:
    """ "up:<id>" or "down:<id>": store the reader's verdict on that answer."""
    verdict, _, raw_id = data.partition(":")
    value = {"up": FEEDBACK_UP, "down": FEEDBACK_DOWN}.get(verdict)
    if value is None or not raw_id.isdigit():
        return []
    if not question_log.set_feedback(ctx.session, int(raw_id), ctx.chat_pk, value, ctx.now):
        return [Reply(ctx.t("feedback_gone"))]
    ctx.session.commit()
    return [Reply(ctx.t("feedback_thanks_up" if value == FEEDBACK_UP else "feedback_thanks_down"))]


def parse_days(args: str) -> int | None:
    """ "" → 7; "30", "30 ngày" → 30; None when it is not a number of days in 1..366."""
    if not args.strip():
        return DEFAULT_DAYS
    m = _DAYS.match(args)
    if not m:
        return None
    days = int(m.group(1))
    return days if 1 <= days <= MAX_DAYS else None


def unanswered_command(ctx: Ctx, args: str) -> list[Reply]:
    """Unanswered and 👎 questions of the last N days, grouped by wording, most asked first."""
    days = parse_days(args)
    if days is None:
        return [Reply(ctx.t("unanswered_bad_days", max=MAX_DAYS))]
    since = ctx.now - dt.timedelta(days=days)
    groups = question_log.group_questions(question_log.problem_questions(ctx.session, since))
    totals = question_log.counts(ctx.session, since)
    summary = ctx.t(
        "unanswered_totals",
        asked=totals.questions,
        refused=totals.unanswered,
        up=totals.liked,
        down=totals.disliked,
    )
    if not groups:
        return [Reply(ctx.t("unanswered_none", days=days) + "\n" + summary)]
    lines = [ctx.t("unanswered_header", days=days, n=sum(g.count for g in groups),
                   groups=len(groups)), summary]
    for i, g in enumerate(groups[:MAX_GROUPS], 1):
        bits = []
        if g.unanswered:
            bits.append(ctx.t("unanswered_refused", n=g.unanswered))
        if g.disliked:
            bits.append(f"{g.disliked} 👎")
        last = g.last_asked.astimezone(ctx.services.tz).date() if g.last_asked else None
        lines.append(
            f"{i}. “{shorten(g.text, 160)}” — "
            + ctx.t("unanswered_times", n=g.count, detail=", ".join(bits),
                    last=fmt_date(last) if last else "?")
        )
        others = [w for w in g.wordings if w != g.text][:2]
        if others:
            quoted = "; ".join(f"“{shorten(w, 80)}”" for w in others)
            lines.append("   " + ctx.t("unanswered_also", wordings=quoted))
    if len(groups) > MAX_GROUPS:
        lines.append(ctx.t("unanswered_more", n=len(groups) - MAX_GROUPS))
    lines.append(ctx.t("unanswered_hint"))
    return [Reply("\n".join(lines))]
