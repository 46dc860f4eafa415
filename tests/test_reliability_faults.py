"""Telegram faults: getUpdates failing, slow or cut off; sends refused with 5xx or 429, or with
their answer lost. The bot keeps running, and every question that reached it gets exactly one
answer — or, when Telegram's answer to a send was lost, at most one and a notice to ask again
(a repeat could deliver it twice; see bot/transport/delivery.py)."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from conftest import RunningBot, ask, ask_one, press
from fakebot import ChatMessage, FakeTelegram, User

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API

ZGIERZ = "When was the agreement with Zgierz signed?"
ZGIERZ_ANSWER = "The agreement with Zgierz was entered into in 2000"
SORRY = "Something went wrong, please try again."
LOST = (
    "The connection to Telegram broke while I was answering. If my answer did not arrive, "
    "please ask again."
)


def answers(messages: list[ChatMessage]) -> list[ChatMessage]:
    return [m for m in messages if m.text.startswith(ZGIERZ_ANSWER)]


def no_errors_logged(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors


async def questions_during_an_outage(tg: FakeTelegram, users: list[User]) -> None:
    """Each user asks twice while getUpdates is failing; each gets exactly two answers."""
    for user in users:
        tg.send_text(user, ZGIERZ)
        tg.send_text(user, ZGIERZ)
    for user in users:
        replies = await tg.wait_for_reply(user, 2, timeout=20)
        assert len(answers(replies)) == 2
    await tg.wait_idle(quiet=0.5)
    for user in users:
        assert len(tg.sent_to(user)) == 2  # and nothing more


# -- getUpdates ----------------------------------------------------------------------------------


async def test_questions_asked_while_get_updates_fails_are_answered_once_after_recovery(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    tg.fail_next("getUpdates", 3, status=502)
    await tg.wait_for_call("getUpdates", lambda c: c.status == 502, timeout=5)
    users = [tg.user(1000 + i, f"User{i}", "en") for i in range(3)]
    await questions_during_an_outage(tg, users)
    assert [c.status for c in tg.calls_to("getUpdates")].count(502) == 3
    no_errors_logged(caplog)  # a Telegram outage is a warning, not an error


@pytest.mark.parametrize("after_processing", [False, True])
async def test_a_dropped_get_updates_connection_loses_and_repeats_nothing(
    tg: FakeTelegram, bot: RunningBot, after_processing: bool
) -> None:
    """With after_processing the updates were handed out but their answer was lost: the
    next getUpdates (same offset) brings them again, and they are answered once."""
    users = [tg.user(1000 + i, f"User{i}", "en") for i in range(2)]
    tg.drop_connection_next("getUpdates", 2, after_processing=after_processing)
    await tg.wait_for_call("getUpdates", lambda c: c.kind == "injected", timeout=5)
    await questions_during_an_outage(tg, users)
    dropped = [c for c in tg.calls_to("getUpdates") if c.kind == "injected"]
    assert len(dropped) == 2


async def test_slow_get_updates_loses_nothing(tg: FakeTelegram, bot: RunningBot) -> None:
    tg.delay("getUpdates", 0.5)
    users = [tg.user(1000 + i, f"User{i}", "en") for i in range(3)]
    await questions_during_an_outage(tg, users)
    tg.delay("getUpdates", 0)


# -- sends refused: repeated when Telegram did not carry them out ----------------------------


@pytest.mark.parametrize("status", [502, 503])
async def test_a_send_refused_by_the_gateway_is_repeated(
    tg: FakeTelegram, bot: RunningBot, status: int
) -> None:
    tg.fail_next("sendMessage", 2, status=status)
    user = tg.user(1001, "Anna", "en")
    reply = await ask_one(tg, user, ZGIERZ)
    assert reply.text.startswith(ZGIERZ_ANSWER)
    assert [c.status for c in tg.calls_to("sendMessage")] == [status, status, 200]
    await tg.wait_idle(quiet=0.3)
    assert len(tg.sent_to(user)) == 1


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own use
async def test_rate_limited_sends_of_many_users_are_each_answered_once(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    tg.fail_next("sendMessage", 2, retry_after=1)
    users = [tg.user(1000 + i, f"User{i}", "en") for i in range(4)]
    for user in users:
        tg.send_text(user, ZGIERZ)
    for user in users:
        [reply] = await tg.wait_for_reply(user, timeout=15)
        assert reply.text.startswith(ZGIERZ_ANSWER)
    await tg.wait_idle(quiet=0.3)
    assert [c.status for c in tg.calls_to("sendMessage")].count(429) == 2
    assert all(len(tg.sent_to(u)) == 1 for u in users)


async def test_slow_sends_of_one_user_do_not_hold_up_the_others(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    tg.delay("sendMessage", 1.0)
    users = [tg.user(1000 + i, f"User{i}", "en") for i in range(5)]
    started = time.monotonic()
    for user in users:
        tg.send_text(user, ZGIERZ)
    for user in users:
        await tg.wait_for_reply(user, timeout=10)
    assert time.monotonic() - started < 3.5  # concurrent, not 5 x 1 s
    tg.delay("sendMessage", 0)


# -- sends whose answer was lost: at most once, and a notice ---------------------------------


async def test_a_send_cut_off_before_telegram_did_it_is_not_repeated(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot cannot tell this from a cut after the message was delivered, so it does not
    repeat the send; it tells the user to ask again if the answer did not arrive."""
    tg.drop_connection_next("sendMessage")
    user = tg.user(1001, "Anna", "en")
    [notice] = await ask(tg, user, ZGIERZ)
    assert notice.text == LOST
    await tg.wait_idle(quiet=0.3)
    assert len(tg.sent_to(user)) == 1
    no_errors_logged(caplog)
    again = await ask_one(tg, user, ZGIERZ)  # asked again: answered
    assert again.text.startswith(ZGIERZ_ANSWER)


