"""`twinning-bot run` as a process under stress: a second instance on the same token (409),
a token revoked while running (401), SIGTERM with an answer in flight or a hanging Telegram,
SIGKILL and a restart, and the token never appearing in anything the process prints."""

from __future__ import annotations

import itertools
import re
import secrets
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakebot import FakeTelegram
from soak import ROOT, BotProcess, bot_command

from bot.store import Store

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API

ZGIERZ = "When was the agreement with Zgierz signed?"
ZGIERZ_ANSWER = "The agreement with Zgierz was entered into in 2000"
CONFLICT_LINE = "another instance is polling with this token; stopping"
REVOKED_LINE = "TELEGRAM_BOT_TOKEN was rejected by Telegram (Unauthorized); stopping"
EXIT_TOKEN_REVOKED, EXIT_CONFLICT = 2, 3


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def processes() -> Iterator[list[BotProcess]]:
    started: list[BotProcess] = []
    yield started
    for process in started:
        process.close()


def run_bot(
    tg: FakeTelegram, data_dir: Path, processes: list[BotProcess], **env: str
) -> BotProcess:
    process = BotProcess(tg, data_dir, **env).start()
    processes.append(process)
    return process


def questions_logged(data_dir: Path) -> int:
    store = Store.in_data_dir(data_dir)
    try:
        return store.count("questions")
    finally:
        store.close()


def lines_with(output: str, text: str) -> list[str]:
    return [line for line in output.splitlines() if text in line]


# -- 409: a second instance ------------------------------------------------------------------


