"""Logging for the bot process: plain text or one JSON object per line, tokens redacted."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.redact import install_redaction, redact

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, exc."""

    def __init__(self, *secrets: str | None) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        """The record as a single line of JSON (newlines inside values are escaped)."""
        data: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            data["exc"] = record.exc_text
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        line = json.dumps(data, ensure_ascii=False)
        # a secret inside a traceback's frames would escape the record filter: mask the line
        return redact(line, *self.secrets)


def configure_logging(
    level: str,
    fmt: str = "text",
    secrets: tuple[str, ...] = (),
    *,
    file: Path | None = None,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Route every log record (and Python warnings) to one handler: stderr, or `file`.

    The console chat passes `file`, so library warnings (APScheduler's "missed by …") land in
    the log instead of between the lines of the conversation.
    """
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(stream or sys.stderr)
    formatter = JsonFormatter(*secrets) if fmt == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.captureWarnings(True)
    if level.upper() != "DEBUG":  # one line per tick is noise; APScheduler's warnings stay
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    install_redaction(*secrets)
    return handler
