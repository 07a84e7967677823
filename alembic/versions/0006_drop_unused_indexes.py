"""Drop indexes no query uses: every ingested document paid for them on each write.

Status has two values and every reader scans published rows anyway; no query filters
documents by province.

Revision ID: 0006_drop_unused_indexes
Revises: 0005_drop_section
"""

from __future__ import annotations

from alembic import op

revision = "0006_drop_unused_indexes"
down_revision = "0005_drop_section"
branch_labels = None
depends_on = None

_DROPPED = (
    ("document", "ix_document_status", "status"),
    ("document", "ix_document_province", "province"),
    ("campaign", "ix_campaign_status", "status"),
)


def upgrade() -> None:
    for table, name, _column in _DROPPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)


def downgrade() -> None:
    for table, name, column in _DROPPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, [column], unique=False)
