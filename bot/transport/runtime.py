"""What keeps the running bot responsive and observable.

- `PerChatOrder`: updates of different chats are handled concurrently, those of one chat one
  after another. A slow chat (a group held back by Telegram's rate limits, a user whose
  messages fail) never delays the others, and a follow-up question is always read after the
  question it follows. An update waits for its chat *before* it takes one of the
  `MAX_CONCURRENT_UPDATES` slots, so a chat with a long queue (a flood) holds one slot, not
  all of them; and the flood guard (flood.py) drops a flood's messages as they arrive.
- `ChatMemory`: forgets what PTB keeps per chat and per user (chat_data, user_data) once the
  chat has been quiet for `context_ttl_seconds`, and keeps at most 10,000 chats, like the
  engine's chat contexts: memory stays bounded however many people write.
- `heartbeat`: touches BOT_DATA_DIR/heartbeat every half minute while the bot runs;
  `twinning-bot health` (Docker's HEALTHCHECK) reports the bot unhealthy when it goes stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.config import HEARTBEAT_FILE
from bot.transport.context import BotContext

logger = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64
MAX_CHATS = 10_000
HEARTBEAT_INTERVAL = 30.0  # seconds; `twinning-bot health` allows 120


class Admission(Protocol):
    def admit(self, update: object) -> bool:
        """False: drop the update without handling it."""


class PerChatOrder(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat."""

    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        admission: Admission | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.admission = admission
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id -> (lock, users)

    def __len__(self) -> int:
        """How many chats have updates waiting or in progress."""
        return len(self._chats)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # PTB calls this holding one of the slots (its semaphore).
        if self.admission is not None and not self.admission.admit(update):
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # never started: nothing to clean up
            return
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:  # inline queries: no chat, no order to keep
            await coroutine
            return
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            if lock.locked():
                # Give the slot back while waiting for the chat's turn, so that a chat with
                # a queue holds one slot, not all of them; take one again for the work.
                self._semaphore.release()
                try:
                    await lock.acquire()
                finally:
                    await self._semaphore.acquire()
            else:
                await lock.acquire()
            try:
                await coroutine
            finally:
                lock.release()
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


class ChatMemory:
    """Forgets PTB's chat_data and user_data of chats quiet for `ttl` seconds (handler group -2:
    it sees every update first), and of the least recently active beyond `max_chats`."""

    def __init__(
        self, ttl: float, max_chats: int = MAX_CHATS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.max_chats, self._clock = ttl, max_chats, clock
        self._chats: OrderedDict[int, float] = OrderedDict()  # chat id -> last update
        self._users: OrderedDict[int, float] = OrderedDict()  # user id -> last update

    def __len__(self) -> int:
        return len(self._chats) + len(self._users)

    async def touch(self, update: Update, context: BotContext) -> None:
        """Note the chat's and user's activity; forget the expired ones."""
        app, now = context.application, self._clock()
        if update.effective_chat is not None:
            _seen(self._chats, update.effective_chat.id, now)
        if update.effective_user is not None:
            _seen(self._users, update.effective_user.id, now)
        for chat_id in _expired(self._chats, now - self.ttl, self.max_chats):
            app.drop_chat_data(chat_id)
        for user_id in _expired(self._users, now - self.ttl, self.max_chats):
            app.drop_user_data(user_id)
        if app.persistence is None:
            _forget_persistence_marks(app)


# PTB (22.x) notes the id of every chat and user it sees, and of every one dropped, for its
# persistence, and empties these sets only when it has one: without persistence they would
# grow with every new user for as long as the bot runs.
_PERSISTENCE_MARKS = (
    "_chat_ids_to_be_updated_in_persistence",
    "_chat_ids_to_be_deleted_in_persistence",
    "_user_ids_to_be_updated_in_persistence",
    "_user_ids_to_be_deleted_in_persistence",
)


def _forget_persistence_marks(app: object) -> None:
    for name in _PERSISTENCE_MARKS:
        marks = getattr(app, name, None)
        if isinstance(marks, set):
            marks.clear()


def _seen(seen: OrderedDict[int, float], key: int, now: float) -> None:
    seen[key] = now
    seen.move_to_end(key)


def _expired(seen: OrderedDict[int, float], before: float, keep: int) -> list[int]:
    gone: list[int] = []
    while seen:
        key, last = next(iter(seen.items()))
        if last > before and len(seen) <= keep:
            break
        del seen[key]
        gone.append(key)
    return gone


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
