"""In groups the bot answers commands addressed to it, mentions of it and replies to its
messages, and stays silent otherwise."""

from __future__ import annotations

import pytest
from conftest import RunningBot
from fakebot import Chat, FakeTelegram, User

BOT = "@rezekne_twinning_bot"


async def assert_silent(tg: FakeTelegram, chat: Chat, user: User) -> None:
    """The bot has sent nothing to `chat` for what was written so far: a mention written
    now is answered first (the messages of a chat are handled in order)."""
    tg.mark(chat)
    tg.send_text(user, f"{BOT} Zgierz", chat=chat)
    [reply] = await tg.wait_for_reply(chat)
    assert reply.text.startswith("Zgierz (Poland)")
    assert tg.sent_to(chat) == [reply]


@pytest.mark.parametrize("bot_is_admin", [False, True])
async def test_plain_text_in_a_group_gets_no_answer(
    tg: FakeTelegram, bot: RunningBot, bot_is_admin: bool
) -> None:
    """With privacy mode Telegram does not even deliver it; as an admin the bot sees every
    message and must ignore what is not addressed to it."""
    group = tg.group(-1001234567890, "Rēzeknes draugi", bot_is_admin=bot_is_admin)
    anna = tg.user(1001, "Anna", "en")
    tg.send_text(anna, "Zgierz is lovely in spring", chat=group)
    tg.send_text(anna, "/help@some_other_bot", chat=group)
    tg.send_text(anna, "@someone_else what about Zgierz?", chat=group)
    tg.send_sticker(anna, chat=group)
    await assert_silent(tg, group, anna)
    assert bot.store.count("questions") == 1  # the mention only
    tg.assert_no_rejections()


async def test_a_mention_is_answered_as_a_reply(tg: FakeTelegram, bot: RunningBot) -> None:
    group = tg.group(-1001234567890, "Rēzeknes draugi")
    anna = tg.user(1001, "Anna", "en")
    asked = tg.send_text(anna, f"{BOT} when was the agreement with Zgierz signed?", chat=group)
    [reply] = await tg.wait_for_reply(group)
    assert reply.text.startswith("The agreement with Zgierz was entered into in 2000")
    assert reply.reply_to_message_id == asked["message_id"]
    tg.assert_no_rejections()


async def test_a_mention_in_the_middle_and_in_other_case(tg: FakeTelegram, bot: RunningBot) -> None:
    group = tg.group(-100555, "Skola")
    anna = tg.user(1001, "Anna", "lv")
    tg.send_text(anna, "Sveiki @Rezekne_Twinning_Bot, kādi partneri ir Lietuvā?", chat=group)
    [reply] = await tg.wait_for_reply(group)
    assert "Kupišķi" in reply.text and "Birži" in reply.text
    tg.send_text(anna, BOT, chat=group)  # only the mention: what the bot can do
    [menu] = await tg.wait_for_reply(group)
    assert menu.buttons[0] == ["🤝 Partneri", "📂 Projekti"]
    tg.assert_no_rejections()


async def test_a_reply_to_the_bot_is_answered_with_the_groups_context(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    group = tg.group(-1001234567890, "Rēzeknes draugi")
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "en")
    tg.send_text(anna, f"{BOT} Kupiškis", chat=group)
    [first] = await tg.wait_for_reply(group)
    tg.reply_to_bot(boris, "what projects?", message=first, chat=group)
    [second] = await tg.wait_for_reply(group)
    assert second.text.startswith("The municipality's page lists 2 joint projects with Kupiškis.")
    tg.assert_no_rejections()


async def test_commands_addressed_to_the_bot_in_a_group(tg: FakeTelegram, bot: RunningBot) -> None:
    group = tg.group(-100777, "Klase")
    anna = tg.user(1001, "Anna", "ru")
    tg.send_text(anna, f"/help{BOT}", chat=group)
    [help_text] = await tg.wait_for_reply(group)
    assert "/partners — Партнёры-побратимы" in help_text.text
    tg.send_text(anna, "/partners", chat=group)
    [partners] = await tg.wait_for_reply(group)
    assert partners.text.startswith("Резекненский край сотрудничает с 7")
    tg.assert_no_rejections()


async def test_buttons_work_in_a_group(tg: FakeTelegram, bot: RunningBot) -> None:
    group = tg.group(-100777, "Klase")
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "lv")
    tg.send_text(anna, "/start", chat=group)
    [menu] = await tg.wait_for_reply(group)
    query = tg.click(boris, menu, button="📂 Projects")  # anyone in the group may browse
    await tg.wait_for_callback_answer(query)
    assert menu.text.startswith("The municipality's page lists 4 joint projects.")
    tg.assert_no_rejections()
