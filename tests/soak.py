"""Soak test: many questions from many users to `twinning-bot run` (a real process) against the
fake Telegram, with faults injected all along (getUpdates failing with 502 or cut off, sends
refused with 502/503 or 429, slow responses) and a restart of the bot in the middle. Then
every answer is counted: each question must be answered exactly once.

    .venv/bin/python tests/soak.py --questions 1000 --users 200    # the long run (~1 minute)
    .venv/bin/python -m pytest tests/test_reliability_soak.py      # the short one, run in CI

Each question carries a number ("... #17"); the bot logs the question text and puts the log
row's id on the answer's 👍 button, so each answer in a chat maps back to the question it
answers. Lost: a question asked and never answered; duplicated: a question answered twice.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fakebot import ChatMessage, FakeTelegram, User

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = {  # answered in one message each, with 👍 / 👎 buttons
    "en": [
        "When was the agreement with Zgierz signed?",
        "Tell me about Kupiškis",
        "Partners in Lithuania",
        "How long did the festival in Mayenne last?",
        "Who funded the film?",
    ],
    "lv": [
        "Kad noslēgts līgums ar Biržiem?",
        "Cik cilvēku brauca uz festivālu?",
        "Kādās jomās sadarbojamies ar Gelbaši?",
    ],
    "ru": [
        "Когда подписан договор с Кяхтой?",
        "Какие проекты с Беларусью?",
        "Когда подписан договор со Згежем?",
    ],
}
TAG = re.compile(r"#(\d+)$")
FEEDBACK = re.compile(r"\|up:(\d+)$")


def bot_command() -> list[str]:
    found = shutil.which("twinning-bot", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "bot"]


class BotProcess:
    """`twinning-bot run` against the fake Telegram (which runs in its own thread)."""

    def __init__(self, tg: FakeTelegram, data_dir: Path, **env: str) -> None:
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "TWINNING_", "BOT_"))
        }
        self.env = {
            **clean,
            "TELEGRAM_BOT_TOKEN": tg.token,
            "TELEGRAM_API_BASE_URL": tg.base_url,
            "BOT_DATA_DIR": str(data_dir),
            **env,
        }
        self.process: subprocess.Popen[str] | None = None
        self.output = ""  # stdout and stderr of every run so far

    def start(self) -> BotProcess:
        self.process = subprocess.Popen(
            [*bot_command(), "run"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return self

    def wait(self, timeout: float = 20) -> int:
        """Wait for the process to end; its exit code."""
        assert self.process is not None
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
            self.output += out
            raise AssertionError(f"the bot did not stop in {timeout} s:\n{out}") from None
        self.output += out
        return self.process.returncode

    def terminate(self, timeout: float = 20) -> tuple[int, float]:
        """SIGTERM (as `docker stop` sends); the exit code and the seconds it took."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.wait(timeout)
        return code, time.monotonic() - started

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.wait()

    def close(self) -> None:
        if self.process is not None and self.process.returncode is None:
            if self.process.poll() is None:
                self.process.kill()
            out, _ = self.process.communicate()
            self.output += out


@dataclass
class SoakReport:
    questions: int
    users: int
    answered: int = 0
    lost: list[int] = field(default_factory=list)  # question numbers
    duplicated: list[int] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # bot messages that are no answer
    logged: int = 0  # rows in the question log
    faults: Counter[str] = field(default_factory=Counter)
    injected: int = 0  # calls the fake failed, cut off or refused with 429 (as planned)
    restarts: list[float] = field(default_factory=list)  # seconds each SIGTERM took
    exit_codes: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.lost
            and not self.duplicated
            and not self.unexpected
            and self.answered == self.questions == self.logged
            and all(code == 0 for code in self.exit_codes)
        )

    def summary(self) -> str:
        faults = ", ".join(f"{n} {kind}" for kind, n in sorted(self.faults.items()))
        return (
            f"{self.questions} questions from {self.users} users in {self.seconds:.1f} s; "
            f"answered {self.answered}, lost {len(self.lost)}, duplicated "
            f"{len(self.duplicated)}, other messages {len(self.unexpected)}, logged "
            f"{self.logged}; restarts {len(self.restarts)} (SIGTERM took "
            f"{', '.join(f'{s:.1f} s' for s in self.restarts)}); exit codes {self.exit_codes}; "
            f"faults: {faults} ({self.injected} calls failed)"
        )


