"""Alembic environment: migrations for every table of the project."""

from __future__ import annotations

from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import bot.edge_tables  # noqa: F401  (registers the tables on SQLModel.metadata)
import handlers.conversation_tables  # noqa: F401
import knowledge.store.tables  # noqa: F401
import scheduler.schedule_tables  # noqa: F401
from alembic import context

config = context.config
target_metadata = SQLModel.metadata


def database_url() -> str:
    """The URL handed in by bot.db, else `-x url=…`, else the bot's own setting."""
    from bot.db import normalise_url

    extra = context.get_x_argument(as_dictionary=True)
    url = config.get_main_option("sqlalchemy.url") or extra.get("url")
    if not url:
        from bot.settings import Settings

        url = Settings().database_url
    return normalise_url(url)


def run_migrations_offline() -> None:
    """Emit SQL without a connection."""
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run on the connection handed in by bot.db.upgrade, or one of our own."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = database_url()
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
