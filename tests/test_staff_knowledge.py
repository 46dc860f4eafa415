"""Staff tools for the knowledge base, end to end: edits on disk go live by themselves (invalid
ones are reported to the admins with file:line while the old KB keeps answering), /reload,
/kb, uploading a file from Telegram, /rollback; for anyone else the tools do not exist."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

import pytest
from conftest import ask_one, press
from fakebot import FakeTelegram
from staffbot import ADMIN, RELOAD_INTERVAL, admin_user, running_bot, texts

from bot.knowledge.schema import FILE_MODELS
from bot.transport.commands import ADMIN_COMMANDS, COMMANDS

PROLONGED = "When was the agreement with Arendal prolonged?"
OLD_ANSWER = "prolonged in 2008."
NEW_ANSWER = "prolonged in 2009."


def line_of(path: Path, text: str) -> int:
    """The 1-based line of `path` that contains `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def edited(path: Path, old: str, new: str) -> bytes:
    content = path.read_bytes()
    assert old.encode() in content
    return content.replace(old.encode(), new.encode(), 1)


async def ticks(count: int = 3) -> None:
    """Let the knowledge watcher run a few times (it runs every RELOAD_INTERVAL seconds)."""
    await asyncio.sleep(count * RELOAD_INTERVAL)


# -- edits on disk -------------------------------------------------------------------------


async def test_a_valid_edit_on_disk_goes_live(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        version = bot.engine.kb.version
        partners = bot.settings.knowledge_dir / "partners.yaml"
        partners.write_bytes(edited(partners, "prolonged: 2008", "prolonged: 2009"))
        [news] = await tg.wait_for_reply(admin)
        assert news.text.startswith("✅ Zināšanu faili diskā ir mainīti; darbojas jaunā versija:")
        assert bot.engine.kb.version != version and bot.engine.kb.version in news.text
        assert NEW_ANSWER in (await ask_one(tg, user, PROLONGED)).text
        await ticks()
        assert len(tg.sent_to(admin)) == 1  # told once


async def test_an_invalid_edit_on_disk_is_reported_once_and_the_old_kb_keeps_answering(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        bot.store.set_language(ADMIN, "en")  # notifications come in the admin's chosen language
        version = bot.engine.kb.version
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()
        partners.write_bytes(edited(partners, "signed: 2000", "signed: soon"))
        line = line_of(partners, "signed: soon")
        [report] = await tg.wait_for_reply(admin)
        assert report.text.startswith("⚠️ The knowledge files have errors. I keep answering")
        assert f"partners.yaml:{line}: partner 'zgierz': agreement.signed:" in report.text
        assert "<code>partners.yaml:" in report.source  # HTML-escaped, file:line as code
        # The bot answers from the previous snapshot.
        assert bot.engine.kb.version == version
        zgierz = await ask_one(tg, user, "When was the agreement with Zgierz signed?")
        assert "entered into in 2000" in zgierz.text
        # The same broken state again (the file is saved again): no second report.
        partners.write_bytes(partners.read_bytes())
        await ticks()
        assert len(tg.sent_to(admin)) == 1
        # /reload reports on demand, even an already reported state.
        again = await ask_one(tg, admin, "/reload")
        assert f"partners.yaml:{line}:" in again.text
        # Fixed: the admins hear that the files are live again.
        partners.write_bytes(original.replace(b"prolonged: 2008", b"prolonged: 2009"))
        [fixed] = await tg.wait_for_reply(admin)
        assert fixed.text.startswith("✅ Knowledge files changed on disk; the new version is live")
        assert NEW_ANSWER in (await ask_one(tg, user, PROLONGED)).text


async def test_a_yaml_syntax_error_on_disk_names_its_line(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        media = bot.settings.knowledge_dir / "media.yaml"
        media.write_bytes(edited(media, "kind: film", "kind: [film"))
        [report] = await tg.wait_for_reply(admin)
        assert re.search(r"media\.yaml:\d+: ", report.text), report.text


async def test_reload_on_demand(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        reply = await ask_one(tg, admin, "/reload")
        assert reply.text.startswith("✅ Knowledge base reloaded; this version is live:")
        assert bot.engine.kb.version in reply.text
        assert "Partners: 7, projects: 4, events: 1, media: 1." in reply.text


async def test_an_admin_who_never_started_the_bot_is_skipped_quietly(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    started = admin_user(tg)
    silent = tg.user(7002, "Jānis", "lv")  # never wrote to the bot: Telegram answers 403
    async with running_bot(
        tg, tmp_path, admin_ids=frozenset({ADMIN, silent.id}), fail_on_rejections=False
    ) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        partners.write_bytes(edited(partners, "signed: 2000", "signed: soon"))
        [report] = await tg.wait_for_reply(started)
        assert "partners.yaml:" in report.text
        await tg.wait_for_call("sendMessage", lambda c: c.params.get("chat_id") in (7002, "7002"))
    assert {(c.method, c.status, str(c.params.get("chat_id"))) for c in tg.rejected} == {
        ("sendMessage", 403, "7002")
    }
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# -- /kb, uploads and /rollback ------------------------------------------------------------


async def test_kb_sends_every_knowledge_file(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        tg.send_text(admin, "/kb")
        intro, *files = await tg.wait_for_reply(admin, 1 + len(FILE_MODELS))
        assert intro.text.startswith("📚 The knowledge files (version")
        assert bot.engine.kb.version in intro.text
        sent = {d.filename: d.content for d in tg.documents}
        assert list(sent) == list(FILE_MODELS)
        for name, content in sent.items():
            assert content == (bot.settings.knowledge_dir / str(name)).read_bytes()
        assert [f.kind for f in files] == ["document"] * len(FILE_MODELS)


async def test_an_upload_goes_live_and_rollback_restores_it(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()
        tg.send_document(
            admin, "partners.yaml", edited(partners, "prolonged: 2008", "prolonged: 2009")
        )
        [preview] = await tg.wait_for_reply(admin)  # a draft first (tests/test_staff_preview.py)
        assert preview.text.splitlines()[:2] == [
            "📝 partners.yaml is valid. It is a draft: not live yet.",
            "Changed: arendal",
        ]
        await press(tg, admin, preview, "✅ Publish")
        [done] = await tg.wait_for_reply(admin)
        assert done.text.splitlines() == [
            f"✅ partners.yaml was published by Ilze; the new version is live: "
            f"{bot.engine.kb.version}.",
            "",
            "The previous version is kept: /rollback restores it.",
        ]
        assert partners.read_bytes() != original
        history = partners.parent / ".history"
        assert [p.read_bytes() for p in history.glob("*__*.yaml")] == [original]
        assert NEW_ANSWER in (await ask_one(tg, user, PROLONGED)).text

        undone = await ask_one(tg, admin, "/rollback")
        assert undone.text.splitlines()[:2] == [
            "↩️ Restored the previous version of partners.yaml.",
            "Changed: arendal",
        ]
        assert undone.text.splitlines()[2].startswith("That version of partners.yaml dates from")
        assert partners.read_bytes() == original
        assert OLD_ANSWER in (await ask_one(tg, user, PROLONGED)).text

        nothing = await ask_one(tg, admin, "/rollback")
        assert nothing.text == ("ℹ️ Nothing was restored: there is no earlier version to restore.")
        await ticks()  # the watcher does not announce the bot's own writes
        assert len(tg.sent_to(admin)) == 4


async def test_without_preview_an_upload_goes_live_at_once(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path, preview=False) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        tg.send_document(
            admin, "partners.yaml", edited(partners, "prolonged: 2008", "prolonged: 2009")
        )
        [done] = await tg.wait_for_reply(admin)
        assert done.text.splitlines() == [
            "✅ partners.yaml was replaced; the new version is live.",
            "Changed: arendal",
            "",
            "The previous version is kept: /rollback restores it.",
        ]
        assert NEW_ANSWER in (await ask_one(tg, user, PROLONGED)).text


async def test_an_invalid_upload_is_rejected_with_line_numbers(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        partners = bot.settings.knowledge_dir / "partners.yaml"
        original = partners.read_bytes()
        broken = edited(partners, "signed: 2000", "signed: soon")
        line = 1 + broken[: broken.index(b"signed: soon")].count(b"\n")
        version = bot.engine.kb.version
        tg.send_document(admin, "partners.yaml", broken)
        [rejected] = await tg.wait_for_reply(admin)
        assert rejected.text.startswith(
            "❌ partners.yaml was not accepted; nothing was changed. Problems:"
        )
        assert f"partners.yaml:{line}: partner 'zgierz': agreement.signed:" in rejected.text
        assert partners.read_bytes() == original
        assert not (partners.parent / ".history").exists()
        assert bot.engine.kb.version == version
        zgierz = await ask_one(tg, user, "When was the agreement with Zgierz signed?")
        assert "entered into in 2000" in zgierz.text


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("media.yaml", b"media:\n  - id: film\n    kind: [film\n", r"media\.yaml:\d+: "),
        (  # a safe loader: no Python objects, nothing runs
            "media.yaml",
            b"media: !!python/object/apply:os.system ['touch /tmp/pwned-by-yaml']\n",
            r"media\.yaml:1: ",
        ),
        ("../partners.yaml", b"partners: []\n", "is not an allowed file name"),
        ("notes.yaml", b"notes: []\n", "is not a knowledge file the bot reads"),
        ("partners.yml", b"partners: []\n", "is not an allowed file name"),
    ],
)
async def test_unsafe_or_wrong_uploads_change_nothing(
    tg: FakeTelegram, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path) as bot:
        folder = bot.settings.knowledge_dir
        before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        tg.send_document(admin, name, content)
        [rejected] = await tg.wait_for_reply(admin)
        assert rejected.text.startswith("❌ "), rejected.text
        assert "nothing was changed" in rejected.text
        assert re.search(expected, rejected.text), rejected.text
        assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
        assert not (folder.parent / "partners.yaml").exists()
        assert not Path("/tmp/pwned-by-yaml").exists()


async def test_an_oversized_upload_is_refused_before_downloading(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin = admin_user(tg)
    async with running_bot(tg, tmp_path, max_upload_kb=1):
        tg.send_document(admin, "partners.yaml", b"# padding\n" * 200)
        [rejected] = await tg.wait_for_reply(admin)
        assert rejected.text == (
            "❌ partners.yaml was not accepted; nothing was changed.\n"
            "the file is too large (2 KB; at most 1 KB)"
        )
        assert tg.calls_to("getFile") == []


# -- not an admin --------------------------------------------------------------------------


async def test_for_anyone_else_the_staff_tools_do_not_exist(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    admin_user(tg)
    user = tg.user(1001, "Anna", "en")
    async with running_bot(tg, tmp_path) as bot:
        unknown = (await ask_one(tg, user, "/weather")).text
        for command in ADMIN_COMMANDS:
            reply = await ask_one(tg, user, f"/{command.name}")
            assert reply.text == unknown, command.name
            assert f"/{command.name} " not in reply.text
        tg.send_document(user, "partners.yaml", b"partners: []\n")
        [hint] = await tg.wait_for_reply(user)
        assert hint.text.startswith("I understand text questions.")
        assert tg.documents == []
        assert not (bot.settings.knowledge_dir / ".history").exists()
        assert tg.calls_to("getFile") == []


async def test_admin_commands_are_only_in_the_admins_menu(tg: FakeTelegram, tmp_path: Path) -> None:
    async with running_bot(tg, tmp_path):
        await ask_one(tg, admin_user(tg), "/start")  # the admin's menu: once their chat exists
        public = [c.name for c in COMMANDS]
        for code in ("", "lv", "ru", "en"):
            assert [c["command"] for c in tg.commands_for("default", code)] == public
        mine = tg.commands_for("chat", chat_id=ADMIN)
        assert [c["command"] for c in mine] == public + [c.name for c in ADMIN_COMMANDS]
        assert mine[-1]["description"] == "Atvērt darbinieku konsoli"  # the default language


async def test_admin_commands_are_ignored_in_groups(tg: FakeTelegram, tmp_path: Path) -> None:
    admin = admin_user(tg)
    group = tg.group(-100555, "Skola")
    async with running_bot(tg, tmp_path):
        tg.send_text(admin, "/stats@rezekne_twinning_bot", chat=group)
        tg.send_text(admin, "/kb", chat=group)
        tg.send_text(admin, "@rezekne_twinning_bot Zgierz", chat=group)
        [reply] = await tg.wait_for_reply(group)
        assert reply.text.startswith("Zgierz (Poland)")
        assert texts(tg.sent_to(group)) == [reply.text]
