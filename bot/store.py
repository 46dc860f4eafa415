"""SQLite: user settings, the question log, feedback and the questions passed on to staff.

The database lives in BOT_DATA_DIR. WAL mode: a crash never loses a committed row. Each
write is committed at once; only `log_question(..., commit=False)` leaves its row in an open
transaction, for the caller to commit with `flush` (the bot commits the questions of one
turn of its event loop together, before any of their answers is sent: one commit a question
was ~15 us of the bot's ~0.9 ms an answer under load). Until then this connection reads the
row like a committed one, other readers (report.compute) do not, and any other write or
`close` commits it. The
question log and the feedback hold no user ids (statistics do not need them), and every
question (logged or passed on) is stored with phone numbers, e-mail addresses, personal
codes and long numbers masked (bot/privacy.py); only the handoffs (questions a user passed
on to the municipality) keep the user's and chat's id, because the staff's answer must reach
them, and `admin_menus` the admins whose private chat with the bot exists (their staff
command menu can be set there). `forget_user` deletes what is linked to a user, `purge`
what is older than the retention period. `hidden_questions` holds the unanswered questions an
admin marked "out of scope" in /stats (their folded text, no user id): kept past the
retention period, so that the same question asked again stays hidden.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from bot.privacy import mask_personal_data

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id     INTEGER PRIMARY KEY,
    language    TEXT NOT NULL,
    updated_at  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          REAL NOT NULL,
    language    TEXT NOT NULL,
    answered    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    matched     TEXT NOT NULL,
    score       REAL NOT NULL,
    latency_ms  REAL NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_at ON questions(at);
CREATE TABLE IF NOT EXISTS feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          REAL NOT NULL,
    question_id INTEGER NOT NULL,
    value       INTEGER NOT NULL CHECK (value IN (-1, 1)),
    UNIQUE (question_id)
);
CREATE INDEX IF NOT EXISTS feedback_at ON feedback(at);
CREATE TABLE IF NOT EXISTS handoffs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL,
    chat_id           INTEGER NOT NULL,
    language          TEXT NOT NULL,
    question          TEXT NOT NULL,
    staff_chat_id     INTEGER,
    staff_message_id  INTEGER,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'answered')),
    asked_at          REAL NOT NULL,
    answered_at       REAL
);
CREATE INDEX IF NOT EXISTS handoffs_user ON handoffs(user_id);
CREATE UNIQUE INDEX IF NOT EXISTS handoffs_staff_message
    ON handoffs(staff_chat_id, staff_message_id);
CREATE TABLE IF NOT EXISTS admin_menus (
    user_id     INTEGER PRIMARY KEY,
    language    TEXT NOT NULL,
    updated_at  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS hidden_questions (
    key         TEXT PRIMARY KEY,
    example     TEXT NOT NULL,
    hidden_at   REAL NOT NULL
);
"""

MAX_LOGGED_TEXT = 1000
logger = logging.getLogger(__name__)
TABLES = frozenset(
    {"users", "questions", "feedback", "handoffs", "admin_menus", "hidden_questions"}
)


class DataDirNotWritable(Exception):
    """The data directory (or the database in it) cannot be written by this process's user;
    the message is one line for the operator."""


def _user() -> str:
    uid = os.getuid()
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def check_writable(path: Path) -> None:
    """Raise DataDirNotWritable unless the database at `path` can be created and written.

    Without this, SQLite says only "unable to open database file" (a root-owned bind mount
    on the Docker volume, a folder created by another user).
    """
    directory = path.parent
    problem: Path | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        problem = directory
    if problem is None and not os.access(directory, os.W_OK | os.X_OK):
        problem = directory
    for existing in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if problem is None and existing.exists() and not os.access(existing, os.R_OK | os.W_OK):
            problem = existing
    if problem is not None:
        what = "the data directory" if problem == directory else "the database file"
        raise DataDirNotWritable(
            f"{what} {problem} is not writable by user {_user()}: fix its owner/permissions "
            f"(e.g. chown -R {os.getuid()} {directory}; in Docker, the host folder mounted there)"
        )


