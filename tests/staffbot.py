"""The bot as the staff tools' tests run it: its own copy of the knowledge folder (the real files
are never touched), an admin who has started the bot, a staff group, a fast reload interval.

Imported by tests/test_staff_*.py (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from conftest import KNOWLEDGE_DIR, RunningBot, bot_settings
from fakebot import Chat, ChatMessage, FakeTelegram, User

from bot.knowledge import load_knowledge

ADMIN = 7001
STAFF_CHAT = -1001234500000
RELOAD_INTERVAL = 0.2  # seconds; the real default is 3
DAY = 24 * 60 * 60


def copy_knowledge(tmp_path: Path) -> Path:
    """A private copy of knowledge/ (without an editor's history folder)."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns(".history"))
    return target


@asynccontextmanager
async def running_bot(
    tg: FakeTelegram,
    tmp_path: Path,
    *,
    admin_language: str = "en",
    fail_on_rejections: bool = True,
    **overrides: Any,
) -> AsyncIterator[RunningBot]:
    """Start the real application on a copy of the knowledge folder; stop it at the end and
    check that Telegram would have accepted every call. The admin (if ADMIN is one) is
    created first, with Telegram set to `admin_language`."""
    knowledge = copy_knowledge(tmp_path)
    values: dict[str, Any] = {
        "knowledge_dir": knowledge,
        "admin_ids": frozenset({ADMIN}),
        "reload_interval_seconds": RELOAD_INTERVAL,
        "rate_limit_messages": 10_000,  # as the `bot` fixture: the flood guard has its own tests
        **overrides,
    }
    settings = bot_settings(tg, tmp_path / "data", **values)
    if ADMIN in settings.admin_ids:
        admin_user(tg, admin_language)  # before the start: each admin gets their own menu
    running = RunningBot(tg, settings, load_knowledge(knowledge, settings.languages))
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
    if fail_on_rejections:
        tg.assert_no_rejections()


def admin_user(tg: FakeTelegram, language_code: str = "en") -> User:
    """The admin of BOT_ADMIN_IDS, who has started the bot (so it may write to them)."""
    return tg.user(ADMIN, "Ilze", language_code, started=True)


def staff_group(tg: FakeTelegram) -> Chat:
    return tg.group(STAFF_CHAT, "Pašvaldības darbinieki", supergroup=True)


def texts(messages: list[ChatMessage]) -> list[str]:
    return [m.text for m in messages]
