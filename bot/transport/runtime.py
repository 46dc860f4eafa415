"""What keeps the running bot responsive and observable.

- `PerChatOrder`: updates of different chats are handled concurrently, those of one chat one
  after another. A slow chat (a group held back by Telegram's rate limits, a user whose
  messages fail) never delays the others, and a follow-up question is always read after the
  question it follows.
- `heartbeat`: touches BOT_DATA_DIR/heartbeat every half minute while the bot runs;
  `twinning-bot health` (Docker's HEALTHCHECK) reports the bot unhealthy when it goes stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.config import HEARTBEAT_FILE

logger = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64
HEARTBEAT_INTERVAL = 30.0  # seconds; `twinning-bot health` allows 120


class PerChatOrder(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id -> (lock, users)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:  # inline queries: no chat, no order to keep
            await coroutine
            return
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users == 1:
                del self._chats[chat.id]  # keep no state for quiet chats
            else:
                self._chats[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def heartbeat_path(data_dir: Path) -> Path:
    return Path(data_dir) / HEARTBEAT_FILE


async def heartbeat(path: Path, interval: float = HEARTBEAT_INTERVAL) -> None:
    """Touch `path` now and every `interval` seconds until cancelled."""
    while True:
        try:
            path.touch()
        except OSError as error:  # a full or read-only disk must not stop the bot
            logger.warning("Could not write the heartbeat %s: %s", path, error)
        await asyncio.sleep(interval)


def start_heartbeat(data_dir: Path) -> asyncio.Task[None]:
    return asyncio.create_task(heartbeat(heartbeat_path(data_dir)), name="heartbeat")


async def stop_heartbeat(task: asyncio.Task[None] | None) -> None:
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