class HandoffStatus(StrEnum):
    PENDING = "pending"  # waiting for a staff member's reply
    ANSWERED = "answered"  # a reply was delivered (later replies are delivered too)


@dataclass(frozen=True)
class Handoff:
    """A question a user passed on to the municipality's staff chat."""

    id: int
    user_id: int
    chat_id: int
    language: str
    question: str
    staff_chat_id: int | None
    staff_message_id: int | None
    status: HandoffStatus
    asked_at: float
    answered_at: float | None


@dataclass(frozen=True)
class Purged:
    """How many rows a retention run deleted, per table."""

    questions: int = 0
    feedback: int = 0
    handoffs: int = 0

    @property
    def total(self) -> int:
        return self.questions + self.feedback + self.handoffs


_HANDOFF_COLUMNS = (
    "id, user_id, chat_id, language, question, staff_chat_id, staff_message_id, status, "
    "asked_at, answered_at"
)


def _handoff(row: tuple[object, ...]) -> Handoff:
    (hid, user_id, chat_id, language, question, staff_chat, staff_message, status, asked,
     answered) = row  # fmt: skip
    return Handoff(
        id=int(str(hid)),
        user_id=int(str(user_id)),
        chat_id=int(str(chat_id)),
        language=str(language),
        question=str(question),
        staff_chat_id=None if staff_chat is None else int(str(staff_chat)),
        staff_message_id=None if staff_message is None else int(str(staff_message)),
        status=HandoffStatus(str(status)),
        asked_at=float(str(asked)),
        answered_at=None if answered is None else float(str(answered)),
    )


