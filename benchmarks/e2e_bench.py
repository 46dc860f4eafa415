"""End to end: the real python-telegram-bot application against the loopback fake Bot API.

The fake Telegram (tests/fakebot) serves in a thread of this process; the bot runs in its own
process (`benchmarks.e2e_bot`: build_application + long polling), as in production, where
Telegram's side costs the bot's machine nothing. With two processes each side has a core.

U users ask Q questions in all, at once: each user asks, waits for the reply, asks the next
(a closed loop, as people do). A question's latency runs from the moment its update is queued
in the fake to the moment the fake has handled the bot's sendMessage; throughput is the number
of questions answered per second of the whole run. The first question is queued before the bot
starts, which gives the start-up time to the first reply through Telegram.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.cases import ROOT
from benchmarks.stats import summarise

TESTS = ROOT / "tests"
APP_MODULE = ROOT / "bot" / "transport" / "app.py"
REPLY_TIMEOUT_S = 60.0
_LANGS = ("lv", "ru", "en")


def available() -> str | None:
    """None when the end-to-end benchmark can run, else the reason it cannot."""
    if not APP_MODULE.is_file():
        return "bot/transport/app.py does not exist yet (no build_application to run)"
    return None


def _fake_class() -> type[Any]:
    """FakeTelegram, extended to report each sendMessage the moment the fake has handled it."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from fakebot import FakeTelegram

    class TimedFakeTelegram(FakeTelegram):
        on_reply: Callable[[int, float], None] | None = None

        def _finish(self, record: Any, status: Any, body: Any, kind: str) -> None:
            super()._finish(record, status, body, kind)
            callback = self.on_reply
            if callback is not None and record.method == "sendMessage" and kind == "ok":
                callback(int(record.params.get("chat_id", 0)), record.finished)

    return TimedFakeTelegram


def _proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _proc_peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _self_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _Replies:
    """Futures for the reply each user awaits, resolved from the fake's thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: dict[int, asyncio.Future[float]] = {}
        self.unexpected = 0

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = self.loop.create_future()
        self.waiting[chat_id] = future
        return future

    def arrived(self, chat_id: int, at: float) -> None:  # called in the fake's thread
        self.loop.call_soon_threadsafe(self._resolve, chat_id, at)

    def _resolve(self, chat_id: int, at: float) -> None:
        future = self.waiting.pop(chat_id, None)
        if future is None or future.done():
            self.unexpected += 1  # e.g. the second part of a long reply
        else:
            future.set_result(at)


async def _drive(
    tg: Any, replies: _Replies, users: list[Any], questions: list[str]
) -> tuple[list[float], float, float]:
    """Every user asks their share of the questions in turn; (latencies, start, end)."""
    latencies: list[float] = []
    shares = [questions[i :: len(users)] for i in range(len(users))]
    ends: list[float] = []

    async def ask_all(user: Any, mine: list[str]) -> None:
        for text in mine:
            future = replies.expect(user.id)
            sent = time.monotonic()
            tg.send_text(user, text)
            answered = await asyncio.wait_for(future, REPLY_TIMEOUT_S)
            latencies.append(answered - sent)
            ends.append(answered)

    started = time.monotonic()
    await asyncio.gather(*(ask_all(u, s) for u, s in zip(users, shares, strict=True)))
    return latencies, started, max(ends, default=started)


async def _session(
    tg: Any,
    questions: list[str],
    n_users: int,
    rate_limiter: str,
    data_dir: Path,
    profile: Path | None = None,
    bot_module: str = "benchmarks.e2e_bot",
) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    replies = _Replies(loop)
    tg.on_reply = replies.arrived
    users = [tg.user(10_000 + i, f"User{i}", _LANGS[i % 3]) for i in range(n_users)]
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "BOT_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    log = (data_dir / "bot.log").open("w", encoding="utf-8")
    command = [sys.executable, "-m", bot_module, "--rate-limiter", rate_limiter]
    if profile is not None:
        command += ["--profile", str(profile)]
    first = replies.expect(users[0].id)
    started = time.monotonic()
    tg.send_text(users[0], questions[0])  # queued before the bot starts
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        try:
            first_reply = await asyncio.wait_for(first, REPLY_TIMEOUT_S)
        except TimeoutError:
            raise RuntimeError(_failure(child, data_dir, "no first reply")) from None
        await asyncio.sleep(0.2)  # let post_init's calls settle
        calls_before = len(tg.calls)
        cpu_bot, cpu_self = _proc_cpu_s(child.pid), _self_cpu_s()
        try:
            latencies, t_start, t_end = await _drive(tg, replies, users, questions)
        except TimeoutError:
            raise RuntimeError(_failure(child, data_dir, "a reply did not come")) from None
        wall = t_end - t_start
        cpu_bot = _proc_cpu_s(child.pid) - cpu_bot
        cpu_self = _self_cpu_s() - cpu_self
        calls = tg.calls[calls_before:]
        peak_rss = _proc_peak_rss_mb(child.pid)
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            out, _ = child.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            out, _ = child.communicate()
        log.close()
        tg.on_reply = None
    info = json.loads(out.splitlines()[0]) if out.strip() else {}
    sent = [c for c in calls if c.method == "sendMessage"]
    return {
        "rate_limiter": rate_limiter,
        "bot": info,
        "users": n_users,
        "questions": len(questions),
        "answered": len(latencies),
        "wall_s": wall,
        "throughput_qps": len(latencies) / wall if wall > 0 else 0.0,
        "latency": summarise(latencies),
        "startup_to_first_reply_s": first_reply - started,
        "bot_cpu_share": cpu_bot / wall if wall > 0 else 0.0,
        "fake_and_driver_cpu_share": cpu_self / wall if wall > 0 else 0.0,
        "bot_peak_rss_mb": peak_rss,
        "send_message_calls": len(sent),
        "other_calls": sorted({c.method for c in calls if c.method not in ("sendMessage",)}),
        # getUpdates is left out: the fake answers PTB's last poll at shutdown with a 409.
        "rejected_calls": [
            str(c)[:300]
            for c in calls
            if c.kind in ("rejected", "unsupported") and c.method != "getUpdates"
        ],
        "unexpected_replies": replies.unexpected,
        "exit_code": child.returncode,
    }


def _failure(child: subprocess.Popen[str], data_dir: Path, what: str) -> str:
    code = child.poll()
    log = (data_dir / "bot.log").read_text(encoding="utf-8", errors="replace")[-4000:]
    state = f"exited with {code}" if code is not None else "still running"
    return f"end-to-end: {what} (the bot {state}); its log:\n{log}"


@dataclass(frozen=True)
class Session:
    """One end-to-end run: its name in the results, the bot's rate limiter, the load."""

    name: str
    rate_limiter: str  # "off" (lifted) or "shipped"
    users: int
    questions: int
    repeats: int = 1  # runs of it, each with a fresh bot; the run of median throughput is kept


