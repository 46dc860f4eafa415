"""The question log's group commit (bot/store.py, bot/transport/commits.py): the questions of
one turn of the event loop share one commit, every answer waits for its question's commit,
and nothing logged is lost by a clean stop, a failed send or another write. The database is
a real file, read by a second connection as report.compute reads it."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Store
from bot.transport.commits import QuestionLog

ROOT = Path(__file__).resolve().parents[1]


def log(store: Store, text: str, *, commit: bool = True) -> int:
    return store.log_question(
        language="lv",
        answered=True,
        kind="partner",
        matched=["partner:zgierz"],
        score=0.9,
        latency_ms=0.4,
        text=text,
        commit=commit,
    )


def in_file(path: Path) -> list[str]:
    """The questions another connection reads from the database file: what is committed."""
    with sqlite3.connect(path) as db:
        return [text for (text,) in db.execute("SELECT text FROM questions ORDER BY id")]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(Store.path_in(tmp_path))


def test_a_question_logged_by_default_is_committed_at_once(store: Store) -> None:
    log(store, "at once")
    assert in_file(store.path) == ["at once"]
    store.close()


def test_a_waiting_question_is_read_by_the_bot_and_committed_by_any_write(store: Store) -> None:
    question = log(store, "waiting", commit=False)
    assert in_file(store.path) == []
    assert store.question_text(question) == "waiting"
    assert store.count("questions") == 1
    assert store.add_feedback(question, 1)  # the 👍 under its answer: committed at once
    assert in_file(store.path) == ["waiting"]
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT question_id, value FROM feedback").fetchall() == [(question, 1)]
    log(store, "then a language choice", commit=False)
    store.set_language(7, "ru")
    assert in_file(store.path)[-1] == "then a language choice"
    log(store, "then the user is forgotten", commit=False)
    assert store.forget_user(7) == 1  # its own transaction, after the questions'
    log(store, "then a purge", commit=False)
    assert store.purge(before=0.0).total == 0
    log(store, "then one committed at once", commit=False)
    log(store, "commits both")
    assert in_file(store.path)[-4:] == [
        "then the user is forgotten",
        "then a purge",
        "then one committed at once",
        "commits both",
    ]
    store.close()


def test_a_clean_stop_commits_every_waiting_question(store: Store) -> None:
    ids = [log(store, f"question {i}", commit=False) for i in range(300)]
    store.close()
    assert in_file(store.path) == [f"question {i}" for i in range(300)]
    assert ids == list(range(ids[0], ids[0] + 300))


async def test_the_questions_of_one_turn_share_one_commit(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = QuestionLog(store)
    commits: list[int] = []
    flush = store.flush

    def counted_flush() -> None:
        commits.append(store.count("questions"))
        flush()

    monkeypatch.setattr(store, "flush", counted_flush)
    seen: list[list[str]] = []

    async def answer(i: int) -> None:
        questions.log(language="en", answered=True, kind="partner", matched=[], score=1.0,
                      latency_ms=0.1, text=f"q{i}")  # fmt: skip
        await questions.committed()
        seen.append(in_file(store.path))  # what was committed when the answer goes out

    await asyncio.gather(*(answer(i) for i in range(20)))
    assert commits == [20]
    assert all(sorted(s) == sorted(f"q{i}" for i in range(20)) for s in seen)
    await asyncio.gather(answer(20), answer(21))
    assert commits == [20, 22]
    store.close()


async def test_a_cancelled_answer_does_not_hold_up_the_others(store: Store) -> None:
    questions = QuestionLog(store)
    questions.log(language="en", answered=True, kind="partner", matched=[], score=1.0,
                  latency_ms=0.1, text="cancelled")  # fmt: skip
    cancelled = asyncio.create_task(questions.committed())
    others = asyncio.create_task(questions.committed())
    await asyncio.sleep(0)
    cancelled.cancel()
    await others
    assert in_file(store.path) == ["cancelled"]  # logged, though its answer was not sent
    store.close()


async def test_a_failed_commit_fails_each_answer_waiting(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = QuestionLog(store)

    def full_disk() -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "flush", full_disk)
    results = await asyncio.gather(
        questions.committed(), questions.committed(), return_exceptions=True
    )
    assert [type(r) for r in results] == [sqlite3.OperationalError] * 2


_CHILD = """
import asyncio, os, signal, sys
from bot.store import Store
from bot.transport.commits import QuestionLog

store = Store(sys.argv[1])
questions = QuestionLog(store)

async def main():
    for i in range(50):
        questions.log(language="en", answered=False, kind="decline", matched=[], score=0.0,
                      latency_ms=0.1, text=f"asked {{i}}")
    {then}

asyncio.run(main())
{ending}
"""


@pytest.mark.parametrize(
    ("then", "ending"),
    [
        ("await questions.committed()", "os.kill(os.getpid(), signal.SIGKILL)"),  # answered: kill
        ("pass", "store.close(); os.kill(os.getpid(), signal.SIGKILL)"),  # a clean stop: kill
    ],
)
def test_a_killed_bot_keeps_every_question_answered_or_stopped_cleanly(
    tmp_path: Path, then: str, ending: str
) -> None:
    path = Store.path_in(tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(then=then, ending=ending), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert in_file(path) == [f"asked {i}" for i in range(50)]
