"""Statistics of the question log, as staff see them in the terminal and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.report import compute, group_similar
from bot.store import Store


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    store = Store.in_data_dir(tmp_path)
    for text, answered, matched in [
        ("When was the agreement with Zgierz signed?", True, ["partner:zgierz"]),
        ("Zgierz", True, ["partner:zgierz"]),
        ("Kupiškis projects", True, ["partner:kupiskis"]),
        ("What's the weather tomorrow?", False, []),
        ("whats the weather tomorow", False, []),
        ("weather tomorrow?", False, []),
        ("How do I get a passport?", False, []),
    ]:
        qid = store.log_question(
            language="en",
            answered=answered,
            kind="partner",
            matched=matched,
            score=90.0,
            latency_ms=1.5,
            text=text,
        )
    store.add_feedback(1, 1)
    store.add_feedback(2, -1)
    store.add_feedback(qid, 1)
    store.close()
    return tmp_path


def test_figures_match_the_questions_asked(data_dir: Path) -> None:
    stats = compute(Store.path_in(data_dir))
    assert stats.total == 7 and stats.answered == 3
    assert stats.thumbs_up == 2 and stats.thumbs_down == 1
    assert stats.topics[0] == ("partner:zgierz", 2)
    assert stats.per_day[-1] == (dt.date.today().isoformat(), 7)
    assert sum(n for _, n in stats.per_week) == 7
    assert stats.unanswered[0].count == 3 and "weather" in stats.unanswered[0].example
    assert stats.unanswered[1].count == 1


def test_similar_questions_are_grouped() -> None:
    groups = group_similar(["Kur ir Rīga?", "kur ir riga", "Как получить паспорт", "🙂"])
    assert [g.count for g in groups] == [2, 1, 1]


def test_report_command_prints_and_writes_csv(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BOT_DATA_DIR", str(data_dir))
    out_csv = tmp_path / "stats.csv"
    assert main(["report", "--csv", str(out_csv)]) == 0
    text = capsys.readouterr().out
    assert "Questions: 7, answered 3 (43%)" in text
    assert "3× " in text and "👍 2  👎 1" in text
    rows = list(csv.reader(out_csv.open(encoding="utf-8")))
    assert ["total", "questions", "7"] in rows
    assert ["feedback", "down", "1"] in rows
    assert any(r[0] == "unanswered" and r[2] == "3" for r in rows)


def test_report_on_an_empty_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "none"))
    assert main(["report"]) == 0
    assert "Questions: 0" in capsys.readouterr().out