@dataclass(frozen=True)
class Fault:
    name: str
    method: str
    calls: int  # how many calls it fails (0: a delay)
    inject: Callable[[FakeTelegram], None]


FAULTS: list[tuple[float, Fault]] = [  # (where in each cycle, what)
    (0.05, Fault("getUpdates 502", "getUpdates", 2, lambda tg: tg.fail_next("getUpdates", 2))),
    (0.15, Fault("sendMessage 502", "sendMessage", 2, lambda tg: tg.fail_next("sendMessage", 2))),
    (
        0.22,
        Fault(
            "sendMessage 429",
            "sendMessage",
            1,
            lambda tg: tg.fail_next("sendMessage", retry_after=1),
        ),
    ),
    (0.30, Fault("slow sendMessage", "sendMessage", 0, lambda tg: tg.delay("sendMessage", 0.3))),
    (
        0.40,
        Fault("sendMessage fast again", "sendMessage", 0, lambda tg: tg.delay("sendMessage", 0)),
    ),
    (
        0.45,
        Fault(
            "getUpdates cut off", "getUpdates", 1, lambda tg: tg.drop_connection_next("getUpdates")
        ),
    ),
    (
        0.55,
        Fault(
            "getUpdates answer lost",
            "getUpdates",
            1,
            lambda tg: tg.drop_connection_next("getUpdates", after_processing=True),
        ),
    ),
    (0.62, Fault("slow getUpdates", "getUpdates", 0, lambda tg: tg.delay("getUpdates", 0.3))),
    (0.72, Fault("getUpdates fast again", "getUpdates", 0, lambda tg: tg.delay("getUpdates", 0))),
    (
        0.80,
        Fault(
            "sendMessage 503", "sendMessage", 1, lambda tg: tg.fail_next("sendMessage", status=503)
        ),
    ),
    (0.90, Fault("getUpdates 502", "getUpdates", 2, lambda tg: tg.fail_next("getUpdates", 2))),
]


class Injector:
    """Injects the faults of each cycle. A getUpdates failure is injected only once the
    earlier ones have been hit: each one makes the bot wait longer before it polls again
    (1 s, 1.5 s, 2.25 s, ...), so piled-up failures would be an outage without end, not the
    passing trouble the soak is about."""

    def __init__(self, tg: FakeTelegram, cycle: int, report: SoakReport) -> None:
        self.tg, self.report = tg, report
        self.plan = {int(cycle * where): fault for where, fault in FAULTS}
        self.cycle = cycle
        self.planned: Counter[str] = Counter()

    def at(self, number: int) -> None:
        fault = self.plan.get(number % self.cycle)
        if fault is None:
            return
        if fault.calls and fault.method == "getUpdates":
            hit = sum(1 for c in self.tg.calls_to(fault.method) if c.kind == "injected")
            if hit < self.planned[fault.method]:
                self.report.faults[f"{fault.name} (skipped: the last not hit yet)"] += 1
                return
            self.planned[fault.method] += fault.calls
        fault.inject(self.tg)
        self.report.faults[fault.name] += 1


