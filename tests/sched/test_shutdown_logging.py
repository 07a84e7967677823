"""A tick cancelled at shutdown is not logged as a failed job; a real failure still is."""

from __future__ import annotations

import asyncio
import logging

import pytest

import scheduler.service  # noqa: F401  (installs the filter on APScheduler's executor logger)


def _log_job_error(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException:
        logging.getLogger("apscheduler.executors.default").exception("Error running job dispatch")


def test_cancelled_job_is_not_an_error(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    _log_job_error(asyncio.CancelledError())
    assert "Error running job" not in caplog.text
    _log_job_error(RuntimeError("database gone"))
    assert "Error running job" in caplog.text and "database gone" in caplog.text
