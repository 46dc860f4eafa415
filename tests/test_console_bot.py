"""The staff console with the real bot, end to end through the fake Bot API: the server starts
and stops with the application, /console gives an admin a one-time login link (and, with an
https address, the Mini App button; the admins' menu button opens it too), and nobody else
learns that the command exists."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import aiohttp
import pytest
from conftest import ask_one
from consolekit import init_data, query_string, visible_text
from fakebot import FakeTelegram
from staffbot import ADMIN, admin_user, running_bot

from bot.config import ConfigError
from bot.transport.logs import SecretFilter

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


ENGLISH = {"Accept-Language": "en"}
# aiohttp's client keeps no cookie of an IP address unless told to; browsers do.
LINK = re.compile(r"(https?://\S+/login/[A-Za-z0-9_-]+)")


async def test_console_gives_an_admin_a_login_link_that_works_once(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    port = free_port()
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path, console={"enabled": True, "port": port}) as bot:
        reply = await ask_one(tg, admin, "/console")
        assert reply.text.startswith("🔐 Your login link to the staff console. It works once")
        [link] = LINK.findall(reply.text)
        assert link.startswith(f"http://127.0.0.1:{port}/login/")
        assert reply.buttons == []  # no Mini App button without https
        token = link.rsplit("/", 1)[1]
        async with aiohttp.ClientSession(
            headers=ENGLISH, cookie_jar=aiohttp.CookieJar(unsafe=True)
        ) as browser:
            async with browser.get(link) as page:
                assert page.status == 200
                assert "Log in to the staff console as Ilze." in visible_text(await page.text())
            async with browser.post(
                f"http://127.0.0.1:{port}/login", data={"token": token}
            ) as home:
                assert home.status == 200 and home.url.path == "/"
                text = visible_text(await home.text())
                assert "Ilze" in text and "Partners" in text
            async with browser.get(f"http://127.0.0.1:{port}/entries/partners/zgierz") as form:
                assert form.status == 200
                assert 'value="Zgierz"' in await form.text()
        async with (
            aiohttp.ClientSession(
                headers=ENGLISH, cookie_jar=aiohttp.CookieJar(unsafe=True)
            ) as other,
            other.post(f"http://127.0.0.1:{port}/login", data={"token": token}) as again,
        ):
            assert again.status == 403
            assert "already been used" in visible_text(await again.text())
        assert bot.app.bot_data.console is not None
    # Stopped with the application: the port is free again.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


async def test_the_login_link_is_never_logged(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    admin = admin_user(tg)
    caplog.set_level("DEBUG")  # PTB logs every call with its parameters at DEBUG
    caplog.handler.addFilter(SecretFilter([tg.token]))  # as run_bot's handlers have it
    async with running_bot(tg, tmp_path, console={"enabled": True, "port": free_port()}):
        reply = await ask_one(tg, admin, "/console")
        [link] = LINK.findall(reply.text)
    token = link.rsplit("/", 1)[1]
    assert "asked for a console login link" in caplog.text
    assert "sendMessage" in caplog.text  # the message with the link was logged, masked:
    assert token not in caplog.text and "/login/***" in caplog.text


async def test_console_is_no_command_for_anyone_else(tg: FakeTelegram, tmp_path: Path) -> None:
    resident = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, console={"enabled": True, "port": free_port()}):
        unknown = await ask_one(tg, resident, "/nosuchcommand")
        reply = await ask_one(tg, resident, "/console")
        assert reply.text == unknown.text
        assert "login" not in reply.text.lower()


async def test_console_switched_off_says_so(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        reply = await ask_one(tg, admin, "/console")
        assert reply.text.startswith("ℹ️ The staff console is switched off.")
        assert bot.app.bot_data.console is None


async def test_with_https_the_console_is_a_mini_app_of_the_admins(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    port = free_port()
    admin = admin_user(tg)
    # A second admin who has never written to the bot: no chat exists, nothing is set for them.
    console = {
        "enabled": True,
        "port": port,
        "public_url": "https://bot.example.lv/console/",
    }
    async with running_bot(tg, tmp_path, console=console, admin_ids=frozenset({ADMIN, 7002})):
        reply = await ask_one(tg, admin, "/console")
        assert reply.buttons == [["🖥 Open the console"]]
        [button] = reply.data["reply_markup"]["inline_keyboard"][0]
        assert button["web_app"] == {"url": "https://bot.example.lv/console/"}
        [link] = LINK.findall(reply.text)
        assert link.startswith("https://bot.example.lv/console/login/")
        assert tg.menu_buttons[ADMIN] == {
            "type": "web_app",
            "text": "Konsole",  # the language of the admin's menu: the default
            "web_app": {"url": "https://bot.example.lv/console/"},
        }
        assert 7002 not in tg.menu_buttons
        # Behind the reverse proxy: the same paths, under /console, on the local port.
        local = link.replace("https://bot.example.lv", f"http://127.0.0.1:{port}")
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
            async with browser.get(local) as page:
                assert page.status == 200
            # The Mini App: Telegram's signed initData opens a session too.
            auth = f"http://127.0.0.1:{port}/console/auth/webapp"
            async with browser.post(
                auth, data={"init_data": query_string(init_data(token=tg.token))}
            ) as signed:
                assert signed.status == 200 and (await signed.json())["ok"] is True


async def test_a_taken_port_stops_the_start_with_one_line(tg: FakeTelegram, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match=f"console: cannot listen on 127.0.0.1:{port}"):
            async with running_bot(tg, tmp_path, console={"enabled": True, "port": port}):
                pass
