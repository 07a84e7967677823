"""Units, the chats that speak for them, their "Đã nộp" confirmations; the weekly digest flag.

New tables only (plus one added column on `chat`, which SQLite adds without rebuilding the
table, so its change triggers stay): `unit`, `chat_unit`, `unit_submission`. Their change
triggers (listed in `scheduler.changes.WATCHED`) tell the incremental planner which chats to
re-plan when a unit's submission is recorded or undone, or a chat joins or leaves a unit.

Revision ID: 0009_units
Revises: 0007_plan_changes
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009_units"
down_revision = "0007_plan_changes"
branch_labels = None
depends_on = None

_AUTO = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime

# table, watched columns, the chats whose plan the changed row affects ({r} is OLD or NEW)
_WATCH = (
    ("chat_unit", ("chat_pk", "unit_id"), "SELECT 'chat', CAST({r}.chat_pk AS TEXT)"),
    ("unit_submission", ("unit_id", "ref_id"),
     "SELECT 'chat', CAST(cu.chat_pk AS TEXT) FROM chat_unit cu WHERE cu.unit_id = {r}.unit_id"),
)  # fmt: skip


def _q(col: str) -> str:
    return f'"{col}"'


def _sqlite_triggers() -> list[str]:
    out: list[str] = []
    for table, cols, select in _WATCH:
        new = f"INSERT INTO plan_change (scope, ref) {select.format(r='NEW')};"
        old = f"INSERT INTO plan_change (scope, ref) {select.format(r='OLD')};"
        changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in cols)
        name = f"plan_change_{table}"
        out.append(f"CREATE TRIGGER {name}_ins AFTER INSERT ON {table} BEGIN {new} END")
        out.append(
            f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {table} WHEN {changed} "
            f"BEGIN {new} {old} END"
        )
        out.append(f"CREATE TRIGGER {name}_del AFTER DELETE ON {table} BEGIN {old} END")
    return out


def _pg_triggers() -> list[str]:
    out: list[str] = []
    for table, cols, select in _WATCH:
        new = f"INSERT INTO plan_change (scope, ref) {select.format(r='NEW')};"
        old = f"INSERT INTO plan_change (scope, ref) {select.format(r='OLD')};"
        olds = ", ".join(f"OLD.{_q(c)}" for c in cols)
        news = ", ".join(f"NEW.{_q(c)}" for c in cols)
        name = f"plan_change_{table}"
        out.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n"
            f"  IF TG_OP = 'INSERT' THEN {new}\n"
            f"  ELSIF TG_OP = 'DELETE' THEN {old}\n"
            f"  ELSIF ROW({olds}) IS DISTINCT FROM ROW({news}) THEN {new} {old}\n"
            f"  END IF;\n"
            f"  RETURN NULL;\n"
            f"END $$"
        )
        out.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    return out


def upgrade() -> None:
    op.add_column(
        "chat", sa.Column("weekly_digest", sa.Boolean(), server_default="0", nullable=False)
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _AUTO(length=255), nullable=False),
        sa.Column("name_key", _AUTO(length=255), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key", name="uq_unit_name_key"),
    )
    op.create_table(
        "chat_unit",
        sa.Column("chat_pk", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("set_by", _AUTO(length=64), nullable=True),
        sa.Column("set_at", _TIME(), nullable=False),
        sa.ForeignKeyConstraint(["chat_pk"], ["chat.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("chat_pk"),
    )
    op.create_index("ix_chat_unit_unit_id", "chat_unit", ["unit_id"], unique=False)
    op.create_table(
        "unit_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("ref_id", _AUTO(length=96), nullable=False),
        sa.Column("campaign_id", _AUTO(length=32), nullable=True),
        sa.Column("chat_pk", sa.Integer(), nullable=True),
        sa.Column("user_id", _AUTO(length=64), nullable=True),
        sa.Column("user_name", _AUTO(length=255), nullable=True),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.ForeignKeyConstraint(["chat_pk"], ["chat.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "ref_id", name="uq_unit_submission_unit_ref"),
    )
    op.create_index("ix_unit_submission_ref", "unit_submission", ["ref_id"], unique=False)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for ddl in _sqlite_triggers() if sqlite else _pg_triggers():
        op.execute(ddl)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, *_ in _WATCH:
        name = f"plan_change_{table}"
        if sqlite:
            for suffix in ("ins", "upd", "del"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index("ix_unit_submission_ref", table_name="unit_submission")
    op.drop_table("unit_submission")
    op.drop_index("ix_chat_unit_unit_id", table_name="chat_unit")
    op.drop_table("chat_unit")
    op.drop_table("unit")
    # SQLite >= 3.35 drops a column in place (no table rebuild, the chat triggers stay).
    op.drop_column("chat", "weekly_digest")
