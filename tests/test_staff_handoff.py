"""Handing a question to a person, end to end: "Ask the municipality" under an answer the bot could
not give and /ask_staff post the question in the staff chat; a staff member's reply there reaches
the user, also after a restart."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from conftest import ask_one, press
from fakebot import ChatMessage, FakeTelegram, User
from staffbot import STAFF_CHAT, running_bot, staff_group, texts

from bot.store import HandoffStatus

OUT_OF_SCOPE = "What's the weather tomorrow?"
ASK = "✉️ Ask the municipality"
PASSED_ON = "✉️ Your question was passed on to the municipality; you will get the answer here."


def labels(buttons: list[list[str]]) -> list[str]:
    return [label for row in buttons for label in row]


def staff_member(tg: FakeTelegram) -> User:
    return tg.user(2001, "Līga", "lv")


async def press_ask(tg: FakeTelegram, user: User, answer: ChatMessage) -> ChatMessage:
    """Press "Ask the municipality"; the bot's confirmation to the user."""
    query = await press(tg, user, answer, ASK)
    assert query.text is None
    [confirmation] = await tg.wait_for_reply(user)
    return confirmation


def photo_reply(user: User, question: ChatMessage) -> dict[str, Any]:
    """A photo sent in the staff chat as a reply to the bot's question (the fake has no helper
    for a photo reply: the raw update)."""
    return {
        "message_id": 10_000,
        "date": int(time.time()),
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Pašvaldības darbinieki"},
        "from": user.to_dict(),
        "photo": [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 67}],
        "reply_to_message": question.data,
    }


