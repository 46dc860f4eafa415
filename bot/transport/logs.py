"""Logging that never shows a secret: the bot token (and the webhook secret) are masked.

httpx logs every request URL at INFO, and the URL holds the token: its logger is set to
WARNING. As defence in depth, a filter on every root handler masks the secrets in each
record: its message, its arguments and its traceback text.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable

MASK = "***"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def secret_parts(secrets: Iterable[str | None]) -> tuple[str, ...]:
    """What to mask: for a bot token "123:ABC" the part after the colon (which also covers
    the token in URLs, where the colon may be written %3A), for others the whole value."""
    parts: list[str] = []
    for secret in secrets:
        if not secret:
            continue
        bot_id, colon, rest = secret.partition(":")
        value = rest if colon and bot_id.isdigit() and rest else secret
        if len(value) >= 4:  # masking a tiny string would garble ordinary text
            parts.append(value)
    return tuple(sorted(set(parts), key=len, reverse=True))


def mask(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def describe_exception(error: BaseException, secrets: Iterable[str]) -> str:
    """The exception with its traceback, secrets masked (for the error handler's log)."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return mask("".join(lines).rstrip(), tuple(secrets))


class SecretFilter(logging.Filter):
    """Masks the secrets in every record that passes a handler."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__("secrets")
        self.secrets = secret_parts(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        masked = mask(message, self.secrets)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = mask(record.stack_info, self.secrets)
        return True


def configure_logging(secrets: Iterable[str | None], level: int = logging.INFO) -> None:
    """Log to stderr at `level`, quiet httpx, and mask `secrets` on every root handler."""
    root = logging.getLogger()
    if not root.handlers:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(stream)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    guard = SecretFilter(secrets)
    for handler in root.handlers:
        handler.addFilter(guard)
