"""The delivery policy on its own (bot/transport/delivery.py): which calls are repeated, for
how long, and where polling resumes after a restart."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
import telegram
from fakebot import FakeTelegram
from telegram.error import NetworkError

from bot.transport.delivery import (
    DeliveryUncertain,
    ResumePoint,
    SendingRequest,
    is_repeatable,
)

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API


def bot_for(tg: FakeTelegram, request: SendingRequest) -> telegram.Bot:
    return telegram.Bot(tg.token, base_url=tg.base_url, request=request)


@pytest.mark.parametrize(
    ("method", "repeatable"),
    [
        ("getMe", True),
        ("setMyCommands", True),
        ("editMessageText", True),
        ("deleteWebhook", True),
        ("answerCallbackQuery", True),
        ("sendChatAction", True),
        ("sendMessage", False),
        ("sendDocument", False),
        ("sendVenue", False),
        ("answerInlineQuery", False),
        ("forwardMessage", False),
        ("copyMessage", False),
    ],
)
def test_only_calls_that_change_nothing_when_repeated_are_repeatable(
    method: str, repeatable: bool
) -> None:
    assert is_repeatable(method) is repeatable


async def test_a_refused_call_is_repeated_until_the_budget_is_spent(tg: FakeTelegram) -> None:
    tg.start_chat(tg.user(1001))
    async with bot_for(tg, SendingRequest(retry_budget=1.0, first_pause=0.1)) as bot:
        tg.fail_next("sendMessage", 100, status=503)
        started = time.monotonic()
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(1001, "hello")
        assert not isinstance(raised.value, DeliveryUncertain)
        assert 0.9 < time.monotonic() - started < 2.0
        assert 4 <= len(tg.calls_to("sendMessage")) <= 6  # 0.1, 0.2, 0.4, then what is left
    assert tg.sent_to(1001) == []


async def test_without_retries_a_refused_call_fails_at_once(tg: FakeTelegram) -> None:
    request = SendingRequest(first_pause=0.1)
    async with bot_for(tg, request) as bot:
        tg.fail_next("getMe", status=502)
        with request.without_retries(), pytest.raises(NetworkError):
            await bot.get_me()
        assert len(tg.calls_to("getMe")) == 2  # the one in `async with`, and this one
        tg.fail_next("getMe", status=502)
        assert (await bot.get_me()).username == "rezekne_twinning_bot"  # retries are back


async def test_an_unreachable_server_is_retried_the_request_was_never_sent() -> None:
    bot = telegram.Bot(
        "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        base_url="http://127.0.0.1:9/bot",  # the discard port: connection refused
        request=SendingRequest(retry_budget=0.5, first_pause=0.1),
    )
    started = time.monotonic()
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(1, "hi")
    assert not isinstance(raised.value, DeliveryUncertain)  # never sent: nothing uncertain
    assert time.monotonic() - started >= 0.45


async def test_a_lost_answer_to_an_edit_is_repeated(tg: FakeTelegram) -> None:
    user = tg.user(1001)
    tg.start_chat(user)
    async with bot_for(tg, SendingRequest(first_pause=0.05)) as bot:
        sent = await bot.send_message(1001, "one")
        tg.drop_connection_next("editMessageText")  # cut before Telegram did it
        edited = await bot.edit_message_text("two", 1001, sent.message_id)
        assert isinstance(edited, telegram.Message) and edited.text == "two"
    assert [c.status for c in tg.calls_to("editMessageText")] == [None, 200]


async def test_an_upload_streamed_from_an_open_file_is_not_sent_twice(tg: FakeTelegram) -> None:
    """The first attempt read the stream: a repeat would send it empty."""
    tg.start_chat(tg.user(1001))
    async with bot_for(tg, SendingRequest(first_pause=0.05)) as bot:
        tg.fail_next("sendDocument", status=502)
        stream = io.BytesIO(b"partners: []\n")
        streamed = telegram.InputFile(stream, filename="p.yaml", read_file_handle=False)
        with pytest.raises(NetworkError):
            await bot.send_document(1001, streamed)
        assert len(tg.calls_to("sendDocument")) == 1
        tg.fail_next("sendDocument", status=502)  # read into memory (PTB's default): repeated
        await bot.send_document(1001, io.BytesIO(b"partners: []\n"), filename="p.yaml")
        assert [c.status for c in tg.calls_to("sendDocument")] == [502, 502, 200]


# -- where polling resumes -------------------------------------------------------------------


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_resume_point_round_trips(tmp_path: Path) -> None:
    clock = Clock()
    point = ResumePoint(tmp_path / ResumePoint.FILE, 123456, clock)
    assert point.load() == 0  # nothing saved
    point.save(0)
    assert not point.path.exists()
    point.save(100042)
    assert point.load() == 100042
    assert json.loads(point.path.read_text())["bot_id"] == 123456
    assert not list(tmp_path.glob("*.tmp"))


def test_a_resume_point_of_another_bot_or_too_old_is_ignored(tmp_path: Path) -> None:
    clock = Clock()
    ResumePoint(tmp_path / ResumePoint.FILE, 123456, clock).save(100042)
    assert ResumePoint(tmp_path / ResumePoint.FILE, 654321, clock).load() == 0
    clock.now += 24 * 3600  # Telegram keeps updates for 24 hours
    assert ResumePoint(tmp_path / ResumePoint.FILE, 123456, clock).load() == 0


@pytest.mark.parametrize("content", ["", "{", "[]", '{"bot_id": 1}', '{"offset": "x"}'])
def test_a_damaged_resume_point_is_ignored(tmp_path: Path, content: str) -> None:
    path = tmp_path / ResumePoint.FILE
    path.write_text(content)
    assert ResumePoint(path, 1).load() == 0


def test_a_resume_point_that_cannot_be_written_is_not_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    point = ResumePoint(tmp_path / "missing" / ResumePoint.FILE, 1)
    point.save(5)
    assert "Could not save the polling offset" in caplog.text
