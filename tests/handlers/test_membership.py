"""The bot's own membership through the real Router: greeting a group that adds it, stopping
reminders to a chat that removed or blocked it, following a group's migration."""

from __future__ import annotations

from sqlmodel import Session, select

from handlers.router import Router
from knowledge.presentation.catalogue import tr
from scheduler.planning.run import plan_reminders
from scheduler.schedule_tables import ChatRow, OutboxRow, SubscriptionRow
from tests.handlers.conftest import NOW, Chat


def _chat(router: Router, chat_id: str) -> ChatRow | None:
    with Session(router.services.engine) as s:
        return s.exec(select(ChatRow).where(ChatRow.chat_id == chat_id)).first()


def _pending(router: Router, chat_pk: int) -> list[OutboxRow]:
    with Session(router.services.engine) as s:
        return list(s.exec(select(OutboxRow).where(OutboxRow.chat_pk == chat_pk,
                                                   OutboxRow.status == "pending")))


async def test_added_to_a_group_greets_with_how_to_ask(router: Router) -> None:
    group = Chat(router, chat_id="-700", chat_kind="group", chat_title="Tổ thi đua")
    [greeting] = await group.send(membership="joined", bot_username="thiduabot")
    assert greeting.text == tr("vi", "group_joined", mention="@thiduabot")
    assert "/dangky" in greeting.text and "@thiduabot hạn nộp" in greeting.text
    row = _chat(router, "-700")
    assert row is not None and row.active and row.title == "Tổ thi đua"


async def test_removed_from_a_group_cancels_its_reminders_and_added_again_resumes(
    router: Router,
) -> None:
    admin = Chat(router, chat_id="-701", chat_kind="group", user_is_chat_admin=True)
    await admin.send("/dangky tatca")
    with Session(router.services.engine) as s:
        plan_reminders(s, NOW)
        s.commit()
    row = _chat(router, "-701")
    assert row is not None and row.id is not None
    assert _pending(router, row.id), "the subscribed group has reminders planned"

    assert await admin.send(membership="left") == []
    gone = _chat(router, "-701")
    assert gone is not None and not gone.active
    assert gone.deactivated_reason == "removed from the group"
    assert _pending(router, row.id) == []

    [hello] = await admin.send(membership="joined")
    back = _chat(router, "-701")
    assert back is not None and back.active and back.deactivated_reason is None
    assert hello.text == tr("vi", "group_joined", mention="tên tôi")
    with Session(router.services.engine) as s:  # what it followed is kept
        subs = s.exec(select(SubscriptionRow).where(SubscriptionRow.chat_pk == row.id)).all()
    assert [sub.scope for sub in subs] == ["all"]


async def test_blocked_in_private_deactivates_silently_and_unblock_reactivates(
    router: Router,
) -> None:
    user = Chat(router, chat_id="321", user_id="321")
    await user.send("/start")
    assert await user.send(membership="left") == []
    row = _chat(router, "321")
    assert row is not None and not row.active and row.deactivated_reason == "blocked by the user"
    assert await user.send(membership="returned") == []
    row = _chat(router, "321")
    assert row is not None and row.active


async def test_left_before_ever_talking_creates_nothing(router: Router) -> None:
    assert await Chat(router, chat_id="-702", chat_kind="group").send(membership="left") == []
    assert _chat(router, "-702") is None


async def test_migration_moves_the_chat_and_its_subscriptions(router: Router) -> None:
    old = Chat(router, chat_id="-703", chat_kind="group", user_is_chat_admin=True)
    await old.send("/dangky tatca")
    before = _chat(router, "-703")
    assert before is not None
    assert await old.send(migrated_to_chat_id="-1000703") == []
    assert _chat(router, "-703") is None
    moved = _chat(router, "-1000703")
    assert moved is not None and moved.id == before.id
    # the second service message (in the new supergroup) finds nothing left to move
    assert await old.send(migrated_to_chat_id="-1000703") == []
    with Session(router.services.engine) as s:
        subs = s.exec(select(SubscriptionRow).where(SubscriptionRow.chat_pk == moved.id)).all()
    assert [sub.scope for sub in subs] == ["all"]
