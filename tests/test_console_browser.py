"""The staff console in a real browser: Debian's Chromium, headless, driven by Playwright.

A newcomer's task from the staff guide, without seeing YAML: log in with the link /console
sends, add a cooperation field, a country and a partner with them through the forms (a
mistake first: every problem is shown, nothing typed is lost), read the draft's preview, ask
the draft in the test pane, publish; then a resident asks the bot on Telegram (the fake Bot
API) and gets the new partner. The Mini App login (Telegram's signed initData in the page's
address) is checked in the same browser. The screenshots in the README are taken here: set
CONSOLE_SCREENSHOTS=docs/screenshots to write them there.

Runs where Chromium is installed (`apt-get install chromium`; CI installs it); skipped, with
the reason, where it is not.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from conftest import ask_one
from consolekit import init_data, query_string
from fakebot import FakeTelegram
from staffbot import admin_user, running_bot

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright_api = pytest.importorskip(
    "playwright.async_api", reason="Playwright is not installed (pip install -e '.[test]')"
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).is_file(),
        reason=f"Chromium is not installed ({CHROMIUM}): apt-get install chromium",
    ),
]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest_asyncio.fixture
async def chromium() -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


class Shots:
    """Screenshots: into the test's folder, and into CONSOLE_SCREENSHOTS when it is set."""

    def __init__(self, tmp_path: Path) -> None:
        target = os.environ.get("CONSOLE_SCREENSHOTS")
        self.folders = [tmp_path] + ([Path(target)] if target else [])

    async def take(self, page: Any, name: str) -> None:
        first = self.folders[0] / f"{name}.png"
        await page.screenshot(path=str(first), full_page=True)
        assert first.stat().st_size > 10_000  # a rendered page, not an empty one
        for folder in self.folders[1:]:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(first, folder / first.name)


async def save(page: Any) -> None:
    """Press "Save to the draft" and wait for the next page."""
    async with page.expect_navigation():
        await page.get_by_role("button", name="Save to the draft").click()


