"""Outbox: no foreign key from `chat_pk` to `chat.id`.

Chats are deactivated, never deleted, so the key guarded nothing the code does; on PostgreSQL
it cost a trigger call per inserted row: 3-4 s of the server's CPU in a first plan of 1.2 M
reminder rows (docs/scheduler.md). SQLite rebuilds the table (no trigger references it; its
indexes, the partial launch index included, are created again).

Revision ID: 0015_outbox_without_chat_fk
Revises: 0014_knowledge_index
"""

from __future__ import annotations

from alembic import op

revision = "0015_outbox_without_chat_fk"
down_revision = "0014_knowledge_index"
branch_labels = None
depends_on = None

# SQLite's key has no name: the naming convention gives the reflected one this name.
_FK = "fk_outbox_chat_pk_chat"
_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("outbox_chat_pk_fkey", "outbox", type_="foreignkey")
        return
    with op.batch_alter_table("outbox", naming_convention=_NAMES) as batch:
        batch.drop_constraint(_FK, type_="foreignkey")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key("outbox_chat_pk_fkey", "outbox", "chat", ["chat_pk"], ["id"])
        return
    with op.batch_alter_table("outbox", naming_convention=_NAMES) as batch:
        batch.create_foreign_key(_FK, "chat", ["chat_pk"], ["id"])
