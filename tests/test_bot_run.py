"""`twinning-bot run` as an operator runs it: a real process against the fake Telegram, exit codes,
one-line errors, SIGTERM, webhook mode with its secret, and logs that never show the token."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, bot_settings
from fakebot import FakeTelegram
from pydantic import SecretStr

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.store import Store
from bot.transport.app import ALLOWED_UPDATES, WebhookOptions, build_application, webhook_options
from bot.transport.context import BotApplication
from bot.transport.logs import SecretFilter, describe_exception, secret_parts

pytestmark = pytest.mark.slow  # end to end: processes / the fake Bot API

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def twinning_bot() -> list[str]:
    """The installed console command (as an operator types it)."""
    found = shutil.which("twinning-bot", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "bot"]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any bot setting of the developer's shell, plus `extra`."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TWINNING_", "BOT_"))
    }
    return {**env, **extra}


def run_cli(
    *args: str, env: dict[str, str], timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*twinning_bot(), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGTERM, as systemd or docker stop would send; the process's output."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()


def assert_secret_free(output: str, token: str) -> None:
    assert token not in output
    assert token.split(":", 1)[1] not in output


# -- bad settings: one line, exit code 2 --------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (None, "TELEGRAM_BOT_TOKEN is not set"),
        ("not-a-token", "TELEGRAM_BOT_TOKEN is malformed"),
        ("12345:short", "TELEGRAM_BOT_TOKEN is malformed"),
    ],
)
def test_run_without_a_valid_token_says_so_in_one_line(
    tmp_path: Path, token: str | None, expected: str
) -> None:
    extra = {"BOT_DATA_DIR": str(tmp_path)}
    if token is not None:
        extra["TELEGRAM_BOT_TOKEN"] = token
    result = run_cli("run", env=clean_env(**extra))
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("twinning-bot: ") and expected in line
    assert "Traceback" not in result.stderr


def test_run_with_a_token_telegram_rejects_says_so_in_one_line(tmp_path: Path) -> None:
    with FakeTelegram() as tg:
        wrong = "999999:ABCDEFGHIJKLMNOPQRSTUVWXYZ_wrong"
        env = clean_env(
            TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_BASE_URL=tg.base_url, BOT_DATA_DIR=str(tmp_path)
        )
        result = run_cli("run", env=env)
        # Telegram answers 401 to the one getMe; nothing else is tried.
        assert [(c.method, c.status) for c in tg.rejected] == [("getMe", 401)]
        assert len(tg.calls) == 1
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "TELEGRAM_BOT_TOKEN was rejected by Telegram" in line
    assert_secret_free(result.stdout + result.stderr, wrong)


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({"TELEGRAM_API_BASE_URL": "127.0.0.1:8081/bot"}, [], "TELEGRAM_API_BASE_URL must be"),
        ({"BOT_ADMIN_IDS": "12,abc"}, [], "BOT_ADMIN_IDS must be"),
        ({"TELEGRAM_WEBHOOK_SECRET": "has spaces"}, ["--webhook-url", "https://x.lv/h"], "SECRET"),
        ({}, ["--webhook-url", "not a url"], "--webhook-url must be"),
    ],
)
def test_run_with_a_malformed_setting_says_so_in_one_line(
    tmp_path: Path, env: dict[str, str], args: list[str], expected: str
) -> None:
    token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    full = clean_env(TELEGRAM_BOT_TOKEN=token, BOT_DATA_DIR=str(tmp_path), **env)
    result = run_cli("run", *args, env=full)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert expected in line
    assert_secret_free(result.stderr, token)


def test_run_with_an_unreachable_api_says_so_in_one_line(tmp_path: Path) -> None:
    token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    env = clean_env(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot",
        BOT_DATA_DIR=str(tmp_path),
    )
    result = run_cli("run", env=env)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "cannot reach the Telegram Bot API" in line
    assert_secret_free(result.stderr, token)


# -- the real process: polling, SIGTERM -------------------------------------------------------


def test_run_answers_questions_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    with FakeTelegram() as tg:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_BASE_URL=tg.base_url,
            BOT_DATA_DIR=str(tmp_path),
        )
        process = subprocess.Popen(
            [*twinning_bot(), "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            anna = tg.user(1001, "Anna", "en")
            tg.send_text(anna, "When was the agreement with Zgierz signed?")
            [reply] = tg.wait_for_reply_sync(anna, timeout=30)
            assert reply.text.startswith("The agreement with Zgierz was entered into in 2000")
            tg.wait_idle_sync(quiet=0.1)
        finally:
            out, err = stop(process)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert_secret_free(out + err, tg.token)
        assert tg.commands_for("default", "ru")  # the menu was set at start-up
        tg.assert_no_rejections()
    # The question was logged in BOT_DATA_DIR (the database was closed cleanly).
    store = Store.in_data_dir(tmp_path)
    assert store.count("questions") == 1
    store.close()


def test_run_with_a_webhook_checks_the_secret_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    with FakeTelegram() as tg:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_BASE_URL=tg.base_url,
            BOT_DATA_DIR=str(tmp_path),
        )
        webhook = ["--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(
            [*twinning_bot(), "run", *webhook],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            hook = tg.wait_until_sync(lambda: tg.webhook, timeout=30)
            secret = hook["secret_token"]
            assert hook["url"] == url and len(secret) >= 32  # a random secret per start
            anna = tg.user(1001, "Anna", "lv")
            tg.send_text(anna, "/start")  # delivered by the fake through the webhook
            [reply] = tg.wait_for_reply_sync(anna, timeout=30)
            assert reply.text.startswith("Sveiki, Anna!")
            forged = {"update_id": 424242, "message": user_message(anna.id, "/start")}
            for headers in ({}, {SECRET_HEADER: "wrong"}):
                assert httpx.post(url, json=forged, headers=headers).status_code == 403
            tg.wait_idle_sync(quiet=0.2)
            assert len(tg.sent_to(anna)) == 1
        finally:
            out, err = stop(process)
        assert process.returncode == 0, err
        assert_secret_free(out + err, tg.token)
        assert secret not in out + err
        tg.assert_no_rejections()


def user_message(user_id: int, text: str) -> dict[str, object]:
    """A Message object as Telegram would POST it, from a user in their private chat."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {
        "message_id": 9000,
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private", "first_name": "Anna"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Anna", "language_code": "lv"},
        "text": text,
        "entities": entities if text.startswith("/") else [],
    }