async def test_a_newcomer_adds_a_partner_through_the_console(
    tg: FakeTelegram, tmp_path: Path, chromium: Any
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    shots = Shots(tmp_path)
    admin = admin_user(tg)
    resident = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, console={"enabled": True, "port": port}) as bot:
        reply = await ask_one(tg, admin, "/console")
        [link] = re.findall(r"http://\S+/login/\S+", reply.text)
        context = await chromium.new_context(
            locale="en-GB", viewport={"width": 1180, "height": 900}
        )
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # A refused form answers 422 (the browser notes it); any other error is a fault.
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and "status of 422" not in m.text
                else None
            ),
        )

        # The link opens a page with a button; the button logs in.
        await page.goto(link)
        await page.get_by_role("button", name="Log in").click()
        await page.wait_for_url(f"{base}/")
        assert await page.get_by_text("Ilze").first.is_visible()
        await shots.take(page, "console-home")

        # A cooperation field: three languages side by side.
        await page.goto(f"{base}/entries/fields/new")
        await page.fill("input[name=id]", "youth_sport")
        await page.fill("input[name='name.lv']", "Jauniešu sports")
        await page.fill("input[name='name.ru']", "Молодёжный спорт")
        await page.fill("input[name='name.en']", "Youth sport")
        await page.fill("textarea[name='keywords.lv']", "sports\njauniešu sports")
        await page.fill("textarea[name='keywords.ru']", "спорт")
        await page.fill("textarea[name='keywords.en']", "sport\nyouth sport")
        await save(page)
        assert "Saved to the draft: Youth sport." in await page.inner_text("main")

        # A country: picked by its name, which comes from the standard list.
        await page.goto(f"{base}/entries/countries/new")
        await page.select_option("select[name=code]", label="🇪🇪 Estonia (EE)")
        await page.fill("textarea[name='keywords.lv']", "igauņu")
        await page.fill("textarea[name='keywords.ru']", "эстонский")
        await page.fill("textarea[name='keywords.en']", "Estonian")
        await save(page)
        assert "Saved to the draft: 🇪🇪 Estonia." in await page.inner_text("main")

        # The partner, with a mistake first: the Russian name forgotten.
        await page.goto(f"{base}/entries/partners/new")
        await page.fill("input[name=id]", "tartu")
        await page.fill("input[name='name.lv']", "Tartu")
        await page.fill("input[name='name.en']", "Tartu")
        await page.fill("input[name=local_name]", "Tartu")
        await page.fill("textarea[name='aliases.other']", "Tartto")
        await page.select_option("select[name=country]", "EE")
        await page.get_by_label(re.compile("Youth sport")).check()
        await page.fill("input[name='agreement.signed.year']", "2012")
        await page.select_option("select[name='agreement.signed.month']", label="May")
        await page.select_option("select[name='agreement.signed.day']", "14")
        await save(page)
        problems = await page.inner_text("#field-name")
        assert "the text is missing in ru" in problems
        assert "Nothing was saved" in await page.inner_text("main")
        assert await page.input_value("input[name=local_name]") == "Tartu"  # nothing lost
        assert await page.input_value("select[name=country]") == "EE"
        assert await page.get_by_label(re.compile("Youth sport")).is_checked()
        await shots.take(page, "console-problems")
        await page.fill("input[name='name.ru']", "Тарту")
        await shots.take(page, "console-partner-form")
        await save(page)
        assert "Saved to the draft: 🇪🇪 Tartu." in await page.inner_text("main")

        # The preview: entries and answers that change. Not live yet.
        await page.get_by_role("link", name="Draft (3 files)").click()
        preview = await page.inner_text("main")
        for added in ("Added\t🇪🇪 Tartu\ttartu", "Added\tYouth sport\tyouth_sport"):
            assert added in preview
        assert "Which partners are in Estonia?" in preview
        await shots.take(page, "console-draft")
        assert (
            "not among the twinning partners"
            in (await ask_one(tg, resident, "Tell me about Tartu")).text
        )

        # The test pane asks the draft (the answer comes without reloading the page).
        await page.get_by_role("link", name="Ask the bot").first.click()
        await page.fill("#question", "When was the agreement with Tartu signed?")
        await page.get_by_role("button", name="Ask", exact=True).click()
        draft_answer = page.locator("#answer-draft")
        await draft_answer.get_by_text("May 14, 2012").wait_for()
        assert "not among" in await page.inner_text("#answer-live")
        await shots.take(page, "console-test")

        # Publish: live for everyone.
        await page.get_by_role("link", name="Draft (3 files)").click()
        async with page.expect_navigation():
            await page.get_by_role("button", name="✅ Publish").click()
        assert "Published: the new version is live" in await page.inner_text("main")
        reply = await ask_one(tg, resident, "Tell me about Tartu")
        assert reply.text.startswith("Tartu (Estonia) is a twinning partner")
        assert "youth sport" in reply.text.lower()
        partners = (bot.settings.knowledge_dir / "partners.yaml").read_text(encoding="utf-8")
        assert "  - id: tartu\n" in partners
        assert errors == []
        await context.close()

        # The Mini App: Telegram opens the page with its signed initData after the #.
        app = await chromium.new_context(locale="en-GB", viewport={"width": 420, "height": 860})
        mini = await app.new_page()
        signed = query_string(init_data(token=tg.token))
        await mini.goto(
            f"{base}/#tgWebAppData={query_string({'x': signed})[2:]}&tgWebAppVersion=8.0"
        )
        await mini.wait_for_url(f"{base}/")
        # In the language Telegram gives for the user (the signed data says "en").
        await mini.get_by_role("link", name="Partners").first.wait_for()
        await shots.take(mini, "console-mini-app")
        forged = query_string(init_data(token="987654321:BBother-bot-token-xxxxxxxxx"))
        other = await chromium.new_context(locale="en-GB")
        stranger = await other.new_page()
        await stranger.goto(f"{base}/#tgWebAppData={query_string({'x': forged})[2:]}")
        await stranger.get_by_text("not signed for this bot").wait_for()
        assert "/entries" not in stranger.url
        await app.close()
        await other.close()
