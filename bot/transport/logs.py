"""Logging that never shows a secret: the bot token (and the webhook secret) are masked, and
so are the staff console's one-time login links (PTB logs a sent message at DEBUG).

httpx logs every request URL at INFO, and the URL holds the token: its logger is set to
WARNING. As defence in depth, a filter on every root handler masks the secrets in each
record: its message, its arguments and its traceback text. Python's warnings are routed through
logging, so they pass the same filter; the bot's unexpected errors are logged, never printed
as a raw traceback (app.run_bot).
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Iterable

MASK = "***"
LOGIN_LINK = re.compile(r"(/login/)[A-Za-z0-9_-]{20,}")  # the console's (bot/console/)
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
        message = record.getMessage()
        masked = LOGIN_LINK.sub(rf"\g<1>{MASK}", mask(message, self.secrets))
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = mask(record.stack_info, self.secrets)
        return True


class StopConfirmationFilter(logging.Filter):
    """PTB logs a failure of the getUpdates that confirms the last updates as it stops as an
    error with a traceback, saying they "may be fetched again". The bot saves where polling
    resumes (delivery.ResumePoint), so they will not be: one line, a warning."""

    PTB_MESSAGE = "Error while calling `get_updates` one more time"

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(self.PTB_MESSAGE):
            error = record.exc_info[1] if record.exc_info else None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg = (
                "Could not confirm the last updates to Telegram while stopping (%r); the saved "
                "offset keeps them from being answered twice"
            )
            record.args, record.exc_info, record.exc_text = (error,), None, None
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
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per job run otherwise
    logging.captureWarnings(True)  # warnings too go through the handlers, so they are masked
    updater_log = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(f, StopConfirmationFilter) for f in updater_log.filters):
        updater_log.addFilter(StopConfirmationFilter())
    guard = SecretFilter(secrets)
    for handler in root.handlers:
        handler.addFilter(guard)
