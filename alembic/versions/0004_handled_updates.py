"""platform edge: one handled_update ledger for every platform (replaces zalo_seen_message)

Zalo rows that were answered (done_at set) move over; rows claimed but never marked done
belong to a handling that crashed mid-way, so they are not carried: if Zalo hands such an
event out again it is answered (at most once more), rather than lost.

Revision ID: 0004_handled_updates
Revises: 0003_platform
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0004_handled_updates'
down_revision = '0003_platform'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handled_update',
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('update_key', sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
    sa.Column('chat_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('handled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('platform', 'update_key')
    )
    with op.batch_alter_table('handled_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handled_update_handled_at'), ['handled_at'],
                              unique=False)
    op.execute(
        "INSERT INTO handled_update (platform, update_key, chat_id, handled_at) "
        "SELECT 'zalo', message_id, chat_id, done_at FROM zalo_seen_message "
        "WHERE done_at IS NOT NULL"
    )
    with op.batch_alter_table('zalo_seen_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zalo_seen_message_seen_at'))
    op.drop_table('zalo_seen_message')


def downgrade() -> None:
    op.create_table('zalo_seen_message',
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('chat_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('message_id')
    )
    with op.batch_alter_table('zalo_seen_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zalo_seen_message_seen_at'), ['seen_at'],
                              unique=False)
    op.execute(
        "INSERT INTO zalo_seen_message (message_id, chat_id, seen_at, done_at) "
        "SELECT update_key, chat_id, handled_at, handled_at FROM handled_update "
        "WHERE platform = 'zalo' AND length(update_key) <= 64"
    )
    with op.batch_alter_table('handled_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handled_update_handled_at'))
    op.drop_table('handled_update')
