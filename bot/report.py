"""Statistics of the question log for staff: /stats in Telegram and `twinning-bot report`.

Reads the SQLite database through its own read-only connection (WAL lets it read while the
bot writes). Unanswered questions are grouped so that staff see what to add to the KB; a group
an admin marked "out of scope" (the store's hidden_questions) is left out, now and whenever
a question like it is asked again.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from bot.engine.text import clean, fold

SIMILAR = 80  # token_set_ratio at which two unanswered questions are "the same question"


@dataclass(frozen=True)
class Group:
    """Similar unanswered questions: how many, the most common wording, the language most of
    them were asked in, and the folded text the group is matched by (its first question)."""

    example: str
    count: int
    language: str = ""
    key: str = ""

    @property
    def id(self) -> str:
        """A short stable name of the group (8 hex digits of its key's hash), for buttons."""
        return hashlib.sha256(self.key.encode()).hexdigest()[:8]


@dataclass
class Stats:
    total: int = 0
    answered: int = 0
    per_day: list[tuple[str, int]] = field(default_factory=list)
    per_week: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)
    unanswered: list[Group] = field(default_factory=list)
    thumbs_up: int = 0
    thumbs_down: int = 0
    latency_p50_ms: float = 0.0

    @property
    def answered_rate(self) -> float:
        return self.answered / self.total if self.total else 0.0


def question_key(text: str) -> str:
    """The folded text questions are compared by."""
    return fold(clean(text))


def similar(key: str, other: str) -> bool:
    """Whether two folded questions say the same thing ("weather tomorrow?" ~ "weather tomorow")."""
    return fuzz.token_set_ratio(key, other) >= SIMILAR


def group_similar(
    texts: list[str],
    limit: int | None = 10,
    languages: Sequence[str] | None = None,
    hidden: Iterable[str] = (),
) -> list[Group]:
    """Cluster questions that say the same thing, the largest group first; `languages` gives
    the language of each text; a group like one of the `hidden` keys is left out."""
    groups: list[tuple[str, Counter[str], Counter[str]]] = []  # (key, wordings, languages)
    for index, text in enumerate(texts):
        key = question_key(text)
        if not key:
            continue
        lang = languages[index] if languages is not None else ""
        for gkey, wordings, langs in groups:
            if similar(key, gkey):
                wordings[text] += 1
                langs[lang] += 1
                break
        else:
            groups.append((key, Counter({text: 1}), Counter({lang: 1})))
    hidden_keys = list(hidden)
    out = [
        Group(w.most_common(1)[0][0], sum(w.values()), langs.most_common(1)[0][0], key)
        for key, w, langs in groups
        if not any(similar(key, h) for h in hidden_keys)
    ]
    out.sort(key=lambda g: (-g.count, g.example))
    return out[:limit]


def compute(
    database: Path,
    today: dt.date | None = None,
    days: int = 7,
    weeks: int = 8,
    unanswered_limit: int | None = 10,
) -> Stats:
    """Statistics over everything in the log (which retention keeps short); at most
    `unanswered_limit` groups of unanswered questions (None: all)."""
    today = today or dt.date.today()
    stats = Stats()
    if not Path(database).is_file():
        return stats
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT at, language, answered, kind, matched, latency_ms, text FROM questions"
        ).fetchall()
        feedback = dict(db.execute("SELECT value, COUNT(*) FROM feedback GROUP BY value"))
        try:
            hidden = [str(k) for (k,) in db.execute("SELECT key FROM hidden_questions")]
        except sqlite3.OperationalError:  # a database of a version before the table
            hidden = []
    finally:
        db.close()
    stats.total = len(rows)
    stats.answered = sum(1 for r in rows if r[2])
    dates = [dt.datetime.fromtimestamp(r[0]).date() for r in rows]
    by_day = Counter(dates)
    stats.per_day = [
        ((d := today - dt.timedelta(days=i)).isoformat(), by_day.get(d, 0))
        for i in range(days - 1, -1, -1)
    ]
    by_week = Counter(d.isocalendar()[:2] for d in dates)
    stats.per_week = []
    for i in range(weeks - 1, -1, -1):
        year, week, _ = (today - dt.timedelta(weeks=i)).isocalendar()
        stats.per_week.append((f"{year}-W{week:02d}", by_week.get((year, week), 0)))
    stats.languages = Counter(r[1] for r in rows).most_common()
    topics: Counter[str] = Counter()
    for r in rows:
        if not r[2]:
            continue
        matched = [m for m in str(r[4] or "").split(",") if m]
        topics.update(matched or [f"kind:{r[3]}"])
    stats.topics = topics.most_common(10)
    unanswered = [r for r in rows if not r[2]]
    stats.unanswered = group_similar(
        [str(r[6]) for r in unanswered],
        unanswered_limit,
        languages=[str(r[1]) for r in unanswered],
        hidden=hidden,
    )
    stats.thumbs_up = int(feedback.get(1, 0))
    stats.thumbs_down = int(feedback.get(-1, 0))
    latencies = sorted(float(r[5]) for r in rows)
    stats.latency_p50_ms = latencies[len(latencies) // 2] if latencies else 0.0
    return stats


def as_text(stats: Stats) -> str:
    """A plain-text report (the terminal and, HTML-escaped, Telegram)."""
    lines = [
        f"Questions: {stats.total}, answered {stats.answered} "
        f"({stats.answered_rate:.0%}); median answer time {stats.latency_p50_ms:.1f} ms",
        f"Feedback: 👍 {stats.thumbs_up}  👎 {stats.thumbs_down}",
        "Per day: " + ", ".join(f"{d[5:]} {n}" for d, n in stats.per_day),
        "Per week: " + ", ".join(f"{w} {n}" for w, n in stats.per_week),
        "Languages: " + (", ".join(f"{lang} {n}" for lang, n in stats.languages) or "-"),
        "Top topics: " + (", ".join(f"{t} {n}" for t, n in stats.topics) or "-"),
        "Most frequent unanswered questions:",
    ]
    lines += [f"  {g.count}× {g.example}" for g in stats.unanswered] or ["  (none)"]
    return "\n".join(lines)


def write_csv(stats: Stats, path: Path) -> None:
    """The same figures as rows of (section, key, value)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["section", "key", "value"])
        out.writerow(["total", "questions", stats.total])
        out.writerow(["total", "answered", stats.answered])
        out.writerow(["total", "answered_rate", f"{stats.answered_rate:.3f}"])
        out.writerow(["feedback", "up", stats.thumbs_up])
        out.writerow(["feedback", "down", stats.thumbs_down])
        out.writerows(["day", d, n] for d, n in stats.per_day)
        out.writerows(["week", w, n] for w, n in stats.per_week)
        out.writerows(["language", lang, n] for lang, n in stats.languages)
        out.writerows(["topic", topic, n] for topic, n in stats.topics)
        out.writerows(["unanswered", g.example, g.count] for g in stats.unanswered)
