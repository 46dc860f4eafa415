"""SQLite: user settings, the question log and feedback (one small module).

The database lives in BOT_DATA_DIR. WAL mode: a crash never loses a committed row. The
question log holds no user ids (statistics do not need them).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

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
"""

MAX_LOGGED_TEXT = 1000


class Store:
    """The bot's database; safe to share between the bot's threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> Store:
        return cls(cls.path_in(data_dir))

    @staticmethod
    def path_in(data_dir: str | Path) -> Path:
        """Where the database of a data directory is."""
        return Path(data_dir) / "bot.sqlite3"

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---------------------------------------------------------------- users

    def language(self, user_id: int) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT language FROM users WHERE user_id = ?", (user_id,)
            ).fetchone()
        return str(row[0]) if row else None

    def set_language(self, user_id: int, language: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO users (user_id, language, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET language = excluded.language, "
                "updated_at = excluded.updated_at",
                (user_id, language, time.time()),
            )

    def forget_user(self, user_id: int) -> int:
        """Delete everything stored about a user; returns the number of rows deleted."""
        with self._lock:
            cur = self._db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        return cur.rowcount

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
    ) -> int:
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO questions (at, language, answered, kind, matched, score, "
                "latency_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    language,
                    int(answered),
                    kind,
                    ",".join(matched),
                    score,
                    latency_ms,
                    text[:MAX_LOGGED_TEXT],
                ),
            )
        return int(cur.lastrowid or 0)

    def add_feedback(self, question_id: int, value: int) -> bool:
        """Record 👍 (1) or 👎 (-1) for a question; the last click counts."""
        with self._lock:
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

    def count(self, table: str) -> int:
        if table not in {"users", "questions", "feedback"}:
            raise ValueError(table)
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
