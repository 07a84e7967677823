"""Question log end to end: a question asked through the fake Telegram server is logged, a 👎
pressed on an answer is counted, and both show in /chuatraloi and in the real CLI process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.app import BotApp
from knowledge.presentation.catalogue import tr
from tests.e2e.test_conversation_telegram import ADMIN, USER, ask, bot  # noqa: F401
from tests.fakes.telegram_api import FakeTelegram
from tests.waiting import LIMIT

ROOT = Path(__file__).resolve().parent.parent.parent
UNANSWERABLE = "công thức nấu phở bò"
ANSWERABLE = "han gui ke hoach dot thi dua dac biet la khi nao"


async def test_unanswered_and_disliked_questions_reach_the_officer(
    bot: tuple[FakeTelegram, BotApp],  # noqa: F811
) -> None:
    tg, app = bot
    [refusal] = await ask(tg, USER, UNANSWERABLE)
    assert refusal and not tg.sent_to(USER)[-1].button_rows()  # nothing to rate on a refusal
    await ask(tg, USER, ANSWERABLE)
    answer = tg.sent_to(USER)[-1]
    fb = [data for row in answer.button_rows() for _, data in row if data.startswith("fb:")]
    assert [d.split(":")[1] for d in fb] == ["up", "down"]
    before = len(tg.sent_to(USER))
    edits = len(tg.edits)
    tg.push_callback(USER, fb[1], message_id=answer.message_id)
    await tg.wait_for(lambda: len(tg.sent_to(USER)) > before and len(tg.edits) > edits)
    assert tg.sent_to(USER)[-1].text == tr("vi", "feedback_thanks_down")
    # only the rating row went: "Nhắc tôi" (the cut-off 25/02/2025 is ahead) is still there
    left = [data for row in answer.button_rows() for _, data in row]
    assert left and not any(d.startswith("fb:") for d in left)
    assert any(d.startswith("remind:") for d in left)

    [report] = await ask(tg, ADMIN, "/chuatraloi", user=ADMIN)
    assert f"“{UNANSWERABLE}”" in report and "1 chưa trả lời được" in report
    assert f"“{ANSWERABLE}”" in report and "1 👎" in report
    assert "2 câu hỏi, 1 chưa trả lời được, 0 👍, 1 👎" in report

    # the same log through the real CLI, in its own process, on the bot's database
    env = {k: v for k, v in os.environ.items() if not k.startswith("THIDUABOT_")}
    done = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", "questions", "--unanswered",
         "--json", "--db", str(app.engine.url), "--since", "2025-02-19",
         "--now", "2025-02-21T09:00"],
        env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=LIMIT,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["totals"] == {"questions": 2, "unanswered": 1, "liked": 0, "disliked": 1}
    by_text = {g["text"]: g for g in data["groups"]}
    assert by_text[UNANSWERABLE]["unanswered"] == 1 and by_text[UNANSWERABLE]["count"] == 1
    assert by_text[ANSWERABLE]["disliked"] == 1
