"""The staff console as its tests run it: the real server (bot/console/) around the real
knowledge keeper, on a copy of the knowledge folder, served on a loopback port; and what a
browser does with it (log in with a link, read the CSRF token, post a form).

Imported by tests/test_console_*.py (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from conftest import KNOWLEDGE_DIR
from staffbot import ADMIN, copy_knowledge

from bot.config import Settings
from bot.console.auth import StaffUser, sign_init_data
from bot.console.server import ConsoleServer
from bot.console.workspace import Workspace
from bot.engine import Engine
from bot.knowledge import load_knowledge
from bot.knowledge.editing import Watcher
from bot.options import engine_options
from bot.store import Store
from bot.transport.staff import KnowledgeKeeper

TOKEN = "123456789:" + "AAF-console-tests-not-a-real-token_x"  # apart: no token in the repo
STRANGER = 424242  # a Telegram user who is not an admin

assert KNOWLEDGE_DIR.is_dir()


def console_settings(tmp_path: Path, **console: Any) -> Settings:
    return Settings(
        knowledge_dir=copy_knowledge(tmp_path),
        data_dir=tmp_path / "data",
        admin_ids=frozenset({ADMIN}),
        console={"enabled": True, **console},
    )


@dataclass
class Console:
    """A running console and a client with its own cookie jar (one browser)."""

    server: ConsoleServer
    client: TestClient[Any, Any]
    settings: Settings
    keeper: KnowledgeKeeper

    async def new_browser(self) -> TestClient[Any, Any]:
        """Another browser (no cookies) on the same server."""
        return await _browser(self.server)


@asynccontextmanager
async def running_console(tmp_path: Path, **console: Any) -> AsyncIterator[Console]:
    settings = console_settings(tmp_path, **console)
    store = Store.in_data_dir(settings.data_dir)
    engine = Engine(load_knowledge(settings.knowledge_dir), engine_options(settings))
    keeper = KnowledgeKeeper(settings, engine, Watcher(settings.knowledge_dir))
    server = ConsoleServer(settings, TOKEN, Workspace(keeper, store))
    client = await _browser(server)
    try:
        yield Console(server, client, settings, keeper)
    finally:
        await client.close()
        store.close()


async def _browser(server: ConsoleServer, language: str = "en") -> TestClient[Any, Any]:
    """A client on a loopback port whose browser asks for English pages."""
    client: TestClient[Any, Any] = TestClient(
        TestServer(server.application()), headers={"Accept-Language": f"{language},en;q=0.5"}
    )
    await client.start_server()
    return client


def init_data(
    user_id: int = ADMIN,
    *,
    token: str = TOKEN,
    auth_date: float | None = None,
    name: str = "Ilze",
    **extra: str,
) -> dict[str, str]:
    """initData fields as Telegram signs them for a Mini App (hash included)."""
    user = {"id": user_id, "first_name": name, "language_code": "en"}
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(user, separators=(",", ":")),
        "auth_date": str(int(time.time() if auth_date is None else auth_date)),
        **extra,
    }
    fields["hash"] = sign_init_data(fields, token)
    return fields


def query_string(fields: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


def visible_text(html: str) -> str:
    """The text a reader sees (tags dropped, entities read, spaces joined)."""
    without = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", without)).split())


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


async def log_in(console: Console, client: TestClient[Any, Any] | None = None) -> str:
    """Log in the admin with a login link, as a browser does; the CSRF token of the session."""
    client = client or console.client
    token = console.server.links.issue(StaffUser(ADMIN, "Ilze", "en"))
    page = await client.get(f"/login/{token}")
    assert page.status == 200, await page.text()
    home = await client.post("/login", data={"token": token})
    assert home.status == 200 and home.url.path == "/"
    return csrf_of(await home.text())


async def text_of(response: ClientResponse) -> str:
    return visible_text(await response.text())
