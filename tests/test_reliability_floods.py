"""Floods: a user over the limit (rate_limit_messages per rate_limit_seconds) gets one polite
"slow down" and the rest is dropped, while everyone else is answered as usual; memory stays
bounded however many people write."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import pytest_asyncio
from conftest import RunningBot, ask_one, bot_settings, press
from fakebot import FakeTelegram
from telegram import Update

from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.transport.flood import FloodGuard, Verdict
from bot.transport.runtime import ChatMemory, PerChatOrder

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API

ZGIERZ = "When was the agreement with Zgierz signed?"
SLOW_DOWN = {
    "en": "You are writing faster than I can read. Please wait a few seconds and ask again.",
    "lv": "Jūs rakstāt ātrāk, nekā es spēju izlasīt. Lūdzu, pagaidiet dažas sekundes un "
    "jautājiet vēlreiz.",
}


async def running(tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase, **settings: Any) -> Any:
    bot = RunningBot(tg, bot_settings(tg, tmp_path / "data", **settings), kb)
    await bot.start()
    return bot


@pytest_asyncio.fixture
async def limited(tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[RunningBot]:
    """The bot with the default limit: 20 messages per 10 seconds."""
    bot = await running(tg, tmp_path, kb)
    assert (bot.settings.rate_limit_messages, bot.settings.rate_limit_seconds) == (20, 10)
    yield bot
    await bot.stop()
    tg.assert_no_rejections()


# -- through the fake Telegram ---------------------------------------------------------------


async def test_30_messages_in_10_seconds_get_20_answers_and_one_slow_down(
    tg: FakeTelegram, limited: RunningBot
) -> None:
    anna = tg.user(1001, "Anna", "lv")
    others = [tg.user(2000 + i, f"User{i}", "en") for i in range(3)]
    for _ in range(30):
        tg.send_text(anna, "Zgierz")
    for user in others:
        tg.send_text(user, ZGIERZ)
    for user in others:  # answered as usual, during the flood
        [reply] = await tg.wait_for_reply(user)
        assert reply.text.startswith("The agreement with Zgierz")
    replies = await tg.wait_for_reply(anna, 21, timeout=20)
    await tg.wait_idle(quiet=0.5)
    texts = [m.text for m in tg.sent_to(anna)]
    assert len(texts) == 21
    assert texts.count(SLOW_DOWN["lv"]) == 1
    assert replies[-1].text == SLOW_DOWN["lv"]  # in order: after the 20 answers
    assert all(text.startswith("Zgeža") for text in texts[:20])
    assert limited.store.count("questions") == 20 + len(others)


async def test_after_the_window_the_user_is_answered_again(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> None:
    bot = await running(tg, tmp_path, kb, rate_limit_messages=3, rate_limit_seconds=1)
    try:
        anna = tg.user(1001, "Anna", "en")
        for _round in range(2):  # a new flood after a quiet second: a new notice
            for _ in range(6):
                tg.send_text(anna, ZGIERZ)
            replies = await tg.wait_for_reply(anna, 4)
            assert [r.text for r in replies].count(SLOW_DOWN["en"]) == 1
            await tg.wait_idle(quiet=0.3)
            assert len(tg.sent_to(anna)) % 4 == 0
            await asyncio.sleep(1.1)
        reply = await ask_one(tg, anna, ZGIERZ)
        assert reply.text.startswith("The agreement with Zgierz")
    finally:
        await bot.stop()
    tg.assert_no_rejections()


async def test_throttled_button_presses_are_answered_with_the_notice(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> None:
    bot = await running(tg, tmp_path, kb, rate_limit_messages=3)
    try:
        anna = tg.user(1001, "Anna", "en")
        menu = await ask_one(tg, anna, "/start")  # 1
        assert (await press(tg, anna, menu, "🤝 Partners")).text is None  # 2
        assert (await press(tg, anna, menu, "🏠 Main menu")).text is None  # 3
        before = menu.text
        for _ in range(3):  # throttled, but every press is answered: no spinning button
            notice = await press(tg, anna, menu, "🤝 Partners")
            assert notice.text == SLOW_DOWN["en"]
        assert tg.sent_to(anna)[-1].text == before  # nothing else happened
    finally:
        await bot.stop()
    tg.assert_no_rejections()


async def test_inline_queries_are_not_counted(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> None:
    """Telegram sends one inline query per keystroke."""
    bot = await running(tg, tmp_path, kb, rate_limit_messages=2)
    try:
        anna = tg.user(1001, "Anna", "en")
        ids = [tg.inline_query(anna, "zgierz"[:n]) for n in range(1, 7)]
        for query_id in ids:
            await tg.wait_for_inline_answer(query_id)
    finally:
        await bot.stop()
    tg.assert_no_rejections()


async def test_what_the_bot_keeps_per_chat_expires(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> None:
    bot = await running(tg, tmp_path, kb, context_ttl_seconds=1, rate_limit_seconds=1)
    try:
        users = [tg.user(3000 + i, f"User{i}", "en") for i in range(20)]
        for user in users:
            tg.send_text(user, ZGIERZ)
        for user in users:
            await tg.wait_for_reply(user)
        app = bot.app
        for user in users:  # as a handler keeping something per chat would
            app.chat_data[user.id]["note"] = "x"
            app.user_data[user.id]["note"] = "x"
        guard = flood_guard(bot)
        assert len(guard) == 20
        await asyncio.sleep(1.2)
        late = tg.user(4000, "Late", "en")
        await ask_one(tg, late, ZGIERZ)
        assert len(guard) == 1
        assert set(app.chat_data) <= {late.id}
        assert set(app.user_data) <= {late.id}
        for marks in (  # PTB's ids for a persistence the bot does not have
            "_chat_ids_to_be_updated_in_persistence",
            "_chat_ids_to_be_deleted_in_persistence",
            "_user_ids_to_be_updated_in_persistence",
            "_user_ids_to_be_deleted_in_persistence",
        ):
            assert len(getattr(app, marks)) <= 1, marks
        await tg.wait_idle(quiet=0.2)
        assert len(app.update_processor) == 0
    finally:
        await bot.stop()


def flood_guard(bot: RunningBot) -> FloodGuard:
    processor = bot.app.update_processor
    assert isinstance(processor, PerChatOrder) and isinstance(processor.admission, FloodGuard)
    return processor.admission


# -- the parts on their own ------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_slides() -> None:
    clock = Clock()
    guard = FloodGuard(3, 10, clock=clock)
    verdicts = []
    for second in (0, 1, 2, 3, 4, 10.5, 11.5, 12.5):
        clock.now = 1000 + second
        verdicts.append(guard.check(7))
    a, w, d = Verdict.ANSWER, Verdict.WARN, Verdict.DROP
    # 0, 1, 2 answered; 3 warned, 4 dropped; at 10.5 the answer at 0 has left the window...
    assert verdicts == [a, a, a, w, d, a, a, a]
    assert guard.check(8) is Verdict.ANSWER  # ...and another user was never affected


def test_dropped_messages_do_not_extend_the_wait() -> None:
    clock = Clock()
    guard = FloodGuard(2, 10, clock=clock)
    assert [guard.check(1) for _ in range(2)] == [Verdict.ANSWER] * 2
    for second in range(1, 10):  # hammering: only the first is warned
        clock.now = 1000 + second
        assert guard.check(1) is (Verdict.WARN if second == 1 else Verdict.DROP)
    clock.now = 1010.5
    assert guard.check(1) is Verdict.ANSWER


def message_update(update_id: int, user_id: int, text: str = "hi") -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": user_id, "type": "private", "first_name": "A"},
                "from": {"id": user_id, "is_bot": False, "first_name": "A"},
                "text": text,
            },
        },
        None,
    )


class FakeApplication:
    """What ChatMemory uses of the Application."""

    persistence = None

    def __init__(self) -> None:
        self.chat_data: dict[int, dict[str, str]] = {}
        self.user_data: dict[int, dict[str, str]] = {}

    def drop_chat_data(self, chat_id: int) -> None:
        self.chat_data.pop(chat_id, None)

    def drop_user_data(self, user_id: int) -> None:
        self.user_data.pop(user_id, None)


class FakeContext:
    def __init__(self, application: FakeApplication) -> None:
        self.application = application


async def test_memory_stays_bounded_with_10000_distinct_users(kb: KnowledgeBase) -> None:
    """20,000 people write once each: the flood guard, the per-chat memory and the engine's
    chat contexts keep at most 10,000 entries, and the second 10,000 people add (almost) no
    memory; once they are quiet, the guard forgets them all."""
    clock = Clock()
    guard = FloodGuard(20, 10, clock=clock)
    memory = ChatMemory(600, clock=clock)
    app = FakeApplication()
    context = FakeContext(app)

    async def people(first: int, count: int) -> None:
        for user_id in range(first, first + count):
            clock.now += 0.0001
            assert guard.check(user_id) is Verdict.ANSWER
            who = SimpleNamespace(id=user_id)
            update = SimpleNamespace(effective_chat=who, effective_user=who)
            await memory.touch(update, context)  # type: ignore[arg-type]
            app.chat_data.setdefault(user_id, {})["last"] = "Zgierz"
            app.user_data.setdefault(user_id, {})["last"] = "Zgierz"

    await people(1, 10_000)  # warm up: caches, interned strings
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        await people(10_001, 10_000)
        between = tracemalloc.get_traced_memory()[0]
        await people(20_001, 10_000)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert abs(after - between) < max(between - before, 0) * 0.2 + 200_000, (
        before,
        between,
        after,
    )
    assert len(guard) <= 10_000
    assert len(app.chat_data) <= 10_000 and len(app.user_data) <= 10_000
    assert len(memory) <= 20_000  # chats and users
    clock.now += 11
    guard.check(1)
    assert len(guard) == 1

    engine = Engine(kb)
    for user_id in range(12_000):
        engine.ask("When was the agreement with Zgierz signed?", chat=str(user_id))
    assert len(engine.contexts) == 10_000


async def test_a_chat_with_a_queue_holds_one_update_slot() -> None:
    """Two slots; one chat has five updates waiting behind a slow one: another chat's update
    is still handled at once."""
    processor = PerChatOrder(max_concurrent_updates=2)
    release = asyncio.Event()
    done: list[int] = []

    async def work(update_id: int, slow: bool) -> None:
        if slow:
            await release.wait()
        done.append(update_id)

    flood = [
        asyncio.create_task(processor.process_update(message_update(i, 1), work(i, True)))
        for i in range(5)
    ]
    await asyncio.sleep(0.05)
    other = processor.process_update(message_update(99, 2), work(99, False))
    await asyncio.wait_for(other, timeout=1)
    assert done == [99]
    release.set()
    await asyncio.gather(*flood)
    assert done == [99, 0, 1, 2, 3, 4]  # the chat's own order is kept
    assert len(processor) == 0


async def test_a_dropped_update_is_never_started() -> None:
    class DropAll:
        def admit(self, update: object) -> bool:
            return False

    processor = PerChatOrder(admission=DropAll())
    started: list[int] = []

    async def work() -> None:
        started.append(1)

    await processor.process_update(message_update(1, 1), work())
    assert started == []
