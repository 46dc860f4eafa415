"""Privacy (GDPR), end to end: /privacy in the user's language, /forgetme deletes every row linked
to the user, old rows are deleted by the retention job, and the question log holds no user ids."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from conftest import ask_one, press
from fakebot import FakeTelegram, User
from staffbot import DAY, STAFF_CHAT, running_bot, staff_group

from bot.store import Store
from bot.transport.privacy import RETENTION_JOB, apply_retention


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("lv", ["🔒 Jūsu dati", "Tos dzēš pēc 90 dienām.", "nosūtiet /forgetme."]),
        ("ru", ["🔒 Ваши данные", "Они удаляются через 90 дней.", "отправьте /forgetme."]),
        ("en", ["🔒 Your data", "They are deleted after 90 days.", "send /forgetme."]),
    ],
)
async def test_privacy_says_what_is_stored_and_for_how_long(
    tg: FakeTelegram, tmp_path: Path, language_code: str, expected: list[str]
) -> None:
    user = tg.user(1001, "Anna", language_code)
    async with running_bot(tg, tmp_path):
        reply = await ask_one(tg, user, "/privacy")
        for text in expected:
            assert text in reply.text


async def test_privacy_follows_the_retention_setting(tg: FakeTelegram, tmp_path: Path) -> None:
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, retention_days=1):
        reply = await ask_one(tg, user, "/privacy")
        assert "They are deleted after 1 day." in reply.text
        assert "They are deleted 1 day after the answer" in reply.text


async def pass_on(tg: FakeTelegram, user: User, question: str) -> int:
    """/ask_staff `question`; the message id of the question in the staff chat."""
    await ask_one(tg, user, f"/ask_staff {question}")
    [posted] = await tg.wait_for_reply(STAFF_CHAT)
    return posted.message_id


async def test_forgetme_deletes_everything_linked_to_the_user(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    staff = staff_group(tg)
    liga = tg.user(2001, "Līga", "lv")
    anna, boris = tg.user(1001, "Anna", "lv"), tg.user(1002, "Boris", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        store = bot.store
        languages = await ask_one(tg, anna, "/language")
        await press(tg, anna, languages, "English")
        answered = await pass_on(tg, anna, "Is there a twinning fund?")
        tg.send_text(liga, "No.", chat=staff, reply_to=answered)
        await tg.wait_for_reply(anna)
        await tg.wait_for_reply(staff)
        pending = await pass_on(tg, anna, "When is the next festival?")
        await pass_on(tg, boris, "Can I visit Zgierz?")
        await ask_one(tg, anna, "Zgierz")
        questions = store.count("questions")
        assert store.language(anna.id) == "en" and len(store.handoffs_of(anna.id)) == 2

        done = await ask_one(tg, anna, "/forgetme")
        assert done.text.startswith("🗑 Done: I deleted everything stored about you")  # English
        assert store.language(anna.id) is None
        assert store.handoffs_of(anna.id) == []
        with sqlite3.connect(Store.path_in(bot.settings.data_dir)) as db:
            for table in ("users", "handoffs"):
                rows = db.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (anna.id,))
                assert rows.fetchone() == (0,), table
        # Boris keeps his; the anonymous log cannot be linked to Anna and stays.
        assert len(store.handoffs_of(boris.id)) == 1
        assert store.count("questions") == questions
        # Her questions are taken out of the staff chat too.
        withdrawn = [m for m in tg.sent_to(staff) if m.message_id in (answered, pending)]
        assert [m.text for m in withdrawn] == [
            "Jautājums #1 atsaukts: iedzīvotājs dzēsa savus datus.",
            "Jautājums #2 atsaukts: iedzīvotājs dzēsa savus datus.",
        ]
        tg.send_text(liga, "Festivāls būs jūlijā.", chat=staff, reply_to=pending)
        [nowhere] = await tg.wait_for_reply(staff)
        assert nowhere.text.startswith("Šī ziņa nav iedzīvotāja jautājums")
        assert not [m for m in tg.sent_to(anna) if "jūlijā" in m.text]
        # What the bot kept in memory is gone: her language is Telegram's again, and
        # /ask_staff no longer knows her last question.
        hint = await ask_one(tg, anna, "/ask_staff")
        assert hint.text.startswith("Uzrakstiet jautājumu aiz komandas")


async def test_the_question_log_holds_no_user_ids(tg: FakeTelegram, tmp_path: Path) -> None:
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        answer = await ask_one(tg, anna, "Zgierz")
        await press(tg, anna, answer, "👍")
        with sqlite3.connect(Store.path_in(bot.settings.data_dir)) as db:
            for table in ("questions", "feedback"):
                columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                assert not columns & {"user_id", "chat_id", "user", "chat"}, table
                dump = [str(v) for row in db.execute(f"SELECT * FROM {table}") for v in row]
                assert str(anna.id) not in dump


async def test_retention_deletes_old_rows(tg: FakeTelegram, tmp_path: Path) -> None:
    staff = staff_group(tg)
    liga = tg.user(2001, "Līga", "lv")
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, staff_chat_id=STAFF_CHAT) as bot:
        store = bot.store
        answer = await ask_one(tg, anna, "Zgierz")
        await press(tg, anna, answer, "👎")
        await ask_one(tg, anna, "What's the weather tomorrow?")
        answered = await pass_on(tg, anna, "Is there a twinning fund?")
        tg.send_text(liga, "No.", chat=staff, reply_to=answered)
        await tg.wait_for_reply(staff)
        await pass_on(tg, anna, "Is there another fund?")  # never answered
        counts = {t: store.count(t) for t in ("questions", "feedback", "handoffs")}
        assert counts == {"questions": 2, "feedback": 1, "handoffs": 2}

        now = time.time()
        assert apply_retention(store, 90, now=now + 89 * DAY).total == 0
        assert {t: store.count(t) for t in counts} == counts
        purged = apply_retention(store, 90, now=now + 91 * DAY)
        assert (purged.questions, purged.feedback, purged.handoffs) == (2, 1, 2)
        assert {t: store.count(t) for t in counts} == dict.fromkeys(counts, 0)
        assert store.language(anna.id) is None  # settings are not a log: they stay until /forgetme


async def test_the_retention_job_runs_at_start_and_daily(tg: FakeTelegram, tmp_path: Path) -> None:
    anna = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        answer = await ask_one(tg, anna, "Zgierz")
        await press(tg, anna, answer, "👍")
        assert bot.app.job_queue is not None
        [job] = bot.app.job_queue.get_jobs_by_name(RETENTION_JOB)
        assert job.job.trigger.interval.total_seconds() == DAY
        await bot.stop()
        with sqlite3.connect(Store.path_in(bot.settings.data_dir)) as db:  # 100 days pass
            db.execute("UPDATE questions SET at = at - ?", (100 * DAY,))
            db.execute("UPDATE feedback SET at = at - ?", (100 * DAY,))
        await bot.start()
        await tg.wait_until(lambda: bot.store.count("questions") == 0, message="not purged")
        assert bot.store.count("feedback") == 0
        await ask_one(tg, anna, "Biržai")  # a new question is kept
        assert bot.store.count("questions") == 1