# -- webhook mode in the test's event loop ----------------------------------------------------


@contextlib.asynccontextmanager
async def webhook_application(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> AsyncIterator[tuple[BotApplication, WebhookOptions]]:
    """The real application serving a webhook on loopback with the secret s3cret_Token-1."""
    settings = bot_settings(tg, tmp_path, webhook_secret="s3cret_Token-1")
    port = free_port()
    hook = webhook_options(settings, f"http://127.0.0.1:{port}/tg/hook", "127.0.0.1", port)
    app = build_application(settings, kb, Store.in_data_dir(tmp_path))
    await app.initialize()
    assert app.updater is not None and app.post_init is not None
    await app.post_init(app)
    await app.updater.start_webhook(
        listen=hook.listen,
        port=hook.port,
        url_path=hook.url_path,
        webhook_url=hook.webhook_url,
        secret_token=hook.secret_token,
        allowed_updates=ALLOWED_UPDATES,
    )
    await app.start()
    try:
        yield app, hook
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


async def test_webhook_rejects_requests_without_the_secret(
    tg: FakeTelegram, tmp_path: Path, kb: KnowledgeBase
) -> None:
    async with webhook_application(tg, tmp_path, kb) as (_, hook):
        assert (hook.url_path, hook.secret_token) == ("tg/hook", "s3cret_Token-1")
        assert tg.webhook == {
            "url": hook.webhook_url,
            "secret_token": "s3cret_Token-1",
            "max_connections": 40,
        }
        anna = tg.user(1001, "Anna", "en")
        tg.send_text(anna, "/start")
        [greeting] = await tg.wait_for_reply(anna)
        assert greeting.text.startswith("Hello, Anna!")

        forged = {"update_id": 777, "message": user_message(anna.id, "/help")}
        async with httpx.AsyncClient() as http:
            for headers in ({}, {SECRET_HEADER: "wrong"}):
                response = await http.post(hook.webhook_url, json=forged, headers=headers)
                assert response.status_code == 403
            await tg.wait_idle(quiet=0.1)
            assert len(tg.sent_to(anna)) == 1  # nothing was answered
            good = {SECRET_HEADER: "s3cret_Token-1"}
            response = await http.post(hook.webhook_url, json=forged, headers=good)
            assert response.status_code == 200
        [help_text] = await tg.wait_for_reply(anna)
        assert "/partners" in help_text.text
    tg.assert_no_rejections()


def test_webhook_without_a_configured_secret_gets_a_random_one() -> None:
    settings = Settings(token=SecretStr("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    first = webhook_options(settings, "https://bot.example.lv/hook", "0.0.0.0", 8443)
    second = webhook_options(settings, "https://bot.example.lv/hook", "0.0.0.0", 8443)
    assert first.secret_token != second.secret_token
    assert first.url_path == "hook"


# -- logs never show the token ----------------------------------------------------------------


def test_the_log_filter_masks_the_token_everywhere(caplog: pytest.LogCaptureFixture) -> None:
    token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    logger = logging.getLogger("test_bot_run.masking")
    guard = SecretFilter([token])
    caplog.handler.addFilter(guard)
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", token)
        try:
            raise RuntimeError(f"request to /bot{token.replace(':', '%3A')}/sendMessage failed")
        except RuntimeError:
            logger.exception("failed")
    finally:
        caplog.handler.removeFilter(guard)
    assert "123456:***" in caplog.text
    assert "ABCDEFGHIJKLMNOPQRSTUVWXYZ" not in caplog.text
    assert "ABCDEFGHIJKLMNOPQRSTUVWXYZ" not in describe_exception(
        RuntimeError(token), secret_parts([token])
    )
