"""Inline menus: every path clicked through to its leaves, cards, maps, Back, stale buttons."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from conftest import RunningBot, ask_one, press
from fakebot import ChatMessage, FakeTelegram, User
from fakebot.errors import NOT_MODIFIED

from bot.transport.keyboards import CALLBACK_LIMIT, Op, Ref

OUT_OF_DATE = "This button is out of date."


def target(data: str) -> Ref:
    ref = Ref.parse(data.split("|")[2])
    assert ref is not None, data
    return ref


async def test_every_menu_path_leads_to_a_screen(tg: FakeTelegram, bot: RunningBot) -> None:
    """Depth-first through every button reachable from the main menu: each one is answered,
    shows a screen with a way back, and no call is rejected."""
    user = tg.user(1001, "Anna", "en")
    seen: set[Ref] = {Ref(Op.MENU)}
    paths: list[list[str]] = [[]]
    screens = maps = 0
    while paths:
        path = paths.pop()
        message = await ask_one(tg, user, "/start")
        for data in path:
            answer = await press(tg, user, message, data=data)
            assert answer.text is None, (path, answer.text)
        screens += 1
        assert message.text.strip()
        if path:
            assert any(b in ("⬅️ Back", "🏠 Main menu") for row in message.buttons for b in row)
        for data in message.callback_data:
            assert len(data.encode()) <= CALLBACK_LIMIT
            ref = target(data)
            if ref.op in (Op.MAP_PARTNER, Op.MAP_EVENT):
                await press(tg, user, message, data=data)
                [pin] = await tg.wait_for_reply(user)
                assert pin.kind == "venue"
                maps += 1
            elif ref.op not in (Op.SET_LANGUAGE, Op.LIKE, Op.DISLIKE) and ref not in seen:
                seen.add(ref)
                paths.append([*path, data])
    kb = bot.kb
    assert {r.arg for r in seen if r.op is Op.PARTNER} == set(kb.partners)
    assert {r.arg for r in seen if r.op is Op.PROJECT} == set(kb.projects)
    assert {r.arg for r in seen if r.op is Op.COUNTRY} == set(kb.countries)
    assert {r.arg for r in seen if r.op is Op.FILM} == set(kb.media)
    assert {Op.FIELDS, Op.COUNTRIES, Op.LANGUAGES, Op.ABOUT} <= {r.op for r in seen}
    assert screens == len(seen) and maps >= len(kb.partners)
    tg.assert_no_rejections()


async def test_partners_by_country_to_a_project_and_back(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    menu = await ask_one(tg, user, "/partners")
    assert menu.text.startswith("Rēzekne Municipality has 7 twinning partners in 5 countries.")
    assert ["🇵🇱 Zgierz", "🇱🇹 Kupiškis"] in menu.buttons or "🇵🇱 Zgierz" in menu.buttons[0]
    await press(tg, user, menu, "🌍 By country")
    assert menu.text.startswith("The partners are in 5 countries:")
    await press(tg, user, menu, "🇱🇹 Lithuania")
    assert menu.text.startswith("2 partners in Lithuania: Kupiškis and Biržai.")
    await press(tg, user, menu, "🇱🇹 Kupiškis")
    assert menu.text.startswith("Kupiškis (Lithuania) is a twinning partner")
    assert "Agreement:" in menu.text and "Projects:" in menu.text
    project_buttons = [row[0] for row in menu.buttons if row[0].startswith("📁")]
    assert len(project_buttons) == 2
    await press(tg, user, menu, project_buttons[0])
    assert "📁 Sustainable Tourism Development at Kupiškis Lagoon" in menu.text
    assert "Period: March 20, 2009 – March 2011" in menu.text
    await press(tg, user, menu, "⬅️ Back")  # back to the partner the project was opened from
    assert menu.text.startswith("Kupiškis (Lithuania) is a twinning partner")
    await press(tg, user, menu, "🇱🇹 Partners in Lithuania")
    assert menu.text.startswith("2 partners in Lithuania")
    await press(tg, user, menu, "⬅️ Back")
    assert menu.text.startswith("Kupiškis (Lithuania)")
    assert len(tg.sent_to(user)) == 1  # navigation edited the one message in place
    tg.assert_no_rejections()


async def test_partners_by_cooperation_field(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "lv")
    menu = await ask_one(tg, user, "/partners")
    await press(tg, user, menu, "🎯 Pa sadarbības jomām")
    assert menu.text.startswith("🎯 Izvēlieties sadarbības jomu")
    await press(tg, user, menu, "🎯 Ezeru apsaimniekošana")
    lake = "3 partneri sadarbojas jomā „Ezeru apsaimniekošana”: Gelbaši, Kahta un Birži."
    assert menu.text.startswith(lake)
    await press(tg, user, menu, "🇱🇹 Birži")
    assert menu.text.startswith("Birži (Lietuva) ir sadraudzības partneris")
    await press(tg, user, menu, "⬅️ Atpakaļ")
    assert menu.text.startswith(lake)
    await press(tg, user, menu, "⬅️ Atpakaļ")
    assert menu.text.startswith("🎯 Izvēlieties sadarbības jomu")
    tg.assert_no_rejections()


def button_for(message: ChatMessage, ref: Ref) -> str:
    """The text of the button that opens `ref`."""
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return str(next(b["text"] for row in rows for b in row if target(b["callback_data"]) == ref))


@pytest.mark.parametrize(
    ("partner", "language_code", "title", "address"),
    [
        ("zgierz", "en", "Zgierz", "Poland"),
        ("golbasi", "lv", "Gelbaši", "Turcija"),
        ("arendal", "ru", "Арендал", "Норвегия"),
    ],
)
async def test_the_map_button_sends_a_venue(
    tg: FakeTelegram,
    bot: RunningBot,
    partner: str,
    language_code: str,
    title: str,
    address: str,
) -> None:
    user = tg.user(1001, "Anna", language_code)
    menu = await ask_one(tg, user, "/partners")
    await press(tg, user, menu, button_for(menu, Ref(Op.PARTNER, partner)))
    assert menu.buttons[-2][0].startswith("📍 ")
    await press(tg, user, menu, button_for(menu, Ref(Op.MAP_PARTNER, partner)))
    [pin] = await tg.wait_for_reply(user)
    assert pin.venue is not None
    assert pin.venue["title"].startswith(title)
    assert pin.venue["address"].endswith(address)
    where = bot.kb.partners[partner].location
    assert where is not None
    assert pin.venue["location"] == {"latitude": where.lat, "longitude": where.lon}
    tg.assert_no_rejections()


async def test_projects_festival_and_film(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    menu = await ask_one(tg, user, "/start")
    await press(tg, user, menu, "📂 Projects")
    assert menu.text.startswith("The municipality's page lists 4 joint projects.")
    await press(tg, user, menu, "Cycling")
    assert "Postavy" in menu.text
    await press(tg, user, menu, "🇧🇾 Postavy")
    assert menu.text.startswith("Postavy (Belarus)")
    await press(tg, user, menu, "⬅️ Back")
    assert "Cycling" in menu.text
    await press(tg, user, menu, "⬅️ Back")
    await press(tg, user, menu, "🏠 Main menu")
    await press(tg, user, menu, "🎉 Festival")
    assert "European Festival in Mayenne" in menu.text
    await press(tg, user, menu, "📍 Map")
    [pin] = await tg.wait_for_reply(user)
    assert pin.venue is not None and pin.venue["address"].endswith("France")
    await press(tg, user, menu, "🏠 Main menu")
    await press(tg, user, menu, "🎬 Film")
    assert "🎬 Friends. Infinite Story on Twinning" in menu.text
    await press(tg, user, menu, "Neighbors")
    assert "Neighbors" in menu.text
    await press(tg, user, menu, "🎬 Friends")
    assert menu.text.startswith("The film")
    tg.assert_no_rejections()


# -- stale and forged buttons -----------------------------------------------------------------


async def send_with_button(tg: FakeTelegram, user: User, data: str) -> ChatMessage:
    """A bot message carrying a button the current bot would never make (an older version's,
    or a forged one), sent straight through the Bot API."""
    async with httpx.AsyncClient(base_url=tg.api_url + "/") as http:
        keyboard = {"inline_keyboard": [[{"text": "old", "callback_data": data}]]}
        response = await http.post(
            "sendMessage", json={"chat_id": user.id, "text": "old menu", "reply_markup": keyboard}
        )
        assert response.json()["ok"], response.text
    [message] = await tg.wait_for_reply(user)
    return message


@pytest.mark.parametrize(
    "data",
    [
        "v0|en|p:zgierz",
        "v2|en|pl",
        "v1|xx|pl",
        "v1|en|zz",
        "v1|en|p",
        "v1|en|p:",
        "v1|en|p:riga",
        "v1|en|p:../../etc",
        "v1|en|pc:XX",
        "v1|en|pf:weather",
        "v1|en|pl|lang:ru",
        "v1|en|up:999999",
        "v1|en|up:abc",
        "v1|en|lang:de",
        "v1|en|mp:riga",
        "v1|en|pl|m|m",
        "garbage",
        "|||",
    ],
)
async def test_a_forged_button_is_out_of_date(tg: FakeTelegram, bot: RunningBot, data: str) -> None:
    user = tg.user(1001, "Anna", "en")
    tg.start_chat(user)
    message = await send_with_button(tg, user, data)
    answer = await press(tg, user, message, data=data)
    assert answer.text == OUT_OF_DATE
    [menu] = await tg.wait_for_reply(user)
    assert menu.text.startswith("I can tell you about the twinning partners")
    assert menu.buttons[0] == ["🤝 Partners", "📂 Projects"]
    tg.assert_no_rejections()


async def test_a_button_for_a_removed_entry_is_out_of_date(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    user = tg.user(1001, "Anna", "ru")
    menu = await ask_one(tg, user, "/partners")
    # The staff remove Zgierz from the knowledge base and restart the bot.
    partners = {k: v for k, v in bot.kb.partners.items() if k != "zgierz"}
    bot.kb = dataclasses.replace(bot.kb, partners=partners)
    await bot.restart()
    answer = await press(tg, user, menu, "🇵🇱 Згеж")
    assert answer.text == "Эта кнопка устарела."
    [fresh] = await tg.wait_for_reply(user)
    assert fresh.buttons[0] == ["🤝 Партнёры", "📂 Проекты"]
    tg.assert_no_rejections()


@pytest.mark.rejections_expected
async def test_pressing_a_button_twice_is_quiet(tg: FakeTelegram, bot: RunningBot) -> None:
    """A double click edits the message once; the second edit would change nothing, which
    Telegram reports as "message is not modified": the bot answers both presses and says
    nothing more."""
    user = tg.user(1001, "Anna", "en")
    menu = await ask_one(tg, user, "/start")
    data = next(d for d in menu.callback_data if target(d).op is Op.PARTNERS)
    first, second = tg.click(user, menu, data), tg.click(user, menu, data)
    for query_id in (first, second):
        assert (await tg.wait_for_callback_answer(query_id)).text is None
    await tg.wait_idle(quiet=0.1)
    assert len(tg.sent_to(user)) == 1  # no "something went wrong"
    assert [c.description for c in tg.rejected] == [NOT_MODIFIED]
