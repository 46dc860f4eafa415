"""The admins' command menus are set only for chats that exist: after the admin's first
message, and at each start for the admins the store knows; no start-up call that Telegram
would reject (the fake answers "chat not found" like Telegram, for a user who never started
the bot too)."""

from __future__ import annotations

from pathlib import Path

import pytest
import telegram
from conftest import ask_one
from fakebot import FakeTelegram
from staffbot import ADMIN, running_bot
from telegram.error import BadRequest

from bot.transport.commands import ADMIN_COMMANDS, COMMANDS

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API

STAFF_MENU = [c.name for c in COMMANDS] + [c.name for c in ADMIN_COMMANDS]


def chat_menu_calls(tg: FakeTelegram, method: str = "setMyCommands") -> list[int]:
    """The chat ids of the chat-scoped menu calls, in order."""
    ids = []
    for call in tg.calls_to(method):
        scope = call.params.get("scope") or {}
        if isinstance(scope, dict) and scope.get("type") == "chat":
            ids.append(int(scope["chat_id"]))
    return ids


async def test_the_fake_refuses_a_menu_for_a_chat_that_does_not_exist(tg: FakeTelegram) -> None:
    tg.user(7002, "Jānis", "lv")  # known to Telegram, but never started the bot
    started = tg.user(7003, "Ilze", "lv", started=True)
    bot = telegram.Bot(tg.token, base_url=tg.base_url)
    async with bot:
        for chat_id in (424242, 7002):
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.set_my_commands([("a", "b")], scope=telegram.BotCommandScopeChat(chat_id))
        await bot.set_my_commands([("a", "b")], scope=telegram.BotCommandScopeChat(started.id))
    assert [c.status for c in tg.rejected] == [400, 400]


async def test_no_menu_call_at_start_for_an_admin_who_never_wrote(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(tg, tmp_path, admin_ids=frozenset({ADMIN, 7002})) as bot:
        assert chat_menu_calls(tg) == []
        assert bot.store.admin_menus() == {}
    tg.assert_no_rejections()  # strict: a call for either admin would be "chat not found"


async def test_the_first_message_of_an_admin_sets_their_menu(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(tg, tmp_path) as bot:
        admin = tg.user(ADMIN, "Ilze", "en")  # writes for the first time now
        reply = await ask_one(tg, admin, "/start")
        assert reply.text
        assert chat_menu_calls(tg) == [ADMIN]
        mine = tg.commands_for("chat", chat_id=ADMIN)
        assert [c["command"] for c in mine] == STAFF_MENU
        assert bot.store.admin_menus() == {ADMIN: "lv"}  # the default language
        await ask_one(tg, admin, "Zgierz")
        assert chat_menu_calls(tg) == [ADMIN]  # once, not at every message
        other = tg.user(1001, "Anna", "en")
        await ask_one(tg, other, "/start")
        assert chat_menu_calls(tg) == [ADMIN]  # nobody else gets one


async def test_a_known_admin_gets_the_menu_again_at_each_start(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(tg, tmp_path) as bot:
        admin = tg.user(ADMIN, "Ilze", "en")
        await ask_one(tg, admin, "/start")
        bot.store.set_language(ADMIN, "en")
        await bot.restart()
        # Set during the start, before the admin writes again, in their chosen language.
        assert chat_menu_calls(tg) == [ADMIN, ADMIN]
        mine = tg.commands_for("chat", chat_id=ADMIN)
        assert mine[-1]["description"] == "Open the staff console"


async def test_a_former_admin_loses_the_staff_menu_at_the_next_start(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    async with running_bot(tg, tmp_path) as bot:
        admin = tg.user(ADMIN, "Ilze", "en")
        await ask_one(tg, admin, "/start")
        bot.settings = bot.settings.model_copy(update={"admin_ids": frozenset()})
        await bot.restart()
        assert chat_menu_calls(tg, "deleteMyCommands") == [ADMIN]
        assert tg.commands_for("chat", chat_id=ADMIN) == []
        assert bot.store.admin_menus() == {}
        await bot.restart()
        assert chat_menu_calls(tg, "deleteMyCommands") == [ADMIN]  # once


async def test_forgetme_forgets_the_admins_chat_too(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(tg, tmp_path) as bot:
        admin = tg.user(ADMIN, "Ilze", "en")
        await ask_one(tg, admin, "/start")
        assert bot.store.admin_menus() == {ADMIN: "lv"}
        assert bot.store.forget_user(ADMIN) >= 1
        assert bot.store.admin_menus() == {}
