"""/start in three languages, deep links, /help and the other commands, the command menu."""

from __future__ import annotations

import pytest
from conftest import RunningBot, ask_one
from fakebot import FakeTelegram

from bot.transport.commands import COMMANDS

MAIN_MENU = {
    "lv": [
        ["🤝 Partneri", "📂 Projekti"],
        ["🎉 Festivāls", "🎬 Filma"],
        ["🌐 Valoda", "ℹ️ Par botu"],
    ],
    "ru": [["🤝 Партнёры", "📂 Проекты"], ["🎉 Фестиваль", "🎬 Фильм"], ["🌐 Язык", "ℹ️ О боте"]],
    "en": [["🤝 Partners", "📂 Projects"], ["🎉 Festival", "🎬 Film"], ["🌐 Language", "ℹ️ About"]],
}


@pytest.mark.parametrize(
    ("language_code", "name", "hello", "knows"),
    [
        ("lv", "Anna", "Sveiki, Anna!", "Varu pastāstīt par sadraudzības partneriem"),
        ("ru", "Иван", "Здравствуйте, Иван!", "Я расскажу о партнёрах-побратимах"),
        ("uk", "Олена", "Здравствуйте, Олена!", "Я расскажу о партнёрах-побратимах"),
        ("be", "Алесь", "Здравствуйте, Алесь!", "Я расскажу о партнёрах-побратимах"),
        ("en", "John", "Hello, John!", "I can tell you about the twinning partners"),
        ("en-GB", "Jane", "Hello, Jane!", "I can tell you about the twinning partners"),
        ("de", "Jonas", "Sveiki, Jonas!", "Varu pastāstīt"),  # the configured default
        (None, "Nobody", "Sveiki, Nobody!", "Varu pastāstīt"),
    ],
)
async def test_start_greets_in_the_users_language(
    tg: FakeTelegram,
    bot: RunningBot,
    language_code: str | None,
    name: str,
    hello: str,
    knows: str,
) -> None:
    user = tg.user(1001, name, language_code)
    reply = await ask_one(tg, user, "/start")
    first, second, how_to_ask = reply.text.split("\n")
    assert first == hello
    assert second.startswith(knows)
    assert how_to_ask.endswith(".")
    lang = {"ru": "ru", "uk": "ru", "be": "ru", "en": "en", "en-GB": "en"}.get(language_code or "")
    assert reply.buttons == MAIN_MENU[lang or "lv"]
    assert reply.entities[0]["type"] == "bold"  # the greeting is bold: HTML was parsed
    tg.assert_no_rejections()


async def test_start_escapes_the_users_name(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1002, "<b>Eve</b> & co", "en")
    reply = await ask_one(tg, user, "/start")
    assert reply.text.startswith("Hello, <b>Eve</b> & co!")
    tg.assert_no_rejections()


@pytest.mark.parametrize(
    ("payload", "language_code", "expected", "buttons"),
    [
        ("partner_zgierz", "en", "🇵🇱 Zgierz", ["📍 Map", "⬅️ Back"]),
        ("partner_kupiskis", "lv", "🇱🇹 Kupišķi (Kupiškis)", ["📍 Karte", "⬅️ Atpakaļ"]),
        ("project_cycling_net", "ru", "📁 ", ["🇧🇾 Поставы", "⬅️ Назад"]),
        ("event_mayenne_festival_2011", "en", "European Festival in Mayenne", ["📍 Map"]),
        ("film_film_friends", "en", "🎬 Friends. Infinite Story on Twinning", ["🏠 Main menu"]),
    ],
)
async def test_deep_links_open_a_card(
    tg: FakeTelegram,
    bot: RunningBot,
    payload: str,
    language_code: str,
    expected: str,
    buttons: list[str],
) -> None:
    user = tg.user(1001, "Anna", language_code)
    reply = await ask_one(tg, user, f"/start {payload}")
    assert expected in reply.text
    flat = [b for row in reply.buttons for b in row]
    for label in buttons:
        assert any(label in b for b in flat), (label, flat)
    tg.assert_no_rejections()


@pytest.mark.parametrize(
    "payload", ["partner_riga", "project_", "nothing", "partner_zgierz|v1", "x" * 64]
)
async def test_a_bad_deep_link_gives_the_greeting(
    tg: FakeTelegram, bot: RunningBot, payload: str
) -> None:
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, f"/start {payload}")
    assert reply.text.startswith("Hello, Anna!")
    assert reply.buttons == MAIN_MENU["en"]
    tg.assert_no_rejections()


@pytest.mark.parametrize(
    ("language_code", "example"),
    [
        # Drawn from the knowledge base: a dated partner, the country with the most partners.
        ("lv", "Zgeža: kad tika noslēgts līgums?"),
        ("ru", "Какие партнёры в стране Литва?"),
        ("en", "When was the agreement with Kahta signed?"),
    ],
)
async def test_help_gives_examples_and_the_commands(
    tg: FakeTelegram, bot: RunningBot, language_code: str, example: str
) -> None:
    user = tg.user(1001, "Anna", language_code)
    reply = await ask_one(tg, user, "/help")
    assert example in reply.text
    for command in COMMANDS:
        assert f"/{command.name} — {command.describe(language_code)}" in reply.text
    tg.assert_no_rejections()


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/partners", "Rēzekne Municipality has 7 twinning partners in 5 countries."),
        ("/projects", "The municipality's page lists 4 joint projects."),
        ("/events", "European Festival in Mayenne"),
        ("/language", "Choose your language:"),
        ("/about", "Knowledge base version:"),
    ],
)
async def test_each_command_opens_its_screen(
    tg: FakeTelegram, bot: RunningBot, command: str, expected: str
) -> None:
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, command)
    assert expected in reply.text
    assert reply.buttons, "every screen has buttons"
    tg.assert_no_rejections()


async def test_an_unknown_command_lists_the_commands(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, "/weather")
    assert reply.text.startswith("I don't know that command.")
    assert "/partners — Twinning partners" in reply.text
    tg.assert_no_rejections()


async def test_command_menu_and_descriptions_are_set_per_language(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    names = [c.name for c in COMMANDS]
    expected = {
        "": "Sveiciens un galvenā izvēlne",  # the default is the configured default language
        "lv": "Sveiciens un galvenā izvēlne",
        "ru": "Приветствие и главное меню",
        "uk": "Приветствие и главное меню",
        "be": "Приветствие и главное меню",
        "en": "Greeting and main menu",
    }
    for code, start_description in expected.items():
        commands = tg.commands_for("default", code)
        assert [c["command"] for c in commands] == names
        assert commands[0]["description"] == start_description
        assert code in tg.descriptions and code in tg.short_descriptions
    assert tg.descriptions["en"].startswith("I am the twinning bot of Rēzekne Municipality.")
    assert (
        tg.short_descriptions["ru"] == "Партнёры-побратимы и совместные проекты: Резекненский край"
    )
    tg.assert_no_rejections()
