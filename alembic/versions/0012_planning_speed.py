"""Outbox: an index on `kind` for launch rows only, so reminder rows do not pay for one.

The outbox is mostly reminder rows, and every query of reminders also filters a column with
its own index (status, chat, campaign, reference); only launch queries ("the latest launch",
pending launches of a withdrawn campaign) need `kind`. A first plan of 1.2 M reminder rows
spent ~1.4 s of PostgreSQL's CPU maintaining the full index (docs/scheduler.md). The partial
index is on `created_at` (the latest launch reads it backwards); both databases use it for a
query stating `kind = 'launch'`.

Revision ID: 0012_planning_speed
Revises: 0010_question_log
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_planning_speed"
down_revision = "0010_question_log"
branch_labels = None
depends_on = None

_LAUNCH = sa.text("kind = 'launch'")


def upgrade() -> None:
    # plain CREATE / DROP INDEX: no table rebuild on SQLite (the change-journal triggers stay)
    op.create_index(
        "ix_outbox_launch",
        "outbox",
        ["created_at"],
        unique=False,
        postgresql_where=_LAUNCH,
        sqlite_where=_LAUNCH,
    )
    op.drop_index("ix_outbox_kind", table_name="outbox")


def downgrade() -> None:
    op.create_index("ix_outbox_kind", "outbox", ["kind"], unique=False)
    op.drop_index("ix_outbox_launch", table_name="outbox")