async def test_a_send_whose_answer_was_lost_is_never_delivered_twice(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    tg.drop_connection_next("sendMessage", after_processing=True)
    user = tg.user(1001, "Anna", "en")
    answer, notice = await ask(tg, user, ZGIERZ, count=2)
    assert answer.text.startswith(ZGIERZ_ANSWER)
    assert notice.text == LOST
    await tg.wait_idle(quiet=0.3)
    assert len(answers(tg.sent_to(user))) == 1
    no_errors_logged(caplog)


async def test_a_gateway_timeout_on_a_send_is_not_repeated(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    """504: the gateway gave up waiting, Telegram may still have sent the message."""
    tg.fail_next("sendMessage", status=504)
    user = tg.user(1001, "Anna", "lv")
    [notice] = await ask(tg, user, ZGIERZ)
    assert notice.text.startswith("Savienojums ar Telegram pārtrūka")
    assert [c.status for c in tg.calls_to("sendMessage")] == [504, 200]


@pytest.mark.rejections_expected
async def test_an_edit_whose_answer_was_lost_is_repeated_harmlessly(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Editing a message twice changes nothing: Telegram refuses the repeat as "not
    modified", which the bot expects; the button press is answered, nothing else is sent."""
    user = tg.user(1001, "Anna", "en")
    menu = await ask_one(tg, user, "/start")
    tg.drop_connection_next("editMessageText", after_processing=True)
    answer = await press(tg, user, menu, "🤝 Partners")
    assert answer.text is None
    assert "partner" in tg.sent_to(user)[-1].text.lower()
    await tg.wait_idle(quiet=0.3)
    assert len(tg.sent_to(user)) == 1  # no notice, no second message
    edits = tg.calls_to("editMessageText")
    assert [c.status for c in edits] == [None, 400]
    assert [c.description for c in tg.rejected] == [edits[1].description]
    assert "not modified" in (edits[1].description or "")
    no_errors_logged(caplog)


async def test_a_lost_answer_does_not_stop_the_bot_for_others(
    tg: FakeTelegram, bot: RunningBot
) -> None:
    tg.drop_connection_next("sendMessage", 3)
    users = [tg.user(1000 + i, f"User{i}", "en") for i in range(6)]
    for user in users:
        tg.send_text(user, ZGIERZ)
    got = await asyncio.gather(*(tg.wait_for_reply(u, timeout=10) for u in users))
    texts = [reply.text for [reply] in got]
    assert texts.count(LOST) == 3
    assert sum(t.startswith(ZGIERZ_ANSWER) for t in texts) == 3
