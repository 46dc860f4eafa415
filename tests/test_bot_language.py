"""Choosing the language with /language: it is stored and survives a restart of the bot."""

from __future__ import annotations

import pytest
from conftest import RunningBot, ask_one, press
from fakebot import FakeTelegram

from bot.config import Settings
from bot.transport.language import from_language_code


async def test_the_chosen_language_survives_a_restart(tg: FakeTelegram, bot: RunningBot) -> None:
    anna = tg.user(1001, "Anna", "lv")
    picker = await ask_one(tg, anna, "/language")
    assert picker.text == "🌐 Izvēlieties valodu:"
    assert picker.buttons == [["✅ Latviešu", "Русский", "English"], ["🏠 Galvenā izvēlne"]]
    answer = await press(tg, anna, picker, "Русский")
    assert answer.text == "Теперь я отвечаю по-русски."
    assert picker.text.startswith("Я расскажу о партнёрах-побратимах")  # the menu, in Russian
    assert picker.buttons[0] == ["🤝 Партнёры", "📂 Проекты"]
    assert bot.store.language(anna.id) == "ru"

    await bot.restart()  # a new process on the same BOT_DATA_DIR
    greeting = await ask_one(tg, anna, "/start")
    assert greeting.text.startswith("Здравствуйте, Anna!")  # although Telegram says "lv"
    partners = await ask_one(tg, anna, "/partners")
    assert partners.text.startswith("Резекненский край сотрудничает с 7 партнёрами-побратимами")

    picker = await ask_one(tg, anna, "/language")
    assert picker.buttons[0] == ["Latviešu", "✅ Русский", "English"]
    answer = await press(tg, anna, picker, "English")
    assert answer.text == "From now on I answer in English."
    greeting = await ask_one(tg, anna, "/start")
    assert greeting.text.startswith("Hello, Anna!")
    tg.assert_no_rejections()


async def test_one_users_choice_does_not_change_anothers(tg: FakeTelegram, bot: RunningBot) -> None:
    anna, boris = tg.user(1001, "Anna", "lv"), tg.user(1002, "Boris", "lv")
    picker = await ask_one(tg, anna, "/language")
    await press(tg, anna, picker, "English")
    assert (await ask_one(tg, anna, "/start")).text.startswith("Hello, Anna!")
    assert (await ask_one(tg, boris, "/start")).text.startswith("Sveiki, Boris!")
    tg.assert_no_rejections()


async def test_menus_follow_the_language_of_the_message(tg: FakeTelegram, bot: RunningBot) -> None:
    """A button works in the language of the message it is on, even after a switch."""
    anna = tg.user(1001, "Anna", "lv")
    latvian_menu = await ask_one(tg, anna, "/start")
    picker = await ask_one(tg, anna, "/language")
    await press(tg, anna, picker, "English")
    await press(tg, anna, latvian_menu, "🤝 Partneri")
    assert latvian_menu.text.startswith("Rēzeknes novada pašvaldība sadarbojas ar 7")
    tg.assert_no_rejections()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("lv", "lv"),
        ("ru", "ru"),
        ("uk", "ru"),
        ("be", "ru"),
        ("en", "en"),
        ("en-US", "en"),
        ("pt-br", "lv"),
        ("de", "lv"),
        ("", "lv"),
        (None, "lv"),
    ],
)
def test_telegram_language_code_decides_on_first_contact(code: str | None, expected: str) -> None:
    assert from_language_code(code, Settings()) == expected


def test_a_language_the_bot_does_not_serve_falls_back_to_the_default() -> None:
    settings = Settings(languages=("lv", "en"), default_language="en")
    assert from_language_code("ru", settings) == "en"
    assert from_language_code("lv", settings) == "lv"