def sessions(
    users: int, questions: int, light_users: int, limited_questions: int, repeats: int = 1
) -> list[Session]:
    """The runs of a benchmark: saturated (throughput; `repeats` times, for its median and
    spread), light (latency), as shipped (30/s)."""
    users = max(users, users_needed(questions))
    light = min(questions, light_users * 15)
    return [
        Session("saturated", "off", users, questions, repeats),
        Session("light", "off", min(light_users, light), light),
        Session("shipped_limiter", "shipped", min(users, limited_questions), limited_questions),
    ]


def measure(
    stream: list[str], plan: list[Session], profile_dir: Path | None = None
) -> dict[str, Any]:
    """Each session with a fresh fake and a fresh bot; questions taken from `stream` in turn.

    With `profile_dir`, the first session runs once more with the bot under cProfile; those
    figures are not reported (profiling slows the bot down), only the profile is written.
    """
    fake = _fake_class()
    out: dict[str, Any] = {}
    for session in plan:
        questions = question_stream(stream, session.questions)
        runs = []
        for _ in range(max(1, session.repeats)):
            with tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp, fake() as tg:
                runs.append(
                    asyncio.run(
                        _session(tg, questions, session.users, session.rate_limiter, Path(tmp))
                    )
                )
        each = [run["throughput_qps"] for run in runs]
        kept = sorted(runs, key=lambda run: run["throughput_qps"])[len(runs) // 2]
        out[session.name] = {**kept, "runs_qps": each}
    if profile_dir is not None and plan:
        first = plan[0]
        profile_dir.mkdir(parents=True, exist_ok=True)
        profile = profile_dir / "profile-e2e-bot.txt"
        questions = question_stream(stream, first.questions)
        with tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp, fake() as tg:
            asyncio.run(
                _session(tg, questions, first.users, first.rate_limiter, Path(tmp), profile)
            )
        out[first.name]["profile"] = str(profile)
    return out


def users_needed(questions: int) -> int:
    """Users enough that none exceeds the bot's flood limit (settings.rate_limit_messages per
    rate_limit_seconds): a flooding user gets "slow down" instead of answers."""
    from bot.config import load_settings

    limit = int(getattr(load_settings(), "rate_limit_messages", 0) or 0)
    if limit <= 1:
        return 1
    return -(-(questions + 1) // (limit - 1))  # +1: the first question; -1: a margin


def question_stream(base: list[str], total: int) -> list[str]:
    """`total` questions, cycling through `base` (the evaluation set)."""
    return [base[i % len(base)] for i in range(total)]
