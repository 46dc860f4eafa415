"""Hostile and odd input never breaks the bot; the webhook secret is checked on every request;
the token is in no file of the repository and in no warning."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from conftest import ROOT, RunningBot
from fakebot import FakeTelegram, User
from test_bot_run import SECRET_HEADER, user_message, webhook_application

from bot.knowledge import KnowledgeBase
from bot.transport.context import BotApplication

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API

SORRY = "Something went wrong, please try again."

HOSTILE_MESSAGES = [
    "a" * 4096,
    "Zgierz " * 585,  # 4095 characters of a real name
    "🇱🇹" * 1024,  # 4096 UTF-16 units of flags
    "\u200b\u200c\u200d\u2060\ufeff",  # nothing but zero-width characters
    "\u202eziergZ\u202c and \u2067Biržai\u2069",  # right-to-left overrides
    "Z\u0301\u0302\u0303g\u0308i\u0327e\u0328r\u0331z" + "\u0301" * 500,  # combining marks
    "<b>Zgierz</b> <a href='javascript:alert(1)'>x</a> <script>alert(1)</script> &amp; &#0;",
    "**Kupiškis** __x__ `code` ```pre``` [link](http://x) ||spoiler|| ~strike~",
    "\x00\x01\x02\x07\x08\x1b[31m Biržai \x7f\x9f",
    "'; DROP TABLE questions; -- Zgierz' OR '1'='1",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    "%s %d {0} {name} ${HOME} $(id) `id` \\x00 \\n",
    "   \n\t  ",
    "?",
    "....",
    "@rezekne_twinning_bot",
]
ODD_COMMANDS = [
    "/nonsense",
    "/start@some_other_bot",
    "/START",
    "/start " + "x" * 300,
    "/start ../../etc/passwd",
    "/start <b>",
    "/help extra words",
    "/старт",
    "/" + "a" * 64,
]


def error_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("text", HOSTILE_MESSAGES + ODD_COMMANDS)
async def test_odd_text_gets_a_valid_reply(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    """The fake refuses invalid HTML, empty or over-long messages; no error is logged."""
    user = tg.user(1001, "Anna", "en")
    tg.send_text(user, text)
    replies = await tg.wait_for_reply(user)
    await tg.wait_idle(quiet=0.2)
    assert all(m.text and m.text != SORRY for m in tg.sent_to(user))
    assert replies
    assert not error_records(caplog)


async def test_an_edited_message_with_odd_text_gets_a_valid_reply(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    user = tg.user(1001, "Anna", "ru")
    sent = tg.send_text(user, "Zgierz")
    await tg.wait_for_reply(user)
    for text in HOSTILE_MESSAGES[:10]:
        tg.edit_text(user, sent, text)
        await tg.wait_for_reply(user)
    assert not error_records(caplog)


async def test_long_and_odd_inline_queries_are_answered(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    user = tg.user(1001, "Anna", "en")
    for query in ["z" * 256, "<b>" * 80, "\u202e" * 256, "'; DROP TABLE x; --", "🇱🇹" * 64]:
        answer = await tg.wait_for_inline_answer(tg.inline_query(user, query))
        assert len(answer.results) <= 50
    assert not error_records(caplog)


async def send_with_button(tg: FakeTelegram, user: User, data: str) -> None:
    async with httpx.AsyncClient(base_url=tg.api_url + "/") as http:
        keyboard = {"inline_keyboard": [[{"text": "old", "callback_data": data}]]}
        response = await http.post(
            "sendMessage", json={"chat_id": user.id, "text": "old", "reply_markup": keyboard}
        )
        assert response.json()["ok"], response.text


@pytest.mark.parametrize(
    "data",
    [
        "x" * 64,
        "v1|lv|" + "p:" * 29,
        "🇱🇹" * 8,
        "v1|en|p:zgierz\x00",
        "v1|ru|lang:ru|lang:ru",
        "%00",
    ],
)
async def test_nonsense_callback_data_is_answered(
    tg: FakeTelegram, bot: RunningBot, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    user = tg.user(1001, "Anna", "en")
    tg.start_chat(user)
    await send_with_button(tg, user, data)
    [message] = await tg.wait_for_reply(user)
    query_id = tg.click(user, message, data)
    answer = await tg.wait_for_callback_answer(query_id)
    assert answer.text == "This button is out of date."
    assert not error_records(caplog)


# -- the webhook secret ----------------------------------------------------------------------


@pytest_asyncio.fixture
async def webhook_bot(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> AsyncIterator[tuple[BotApplication, str]]:
    async with webhook_application(tg, tmp_path, kb) as (app, hook):
        yield app, hook.webhook_url


async def test_every_webhook_request_must_carry_the_secret(
    tg: FakeTelegram, webhook_bot: tuple[BotApplication, str]
) -> None:
    _, url = webhook_bot
    anna = tg.user(1001, "Anna", "en")
    tg.start_chat(anna)
    bad_headers: list[dict[str, str]] = [
        {},
        {SECRET_HEADER: ""},
        {SECRET_HEADER: "wrong"},
        {SECRET_HEADER: "s3cret_Token-"},  # a prefix
        {SECRET_HEADER: "s3cret_Token-1x"},
        {SECRET_HEADER: "S3CRET_TOKEN-1"},
        {"X-Telegram-Bot-Api-Secret": "s3cret_Token-1"},  # another header
    ]
    good = {SECRET_HEADER: "s3cret_Token-1"}
    async with httpx.AsyncClient() as http:
        for round_ in range(2):  # checked on every request, also after a good one
            for headers in bad_headers:
                update = {"update_id": 900 + round_, "message": user_message(anna.id, "/help")}
                response = await http.post(url, json=update, headers=headers)
                assert response.status_code == 403, headers
            response = await http.post(
                url + "?secret_token=s3cret_Token-1",
                json={"update_id": 950, "message": user_message(anna.id, "/help")},
            )
            assert response.status_code == 403
            update = {"update_id": 1000 + round_, "message": user_message(anna.id, "/help")}
            assert (await http.post(url, json=update, headers=good)).status_code == 200
            await tg.wait_for_reply(anna)
        assert (await http.get(url, headers=good)).status_code == 405
        assert (await http.post(url + "x", json={}, headers=good)).status_code == 404
    await tg.wait_idle(quiet=0.2)
    assert len(tg.sent_to(anna)) == 2  # the two good requests only


# -- the token -------------------------------------------------------------------------------

TOKEN_SHAPE = re.compile(rb"\d{8,10}:[A-Za-z0-9_-]{35}")


def test_no_file_of_the_repository_holds_a_bot_token() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    files = [ROOT / name.decode() for name in listed.split(b"\0") if name]
    assert len(files) > 50
    found = []
    for path in files:
        if path.is_file():
            for match in TOKEN_SHAPE.finditer(path.read_bytes()):
                found.append(f"{path.relative_to(ROOT)}: {match.group()[:12].decode()}…")
    assert not found, found


def test_the_token_is_masked_in_python_warnings_too(tmp_path: Path) -> None:
    token = "7412589630:" + "AAH" + "x" * 32  # written apart: the scan above must not see it
    script = (
        "import warnings, logging\n"
        "from bot.transport.logs import configure_logging\n"
        f"configure_logging([{token!r}])\n"
        f"warnings.warn('request to /bot{token}/getMe was slow')\n"
        f"logging.getLogger('telegram').error('failed: %s', {token!r})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "was slow" in result.stderr and "failed:" in result.stderr
    assert token.split(":")[1] not in result.stderr + result.stdout


def test_an_unexpected_crash_is_logged_without_the_token(tmp_path: Path) -> None:
    token = "7412589630:" + "AAH" + "y" * 32
    script = (
        "import bot.transport.app as app\n"
        "def crash(application, start, **options):\n"
        f"    raise RuntimeError('while calling /bot{token}/getUpdates')\n"
        "app.serve = crash\n"
        "from bot.cli import main\n"
        "raise SystemExit(main(['run']))\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))},
        "TELEGRAM_BOT_TOKEN": token,
        "BOT_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "The bot stopped on an unexpected error" in result.stderr
    assert "RuntimeError: while calling /bot7412589630:***/getUpdates" in result.stderr
    assert token.split(":")[1] not in result.stderr + result.stdout
