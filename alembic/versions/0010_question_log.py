"""Question log with 👍/👎 feedback, and the secret tokens of chats' calendar feeds.

Two new tables only (nothing with the change-journal triggers is rebuilt).

Revision ID: 0010_question_log
Revises: 0009_units
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010_question_log"
down_revision = "0009_units"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_pk", sa.Integer(), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("asked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("campaign_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("citations", sa.Text(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("feedback", sa.Integer(), nullable=True),
        sa.Column("feedback_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["chat_pk"], ["chat.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_question_log_asked_at", "question_log", ["asked_at"], unique=False)
    op.create_index("ix_question_log_chat_pk", "question_log", ["chat_pk"], unique=False)
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_pk", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["chat_pk"], ["chat.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_pk"),
        sa.UniqueConstraint("token_hash"),
    )


def downgrade() -> None:
    op.drop_table("calendar_feed")
    op.drop_index("ix_question_log_chat_pk", table_name="question_log")
    op.drop_index("ix_question_log_asked_at", table_name="question_log")
    op.drop_table("question_log")
