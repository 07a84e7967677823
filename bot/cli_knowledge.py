"""CLI commands over the knowledge base: ingest, campaigns, deadlines, show."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the knowledge-base commands to the CLI."""
    _ = app