def test_a_conflict_on_get_updates_stops_the_bot_with_one_line(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    tg.conflict_getupdates(True)
    bot = run_bot(tg, tmp_path, processes)
    started = time.monotonic()
    assert bot.wait(timeout=20) == EXIT_CONFLICT, bot.output
    assert time.monotonic() - started < 10
    assert len(lines_with(bot.output, CONFLICT_LINE)) == 1, bot.output
    assert "Traceback" not in bot.output
    # No retry loop: one getUpdates, answered 409; and none to confirm (it would knock the
    # other instance's poll off).
    assert [c.status for c in tg.calls_to("getUpdates")] == [409]


SERVING_LINE = "this one has been serving for"


def test_compose_makes_a_leaving_newcomer_exit_0_so_on_failure_does_not_restart_it(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    tg.conflict_getupdates(True)
    bot = BotProcess(tg, tmp_path)
    bot.process = subprocess.Popen(
        [*bot_command(), "run", "--conflict-exit-code", "0"],
        cwd=ROOT, env=bot.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert bot.wait(timeout=20) == 0, bot.output
    finally:
        bot.close()
    assert len(lines_with(bot.output, CONFLICT_LINE)) == 1, bot.output


SHORT_GRACE = {"TWINNING_CONFLICT_GRACE_SECONDS": "2"}  # "serving for a while" = 2 s here


def answered_once(tg: FakeTelegram, user_id: int, text: str = ZGIERZ) -> None:
    """The user asks; exactly one answer arrives."""
    user = tg.user(user_id, f"User{user_id}", "en")
    tg.send_text(user, text)
    [reply] = tg.wait_for_reply_sync(user, timeout=20)
    assert reply.text.startswith(ZGIERZ_ANSWER)
    tg.wait_idle_sync(quiet=0.5)
    assert len(tg.sent_to(user)) == 1


def serving(tg: FakeTelegram, bot: BotProcess, seconds: float) -> None:
    """Wait until `bot` answers, then `seconds` more: it has been serving that long (the
    start-up itself may take a while on a loaded machine)."""
    answered_once(tg, 1001)
    time.sleep(seconds)
    assert bot.process is not None and bot.process.poll() is None, bot.output


def test_a_newcomer_leaves_and_the_instance_that_was_serving_keeps_serving(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    first = run_bot(tg, tmp_path / "first", processes, **SHORT_GRACE)
    serving(tg, first, 3)
    second = run_bot(tg, tmp_path / "second", processes)
    # The newcomer's poll ends the first one's with 409; the first polls again after a
    # pause, which ends the newcomer's poll: the newcomer, in its first seconds, leaves.
    assert second.wait(timeout=30) == EXIT_CONFLICT, second.output
    assert len(lines_with(second.output, CONFLICT_LINE)) == 1, second.output
    assert "Traceback" not in second.output
    assert first.process is not None and first.process.poll() is None
    answered_once(tg, 1002)
    code, _ = first.terminate()
    assert code == 0, first.output
    assert len(lines_with(first.output, SERVING_LINE)) >= 1, first.output
    assert CONFLICT_LINE not in first.output
    assert "Traceback" not in first.output


def test_an_instance_in_its_first_seconds_leaves_when_another_one_polls(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    first = run_bot(tg, tmp_path / "first", processes)  # the default grace: 30 s
    tg.wait_until_sync(lambda: tg.calls_to("getUpdates"), timeout=20)
    second = run_bot(tg, tmp_path / "second", processes)
    # The second one's poll ends the first one's; the first is still in its first 30 s.
    assert first.wait(timeout=30) == EXIT_CONFLICT, first.output
    assert len(lines_with(first.output, CONFLICT_LINE)) == 1, first.output
    assert "Traceback" not in first.output
    answered_once(tg, 1001)
    code, _ = second.terminate()
    assert code == 0, second.output
    assert CONFLICT_LINE not in second.output and SERVING_LINE not in second.output


def test_a_serving_instance_polls_again_through_409s_with_growing_pauses(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = run_bot(tg, tmp_path, processes, **SHORT_GRACE)
    serving(tg, bot, 3)
    before = len(tg.calls_to("getUpdates"))
    tg.conflict_getupdates(True)  # someone else keeps polling
    tg.send_text(tg.user(1002, "Anna", "en"), ZGIERZ)  # ends the poll in progress
    # Three conflicts take ~2.5 s (pauses of 1 s, 1.5 s); a loaded machine may take longer.
    deadline = time.monotonic() + 30
    conflicts: list[Any] = []
    while len(conflicts) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        conflicts = [c for c in tg.calls_to("getUpdates")[before:] if c.status == 409]
    assert len(conflicts) >= 3, [c.status for c in tg.calls_to("getUpdates")[before:]]
    gaps = [b.started - a.started for a, b in itertools.pairwise(conflicts)]
    assert gaps == sorted(gaps) and gaps[0] >= 0.9, gaps  # 1 s, 1.5 s, 2.25 s, ...
    tg.conflict_getupdates(False)
    [reply] = tg.wait_for_reply_sync(1002, timeout=40)
    assert reply.text.startswith(ZGIERZ_ANSWER)
    code, _ = bot.terminate()
    assert code == 0, bot.output
    conflicts = [c for c in tg.calls_to("getUpdates")[before:] if c.status == 409]
    assert len(lines_with(bot.output, SERVING_LINE)) == len(conflicts), bot.output


# -- 401: the token revoked while running ----------------------------------------------------


def test_a_token_revoked_while_running_stops_the_bot_with_one_line(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = run_bot(tg, tmp_path, processes)
    anna = tg.user(1001, "Anna", "en")
    tg.send_text(anna, ZGIERZ)
    tg.wait_for_reply_sync(anna, timeout=20)
    tg.fail_next("getUpdates", status=401)
    tg.send_text(anna, "Zgierz")  # ends the long poll in progress: the next one gets the 401
    assert bot.wait(timeout=20) == EXIT_TOKEN_REVOKED, bot.output
    assert len(lines_with(bot.output, REVOKED_LINE)) == 1, bot.output
    # The second question was answered if a poll fetched it before the 401.
    assert len(tg.sent_to(anna)) in (1, 2)
    assert "Traceback" not in bot.output
    assert [c.status for c in tg.calls_to("getUpdates")].count(401) == 1


# -- SIGTERM -----------------------------------------------------------------------------------


def test_sigterm_finishes_the_answer_in_flight_and_exits_0(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = run_bot(tg, tmp_path, processes)
    users = [tg.user(1001 + i, f"User{i}", "en") for i in range(3)]
    tg.wait_until_sync(lambda: tg.calls_to("getUpdates"), timeout=20)
    tg.delay("sendMessage", 2.0)
    tg.send_text(users[0], ZGIERZ)
    tg.wait_until_sync(
        lambda: [c for c in tg.calls_to("sendMessage") if c.finished is None], timeout=20
    )
    for user in users[1:]:  # fetched before the signal, or kept by Telegram for the restart
        tg.send_text(user, ZGIERZ)
    code, took = bot.terminate()
    assert code == 0, bot.output
    assert took < 10
    assert "Traceback" not in bot.output
    assert len(tg.sent_to(users[0])) == 1  # the answer in flight was delivered
    assert questions_logged(tmp_path) >= 1  # and the database closed cleanly

    tg.delay("sendMessage", 0)
    polls = len(tg.calls_to("getUpdates"))
    restarted = run_bot(tg, tmp_path, processes)
    # Running (and so listening for SIGTERM) once it polls; before that a signal would find
    # the interpreter still importing.
    tg.wait_until_sync(lambda: len(tg.calls_to("getUpdates")) > polls, timeout=20)
    for user in users[1:]:
        if not tg.sent_to(user):
            tg.wait_until_sync(lambda u=user: tg.sent_to(u), timeout=20)  # type: ignore[misc]
    tg.wait_idle_sync(quiet=0.5)
    assert restarted.terminate()[0] == 0
    for user in users:
        [reply] = tg.sent_to(user)  # exactly one answer each, across the restart
        assert reply.text.startswith(ZGIERZ_ANSWER)
    assert questions_logged(tmp_path) == 3


def test_a_restart_does_not_answer_again_what_telegram_could_not_be_told(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    """getUpdates fails after a batch was taken in, so Telegram still holds it when the bot
    stops; the offset saved in BOT_DATA_DIR keeps the restarted bot from answering it again."""
    bot = run_bot(tg, tmp_path, processes)
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "en")
    tg.wait_until_sync(lambda: tg.calls_to("getUpdates"), timeout=20)
    tg.fail_next("getUpdates", 1000, status=502)  # from the poll after the one in progress
    tg.send_text(anna, ZGIERZ)
    tg.wait_for_reply_sync(anna, timeout=20)
    tg.wait_until_sync(lambda: [c for c in tg.calls_to("getUpdates") if c.status == 502])
    assert bot.terminate()[0] == 0
    assert len(tg.pending_updates) == 1  # never confirmed
    assert len(lines_with(bot.output, "Could not confirm the last updates")) == 1
    assert "Traceback" not in bot.output
    tg.clear_faults()
    restarted = run_bot(tg, tmp_path, processes)
    tg.send_text(boris, ZGIERZ)
    tg.wait_for_reply_sync(boris, timeout=20)
    tg.wait_idle_sync(quiet=0.5)
    assert restarted.terminate()[0] == 0
    assert len(tg.sent_to(anna)) == 1
    assert questions_logged(tmp_path) == 2


def test_sigterm_exits_within_10_seconds_even_when_telegram_hangs(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = run_bot(tg, tmp_path, processes)
    anna = tg.user(1001, "Anna", "en")
    tg.wait_until_sync(lambda: tg.calls_to("getUpdates"), timeout=20)
    tg.delay("*", 30)
    tg.send_text(anna, ZGIERZ)
    tg.wait_until_sync(
        lambda: [c for c in tg.calls_to("sendMessage") if c.finished is None], timeout=20
    )
    code, took = bot.terminate()
    assert code == 0, bot.output
    assert took < 10, bot.output
    assert "Could not finish the updates in progress in time" in bot.output
    assert "Traceback" not in bot.output
    assert questions_logged(tmp_path) == 1


def test_a_second_sigterm_stops_at_once(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = run_bot(tg, tmp_path, processes)
    anna = tg.user(1001, "Anna", "en")
    tg.wait_until_sync(lambda: tg.calls_to("getUpdates"), timeout=20)
    tg.delay("*", 30)
    tg.send_text(anna, ZGIERZ)
    tg.wait_until_sync(
        lambda: [c for c in tg.calls_to("sendMessage") if c.finished is None], timeout=20
    )
    assert bot.process is not None
    bot.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    code, took = bot.terminate()
    assert code == 0, bot.output
    assert took < 3, bot.output
    assert "Second SIGTERM: stopping now" in bot.output


def test_sigterm_during_start_up_stops_at_once(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    tg.delay("getMe", 30)  # Telegram hangs as the bot starts
    bot = run_bot(tg, tmp_path, processes)
    tg.wait_until_sync(lambda: tg.calls_to("getMe"), timeout=20)
    code, took = bot.terminate()
    assert code == 0, bot.output
    assert took < 3, bot.output
    assert "Traceback" not in bot.output


# -- SIGKILL -----------------------------------------------------------------------------------


def test_after_sigkill_a_restart_keeps_the_data_and_answers_what_telegram_kept(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = run_bot(tg, tmp_path, processes)
    anna, boris = tg.user(1001, "Anna", "en"), tg.user(1002, "Boris", "ru")
    tg.send_text(anna, "/language")
    [menu] = tg.wait_for_reply_sync(anna, timeout=20)
    tg.click(anna, menu, button="Latviešu")
    tg.wait_until_sync(lambda: tg.callback_answers, timeout=20)
    tg.send_text(anna, ZGIERZ)
    tg.wait_for_reply_sync(anna, timeout=20)
    tg.wait_idle_sync(quiet=0.3)
    bot.kill()  # no clean-up at all
    assert Path(tmp_path / "bot.sqlite3-wal").exists()  # the WAL was not checkpointed
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:  # every committed row is there
        assert db.execute("SELECT language FROM users").fetchall() == [("lv",)]
        assert db.execute("SELECT COUNT(*) FROM questions").fetchone() == (1,)

    tg.send_text(boris, "Когда подписан договор со Згежем?")  # while the bot is down
    tg.send_text(anna, "Zgierz")
    assert len(tg.pending_updates) == 2
    restarted = run_bot(tg, tmp_path, processes)
    [reply] = tg.wait_for_reply_sync(boris, timeout=20)
    assert reply.text.startswith("Згеж: договор заключён")
    [card] = tg.wait_for_reply_sync(anna, timeout=20)
    assert card.text.startswith("Zgeža")  # Anna's language choice survived the kill
    tg.wait_idle_sync(quiet=0.5)
    assert restarted.terminate()[0] == 0
    assert len(tg.sent_to(boris)) == 1
    assert questions_logged(tmp_path) == 3


def test_an_answer_in_flight_at_sigkill_is_never_sent_twice(
    tg: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    """At most once: the update was confirmed to Telegram when it was fetched, so a restart
    does not answer it again (it may go unanswered: the user asks again)."""
    bot = run_bot(tg, tmp_path, processes)
    anna = tg.user(1001, "Anna", "en")
    tg.wait_until_sync(lambda: tg.calls_to("getUpdates"), timeout=20)
    tg.delay("sendMessage", 3.0)
    tg.send_text(anna, ZGIERZ)
    tg.wait_until_sync(
        lambda: [c for c in tg.calls_to("sendMessage") if c.finished is None], timeout=20
    )
    # PTB confirms a batch with its next getUpdates, right after taking it in; on a loaded
    # machine that call may come a moment after the answer started: wait for it.
    tg.wait_until_sync(lambda: not tg.pending_updates, timeout=20)
    bot.kill()
    tg.delay("sendMessage", 0)
    assert questions_logged(tmp_path) == 1  # committed before the answer was sent
    restarted = run_bot(tg, tmp_path, processes)
    boris = tg.user(1002, "Boris", "en")
    tg.send_text(boris, ZGIERZ)  # answered: the restarted bot has taken in all before it
    tg.wait_for_reply_sync(boris, timeout=20)
    tg.wait_idle_sync(quiet=0.5)
    assert restarted.terminate()[0] == 0
    assert len(tg.sent_to(anna)) <= 1
    assert questions_logged(tmp_path) == 2


# -- the token never appears -----------------------------------------------------------------


def random_token() -> str:
    """A token shaped like a real one, made up for this run (never written to the repository)."""
    digits = str(secrets.randbelow(9 * 10**9) + 10**9)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return digits + ":AA" + "".join(secrets.choice(alphabet) for _ in range(33))


def test_the_token_appears_nowhere_in_the_output(tmp_path: Path) -> None:
    token = random_token()
    assert re.fullmatch(r"\d{8,10}:[A-Za-z0-9_-]{35}", token)
    processes: list[BotProcess] = []
    with FakeTelegram(token=token) as tg:
        try:
            bot = run_bot(tg, tmp_path, processes)
            anna = tg.user(1001, "Anna", "en")
            tg.send_text(anna, ZGIERZ)
            tg.wait_for_reply_sync(anna, timeout=20)
            tg.fail_next("sendMessage", status=400, description="Bad Request: forced")
            tg.send_text(anna, "Zgierz")  # an error in a handler: logged with its traceback
            tg.wait_for_reply_sync(anna, timeout=20)
            tg.drop_connection_next("sendMessage")  # a network error with httpx's message
            tg.send_text(anna, "Biržai")
            tg.wait_for_reply_sync(anna, timeout=20)
            tg.fail_next("getUpdates", 2, status=502)  # polling errors
            tg.send_text(anna, "/nonsense")  # ends the long poll: the next ones fail
            tg.wait_for_reply_sync(anna, timeout=20)
            tg.send_text(anna, "Kahta")
            tg.wait_for_reply_sync(anna, timeout=20)
            tg.fail_next("getUpdates", status=401)  # and the bot stops
            tg.send_text(anna, "Arendal")
            assert bot.wait(timeout=20) == EXIT_TOKEN_REVOKED, bot.output
            assert [c.status for c in tg.calls_to("getUpdates")].count(502) == 2
            replies = " ".join(m.text for m in tg.sent_to(anna))
        finally:
            for process in processes:
                process.close()
    output = bot.output
    assert "Error while handling an update" in output and "Traceback" in output  # it has teeth
    assert token not in output
    assert token.split(":", 1)[1] not in output
    assert token.replace(":", "%3A") not in output
    assert "Something went wrong" in replies  # the forced error reached the user...
    assert token.split(":", 1)[1] not in replies  # ...without the token
