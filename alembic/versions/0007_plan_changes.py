"""Incremental planning: a change journal filled by triggers, and the planner's state.

Triggers on every table reminder planning reads record which campaign or chat changed, so a
plan tick re-plans only that (and the reminders coming due), whoever wrote the change: the bot,
the CLI in another process, or SQL by hand. The trigger names are listed in
`scheduler.changes.TRIGGERS` (the planner checks they exist and falls back to full planning
when a later migration dropped one, e.g. by rebuilding a table on SQLite).

Revision ID: 0007_plan_changes
Revises: 0006_drop_unused_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_plan_changes"
down_revision = "0006_drop_unused_indexes"
branch_labels = None
depends_on = None

# table, scope, key column (of the changed row), watched columns
_SIMPLE = (
    ("campaign", "campaign", "id",
     ("id", "status", "issuer", "start", "end", "year", "document_id")),
    ("deadline", "campaign", "campaign_id", ("id", "campaign_id", "due")),
    ("recurring_report", "campaign", "campaign_id",
     ("id", "campaign_id", "period", "day", "month")),
    ("chat", "chat", "id",
     ("id", "active", "platform", "lead_days", "reminder_hour", "quiet_start", "quiet_end")),
    ("subscription", "chat", "chat_pk", ("chat_pk", "scope", "value")),
    ("reminder_done", "chat", "chat_pk", ("chat_pk", "ref_id")),
)  # fmt: skip
# Rows whose change affects campaigns found through a query ({r} is OLD or NEW).
_DERIVED = (
    ("document", ("id", "issue_date", "source"),
     "SELECT 'campaign', c.id FROM campaign c WHERE c.document_id = {r}.id"),
    ("correction", ("source", "field", "value"),
     "SELECT 'campaign', c.id FROM campaign c JOIN document d ON d.id = c.document_id "
     "WHERE d.source = {r}.source AND {r}.field = 'scheduler.recurring_due'"),
)  # fmt: skip


def _q(col: str) -> str:
    return f'"{col}"'


def _sqlite_triggers() -> list[str]:
    out: list[str] = []
    bodies: list[tuple[str, tuple[str, ...], str, str]] = []
    for table, scope, key, cols in _SIMPLE:
        ins = "INSERT INTO plan_change (scope, ref) VALUES ('{s}', CAST({r}.{k} AS TEXT));"
        bodies.append(
            (table, cols, ins.format(s=scope, r="NEW", k=_q(key)),
             ins.format(s=scope, r="OLD", k=_q(key)))
        )  # fmt: skip
    for table, cols, select in _DERIVED:
        ins = "INSERT INTO plan_change (scope, ref) " + select + ";"
        bodies.append((table, cols, ins.format(r="NEW"), ins.format(r="OLD")))
    for table, cols, new, old in bodies:
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
    bodies: list[tuple[str, tuple[str, ...], str, str]] = []
    for table, scope, key, cols in _SIMPLE:
        ins = "INSERT INTO plan_change (scope, ref) VALUES ('{s}', {r}.{k}::text);"
        bodies.append(
            (table, cols, ins.format(s=scope, r="NEW", k=_q(key)),
             ins.format(s=scope, r="OLD", k=_q(key)))
        )  # fmt: skip
    for table, cols, select in _DERIVED:
        ins = "INSERT INTO plan_change (scope, ref) " + select + ";"
        bodies.append((table, cols, ins.format(r="NEW"), ins.format(r="OLD")))
    for table, cols, new, old in bodies:
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
    op.create_table(
        "plan_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "plan_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("planned_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("horizon_seconds", sa.Integer(), nullable=False),
        sa.Column("wake_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recheck", sa.Text(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for ddl in _sqlite_triggers() if sqlite else _pg_triggers():
        op.execute(ddl)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    tables = [t for t, *_ in _SIMPLE] + [t for t, *_ in _DERIVED]
    for table in tables:
        name = f"plan_change_{table}"
        if sqlite:
            for suffix in ("ins", "upd", "del"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("plan_state")
    op.drop_table("plan_change")