async def test_a_handoff_round_trip(tg: FakeTelegram, tmp_path: Path) -> None:
    staff = staff_group(tg)
    liga = staff_member(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        answer = await ask_one(tg, anna, OUT_OF_SCOPE)
        assert answer.text.startswith("Sorry, I can only answer questions about")
        assert answer.buttons[-1] == [ASK]

        confirmation = await press_ask(tg, anna, answer)
        assert confirmation.text == f"{PASSED_ON}\n\n{OUT_OF_SCOPE}"
        assert ASK not in labels(tg.sent_to(anna)[0].buttons)  # pressed once is enough
        [question] = await tg.wait_for_reply(staff)
        assert question.text.splitlines() == [
            "❓ Iedzīvotāja jautājums #1",  # the staff chat reads the default language
            "Valoda: English",
            "",
            OUT_OF_SCOPE,
            "",
            "Lai atbildētu, atbildiet uz šo ziņu (Reply): jūsu atbilde tiks nosūtīta iedzīvotājam.",
        ]
        assert "Anna" not in question.text and "1001" not in question.text  # no identity
        [row] = bot.store.handoffs_of(anna.id)
        assert (row.status, row.staff_message_id) == (HandoffStatus.PENDING, question.message_id)

        tg.send_text(
            liga, "Rīt būs saulains.\nSveicieni no Rēzeknes!", chat=staff, reply_to=question
        )
        [delivered] = await tg.wait_for_reply(anna)
        assert delivered.text == (
            "💬 Answer from the municipality\n"
            f"Your question: {OUT_OF_SCOPE}\n\n"
            "Rīt būs saulains.\nSveicieni no Rēzeknes!"
        )
        [confirmed] = await tg.wait_for_reply(staff)
        assert confirmed.text == "✅ Nosūtīts iedzīvotājam (jautājums #1)."
        assert confirmed.reply_to_message_id is not None
        assert bot.store.handoffs_of(anna.id)[0].status is HandoffStatus.ANSWERED


async def test_a_handoff_works_across_a_restart(tg: FakeTelegram, tmp_path: Path) -> None:
    staff = staff_group(tg)
    liga = staff_member(tg)
    boris = tg.user(1002, "Борис", "ru")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        reply = await ask_one(tg, boris, "/ask_staff Можно ли поехать в Згеж на стажировку?")
        assert reply.text.startswith(
            "✉️ Ваш вопрос передан самоуправлению; ответ вы получите здесь."
        )
        [question] = await tg.wait_for_reply(staff)
        assert "Язык" not in question.text and "Valoda: Русский" in question.text
        await bot.restart()  # the pending question is in SQLite, not in memory
        tg.send_text(liga, "Jā, rakstiet uz info@rezekne.lv.", chat=staff, reply_to=question)
        [delivered] = await tg.wait_for_reply(boris)
        assert delivered.text.startswith("💬 Ответ самоуправления\nВаш вопрос: Можно ли поехать")
        assert delivered.text.endswith("Jā, rakstiet uz info@rezekne.lv.")
        [confirmed] = await tg.wait_for_reply(staff)
        assert confirmed.text.startswith("✅ ")


async def test_ask_staff_uses_the_last_question_or_asks_for_one(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    staff = staff_group(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        hint = await ask_one(tg, anna, "/ask_staff")
        assert hint.text.startswith("Write your question after the command, for example:")
        await ask_one(tg, anna, "Zgierz")  # answered: no button, but it is the last question
        assert ASK not in labels(tg.sent_to(anna)[-1].buttons)
        reply = await ask_one(tg, anna, "/ask_staff")
        assert reply.text == f"{PASSED_ON}\n\nZgierz"
        [question] = await tg.wait_for_reply(staff)
        assert "Zgierz" in question.text
        again = await ask_one(tg, anna, "/ask_staff")  # the same question twice: no repost
        assert again.text == (
            "You have already passed this question on; the answer will come here."
        )
        assert len(tg.sent_to(staff)) == 1
        assert len(bot.store.handoffs_of(anna.id)) == 1


async def test_a_user_cannot_flood_the_staff_chat(tg: FakeTelegram, tmp_path: Path) -> None:
    staff = staff_group(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT):
        for n in range(3):
            reply = await ask_one(tg, anna, f"/ask_staff Question number {n}?")
            assert reply.text.startswith(PASSED_ON)
        refused = await ask_one(tg, anna, "/ask_staff One more?")
        assert refused.text.startswith("You have 3 questions waiting for an answer")
        assert len(tg.sent_to(staff)) == 3


async def test_no_button_without_a_staff_chat_or_in_groups(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    staff_group(tg)
    anna = tg.user(1001, "Anna", "en")
    group = tg.group(-100555, "Skola")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT):
        tg.send_text(anna, f"@rezekne_twinning_bot {OUT_OF_SCOPE}", chat=group)
        [in_group] = await tg.wait_for_reply(group)
        assert in_group.text.startswith("Sorry,") and ASK not in labels(in_group.buttons)
    async with running_bot(tg, tmp_path / "second") as bot:
        assert bot.settings.staff_chat_id is None
        answer = await ask_one(tg, anna, OUT_OF_SCOPE)
        assert ASK not in labels(answer.buttons)
        reply = await ask_one(tg, anna, "/ask_staff Hello?")
        assert reply.text == (
            "Passing questions on to the municipality is not available at the moment."
        )


async def test_replies_in_the_staff_chat_that_go_nowhere(tg: FakeTelegram, tmp_path: Path) -> None:
    staff = staff_group(tg)
    liga = staff_member(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT):
        await ask_one(tg, anna, "/ask_staff Where is the film shown?")
        [question] = await tg.wait_for_reply(staff)
        tg.send_sticker(liga, chat=staff)  # not a reply: the bot does not see it
        tg.queue_update({"message": photo_reply(liga, question)})
        [text_only] = await tg.wait_for_reply(staff)
        assert text_only.text == (
            "Iedzīvotājam var nodot tikai tekstu: lūdzu, atbildiet ar tekstu."
        )
        tg.send_text(liga, "Paldies!", chat=staff, reply_to=question)
        [delivered] = await tg.wait_for_reply(anna)
        assert delivered.text.endswith("Paldies!")
        [confirmed] = await tg.wait_for_reply(staff)
        # A reply to the bot's confirmation is not an answer to anyone.
        tg.send_text(liga, "Labi", chat=staff, reply_to=confirmed)
        [nowhere] = await tg.wait_for_reply(staff)
        assert nowhere.text.startswith("Šī ziņa nav iedzīvotāja jautājums")
        # Another reply to the question is delivered too (a correction, a follow-up).
        tg.send_text(liga, "Precizējums: seansi ir piektdienās.", chat=staff, reply_to=question)
        [second] = await tg.wait_for_reply(anna)
        assert second.text.endswith("Precizējums: seansi ir piektdienās.")
        await tg.wait_for_reply(staff)
        assert texts(tg.sent_to(anna))[0].startswith(PASSED_ON)


async def test_an_answer_to_a_user_who_blocked_the_bot(tg: FakeTelegram, tmp_path: Path) -> None:
    staff = staff_group(tg)
    liga = staff_member(tg)
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        await ask_one(tg, anna, "/ask_staff Is there a twinning fund?")
        [question] = await tg.wait_for_reply(staff)
        tg.block_user(anna)
        tg.send_text(liga, "Nē.", chat=staff, reply_to=question)
        [failed] = await tg.wait_for_reply(staff)
        assert failed.text.startswith("⚠️ Atbildi uz jautājumu #1 nevarēja nogādāt")
        assert bot.store.handoffs_of(anna.id)[0].status is HandoffStatus.PENDING


async def test_a_stale_ask_button(tg: FakeTelegram, tmp_path: Path) -> None:
    staff_group(tg)
    anna = tg.user(1001, "Anna", "lv")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        answer = await ask_one(tg, anna, "Kāds laiks būs rīt?")
        assert answer.buttons[-1] == ["✉️ Jautāt pašvaldībai"]
        bot.store.purge(before=float("inf"))  # the question was deleted by retention
        query = await press(tg, anna, answer, "✉️ Jautāt pašvaldībai")
        assert query.text == "Šī poga vairs nav aktuāla."
        assert bot.store.count("handoffs") == 0
        assert len(tg.sent_to(anna)) == 1


async def test_a_very_long_question_is_shortened_not_lost(tg: FakeTelegram, tmp_path: Path) -> None:
    staff = staff_group(tg)
    anna = tg.user(1001, "Anna", "en")
    long_question = "Could you tell me " + "more and " * 440 + "more?"  # about 4000 characters
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        reply = await ask_one(tg, anna, f"/ask_staff {long_question}")
        assert reply.text.startswith(PASSED_ON)
        [question] = await tg.wait_for_reply(staff)
        assert "Could you tell me more and more and" in question.text
        [row] = bot.store.handoffs_of(anna.id)
        assert row.question == long_question[:1000]