class Store:
    """The bot's database; safe to share between the bot's threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        check_writable(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._waiting = 0  # questions logged in the open transaction, not yet committed

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> Store:
        return cls(cls.path_in(data_dir))

    @staticmethod
    def path_in(data_dir: str | Path) -> Path:
        """Where the database of a data directory is."""
        return Path(data_dir) / "bot.sqlite3"

    def close(self) -> None:
        """Commit the questions still waiting (see `flush`) and close the database."""
        with self._lock:
            try:
                self._commit_waiting()
            except sqlite3.Error as error:  # already logged: closing goes on
                logger.debug("Closing after a failed commit: %s", error)
            finally:
                self._db.close()

    def flush(self) -> None:
        """Commit the questions logged with commit=False; a failed commit (a full disk) loses
        them, is logged and raised."""
        with self._lock:
            self._commit_waiting()

    def _commit_waiting(self) -> None:
        """Commit the open transaction of logged questions (the lock is held)."""
        if not self._waiting:
            return
        waiting, self._waiting = self._waiting, 0
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            logger.warning("Could not save the last %d logged questions: %s", waiting, error)
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """The lock, for a write committed at once: with the questions waiting, whose
        transaction it joins."""
        with self._lock:
            try:
                yield
            finally:
                self._commit_waiting()

    # ---------------------------------------------------------------- users

    def language(self, user_id: int) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT language FROM users WHERE user_id = ?", (user_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def set_language(self, user_id: int, language: str) -> None:
        with self._writing():
            self._db.execute(
                "INSERT INTO users (user_id, language, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET language = excluded.language, "
                "updated_at = excluded.updated_at",
                (user_id, language, time.time()),
            )

    def forget_user(self, user_id: int) -> int:
        """Delete everything stored about a user (their settings and the questions they passed
        on to staff); returns the number of rows deleted. The question log and the feedback
        hold no user ids: nothing there can be linked to them."""
        with self._lock, self._db:
            self._commit_waiting()  # its own transaction, after the questions'
            self._db.execute("BEGIN")
            users = self._db.execute("DELETE FROM users WHERE user_id = ?", (user_id,)).rowcount
            handoffs = self._db.execute(
                "DELETE FROM handoffs WHERE user_id = ?", (user_id,)
            ).rowcount
            menus = self._db.execute(
                "DELETE FROM admin_menus WHERE user_id = ?", (user_id,)
            ).rowcount
        return users + handoffs + menus

    # ---------------------------------------------------------------- admins' menus

    def admin_menus(self) -> dict[int, str]:
        """The admins whose private chat exists -> the language their command menu is in."""
        with self._lock:
            rows = self._db.execute("SELECT user_id, language FROM admin_menus").fetchall()
        return {int(user_id): str(language) for user_id, language in rows}

    def set_admin_menu(self, user_id: int, language: str) -> None:
        """Note that the admin's private chat exists and their menu is in `language`."""
        with self._writing():
            self._db.execute(
                "INSERT INTO admin_menus (user_id, language, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET language = excluded.language, "
                "updated_at = excluded.updated_at",
                (user_id, language, time.time()),
            )

    def forget_admin_menu(self, user_id: int) -> None:
        with self._writing():
            self._db.execute("DELETE FROM admin_menus WHERE user_id = ?", (user_id,))

    # ---------------------------------------------------------------- questions

    def log_question(
        self,
        *,
        language: str,
        answered: bool,
        kind: str,
        matched: list[str],
        score: float,
        latency_ms: float,
        text: str,
        commit: bool = True,
    ) -> int:
        """Log a question (its personal data masked, then shortened); returns its id. With
        commit=False the row waits in an open transaction for `flush` (or any other write)."""
        row = (
            time.time(),
            language,
            int(answered),
            kind,
            ",".join(matched),
            score,
            latency_ms,
            mask_personal_data(text)[:MAX_LOGGED_TEXT],
        )
        with self._lock:
            if not self._waiting and not commit:
                self._db.execute("BEGIN")
            try:
                cur = self._db.execute(
                    "INSERT INTO questions (at, language, answered, kind, matched, score, "
                    "latency_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
            finally:
                if self._db.in_transaction:
                    self._waiting += 1
            if commit:
                self._commit_waiting()
        return int(cur.lastrowid or 0)

    def add_feedback(self, question_id: int, value: int) -> bool:
        """Record 👍 (1) or 👎 (-1) for a question; the last click counts."""
        with self._writing():
            exists = self._db.execute(
                "SELECT 1 FROM questions WHERE id = ?", (question_id,)
            ).fetchone()
            if not exists:
                return False
            self._db.execute(
                "INSERT INTO feedback (at, question_id, value) VALUES (?, ?, ?) "
                "ON CONFLICT(question_id) DO UPDATE SET value = excluded.value, at = excluded.at",
                (time.time(), question_id, value),
            )
        return True

    def feedback(self, question_id: int) -> int | None:
        """The 👍 (1) or 👎 (-1) given for a question, None if none was given."""
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM feedback WHERE question_id = ?", (question_id,)
            ).fetchone()
        return int(row[0]) if row else None

    def question_text(self, question_id: int) -> str | None:
        """The text of a logged question (None once retention has deleted it)."""
        with self._lock:
            row = self._db.execute(
                "SELECT text FROM questions WHERE id = ?", (question_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def recent_questions(self, since: float, limit: int) -> list[tuple[str, str]]:
        """The distinct questions logged since `since` as (text, language), the most often
        asked first (for the preview of a knowledge draft)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT text, language FROM questions WHERE at >= ? GROUP BY text, language "
                "ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT ?",
                (since, limit),
            ).fetchall()
        return [(str(text), str(language)) for text, language in rows]

    # ---------------------------------------------------------------- hidden questions

    def hide_question(self, key: str, example: str) -> None:
        """Hide a group of unanswered questions from /stats: `key` is its folded text
        (report.Group.key), `example` its most common wording (masked like every question)."""
        with self._writing():
            self._db.execute(
                "INSERT INTO hidden_questions (key, example, hidden_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET example = excluded.example",
                (key, mask_personal_data(example)[:MAX_LOGGED_TEXT], time.time()),
            )

    def hidden_questions(self) -> list[str]:
        """The keys of the hidden groups, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key FROM hidden_questions ORDER BY hidden_at"
            ).fetchall()
        return [str(key) for (key,) in rows]

    # ---------------------------------------------------------------- handoffs

    def add_handoff(self, *, user_id: int, chat_id: int, language: str, question: str) -> int:
        """Record a question passed on to staff (pending), its personal data masked (the staff
        chat receives it as written: they must be able to answer it); returns its id."""
        with self._writing():
            cur = self._db.execute(
                "INSERT INTO handoffs (user_id, chat_id, language, question, status, asked_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    chat_id,
                    language,
                    mask_personal_data(question)[:MAX_LOGGED_TEXT],
                    HandoffStatus.PENDING.value,
                    time.time(),
                ),
            )
        return int(cur.lastrowid or 0)

    def set_handoff_message(self, handoff_id: int, staff_chat_id: int, message_id: int) -> None:
        """Remember which message in the staff chat carries the question (replies go to it)."""
        with self._writing():
            self._db.execute(
                "UPDATE handoffs SET staff_chat_id = ?, staff_message_id = ? WHERE id = ?",
                (staff_chat_id, message_id, handoff_id),
            )

    def delete_handoff(self, handoff_id: int) -> None:
        with self._writing():
            self._db.execute("DELETE FROM handoffs WHERE id = ?", (handoff_id,))

    def handoff(self, handoff_id: int) -> Handoff | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_HANDOFF_COLUMNS} FROM handoffs WHERE id = ?", (handoff_id,)
            ).fetchone()
        return _handoff(row) if row else None

    def handoff_for_staff_message(self, staff_chat_id: int, message_id: int) -> Handoff | None:
        """The handoff whose question is message `message_id` of the staff chat."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_HANDOFF_COLUMNS} FROM handoffs "
                "WHERE staff_chat_id = ? AND staff_message_id = ?",
                (staff_chat_id, message_id),
            ).fetchone()
        return _handoff(row) if row else None

    def handoffs_of(self, user_id: int) -> list[Handoff]:
        """A user's handoffs, oldest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_HANDOFF_COLUMNS} FROM handoffs WHERE user_id = ? ORDER BY id",
                (user_id,),
            ).fetchall()
        return [_handoff(row) for row in rows]

    def mark_answered(self, handoff_id: int, now: float | None = None) -> None:
        with self._writing():
            self._db.execute(
                "UPDATE handoffs SET status = ?, answered_at = ? WHERE id = ?",
                (HandoffStatus.ANSWERED.value, time.time() if now is None else now, handoff_id),
            )

    # ---------------------------------------------------------------- retention

    def purge(self, before: float) -> Purged:
        """Delete questions and feedback logged before `before` (a time.time() value), handoffs
        answered before it, and handoffs still unanswered that were asked before it."""
        with self._lock, self._db:
            self._commit_waiting()  # its own transaction, after the questions'
            self._db.execute("BEGIN")
            feedback = self._db.execute(
                "DELETE FROM feedback WHERE at < ? OR question_id IN "
                "(SELECT id FROM questions WHERE at < ?)",
                (before, before),
            ).rowcount
            questions = self._db.execute("DELETE FROM questions WHERE at < ?", (before,)).rowcount
            handoffs = self._db.execute(
                "DELETE FROM handoffs WHERE (status = ? AND answered_at < ?) "
                "OR (status = ? AND asked_at < ?)",
                (HandoffStatus.ANSWERED.value, before, HandoffStatus.PENDING.value, before),
            ).rowcount
        return Purged(questions=questions, feedback=feedback, handoffs=handoffs)

    # ---------------------------------------------------------------- checks

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(table)
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
