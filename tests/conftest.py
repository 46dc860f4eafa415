"""Shared fixtures of the bot's end-to-end tests: the fake Telegram and the real application.

`bot` starts the application that `twinning-bot run` runs (build_application, then the same
steps as PTB's run_polling: initialize, post_init, start polling, start) against a fresh
FakeTelegram, with its database in the test's temporary folder; `bot.restart()` stops it
and starts a new application on the same folder, as a restart of the process would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import yaml
from fakebot import CallbackAnswer, ChatMessage, FakeTelegram, User
from telegram.error import TelegramError

from bot.config import Settings
from bot.engine import Engine
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.store import Store
from bot.transport.app import ALLOWED_UPDATES, build_application
from bot.transport.context import BotApplication

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"


def bot_settings(tg: FakeTelegram, data_dir: Path, **overrides: Any) -> Settings:
    """Settings as the environment of `twinning-bot run` would give them, for the fake."""
    shipped = yaml.safe_load((ROOT / "config" / "settings.yaml").read_text(encoding="utf-8"))
    values: dict[str, Any] = {
        # The municipality and its names as shipped (the code's defaults name none).
        "municipality": shipped["municipality"],
        "home_names": shipped["home_names"],
        "token": tg.token,
        "api_base_url": tg.base_url,
        "data_dir": data_dir,
        "knowledge_dir": KNOWLEDGE_DIR,
        **overrides,
    }
    return Settings.model_validate(values)


class RunningBot:
    """The real application polling the fake Telegram; stop() and restart() like a process."""

    def __init__(self, tg: FakeTelegram, settings: Settings, kb: KnowledgeBase) -> None:
        self.tg, self.settings, self.kb = tg, settings, kb
        self._app: BotApplication | None = None
        self._store: Store | None = None

    @property
    def app(self) -> BotApplication:
        assert self._app is not None, "the bot is not running"
        return self._app

    @property
    def store(self) -> Store:
        assert self._store is not None, "the bot is not running"
        return self._store

    @property
    def engine(self) -> Engine:
        return self.app.bot_data.services.engine

    async def start(self) -> None:
        self._store = Store.in_data_dir(self.settings.data_dir)
        app = build_application(self.settings, self.kb, self._store)
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        assert app.updater is not None

        def report(error: TelegramError) -> None:
            app.create_task(app.process_error(None, error))

        await app.updater.start_polling(
            poll_interval=0,
            timeout=1,
            allowed_updates=ALLOWED_UPDATES,
            # As in `twinning-bot run` (lifecycle.py): polling errors go to the error handler.
            error_callback=report,
        )
        await app.start()
        self._app = app

    async def stop(self) -> None:
        app, self._app = self._app, None
        if app is None:
            return
        assert app.updater is not None
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)

    async def restart(self) -> None:
        await self.stop()
        await self.start()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "rejections_expected: the test checks the fake's rejections itself (the bot fixture "
        "does not fail on them)",
    )


# End-to-end modules (the real application against the fake Bot API, processes, the soak
# and benchmark smoke tests) are `slow`: `pytest -m "not slow"` runs the fast core. Modules
# of this area carry `pytestmark = pytest.mark.slow` themselves; these are marked here.
SLOW_MODULES = frozenset(
    {
        "test_benchmarks_smoke",
        "test_bot_groups",
        "test_bot_inline",
        "test_bot_keyboards",
        "test_bot_language",
        "test_bot_menus",
        "test_bot_other",
        "test_bot_questions",
        "test_bot_start",
        "test_fakebot",
        "test_staff_handoff",
        "test_staff_knowledge",
        "test_staff_privacy",
        "test_staff_stats",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        name = getattr(module, "__name__", "").rsplit(".", 1)[-1]
        if name in SLOW_MODULES or "tg" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest_asyncio.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest_asyncio.fixture
async def bot(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase, request: pytest.FixtureRequest
) -> AsyncIterator[RunningBot]:
    # The tests press buttons at machine speed; the flood guard has its own tests
    # (test_reliability_floods.py), with the real limit.
    settings = bot_settings(tg, tmp_path / "data", rate_limit_messages=10_000)
    running = RunningBot(tg, settings, kb)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()  # waits for the updates in progress: their calls are recorded
    if request.node.get_closest_marker("rejections_expected") is None:
        tg.assert_no_rejections()


# -- what a user does, and waiting for the bot ------------------------------------------------


async def ask(tg: FakeTelegram, user: User, text: str, count: int = 1) -> list[ChatMessage]:
    """The user writes `text` in their private chat; the bot's `count` new messages."""
    tg.send_text(user, text)
    return await tg.wait_for_reply(user, count)


async def ask_one(tg: FakeTelegram, user: User, text: str) -> ChatMessage:
    [reply] = await ask(tg, user, text)
    return reply


async def press(
    tg: FakeTelegram,
    user: User,
    message: ChatMessage,
    text: str | None = None,
    *,
    data: str | None = None,
) -> CallbackAnswer:
    """Press a button (by its text or its callback data) and wait until the bot has answered
    the callback query: it does so after editing the message or sending the new one."""
    query_id = tg.click(user, message, data, button=text)
    return await tg.wait_for_callback_answer(query_id)
