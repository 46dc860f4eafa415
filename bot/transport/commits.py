"""The question log's group commit: the questions logged in one turn of the event loop are
committed together, and each answer is sent only once its question is committed.

Under load a turn of the loop starts several updates (a getUpdates batch), and each question
handler runs from the engine to its first send without waiting: their rows share one SQLite
commit instead of one each (bot/store.py), and a crash still never leaves an answer sent
whose question is not in the log.
"""

from __future__ import annotations

import asyncio

from bot.store import Store


class QuestionLog:
    """`log` a question (its row waits in the store's open transaction), then await
    `committed` before sending its answer."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._waiters: list[asyncio.Future[None]] = []

    def log(
        self,
        *,
        language: str,
        answered: bool,
        kind: str,
        matched: list[str],
        score: float,
        latency_ms: float,
        text: str,
    ) -> int:
        """Store.log_question, committed by the next `committed` (or any other write)."""
        return self.store.log_question(
            language=language,
            answered=answered,
            kind=kind,
            matched=matched,
            score=score,
            latency_ms=latency_ms,
            text=text,
            commit=False,
        )

    async def committed(self) -> None:
        """Return once every question logged so far is committed: one commit for all those
        who wait in the same turn of the loop. Raises what the commit raised."""
        loop = asyncio.get_running_loop()
        if not self._waiters:
            loop.call_soon(self._commit)
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiters.append(waiter)
        await waiter

    def _commit(self) -> None:
        waiters, self._waiters = self._waiters, []
        try:
            self.store.flush()
        except Exception as error:  # e.g. a full disk: each handler fails as before
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_exception(error)
            return
        for waiter in waiters:
            if not waiter.done():  # a cancelled handler has stopped waiting
                waiter.set_result(None)