def run_soak(
    questions: int = 150,
    users: int = 30,
    *,
    rate: float = 25.0,
    seed: int = 6,
    data_dir: Path | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> SoakReport:
    """Ask `questions` questions from `users` users at about `rate` per second, inject the
    FAULTS in each cycle of 150 questions (a quarter of them, if more) and restart the
    bot after half of them."""
    rng = random.Random(seed)
    report = SoakReport(questions, users)
    workdir = Path(tempfile.mkdtemp(prefix="soak-")) if data_dir is None else data_dir
    started = time.monotonic()
    with FakeTelegram() as tg:
        people = [
            tg.user(10_000 + i, f"User{i}", rng.choice(list(QUESTIONS))) for i in range(users)
        ]
        asked: dict[int, list[int]] = {person.id: [] for person in people}
        bot = BotProcess(tg, workdir).start()
        try:
            tg.wait_until_sync(lambda: tg.calls_to("getUpdates"), timeout=30)
            injector = Injector(tg, min(questions, max(150, questions // 4)), report)
            restart: threading.Thread | None = None

            def restart_bot(after: int) -> None:  # while the questions keep coming
                code, took = bot.terminate()
                report.exit_codes.append(code)
                report.restarts.append(took)
                log(f"restarted after question {after} (SIGTERM took {took:.1f} s)")
                bot.start()

            for number in range(questions):
                if number == questions // 2:
                    restart = threading.Thread(target=restart_bot, args=(number,))
                    restart.start()
                injector.at(number)
                person = people[number % users] if number < users else rng.choice(people)
                text = f"{rng.choice(QUESTIONS[person.language_code or 'en'])} #{number}"
                tg.send_text(person, text)
                asked[person.id].append(number)
                time.sleep(1 / rate)
            if restart is not None:
                restart.join()
            tg.delay("*", 0)
            deadline = time.monotonic() + 60 + questions / 10
            for person in people:
                remaining = max(deadline - time.monotonic(), 0.1)
                tg.wait_until_sync(
                    lambda p=person: len(tg.sent_to(p)) >= len(asked[p.id]) or None,  # type: ignore[misc]
                    timeout=remaining,
                    message=f"{person.first_name} was not answered in time",
                )
            tg.wait_idle_sync(quiet=1.0, timeout=30)
            code, _ = bot.terminate()
            report.exit_codes.append(code)
            report.injected = len(tg.injected)
        except BaseException:
            bot.close()
            log("the bot's log:\n" + "\n".join(bot.output.splitlines()[-60:]))
            raise
        finally:
            bot.close()
        report.seconds = time.monotonic() - started
        count_answers(report, tg, people, asked, workdir)
    if data_dir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    log(report.summary())
    return report


def count_answers(
    report: SoakReport,
    tg: FakeTelegram,
    people: list[User],
    asked: dict[int, list[int]],
    data_dir: Path,
) -> None:
    """Map each answer back to its question through the question log."""
    with sqlite3.connect(data_dir / "bot.sqlite3") as db:
        texts = dict(db.execute("SELECT id, text FROM questions").fetchall())
    report.logged = len(texts)
    for person in people:
        answered: list[int] = []
        for message in tg.sent_to(person):
            number = question_number(message, texts)
            if number is None:
                report.unexpected.append(f"{person.first_name}: {message.text[:80]!r}")
            else:
                answered.append(number)
        counts = Counter(answered)
        report.answered += len(counts)
        report.lost += [n for n in asked[person.id] if n not in counts]
        report.duplicated += [n for n, times in counts.items() if times > 1]
        report.unexpected += [
            f"{person.first_name}: answer to #{n}, asked by someone else"
            for n in counts
            if n not in asked[person.id]
        ]


def question_number(message: ChatMessage, texts: dict[int, str]) -> int | None:
    for data in message.callback_data:
        found = FEEDBACK.search(data)
        if found and int(found.group(1)) in texts:
            tag = TAG.search(texts[int(found.group(1))])
            return int(tag.group(1)) if tag else None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rate", type=float, default=25.0, help="questions per second")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    report = run_soak(args.questions, args.users, rate=args.rate, seed=args.seed, log=print)
    for problem in [*report.unexpected[:10]]:
        print("  other message:", problem)
    if report.lost:
        print("  lost:", report.lost[:20])
    if report.duplicated:
        print("  duplicated:", report.duplicated[:20])
    print("OK: zero lost, zero duplicated" if report.ok else "FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
