"""Everything that is not a text question: stickers, photos, voice, locations, contacts, edited
messages; users who blocked the bot; Telegram failing; the error handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from conftest import RunningBot, ask, ask_one
from fakebot import FakeTelegram, User

SEND_TEXT = "I understand text questions. Write your question, or choose a topic below."

NON_TEXT: dict[str, Callable[[FakeTelegram, User], Any]] = {
    "sticker": lambda tg, user: tg.send_sticker(user),
    "photo": lambda tg, user: tg.send_photo(user),
    "photo with a caption": lambda tg, user: tg.send_photo(user, caption="Zgierz?"),
    "voice": lambda tg, user: tg.send_voice(user),
    "location": lambda tg, user: tg.send_location(user, 56.51, 27.33),
    "contact": lambda tg, user: tg.send_contact(user, "+37100000000"),
    "document": lambda tg, user: tg.send_document(user, "partners.yaml", b"partners: []\n"),
}


@pytest.mark.parametrize("kind", list(NON_TEXT))
async def test_non_text_messages_get_a_short_hint_and_the_menu(
    tg: FakeTelegram, bot: RunningBot, kind: str
) -> None:
    user = tg.user(1001, "Anna", "en")
    NON_TEXT[kind](tg, user)
    [reply] = await tg.wait_for_reply(user)
    assert reply.text == SEND_TEXT
    assert reply.buttons[0] == ["🤝 Partners", "📂 Projects"]
    tg.assert_no_rejections()


async def test_the_hint_is_in_the_users_language(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Иван", "ru")
    tg.send_sticker(user)
    [reply] = await tg.wait_for_reply(user)
    assert reply.text.startswith("Я понимаю текстовые вопросы.")
    tg.assert_no_rejections()


async def test_an_edited_question_is_answered_again(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    asked = tg.send_text(user, "When was the agreement with Zgierzz signed?")
    await tg.wait_for_reply(user)
    tg.edit_text(user, asked, "When was the agreement with Biržai signed?")
    [again] = await tg.wait_for_reply(user)
    assert again.text.startswith("The agreement with Biržai was entered into")
    tg.assert_no_rejections()


async def test_an_edited_command_is_not_run_again(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    asked = tg.send_text(user, "/start")
    await tg.wait_for_reply(user)
    tg.edit_text(user, asked, "/help")
    [reply] = await ask(tg, user, "Zgierz")  # answered after the edit was handled
    assert reply.text.startswith("Zgierz (Poland)")
    assert len(tg.sent_to(user)) == 2
    tg.assert_no_rejections()


async def test_a_user_who_blocked_the_bot_changes_nothing_for_others(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "lv")
    tg.send_text(anna, "Tell me about Zgierz")
    tg.block_user(anna)  # before the bot could answer
    reply = await ask_one(tg, boris, "Kad noslēgts līgums ar Biržiem?")
    assert reply.text.startswith("Birži: līgums noslēgts")
    await tg.wait_for_call("sendMessage", lambda call: call.status == 403)
    await tg.wait_idle(quiet=0.1)
    assert tg.sent_to(anna) == []
    to_anna = [c for c in tg.calls if c.params.get("chat_id") in (anna.id, str(anna.id))]
    assert [(c.method, c.status) for c in to_anna] == [("sendMessage", 403)]  # tried once
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    tg.assert_no_rejections()


async def test_when_telegram_fails_the_user_is_told_to_try_again(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    user = tg.user(1001, "Anna", "lv")
    tg.fail_next("sendMessage", status=500, description="Internal Server Error")
    tg.send_text(user, "Zgierz")
    [sorry] = await tg.wait_for_reply(user)
    assert sorry.text == "Kaut kas nogāja greizi, lūdzu, mēģiniet vēlreiz."
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and "Error while handling an update" in errors[0].getMessage()
    assert tg.token.split(":")[1] not in caplog.text
    again = await ask_one(tg, user, "Zgierz")  # and the next question is answered
    assert again.text.startswith("Zgeža")
    tg.assert_no_rejections()


async def test_the_bot_keeps_polling_after_telegram_errors(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    tg.fail_next("getUpdates", status=502)
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, "/start")
    assert reply.text.startswith("Hello, Anna!")
    tg.assert_no_rejections()


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own use
async def test_a_rate_limited_answer_is_retried(tg: FakeTelegram, bot: RunningBot) -> None:
    tg.fail_next("sendMessage", retry_after=1)
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, "Zgierz")
    assert reply.text.startswith("Zgierz (Poland)")
    assert [c.status for c in tg.calls_to("sendMessage")] == [429, 200]
    tg.assert_no_rejections()


async def test_the_running_bot_keeps_a_heartbeat(tg: FakeTelegram, bot: RunningBot) -> None:
    beat = bot.settings.data_dir / "heartbeat"
    assert beat.is_file()  # what `twinning-bot health` checks
    tg.assert_no_rejections()
