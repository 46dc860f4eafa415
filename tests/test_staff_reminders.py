"""The admins' monthly reminder of knowledge entries not checked against their source for a
year (or never): which entries, the wording in each language, the job's schedule, and
(through the fake Bot API) that only admins whose chat with the bot exists are written to."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import ask_one
from fakebot import FakeTelegram
from staffbot import ADMIN, admin_user, running_bot

from bot.config import CheckReminder
from bot.knowledge import KnowledgeBase
from bot.transport.staff import (
    CHECK_REMINDER_JOB,
    Unchecked,
    check_reminder_text,
    keeper_for,
    unchecked_entries,
)

TODAY = dt.date(2027, 3, 1)


def checked(kb: KnowledgeBase, days: dict[str, dt.date | None]) -> KnowledgeBase:
    """The knowledge base with these partners' `checked` days (every other entry: never)."""
    partners = {
        pid: p.model_copy(update={"checked": days[pid]}) if pid in days else p
        for pid, p in kb.partners.items()
    }
    return replace(kb, partners=partners)


def test_unchecked_entries(kb: KnowledgeBase) -> None:
    kb = checked(
        kb,
        {
            "zgierz": TODAY,
            "birzai": TODAY - dt.timedelta(days=365),  # exactly a year: still fine
            "kupiskis": TODAY - dt.timedelta(days=366),
            "arendal": TODAY - dt.timedelta(days=900),
        },
    )
    found = unchecked_entries(kb, TODAY, 365)
    keys = [(u.kind, u.id) for u in found]
    assert ("partner", "zgierz") not in keys and ("partner", "birzai") not in keys
    # Never checked first (in file order), then the oldest check first.
    assert keys[-2:] == [("partner", "arendal"), ("partner", "kupiskis")]
    never = [u for u in found if u.checked is None]
    total = len(kb.partners) + len(kb.projects) + len(kb.events) + len(kb.media)
    assert len(never) == total - 4
    assert {u.kind for u in never} == {"partner", "project", "event", "media"}


def test_nothing_to_remind_when_all_are_checked(kb: KnowledgeBase) -> None:
    fresh = {"checked": TODAY}
    kb = replace(
        kb,
        partners={k: v.model_copy(update=fresh) for k, v in kb.partners.items()},
        projects={k: v.model_copy(update=fresh) for k, v in kb.projects.items()},
        events={k: v.model_copy(update=fresh) for k, v in kb.events.items()},
        media={k: v.model_copy(update=fresh) for k, v in kb.media.items()},
    )
    assert unchecked_entries(kb, TODAY, 365) == []


ENTRIES = [
    Unchecked("partner", "zgierz", None, "https://example.lv/zgierz"),
    Unchecked("project", "cycling_net", dt.date(2025, 1, 10), None),
]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "🗓 2 entries of the knowledge base have not been checked against their source "
                "since 2026-03-01 (or never):",
                "• partner <code>zgierz</code>: never checked · https://example.lv/zgierz",
                "• project <code>cycling_net</code>: last checked 2025-01-10",
                "Compare each entry with its source, then write the day of the check in it: "
                "<code>checked: 2027-03-01</code>",
            ],
        ),
        (
            "lv",
            [
                "🗓 Kopš 2026-03-01 (vai nekad) pēc avota nav pārbaudīti 2 zināšanu bāzes ieraksti:",
                "• partneris <code>zgierz</code>: nekad nav pārbaudīts · https://example.lv/zgierz",
                "• projekts <code>cycling_net</code>: pēdējoreiz pārbaudīts 2025-01-10",
            ],
        ),
        (
            "ru",
            [
                "🗓 2 записи базы знаний не сверялись с источником с 2026-03-01 (или ни разу):",
                "• партнёр <code>zgierz</code>: ни разу не сверялся · https://example.lv/zgierz",
                "• проект <code>cycling_net</code>: последняя сверка 2025-01-10",
            ],
        ),
    ],
)
def test_the_reminder_in_each_language(lang: str, expected: list[str]) -> None:
    lines = check_reminder_text(lang, ENTRIES, 365, TODAY).splitlines()
    for line in expected:
        assert line in lines


def test_a_long_list_is_cut_short() -> None:
    many = [Unchecked("partner", f"p{i:02d}", None, None) for i in range(45)]
    text = check_reminder_text("en", many, 365, TODAY)
    assert text.count("• partner") == 30
    assert "… and 15 more entries" in text


# ------------------------------------------------------------------------- end to end


async def test_the_monthly_job_writes_to_the_admins_whose_chat_exists(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    other_admin = 7002  # in BOT_ADMIN_IDS, but has never written to the bot
    tg.user(other_admin, "Jānis", "lv")
    admin = admin_user(tg, "lv")
    settings: dict[str, Any] = {
        "admin_ids": frozenset({ADMIN, other_admin}),
        "reload_interval_seconds": 3600,  # no "files changed" messages in between
        "check_reminder": CheckReminder(day=15),
    }
    async with running_bot(tg, tmp_path, admin_language="lv", **settings) as bot:
        assert bot.app.job_queue is not None
        [job] = bot.app.job_queue.get_jobs_by_name(CHECK_REMINDER_JOB)
        riga = dt.datetime.now(ZoneInfo("Europe/Riga"))
        next_run = job.next_t
        assert next_run is not None
        local = next_run.astimezone(ZoneInfo("Europe/Riga"))
        assert (local.day, local.hour, local.minute) == (15, 9, 0) and local > riga

        await ask_one(tg, admin, "/start")  # the admin's chat now exists (the store knows)
        today = riga.date()
        partners = bot.settings.knowledge_dir / "partners.yaml"
        text = partners.read_text(encoding="utf-8")
        text = text.replace("  - id: zgierz\n", f"  - id: zgierz\n    checked: {today}\n")
        stale = today - dt.timedelta(days=400)
        text = text.replace(
            "  - id: birzai\n",
            f"  - id: birzai\n    checked: {stale}\n    source: https://example.lv/birzai\n",
        )
        partners.write_text(text, encoding="utf-8")
        assert (await keeper_for(bot.engine, bot.settings).reload_from_disk()).kb is not None

        await job.run(bot.app)
        [reminder] = await tg.wait_for_reply(admin)
        assert reminder.text.startswith("🗓 Kopš ")
        assert "partneris birzai: pēdējoreiz pārbaudīts " + stale.isoformat() in reminder.text
        assert "https://example.lv/birzai" in reminder.text
        assert "partneris kupiskis: nekad nav pārbaudīts" in reminder.text
        assert "zgierz" not in reminder.text
        assert tg.sent_to(other_admin) == []  # never tried: Telegram would say "chat not found"


async def test_no_job_when_the_reminder_is_off(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(tg, tmp_path, check_reminder=None) as bot:
        assert bot.app.job_queue is not None
        assert bot.app.job_queue.get_jobs_by_name(CHECK_REMINDER_JOB) == ()
