"""Learning from unanswered questions, end to end through the fake Bot API: in /stats an admin
says what an unanswered question means (an entry: its wording becomes an alias or keyword),
adds it to the FAQ with an answer in every language, or hides it as out of scope; the first
two go through the draft → preview → Publish path, and afterwards the same question is
answered. Only admins can; forged and stale buttons change nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest
from conftest import ask_one, press
from fakebot import ChatMessage, FakeTelegram, User
from staffbot import ADMIN, admin_user, running_bot

from bot.knowledge.drafts import DraftStore
from bot.report import Group, question_key
from bot.store import Store

pytestmark = pytest.mark.slow

NEAR_LODZ = "who is our partner near Lodz?"
WHO_MADE = "Кто придумал этого бота?"
PARKING = "Where can I park my car in Rezekne?"
PASSPORT = "How do I get a passport?"
OUT_OF_DATE = "This button is out of date."


def group_id(text: str) -> str:
    return Group(text, 1, key=question_key(text)).id


def lines_of(content: bytes) -> list[str]:
    return content.decode("utf-8").splitlines()


async def stats(tg: FakeTelegram, admin: User) -> ChatMessage:
    return await ask_one(tg, admin, "/stats")


async def open_group(tg: FakeTelegram, admin: User, text: str) -> ChatMessage:
    """/stats, then the button of the group of `text`: its actions, in a new message."""
    listing = await stats(tg, admin)
    await press(tg, admin, listing, "❓ " + text)
    [actions] = await tg.wait_for_reply(admin)
    return actions


async def publish(tg: FakeTelegram, admin: User, preview: ChatMessage) -> None:
    answer = await press(tg, admin, preview, "✅ Publish")
    assert answer.text == "Published."
    [done] = await tg.wait_for_reply(admin)
    assert "was published by Ilze; the new version is live" in done.text


async def test_means_an_entry_makes_the_same_question_answered(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        before = await ask_one(tg, anna, NEAR_LODZ)
        assert "Zgierz (Poland) is a twinning partner" not in before.text
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()

        listing = await stats(tg, admin)
        assert listing.text.splitlines()[-1] == f"1× {NEAR_LODZ}"
        assert listing.buttons == [[f"❓ {NEAR_LODZ}"]]
        actions = await open_group(tg, admin, NEAR_LODZ)
        assert actions.text.splitlines() == [
            f"❓ “{NEAR_LODZ}”",
            "Asked 1 time; language: English.",
            "",
            "What should I do with it?",
        ]
        assert actions.buttons == [
            ["🔗 Means an entry…"],
            ["➕ Add to the FAQ"],
            ["🙈 Out of scope"],
        ]
        await press(tg, admin, actions, "🔗 Means an entry…")
        assert actions.text.endswith("What kind of entry does it mean?")
        assert actions.buttons == [
            ["Partners", "Projects"],
            ["Events", "Media"],
            ["Cooperation fields", "FAQ"],
            ["⬅️ Back"],
        ]
        await press(tg, admin, actions, "Partners")
        assert actions.text.endswith("Which one does it mean?")
        assert ["Zgierz"] in actions.buttons and actions.buttons[-1] == ["⬅️ Back"]
        assert all(len(d.encode()) <= 64 for d in actions.callback_data)
        # Nothing is written before the preview's Publish.
        await press(tg, admin, actions, "Zgierz")
        head = f"Adds “{NEAR_LODZ[:-1]}” (English) to the aliases of Zgierz."
        assert actions.text == f"🔗 {head}" and actions.buttons == []
        [preview] = await tg.wait_for_reply(admin)
        lines = preview.text.splitlines()
        assert lines[:4] == [
            head,
            "",
            "📝 partners.yaml is valid. It is a draft: not live yet.",
            "Changed: zgierz",
        ]
        assert f"• {NEAR_LODZ} (en)" in preview.text  # the resident's question, replayed
        assert preview.buttons == [["✅ Publish", "🗑 Discard"]]
        assert partners.read_bytes() == original
        assert "Zgierz (Poland)" not in (await ask_one(tg, anna, NEAR_LODZ)).text

        await publish(tg, admin, preview)
        after = await ask_one(tg, anna, NEAR_LODZ)
        assert after.text.startswith("Zgierz (Poland) is a twinning partner")
        # One line more in the file; its comments and everything else as they were.
        new = lines_of(partners.read_bytes())
        old = lines_of(original)
        assert [line for line in new if line not in old] == [
            "      en: [who is our partner near Lodz]"
        ]
        assert [line for line in old if line not in new] == []
        assert new[:6] == old[:6] and new[0].startswith("# yaml-language-server:")
        # Answered now: the group has left /stats.
        listing = await stats(tg, admin)
        assert listing.text.splitlines()[-1] == "—" and listing.buttons == []


async def test_add_to_faq_asks_each_language_then_previews_the_new_entry(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    boris = tg.user(1002, "Boris", "ru")
    async with running_bot(tg, tmp_path) as bot:
        refused = await ask_one(tg, boris, WHO_MADE)
        faq = bot.settings.knowledge_dir / "faq.yaml"
        original = faq.read_bytes()
        actions = await open_group(tg, admin, WHO_MADE)
        assert "Asked 1 time; language: Russian." in actions.text
        await press(tg, admin, actions, "➕ Add to the FAQ")
        assert actions.buttons == []
        assert actions.text.startswith(f"➕ A new FAQ entry for “{WHO_MADE[:-1]}”.")
        steps = [
            ("✍️ How do people ask it? Language: Latvian. (1 of 5)", "Kas izveidoja šo botu"),
            ("✍️ The answer; language: Latvian. (2 of 5)", "Botu izveidoja pašvaldība."),
            ("✍️ The answer; language: Russian. (3 of 5)", "Бота сделало самоуправление."),
            ("✍️ How do people ask it? Language: English. (4 of 5)", "Who made this bot"),
            ("✍️ The answer; language: English. (5 of 5)", "The municipality made the bot."),
        ]
        [prompt] = await tg.wait_for_reply(admin)
        for expected, reply in steps:
            assert prompt.text == expected
            assert (prompt.reply_keyboard or {}).get("force_reply") is True
            tg.send_text(admin, reply)
            [prompt] = await tg.wait_for_reply(admin)
        preview = prompt
        assert preview.text.splitlines()[:4] == [
            f"➕ A new FAQ entry who_made_this_bot: “{WHO_MADE[:-1]}”.",
            "",
            "📝 faq.yaml is valid. It is a draft: not live yet.",
            "Added: who_made_this_bot",
        ]
        assert faq.read_bytes() == original
        await publish(tg, admin, preview)

        answer = await ask_one(tg, boris, WHO_MADE)
        assert answer.text != refused.text
        assert "Бота сделало самоуправление." in answer.text
        english = await ask_one(tg, tg.user(1003, "Anna", "en"), "Who made this bot?")
        assert "The municipality made the bot." in english.text
        text = faq.read_text(encoding="utf-8")
        assert text.startswith(
            original.decode("utf-8").rstrip("\n") + "\n\n  - id: who_made_this_bot\n"
        )
        assert "      ru: [Кто придумал этого бота]\n" in text
        assert "# General questions." in text


async def test_cancel_stops_the_faq_form(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        await ask_one(tg, tg.user(1002, "Boris", "ru"), WHO_MADE)
        actions = await open_group(tg, admin, WHO_MADE)
        await press(tg, admin, actions, "➕ Add to the FAQ")
        await tg.wait_for_reply(admin)  # the first prompt
        cancelled = await ask_one(tg, admin, "/cancel")
        assert cancelled.text == "✖️ Cancelled: no FAQ entry was made."
        # The admin's next message is a question again, not an answer to the form.
        answer = await ask_one(tg, admin, "When was the agreement with Zgierz signed?")
        assert "2000" in answer.text
        assert DraftStore.in_data_dir(bot.settings.data_dir).drafts() == []
        # Without a form, /cancel is a command like any unknown one.
        unknown = await ask_one(tg, admin, "/cancel")
        assert unknown.text != cancelled.text


async def test_out_of_scope_hides_the_group_and_it_stays_hidden_after_a_restart(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "en")
    async with running_bot(tg, tmp_path) as bot:
        for user, text in ((anna, PARKING), (boris, PARKING.lower()), (anna, PASSPORT)):
            await ask_one(tg, user, text)
        actions = await open_group(tg, admin, PARKING)
        answer = await press(tg, admin, actions, "🙈 Out of scope")
        assert answer.text == "Hidden."
        assert actions.text == (
            f"🙈 “{PARKING}” is out of scope: it is hidden from /stats, also when it is asked "
            "again."
        )
        assert actions.buttons == []
        listing = await stats(tg, admin)
        assert listing.text.splitlines()[-2:] == [
            "Most frequent unanswered questions (similar ones together):",
            f"1× {PASSPORT}",
        ]
        assert listing.buttons == [[f"❓ {PASSPORT}"]]

        await bot.restart()
        await ask_one(tg, boris, "where can I park my car in Rezekne")  # asked again
        listing = await stats(tg, admin)
        assert PARKING.lower()[:20] not in listing.text.lower()
        assert listing.buttons == [[f"❓ {PASSPORT}"]]
        database = Store.path_in(bot.settings.data_dir)
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT example FROM hidden_questions").fetchall() == [(PARKING,)]


async def send_with_button(tg: FakeTelegram, user: User, data: str) -> ChatMessage:
    """A bot message with a button the bot never made (forged), sent through the Bot API."""
    async with httpx.AsyncClient(base_url=tg.api_url + "/") as http:
        keyboard = {"inline_keyboard": [[{"text": "old", "callback_data": data}]]}
        response = await http.post(
            "sendMessage", json={"chat_id": user.id, "text": "old", "reply_markup": keyboard}
        )
        assert response.json()["ok"], response.text
    [message] = await tg.wait_for_reply(user)
    return message


@pytest.mark.parametrize(
    "forged",
    [
        "v1|en|tx:{gid}:p:zgierz",  # hide takes no entry
        "v1|en|tk:{gid}:z:0",  # no such kind
        "v1|en|tk:{gid}:p:x",  # a page that is no number
        "v1|en|te:{gid}:p",  # no entry
        "v1|en|te:{gid}:p:riga",  # no such partner
        "v1|en|te:{gid}:p:../../etc",
        "v1|en|tx:00000000",  # no such group
        "v1|xx|tx:{gid}",  # no such language
        "v2|en|tx:{gid}",  # another version
        "v1|en|tz:{gid}",  # no such action
    ],
)
async def test_forged_teaching_buttons_change_nothing(
    tg: FakeTelegram, tmp_path: Path, forged: str
) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        await ask_one(tg, tg.user(1001, "Anna", "en"), PARKING)
        folder = bot.settings.knowledge_dir
        before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        data = forged.format(gid=group_id(PARKING))
        message = await send_with_button(tg, admin, data)
        answer = await press(tg, admin, message, data=data)
        assert answer.text == OUT_OF_DATE
        assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
        assert DraftStore.in_data_dir(bot.settings.data_dir).drafts() == []
        assert bot.store.hidden_questions() == []
        assert (await stats(tg, admin)).buttons == [[f"❓ {PARKING}"]]


async def test_a_non_admin_cannot_use_the_actions(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        await ask_one(tg, anna, PARKING)
        # For a resident /stats does not exist (the reply to an unknown command).
        assert not (await ask_one(tg, anna, "/stats")).text.startswith("📊")
        actions = await open_group(tg, admin, PARKING)
        # The admin is taken off BOT_ADMIN_IDS; the buttons they still see do nothing.
        bot.settings.admin_ids = frozenset()
        answer = await press(tg, admin, actions, "🙈 Out of scope")
        assert answer.text == OUT_OF_DATE
        assert bot.store.hidden_questions() == []
        # A resident pressing the same buttons on their own copy gets the same.
        bot.settings.admin_ids = frozenset({ADMIN})
        data = f"v1|en|tx:{group_id(PARKING)}"
        message = await send_with_button(tg, anna, data)
        assert (await press(tg, anna, message, data=data)).text == OUT_OF_DATE
        assert bot.store.hidden_questions() == []


async def test_a_button_of_a_question_answered_since_is_out_of_date(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        await ask_one(tg, tg.user(1001, "Anna", "en"), NEAR_LODZ)
        first = await open_group(tg, admin, NEAR_LODZ)
        second = await open_group(tg, admin, NEAR_LODZ)
        for label in ("🔗 Means an entry…", "Partners", "Zgierz"):
            await press(tg, admin, first, label)
        [preview] = await tg.wait_for_reply(admin)
        await publish(tg, admin, preview)
        answer = await press(tg, admin, second, "🙈 Out of scope")
        assert answer.text == OUT_OF_DATE
        assert second.text == "This question is no longer open in /stats."
        assert second.buttons == []
        assert bot.store.hidden_questions() == []
