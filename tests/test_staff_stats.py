"""The question log and its statistics, end to end: the questions and 👍/👎 of users appear in
/stats (admins only) and in `twinning-bot report` and its CSV, with the unanswered questions
grouped so that staff see what to add to the knowledge base."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT, ask_one, press
from fakebot import FakeTelegram
from staffbot import admin_user, running_bot

from bot.cli import main
from bot.transport.commands import ADMIN_COMMANDS, COMMANDS

QUESTIONS = [
    ("Zgierz", True),
    ("When was the agreement with Zgierz signed?", True),
    ("What's the weather tomorrow?", False),
    ("whats the weather tomorow", False),
    ("How do I get a passport?", False),
]


async def test_stats_and_the_report_match_the_questions_asked(
    tg: FakeTelegram,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = admin_user(tg)
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "en")
    async with running_bot(tg, tmp_path) as bot:
        answers = []
        for index, (text, _) in enumerate(QUESTIONS):
            answers.append(await ask_one(tg, anna if index % 2 else boris, text))
        await press(tg, boris, answers[0], "👍")
        await press(tg, anna, answers[1], "👎")
        # The admin's commands are not questions: they are not counted.
        stats = await ask_one(tg, admin, "/stats")
        today = dt.date.today().isoformat()[5:]
        lines = stats.text.splitlines()
        assert lines[:4] == [
            "📊 Question statistics",
            "Questions: 5, answered: 2 (40%).",
            "Feedback: 👍 1  👎 1",
            lines[3],  # the median answer time varies
        ]
        assert lines[3].startswith("Median answer time: ")
        assert lines[5].startswith("Per day: ") and lines[5].endswith(f"{today} 5")
        assert lines[6].startswith("Per week: ") and lines[6].endswith(" 5")
        assert lines[7] == "Languages: en 5"
        assert lines[8] == "Top topics: partner:zgierz 2"
        assert lines[10:] == [
            "Most frequent unanswered questions (similar ones together):",
            "2× What's the weather tomorrow?",
            "1× How do I get a passport?",
        ]
        data_dir = bot.settings.data_dir

    monkeypatch.setenv("BOT_DATA_DIR", str(data_dir))
    out_csv = tmp_path / "report.csv"
    assert main(["report", "--csv", str(out_csv)]) == 0
    printed = capsys.readouterr().out
    assert "Questions: 5, answered 2 (40%)" in printed
    assert "2× What's the weather tomorrow?" in printed
    rows = list(csv.reader(out_csv.open(encoding="utf-8")))
    for row in (
        ["total", "questions", "5"],
        ["total", "answered", "2"],
        ["feedback", "up", "1"],
        ["feedback", "down", "1"],
        ["topic", "partner:zgierz", "2"],
        ["language", "en", "5"],
        ["unanswered", "What's the weather tomorrow?", "2"],
        ["unanswered", "How do I get a passport?", "1"],
    ):
        assert row in rows
    assert [r for r in rows if r[0] == "day"][-1] == ["day", dt.date.today().isoformat(), "5"]


async def test_stats_in_latvian_on_an_empty_log(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(tg, tmp_path, admin_language="lv"):
        admin = admin_user(tg, "lv")
        stats = await ask_one(tg, admin, "/stats")
        lines = stats.text.splitlines()
        assert lines[:3] == [
            "📊 Jautājumu statistika",
            "Jautājumi: 0, atbildēti: 0 (0%).",
            "Vērtējumi: 👍 0  👎 0",
        ]
        assert lines[-2:] == ["Biežākie neatbildētie jautājumi (līdzīgie kopā):", "—"]


def test_the_readme_explains_every_staff_tool() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## For municipal staff")
    section = readme[start : readme.index("\n## ", start + 1)]
    for command in (*ADMIN_COMMANDS, *[c for c in COMMANDS if c.opens is None]):
        assert f"`/{command.name}" in section, command.name
    for setting in ("staff_chat_id", "retention_days", "reload_interval_seconds", "max_upload_kb"):
        assert f"`{setting}`" in section, setting
    assert "twinning-bot report --csv" in section
