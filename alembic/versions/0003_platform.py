"""platform edge: zalo_seen_message (dedupe of Zalo events, which have no offset)

Revision ID: 0003_platform
Revises: 0002_outbox
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0003_platform'
down_revision = '0002_outbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('zalo_seen_message',
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('chat_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('message_id')
    )
    with op.batch_alter_table('zalo_seen_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zalo_seen_message_seen_at'), ['seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('zalo_seen_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zalo_seen_message_seen_at'))
    op.drop_table('zalo_seen_message')
