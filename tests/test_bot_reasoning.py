"""The second-generation answers on Telegram, end to end through the fake Bot API: verdicts
first, negations, comparisons, two-part questions, Russian typed in Latin letters, requests
to act, and unknown facts that reach the staff's list of unanswered questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RunningBot, ask_one
from fakebot import FakeTelegram
from staffbot import admin_user, running_bot

pytestmark = pytest.mark.slow  # end to end: the fake Bot API


@pytest.mark.parametrize(
    ("language_code", "question", "starts", "contains"),
    [
        ("en", "Is Zgierz a partner?", "Yes.", "Zgierz"),
        ("lv", "Vai Rīga ir mūsu sadraudzības pilsēta?", "Nē", "Rīga"),
        ("ru", "есть ли партнер в Германии?", "Нет", "Германи"),
        ("en", "did we sign with Arendal before Zgierz?", "Yes.", "1995"),
        (
            "en",
            "which partners have no joint projects?",
            "Partners without joint projects",
            "Kahta",
        ),
        ("ru", "kakie partnery v Polshe", "Польша", "Згеж"),
    ],
)
async def test_reasoning_answers_on_telegram(
    tg: FakeTelegram,
    bot: RunningBot,
    language_code: str,
    question: str,
    starts: str,
    contains: str,
) -> None:
    user = tg.user(3101, "Dace", language_code, started=True)
    reply = await ask_one(tg, user, question)
    assert reply.text.startswith(starts), reply.text
    assert contains in reply.text
    tg.assert_no_rejections()


async def test_a_two_part_question_answers_both_parts(tg: FakeTelegram, bot: RunningBot) -> None:
    user = tg.user(3102, "Emīls", "en", started=True)
    reply = await ask_one(
        tg, user, "When was the agreement with Biržai signed and what projects with Postavy?"
    )
    assert "2011" in reply.text and "Cycling" in reply.text, reply.text


async def test_a_request_to_act_is_declined_kindly_with_what_the_bot_knows(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    user = tg.user(3103, "Frank", "en", started=True)
    reply = await ask_one(tg, user, "reserve me a hotel in Biržai")
    assert reply.text.startswith("I can't do that"), reply.text
    assert "Biržai" in reply.text and "2011" in reply.text


async def test_an_unknown_fact_is_said_and_reaches_the_unanswered_list(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    user = tg.user(3104, "Gita", "en", started=True)
    async with running_bot(tg, tmp_path):
        reply = await ask_one(tg, user, "Who is the contact person for Zgierz?")
        assert "contact person" in reply.text and "Zgierz" in reply.text
        stats = await ask_one(tg, admin, "/stats")
    assert "Questions: 1, answered: 0 (0%)." in stats.text, stats.text
    assert "Who is the contact person for Zgierz?" in stats.text
