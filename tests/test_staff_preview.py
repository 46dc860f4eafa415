"""Draft → preview → publish, end to end through the fake Bot API: an uploaded knowledge file
is previewed (entries and answers that change) with Publish / Discard; Publish makes it live
and records the admin in the history, Discard changes nothing, a stale button is refused,
drafts survive a restart; with `preview_server_edits` a file saved on the server waits too."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ask_one, press
from fakebot import ChatMessage, FakeTelegram
from staffbot import ADMIN, admin_user, running_bot

from bot.knowledge.drafts import DraftStore

PROLONGED = "When was the agreement with Arendal prolonged?"
OLD_ANSWER = "prolonged in 2008."
NEW_ANSWER = "prolonged in 2009."
OUT_OF_DATE = "This button is out of date."


def edited(path: Path, old: str, new: str) -> bytes:
    content = path.read_bytes()
    assert old.encode() in content
    return content.replace(old.encode(), new.encode(), 1)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


async def upload_preview(tg: FakeTelegram, name: str, content: bytes) -> ChatMessage:
    tg.send_document(ADMIN, name, content)
    [preview] = await tg.wait_for_reply(ADMIN)
    return preview


async def test_upload_preview_publish(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text  # logged: replayed
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()
        preview = await upload_preview(
            tg, "partners.yaml", edited(partners, "prolonged: 2008", "prolonged: 2009")
        )
        lines = preview.text.splitlines()
        assert lines[0] == "📝 partners.yaml is valid. It is a draft: not live yet."
        assert lines[1] == "Changed: arendal"
        assert "answer" in lines[3] and "questions tried:" in lines[3]
        asked = preview.text.index(f"• {PROLONGED} (en)")
        assert "2008" in preview.text[asked:] and "→" in preview.text[asked:]
        assert preview.buttons == [["✅ Publish", "🗑 Discard"]]
        assert all(len(d.encode()) <= 64 for d in preview.callback_data)
        # Not live yet: the file and the answer are as before.
        assert partners.read_bytes() == original
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text

        answer = await press(tg, admin, preview, "✅ Publish")
        assert answer.text == "Published."
        [done] = await tg.wait_for_reply(admin)
        assert done.text.startswith("✅ partners.yaml was published by Ilze; the new version is")
        assert bot.engine.kb.version in done.text
        assert preview.buttons == []  # pressed once, the buttons are gone
        assert NEW_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        history = partners.parent / ".history"
        assert [p.read_bytes() for p in history.glob("*__partners.yaml")] == [original]
        [record] = [json.loads(x) for x in (history / "authors.jsonl").read_text().splitlines()]
        assert (record["file"], record["user_id"], record["name"]) == (
            "partners.yaml",
            ADMIN,
            "Ilze",
        )
        assert DraftStore.in_data_dir(bot.settings.data_dir).drafts() == []

        # /rollback names the version it restores: the one before was not from Telegram.
        undone = await ask_one(tg, admin, "/rollback")
        assert undone.text.splitlines()[:2] == [
            "↩️ Restored the previous version of partners.yaml.",
            "Changed: arendal",
        ]
        assert "That version of partners.yaml dates from" in undone.text
        assert "not published from Telegram" in undone.text
        assert partners.read_bytes() == original
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text


async def test_rollback_names_the_author_of_the_version_it_restores(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        for year in ("2009", "2010"):
            content = edited(partners, "prolonged: 20", f"prolonged: {year} #")
            preview = await upload_preview(tg, "partners.yaml", content)
            await press(tg, admin, preview, "✅ Publish")
            await tg.wait_for_reply(admin)
        undone = await ask_one(tg, admin, "/rollback")
        assert "That version of partners.yaml was published by Ilze (id 7001) at" in undone.text


async def test_upload_preview_discard_changes_nothing(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        folder = bot.settings.knowledge_dir
        before = snapshot(folder)
        version = bot.engine.kb.version
        preview = await upload_preview(
            tg,
            "partners.yaml",
            edited(folder / "partners.yaml", "prolonged: 2008", "prolonged: 2009"),
        )
        answer = await press(tg, admin, preview, "🗑 Discard")
        assert answer.text == "Discarded."
        [done] = await tg.wait_for_reply(admin)
        assert done.text == "🗑 The draft of partners.yaml was discarded; nothing was changed."
        assert snapshot(folder) == before
        assert not (folder / ".history").exists()
        assert bot.engine.kb.version == version
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        assert DraftStore.in_data_dir(bot.settings.data_dir).drafts() == []


async def test_a_stale_publish_button_is_refused(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()
        first = await upload_preview(
            tg, "partners.yaml", edited(partners, "prolonged: 2008", "prolonged: 2009")
        )
        second = await upload_preview(
            tg, "partners.yaml", edited(partners, "prolonged: 2008", "prolonged: 2010")
        )
        answer = await press(tg, admin, first, "✅ Publish")
        assert answer.text == OUT_OF_DATE
        assert partners.read_bytes() == original
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        # The newer one still publishes.
        await press(tg, admin, second, "✅ Publish")
        await tg.wait_for_reply(admin)
        assert "prolonged in 2010." in (await ask_one(tg, user, PROLONGED)).text


async def test_a_press_by_someone_who_is_not_an_admin_is_out_of_date(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()
        preview = await upload_preview(
            tg, "partners.yaml", edited(partners, "prolonged: 2008", "prolonged: 2009")
        )
        # A former admin (no longer in BOT_ADMIN_IDS) presses the button they still see.
        bot.settings.admin_ids = frozenset()
        answer = await press(tg, admin_user(tg), preview, "✅ Publish")
        assert answer.text == OUT_OF_DATE
        assert partners.read_bytes() == original


async def test_a_draft_survives_a_restart(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        preview = await upload_preview(
            tg, "partners.yaml", edited(partners, "prolonged: 2008", "prolonged: 2009")
        )
        await bot.restart()
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        await press(tg, admin, preview, "✅ Publish")
        [done] = await tg.wait_for_reply(admin)
        assert done.text.startswith("✅ partners.yaml was published by Ilze")
        assert NEW_ANSWER in (await ask_one(tg, user, PROLONGED)).text


async def test_a_server_edit_waits_for_publish_when_preview_server_edits_is_on(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, preview_server_edits=True) as bot:
        bot.store.set_language(ADMIN, "en")  # a message the bot starts: the admin's language
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()
        partners.write_bytes(edited(partners, "prolonged: 2008", "prolonged: 2009"))
        [preview] = await tg.wait_for_reply(admin)
        assert preview.text.startswith(
            "📝 The knowledge files on the server were changed (partners.yaml)."
        )
        assert "Changed: arendal" in preview.text
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        await press(tg, admin, preview, "✅ Publish")
        [done] = await tg.wait_for_reply(admin)
        assert done.text.startswith("✅ partners.yaml was published by Ilze")
        assert NEW_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        history = partners.parent / ".history"
        assert [p.read_bytes() for p in history.glob("*__partners.yaml")] == [original]
