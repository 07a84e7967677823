"""Keep bot tokens out of logs and error messages."""

from __future__ import annotations

import logging
import re

_MASK = "***"
# Telegram tokens ("123456:AA…") and Zalo tokens ("<digits>:<letters>") in URLs or text.
_TOKEN_IN_URL = re.compile(r"(/bot)[0-9]{3,}:[A-Za-z0-9_-]+")


def redact(text: str, *secrets: str | None) -> str:
    """Replace every given secret and every token-shaped URL segment in text."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, _MASK)
    # A function, not a template string: re parses templates lazily through an import, which
    # fails ("sys.meta_path is None") when a record is logged during interpreter shutdown.
    return _TOKEN_IN_URL.sub(_masked, text)


def _masked(match: re.Match[str]) -> str:
    return match.group(1) + _MASK


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in each record's final message."""

    def __init__(self, *secrets: str | None) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, mask it, and drop the args (already rendered)."""
        try:
            return self._mask(record)
        except Exception:  # never let a log record escape unmasked, nor raise from logging
            record.msg, record.args = "[log record withheld: masking it failed]", None
            record.exc_info = record.exc_text = None
            return True

    def _mask(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message, *self.secrets)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text = redact(str(exc), *self.secrets)
            if text != str(exc):
                # The traceback would print the secret: keep only the masked summary.
                record.msg = f"{masked} ({type(exc).__name__}: {text})"
                record.exc_info = None
                record.exc_text = None
        return True


def install_redaction(*secrets: str | None) -> RedactingFilter:
    """Mask secrets on every handler of the root logger; quiet httpx's per-request URL log."""
    flt = RedactingFilter(*secrets)
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(flt)
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return flt
