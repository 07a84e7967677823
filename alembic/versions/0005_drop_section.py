"""Drop the section table: sections live in the document's JSON, which is what is read.

Revision ID: 0005_drop_section
Revises: 0004_handled_updates
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_drop_section"
down_revision = "0004_handled_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_section_document_id"))
    op.drop_table("section")


def downgrade() -> None:
    op.create_table(
        "section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_section_document_id"), ["document_id"], unique=False)
