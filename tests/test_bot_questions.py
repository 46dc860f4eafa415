"""Questions in free text: answers in three languages, follow-up and feedback buttons, the chat
context, "did you mean", declines, long answers split for Telegram."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import RunningBot, ask, ask_one, bot_settings, press
from fakebot import ChatMessage, FakeTelegram, parse_html, utf16_len

from bot.answer import Kind
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Text
from bot.render.formats import flag
from bot.transport.keyboards import Op, Ref

FEEDBACK = ["👍", "👎"]


def question_id(reply: ChatMessage) -> int:
    """The logged question id the 👍 button of an answer refers to."""
    [data] = [d for d in reply.callback_data if "|up:" in d]
    ref = Ref.parse(data.split("|")[2])
    assert ref is not None and ref.op is Op.LIKE
    return int(ref.arg)


@pytest.mark.parametrize(
    ("language_code", "question", "expected", "followup"),
    [
        (
            "en",
            "When was the agreement with Zgierz signed?",
            "The agreement with Zgierz was entered into in 2000 and prolonged in 2007.",
            None,
        ),
        (
            "lv",
            "Kādi projekti bija ar Kupišķiem?",
            "Kupišķi: pašvaldības lapā minēti 2 kopīgi projekti.",
            "📁 Ilgtspējīga",
        ),
        (
            "ru",
            "Какие партнёры в Литве?",
            "Литва: 2 партнёра — Купишкис и Биржай.",
            "🇱🇹 Купишкис",
        ),
    ],
)
async def test_a_question_gets_an_answer_with_buttons(
    tg: FakeTelegram,
    bot: RunningBot,
    language_code: str,
    question: str,
    expected: str,
    followup: str | None,
) -> None:
    user = tg.user(1001, "Anna", language_code)
    reply = await ask_one(tg, user, question)
    assert reply.text.split("\n")[0] == expected
    assert reply.parse_mode == "HTML" and reply.entities  # bold names, as the renderer wrote
    assert reply.buttons[-1] == FEEDBACK
    if followup is not None:
        assert any(row[0].startswith(followup) for row in reply.buttons[:-1]), reply.buttons
    assert bot.store.count("questions") == 1
    tg.assert_no_rejections()


async def test_feedback_is_stored_and_its_buttons_go(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, "Tell me about Kupiškis")
    followups = reply.buttons[:-1]
    qid = question_id(reply)
    answer = await press(tg, user, reply, "👍")
    assert answer.text == "Thank you for your feedback!"
    assert bot.store.feedback(qid) == 1
    assert reply.buttons == followups  # 👍 / 👎 are gone, the follow-ups stay

    other = await ask_one(tg, user, "Which partners are in Turkey?")
    other_id = question_id(other)
    await press(tg, user, other, "👎")
    assert bot.store.feedback(other_id) == -1
    assert bot.store.count("feedback") == 2
    tg.assert_no_rejections()


async def test_follow_up_questions_use_the_chat_context(tg: FakeTelegram, bot: RunningBot) -> None:
    anna = tg.user(1001, "Anna", "en")
    boris = tg.user(1002, "Boris", "en")
    first = await ask_one(tg, anna, "Kupiškis")
    assert first.text.startswith("Kupiškis (Lithuania) is a twinning partner")
    await ask_one(tg, boris, "Zgierz")  # another chat: its own context
    projects = await ask_one(tg, anna, "what projects?")
    assert projects.text.startswith("The municipality's page lists 2 joint projects with Kupiškis.")
    other = await ask_one(tg, anna, "and Biržai?")
    assert other.text.startswith("Biržai (Lithuania) is a twinning partner")
    signed = await ask_one(tg, boris, "when was it signed?")
    assert "Zgierz" in signed.text.split("\n")[0]
    tg.assert_no_rejections()


async def test_a_card_opened_from_the_menu_is_the_context_too(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    user = tg.user(1001, "Anna", "en")
    menu = await ask_one(tg, user, "/partners")
    await press(tg, user, menu, "🇱🇹 Kupiškis")
    projects = await ask_one(tg, user, "what projects?")
    assert projects.text.startswith("The municipality's page lists 2 joint projects with Kupiškis.")
    tg.assert_no_rejections()


async def test_a_follow_up_button_opens_a_new_message(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, "Kupiškis")
    before = reply.text
    await press(tg, user, reply, "📁 Projects with Kupiškis")
    [projects] = await tg.wait_for_reply(user)
    assert projects.text.startswith("The municipality's page lists 2 joint projects with Kupiškis.")
    assert reply.text == before and reply.buttons[-1] == FEEDBACK  # the answer stays
    assert projects.buttons[-1] == ["⬅️ Back"]
    await press(tg, user, projects, "⬅️ Back")  # from here on, navigation edits in place
    assert projects.text.startswith("Kupiškis (Lithuania)")
    await press(tg, user, reply, "🇱🇹 Partners in Lithuania")
    [lithuania] = await tg.wait_for_reply(user)
    assert lithuania.text.startswith("2 partners in Lithuania")
    tg.assert_no_rejections()


async def test_did_you_mean(tg: FakeTelegram, bot: RunningBot) -> None:
    # Typos the engine is unsure about (the first one it asks "did you mean" for is used,
    # so that tuning the engine's thresholds does not break this test of the transport).
    typos = ["Birzzz", "Kupxxkis", "Gelbaaz", "Zgrz", "Bržz"]
    typo, answer = next(
        (q, a) for q in typos if (a := bot.engine.ask(q, language="en")).kind is Kind.CLARIFY
    )
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, typo)
    assert reply.text.startswith("I'm not sure what you mean. Did you mean:")
    suggested = [bot.kb.partners[m.id] for m in answer.suggestions]
    labels = [f"{flag(p.country)} {p.name.get('en')}" for p in suggested]
    assert reply.buttons == [*([label] for label in labels), FEEDBACK]
    await press(tg, user, reply, labels[0])
    [card] = await tg.wait_for_reply(user)
    assert card.text.startswith(f"{suggested[0].name.get('en')} (")
    assert "is a twinning partner" in card.text
    tg.assert_no_rejections()


@pytest.mark.parametrize(
    ("language_code", "question", "expected"),
    [
        ("en", "What will the weather be tomorrow?", "Sorry, I can only answer questions"),
        ("lv", "Kur var nopirkt biļetes uz koncertu?", "Atvainojiet, es varu atbildēt tikai"),
        ("ru", "Как получить паспорт?", "Извините, я могу отвечать только"),
    ],
)
async def test_a_question_outside_the_subject_is_declined_kindly(
    tg: FakeTelegram, bot: RunningBot, language_code: str, question: str, expected: str
) -> None:
    user = tg.user(1001, "Anna", language_code)
    reply = await ask_one(tg, user, question)
    assert reply.text.startswith(expected)
    assert len(reply.buttons) > 1 and reply.buttons[-1] == FEEDBACK  # what it can do instead
    tg.assert_no_rejections()


async def test_html_in_a_question_is_never_sent_raw(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, "<b>Riga</b> & <script>partners?</script>")
    parse_html(reply.source)  # valid Telegram HTML (the fake accepted it, too)
    assert "<script>" not in reply.source
    tg.assert_no_rejections()


async def test_the_answer_comes_in_the_language_of_the_question(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    user = tg.user(1001, "Anna", "lv")
    bot.store.set_language(user.id, "ru")
    reply = await ask_one(tg, user, "When was the agreement with Zgierz signed?")
    assert reply.text.startswith("The agreement with Zgierz was entered into in 2000")
    assert bot.store.language(user.id) == "ru"  # the stored choice is not overwritten
    menu = await ask_one(tg, user, "/start")
    assert menu.text.startswith("Здравствуйте, Anna!")
    tg.assert_no_rejections()


async def test_a_long_answer_is_split_for_telegram(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> None:
    paragraph = "The cycling network links lakes, villages and manor houses. " * 12
    about = "\n\n".join(f"{i}. {paragraph}" for i in range(1, 16))
    projects = dict(kb.projects)
    projects["cycling_net"] = projects["cycling_net"].model_copy(
        update={"about": Text(lv=about, ru=about, en=about)}
    )
    long_kb = dataclasses.replace(kb, projects=projects)
    running = RunningBot(tg, bot_settings(tg, tmp_path), long_kb)
    await running.start()
    try:
        user = tg.user(1001, "Anna", "en")
        tg.send_text(user, "Tell me about the cycling project")
        # The buttons come with the last part.
        await tg.wait_until(lambda: any(m.reply_markup for m in tg.sent_to(user)))
        parts = tg.sent_to(user)
        assert len(parts) >= 3
        for part in parts:
            assert utf16_len(part.text) <= 4096
            parse_html(part.source)
        assert all(part.reply_markup is None for part in parts[:-1])
        assert parts[-1].buttons[-1] == FEEDBACK
        assert parts[0].text.startswith("1. The cycling network")
        assert "15. The cycling network" in parts[-2].text + parts[-1].text
    finally:
        await running.stop()
    tg.assert_no_rejections()


async def test_every_question_is_logged_without_the_user(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(1001, "Anna", "en")
    await ask(tg, user, "Zgierz")
    await ask(tg, user, "weather?")
    assert bot.store.count("questions") == 2
    assert bot.store.count("users") == 0  # nothing about Anna unless she picks a language
    tg.assert_no_rejections()
