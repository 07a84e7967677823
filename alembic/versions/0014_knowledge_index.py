"""knowledge base: persisted answering index, document revision tokens

Revision ID: 0014_knowledge_index
Revises: 0013_webhook_inbox
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0014_knowledge_index'
down_revision = '0013_webhook_inbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('knowledge_index',
    sa.Column('statuses', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('format', sa.Integer(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('built_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('statuses')
    )
    # In place on both dialects: a batch rebuild of `document` would trip SQLite's triggers
    # that reference it (the planning change log of 0009).
    op.add_column('document', sa.Column('revision', sqlmodel.sql.sqltypes.AutoString(length=32),
                                        nullable=False, server_default=''))
    op.create_index('ix_document_revisions', 'document', ['status', 'source', 'id', 'revision'])


def downgrade() -> None:
    op.drop_index('ix_document_revisions', table_name='document')
    # SQLite >= 3.35 drops a column in place (no table rebuild, the triggers stay).
    op.drop_column('document', 'revision')
    op.drop_table('knowledge_index')
