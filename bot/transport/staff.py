"""Staff tools for the admins (BOT_ADMIN_IDS): live knowledge updates, editing the knowledge
files from Telegram, and the statistics of the question log.

- Every `reload_interval_seconds` the `watch_knowledge` job looks whether a knowledge file
  changed on disk. If one did, the whole knowledge base is loaded and validated again and
  swapped into the engine in one assignment: a question is answered from the old or the new
  snapshot, never from a half-loaded one. If the files are invalid, the bot keeps answering
  from the previous snapshot and sends the admins the problems with file:line, once per
  broken state. The admins are also told briefly when a change went live.
- /reload does the same on demand and reports the result to the admin who asked.
- /kb sends the knowledge files; an admin sends one back (edited) as a document: it is checked
  together with the rest. With `preview` (the default) it becomes a draft (bot/knowledge/
  drafts.py): the questions of bot/preview.py are answered by the live engine and by one on
  the draft, and the admin sees the entries and the answers that change, with Publish /
  Discard buttons. Publish writes the file atomically, the old version kept in the history
  with who published the new one; Discard deletes the draft. Without `preview` the file goes
  live at once. With `preview_server_edits`, a valid change of the files on the server becomes
  such a draft too (sent to every admin) instead of going live by itself.
  /rollback restores the previous version and names it (the file, its time, its author).
- /stats: questions per day and week, answered rate, top topics, the unanswered questions
  grouped, feedback (bot/report.py; `twinning-bot report` prints the same); stats_text here,
  the command and its actions on the unanswered questions in teaching.py.
- Once a month (`check_reminder`: the day, the time) the admins are sent the entries not
  checked against their source for a year (`checked:`), or never; only admins whose private
  chat with the bot exists (the store's `admin_menus`) are written to.

For anyone who is not an admin these commands do not exist: they get the reply to an unknown
command, and a document they send gets the usual "I understand text questions" hint.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import JobQueue, filters

from bot import preview, report
from bot.config import CheckReminder, Settings
from bot.engine import Engine
from bot.knowledge import Issue, KnowledgeBase, KnowledgeError
from bot.knowledge.drafts import DRAFT_TTL_SECONDS, Draft, DraftSource, DraftStore
from bot.knowledge.editing import (
    Author,
    Change,
    EditError,
    KnowledgeEditor,
    ReloadResult,
    Version,
    Watcher,
    diff,
    fingerprint,
    reload,
)
from bot.knowledge.schema import FILE_MODELS
from bot.render import split_message, t, tn
from bot.store import Store
from bot.transport import handlers
from bot.transport.context import BotContext
from bot.transport.handlers import Handler
from bot.transport.keyboards import CALLBACK_LIMIT, VERSION

logger = logging.getLogger(__name__)

WATCH_JOB = "knowledge-watch"
CHECK_REMINDER_JOB = "check-reminder"
MAX_ISSUES_SHOWN = 30  # a broken file can produce hundreds; the first ones say what to fix
UPLOAD = filters.Document.ALL & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
YAML_SUFFIXES = (".yaml", ".yml")  # .yml reaches the editor, which explains the right name
# The preview's buttons: "v1|<lang>|kp:<draft id>" publishes, "v1|<lang>|kd:<draft id>" discards.
PUBLISH, DISCARD = "kp", "kd"
PREVIEW_CALLBACK = re.compile(rf"^{VERSION}\|([a-z]{{2}})\|({PUBLISH}|{DISCARD}):([0-9a-f]{{12}})$")
MAX_CHANGED_SHOWN = 10  # answers that change, shown in a preview (the rest are counted)


# ------------------------------------------------------------------------- who is an admin


def is_admin(update: Update, context: BotContext) -> bool:
    """Checked on every call: BOT_ADMIN_IDS holds the user's id."""
    user = update.effective_user
    return user is not None and user.id in context.settings.admin_ids


def admins_only(callback: Handler) -> Handler:
    """A command that exists for admins only: anyone else gets the unknown-command reply."""

    async def command(update: Update, context: BotContext) -> None:
        """Run the staff tool for an admin; otherwise answer like an unknown command."""
        if is_admin(update, context):
            await callback(update, context)
        else:
            await handlers.unknown_command(update, context)

    return command


def admin_language(user_id: int, store: Store, settings: Settings) -> str:
    """The language of a message the bot starts (no Telegram language to go by): the one the
    admin chose with /language, else the default language."""
    chosen = store.language(user_id)
    return chosen if chosen in settings.languages else settings.default_language


# ------------------------------------------------------------------------- the live KB


@dataclass
class KnowledgeKeeper:
    """Every change of the live knowledge base goes through here, one at a time: the reload
    of changed files, an upload, a rollback. Remembers what the admins were last told."""

    settings: Settings
    engine: Engine
    watcher: Watcher
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    reported: tuple[str, ...] = ()  # the problems last sent to the admins
    live_files: dict[str, bytes] = field(default_factory=dict)  # what the live KB was read from

    def __post_init__(self) -> None:
        self.live_files = self._files_on_disk()

    def _files_on_disk(self) -> dict[str, bytes]:
        folder = Path(self.settings.knowledge_dir)
        return {n: (folder / n).read_bytes() for n in FILE_MODELS if (folder / n).is_file()}

    def _swap(self, kb: KnowledgeBase) -> None:
        self.engine.kb = kb  # builds the vocabulary, then swaps in one assignment
        self.live_files = self._files_on_disk()

    def drafts(self) -> DraftStore:
        return DraftStore.in_data_dir(self.settings.data_dir)

    def editor(self) -> KnowledgeEditor:
        return KnowledgeEditor(
            self.settings.knowledge_dir,
            self.settings.languages,
            max_bytes=self.settings.max_upload_kb * 1024,
        )

    async def reload_from_disk(self) -> ReloadResult:
        """Load the files as they are on disk; swap them in if they are valid."""
        async with self.lock:
            self.watcher.changed()  # what is on disk now is what gets loaded
            result = await asyncio.to_thread(self._reload)
            self.reported = tuple(str(i) for i in result.issues)
        return result

    async def apply(self, name: str, content: bytes) -> tuple[KnowledgeBase, Change]:
        """Check an uploaded file with the rest, write it, swap the new KB in (or raise)."""
        async with self.lock:
            kb, change = await asyncio.to_thread(self._change, name, content)
            self.watcher.changed()  # the bot wrote the file: no need to reload it again
            self.reported = ()
        return kb, change

    async def rollback(self) -> tuple[KnowledgeBase, Change]:
        """Restore the previous version of the last replaced file (or raise)."""
        async with self.lock:
            kb, change = await asyncio.to_thread(self._change, None, None)
            self.watcher.changed()
            self.reported = ()
        return kb, change

    async def next_rollback(self) -> Version | None:
        """The version /rollback would restore now."""
        return await asyncio.to_thread(self.editor().next_rollback)

    async def draft_upload(
        self, name: str, content: bytes, author: Author, logged: list[tuple[str, str]]
    ) -> tuple[Draft, Change, preview.Replay]:
        """Check an uploaded file with the rest and preview it as a draft (or raise)."""
        async with self.lock:
            return await asyncio.to_thread(self._draft_upload, name, content, author, logged)

    async def draft_from_disk(
        self, logged: list[tuple[str, str]]
    ) -> tuple[ReloadResult, Draft | None, list[Change], preview.Replay | None]:
        """The files on disk as a draft: the reload's result (problems, if any), and the draft
        with its preview when they are valid and differ from the live version."""
        async with self.lock:
            self.watcher.changed()
            found = await asyncio.to_thread(self._draft_from_disk, logged)
            self.reported = tuple(str(i) for i in found[0].issues)
        return found

    async def publish(self, draft_id: str, author: Author) -> tuple[Draft, KnowledgeBase] | None:
        """Put a draft live (None: it no longer exists, expired, or the files changed since)."""
        async with self.lock:
            published = await asyncio.to_thread(self._publish, draft_id, author)
            self.watcher.changed()  # the bot wrote the files: no need to reload them again
            if published is not None:
                self.reported = ()
        return published

    async def discard(self, draft_id: str) -> Draft | None:
        """Delete a draft (None: there was none to delete)."""
        async with self.lock:
            store = self.drafts()
            draft = await asyncio.to_thread(store.get, draft_id)
            if draft is not None:
                await asyncio.to_thread(store.delete, draft_id)
        return draft

    def _replay(self, kb: KnowledgeBase, logged: list[tuple[str, str]]) -> preview.Replay:
        languages = self.settings.languages
        asked = preview.questions(logged, (self.engine.kb, kb), languages)
        draft_engine = Engine(kb, self.engine.options, today=self.engine.today)
        return preview.replay(self.engine, draft_engine, asked, self.settings.municipality)

    def _draft_upload(
        self, name: str, content: bytes, author: Author, logged: list[tuple[str, str]]
    ) -> tuple[Draft, Change, preview.Replay]:
        kb, change = self.editor().check(name, content)
        replayed = self._replay(kb, logged)
        base = fingerprint(self.settings.knowledge_dir)
        draft = self.drafts().create(DraftSource.UPLOAD, {change.file: content}, base, author)
        return draft, change, replayed

    def _draft_from_disk(
        self, logged: list[tuple[str, str]]
    ) -> tuple[ReloadResult, Draft | None, list[Change], preview.Replay | None]:
        result = reload(self.settings.knowledge_dir, self.settings.languages)
        if result.kb is None:
            return result, None, [], None
        now = self._files_on_disk()
        names = [n for n in FILE_MODELS if now.get(n) != self.live_files.get(n)]
        if not names:
            return result, None, [], None
        changes = [diff(n, self.live_files.get(n), now.get(n, b"")) for n in names]
        replayed = self._replay(result.kb, logged)
        base = fingerprint(self.settings.knowledge_dir)
        draft = self.drafts().create(DraftSource.SERVER, {n: now.get(n, b"") for n in names}, base)
        return result, draft, changes, replayed

    def _publish(self, draft_id: str, author: Author) -> tuple[Draft, KnowledgeBase] | None:
        store = self.drafts()
        draft = store.get(draft_id)
        if draft is None or fingerprint(self.settings.knowledge_dir) != draft.base:
            return None
        editor = self.editor()
        try:
            if draft.source is DraftSource.UPLOAD:
                [(name, content)] = draft.files.items()
                kb, _ = editor.apply(name, content, author)
            elif draft.source is DraftSource.CONSOLE:
                kb, _ = editor.apply_files(draft.files, author)
            else:
                result = reload(self.settings.knowledge_dir, self.settings.languages)
                if result.kb is None:
                    return None
                kb = result.kb
                for name, content in draft.files.items():
                    if name in self.live_files:
                        editor.keep(name, self.live_files[name], time.time())
                    editor.record(name, content, author)
        except (EditError, KnowledgeError):
            return None  # valid when drafted; not any more: as out of date as a stale base
        store.delete(draft_id)
        self._swap(kb)
        return draft, kb

    def _reload(self) -> ReloadResult:
        result = reload(self.settings.knowledge_dir, self.settings.languages)
        if result.kb is not None:
            self._swap(result.kb)
        return result

    def _change(self, name: str | None, content: bytes | None) -> tuple[KnowledgeBase, Change]:
        editor = self.editor()
        if name is None or content is None:
            kb, change = editor.rollback()
        else:
            kb, change = editor.apply(name, content)
        self._swap(kb)
        return kb, change


_KEEPERS: weakref.WeakKeyDictionary[Engine, KnowledgeKeeper] = weakref.WeakKeyDictionary()


def keeper_of(context: BotContext) -> KnowledgeKeeper:
    """The keeper of the engine's knowledge base (one per running application)."""
    return keeper_for(context.engine, context.settings)


def keeper_for(engine: Engine, settings: Settings) -> KnowledgeKeeper:
    keeper = _KEEPERS.get(engine)
    if keeper is None:
        keeper = KnowledgeKeeper(settings, engine, Watcher(settings.knowledge_dir))
        _KEEPERS[engine] = keeper
    return keeper


async def watch_knowledge(context: BotContext) -> None:
    """The repeating job: reload the knowledge base when a file changed on disk."""
    keeper = keeper_of(context)
    if keeper.lock.locked() or not keeper.watcher.changed():
        return  # busy with a change (it takes the files as they are), or nothing changed
    # A task, so that a slow reload never makes the scheduler skip (and log) the next ticks.
    context.application.create_task(reload_and_tell_admins(context), name="knowledge-reload")


async def reload_and_tell_admins(context: BotContext) -> None:
    """Reload from disk; tell the admins the news (a new problem, or the change went live).
    With `preview_server_edits` a valid change becomes a draft every admin can publish."""
    keeper = keeper_of(context)
    before = keeper.reported
    if context.settings.preview_server_edits:
        result, draft, changes, replayed = await keeper.draft_from_disk(logged_questions(context))
        if draft is not None and replayed is not None:
            logger.info("Knowledge files changed on disk: draft %s waits for an admin", draft.id)
            for admin in sorted(context.settings.admin_ids):
                lang = admin_language(admin, context.store, context.settings)
                text = server_draft_text(lang, draft, changes, replayed)
                await send_preview(context, admin, lang, draft, text)
        elif result.kb is None and keeper.reported != before:
            logger.warning("The knowledge files on disk have %d problem(s)", len(result.issues))
            await tell_admins(context, lambda lang: broken_on_disk_text(lang, result.issues))
        return
    result = await keeper.reload_from_disk()
    kb = result.kb
    if kb is not None:
        logger.info("Knowledge base reloaded from disk (version %s)", kb.version)
        await tell_admins(context, lambda lang: reloaded_text(lang, kb, from_disk=True))
    elif keeper.reported != before:
        logger.warning("The knowledge files on disk have %d problem(s)", len(result.issues))
        await tell_admins(context, lambda lang: broken_on_disk_text(lang, result.issues))


async def tell_admins(context: BotContext, compose: Callable[[str], str]) -> None:
    """Send every admin a message in their language; an admin who never started the bot (or
    blocked it) cannot be written to: that is logged and skipped."""
    settings, store = context.settings, context.store
    for admin in sorted(settings.admin_ids):
        text = compose(admin_language(admin, store, settings))
        try:
            for part in split_message(text):
                await context.bot.send_message(admin, part)
        except (Forbidden, BadRequest) as error:
            logger.info("Cannot write to admin %s: %s", admin, error.message)


# ------------------------------------------------------------------------- the texts


def issue_line(issue: Issue) -> str:
    """One problem as HTML: the file name and line, then what is wrong."""
    name = Path(issue.file).name
    where = f"{name}:{issue.line}" if issue.line > 0 else name
    what = "".join(f"{part}: " for part in (issue.entry, issue.key) if part) + issue.message
    return f"• <code>{escape(where)}</code>: {escape(what)}"


def issues_text(lang: str, issues: Sequence[Issue]) -> str:
    lines = [issue_line(issue) for issue in issues[:MAX_ISSUES_SHOWN]]
    hidden = len(issues) - MAX_ISSUES_SHOWN
    if hidden > 0:
        lines.append(tn(lang, "… and {n} more problem", "… and {n} more problems", hidden))
    return "\n".join(lines)


def broken_on_disk_text(lang: str, issues: Sequence[Issue]) -> str:
    head = t(
        lang,
        "The knowledge files have errors. I keep answering from the previous version until "
        "they are fixed:",
    )
    return f"⚠️ {head}\n\n{issues_text(lang, issues)}"


def kb_summary(lang: str, kb: KnowledgeBase) -> str:
    return t(
        lang,
        "Partners: {partners}, projects: {projects}, events: {events}, media: {media}.",
        partners=len(kb.partners),
        projects=len(kb.projects),
        events=len(kb.events),
        media=len(kb.media),
    )


def reloaded_text(lang: str, kb: KnowledgeBase, *, from_disk: bool = False) -> str:
    version = f"<code>{escape(kb.version)}</code>"
    if from_disk:
        head = t(
            lang,
            "Knowledge files changed on disk; the new version is live: {version}.",
            version=version,
        )
    else:
        head = t(lang, "Knowledge base reloaded; this version is live: {version}.", version=version)
    return f"✅ {head}\n{kb_summary(lang, kb)}"


def change_text(lang: str, change: Change) -> str:
    def listed(ids: Sequence[str]) -> str:
        return ", ".join(f"<code>{escape(i)}</code>" for i in ids)

    lines = []
    if change.added:
        lines.append(t(lang, "Added: {ids}", ids=listed(change.added)))
    if change.removed:
        lines.append(t(lang, "Removed: {ids}", ids=listed(change.removed)))
    if change.changed:
        lines.append(t(lang, "Changed: {ids}", ids=listed(change.changed)))
    if not lines:
        lines.append(t(lang, "No entry changed (only comments or layout)."))
    return "\n".join(lines)


def answers_text(lang: str, replayed: preview.Replay) -> str:
    """The answers a draft changes, old → new, at most MAX_CHANGED_SHOWN of them."""
    if not replayed.changed:
        return tn(
            lang,
            "No answer changes among the {n} question tried.",
            "No answer changes among the {n} questions tried.",
            replayed.asked,
        )
    head = tn(
        lang,
        "{n} answer changes among the {total} questions tried:",
        "{n} answers change among the {total} questions tried:",
        len(replayed.changed),
        total=replayed.asked,
    )
    lines = [f"<b>{head}</b>"]
    for item in replayed.changed[:MAX_CHANGED_SHOWN]:
        lines.append(f"• <i>{escape(item.question.text)}</i> ({item.question.lang})")
        lines.append(f"  {escape(item.old)}\n  → {escape(item.new)}")
    hidden = len(replayed.changed) - MAX_CHANGED_SHOWN
    if hidden > 0:
        lines.append(
            tn(lang, "… and {n} more changed answer", "… and {n} more changed answers", hidden)
        )
    return "\n".join(lines)


def draft_footer(lang: str) -> str:
    return tn(
        lang,
        "Publish makes it live; Discard drops it. The draft is kept for {n} hour.",
        "Publish makes it live; Discard drops it. The draft is kept for {n} hours.",
        DRAFT_TTL_SECONDS // 3600,
    )


def upload_draft_text(lang: str, change: Change, replayed: preview.Replay) -> str:
    head = t(lang, "{file} is valid. It is a draft: not live yet.", file=escape(change.file))
    return (
        f"📝 {head}\n{change_text(lang, change)}\n\n{answers_text(lang, replayed)}"
        f"\n\n{draft_footer(lang)}"
    )


def server_draft_text(
    lang: str, draft: Draft, changes: Sequence[Change], replayed: preview.Replay
) -> str:
    files = ", ".join(escape(n) for n in draft.names)
    head = t(
        lang,
        "The knowledge files on the server were changed ({files}). I keep answering from the "
        "live version until an admin publishes the change.",
        files=files,
    )
    listed = "\n".join(
        f"{escape(c.file)}:\n{change_text(lang, c)}" if len(changes) > 1 else change_text(lang, c)
        for c in changes
    )
    return f"📝 {head}\n{listed}\n\n{answers_text(lang, replayed)}\n\n{draft_footer(lang)}"


def preview_keyboard(lang: str, draft: Draft) -> InlineKeyboardMarkup:
    def data(op: str) -> str:
        value = f"{VERSION}|{lang}|{op}:{draft.id}"
        assert len(value.encode()) <= CALLBACK_LIMIT
        return value

    return InlineKeyboardMarkup(
        [[
            InlineKeyboardButton("✅ " + t(lang, "Publish"), callback_data=data(PUBLISH)),
            InlineKeyboardButton("🗑 " + t(lang, "Discard"), callback_data=data(DISCARD)),
        ]]
    )  # fmt: skip


def version_text(lang: str, version: Version) -> str:
    """Which version /rollback restores (or restored): the file, its time, its author."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(version.written_at))
    if version.author is None:
        return t(
            lang,
            "That version of {file} dates from {time}; it was not published from Telegram.",
            file=escape(version.file),
            time=when,
        )
    return t(
        lang,
        "That version of {file} was published by {name} (id {id}) at {time}.",
        file=escape(version.file),
        name=escape(version.author.name),
        id=version.author.user_id,
        time=when,
    )


# ------------------------------------------------------------------------- commands


async def reload_command(update: Update, context: BotContext) -> None:
    """/reload: load the knowledge files again now and say whether they went live."""
    message = update.effective_message
    if message is None:
        return
    lang = handlers.language_of(update, context)
    result = await keeper_of(context).reload_from_disk()
    if result.kb is not None:
        text = reloaded_text(lang, result.kb)
    else:
        text = broken_on_disk_text(lang, result.issues)
    await _send(context, message, text)


async def send_knowledge(update: Update, context: BotContext) -> None:
    """/kb: the knowledge files as documents, to edit and send back."""
    message = update.effective_message
    if message is None:
        return
    lang = handlers.language_of(update, context)
    version = f"<code>{escape(context.kb.version)}</code>"
    if context.settings.preview:
        intro = t(
            lang,
            "The knowledge files (version {version}). Edit one and send it back to me as a "
            "document: I check it together with the others and show you which answers would "
            "change; it goes live when you press Publish. /rollback undoes the last change.",
            version=version,
        )
    else:
        intro = t(
            lang,
            "The knowledge files (version {version}). Edit one and send it back to me as a "
            "document: I check it together with the others, and if it is valid it goes live at "
            "once. /rollback undoes the last change.",
            version=version,
        )
    await _send(context, message, f"📚 {intro}")
    for path in keeper_of(context).editor().files():
        content = await asyncio.to_thread(path.read_bytes)
        await context.bot.send_document(message.chat_id, content, filename=path.name)


async def rollback_command(update: Update, context: BotContext) -> None:
    """/rollback: restore the previous version of the file replaced last."""
    message = update.effective_message
    if message is None:
        return
    lang = handlers.language_of(update, context)
    keeper = keeper_of(context)
    restoring = await keeper.next_rollback()
    try:
        _, change = await keeper.rollback()
    except EditError as error:
        text = "ℹ️ " + t(lang, "Nothing was restored: {reason}.", reason=escape(str(error)))
    except KnowledgeError as error:
        head = t(
            lang,
            "The previous version does not fit the current knowledge files; nothing was "
            "restored. Problems:",
        )
        text = f"❌ {head}\n\n{issues_text(lang, error.issues)}"
    else:
        head = t(lang, "Restored the previous version of {file}.", file=escape(change.file))
        text = f"↩️ {head}\n{change_text(lang, change)}"
        if restoring is not None and restoring.file == change.file:
            text += f"\n{version_text(lang, restoring)}"
    await _send(context, message, text)


def stats_text(lang: str, stats: report.Stats) -> str:
    """The statistics as HTML (the figures of `twinning-bot report`, in the admin's language)."""

    def row(label: str, items: Sequence[tuple[str, int]]) -> str:
        listed = ", ".join(f"{escape(key)} {count}" for key, count in items) or "—"
        return f"<b>{label}</b>: {listed}"

    title = t(lang, "Question statistics")
    unanswered = t(lang, "Most frequent unanswered questions (similar ones together):")
    days = [(day[5:], n) for day, n in stats.per_day]  # "2026-11-27" -> "11-27"
    lines = [
        f"📊 <b>{title}</b>",
        t(
            lang,
            "Questions: {total}, answered: {answered} ({rate}%).",
            total=stats.total,
            answered=stats.answered,
            rate=round(stats.answered_rate * 100),
        ),
        t(lang, "Feedback: 👍 {up}  👎 {down}", up=stats.thumbs_up, down=stats.thumbs_down),
        t(lang, "Median answer time: {ms} ms", ms=round(stats.latency_p50_ms, 1)),
        "",
        row(t(lang, "Per day"), days),
        row(t(lang, "Per week"), stats.per_week),
        row(t(lang, "Languages"), stats.languages),
        row(t(lang, "Top topics"), stats.topics),
        "",
        f"<b>{unanswered}</b>",
    ]
    lines += [f"{group.count}× {escape(group.example)}" for group in stats.unanswered] or ["—"]
    return "\n".join(lines)


# ------------------------------------------------------------------------- uploads


async def upload(update: Update, context: BotContext) -> None:
    """A document in a private chat: an admin's knowledge file replaces the one on disk if
    the knowledge base stays valid; anything else gets the usual hint."""
    message = update.effective_message
    document = message.document if message is not None else None
    if (
        message is None
        or document is None
        or not is_admin(update, context)
        or not (document.file_name or "").lower().endswith(YAML_SUFFIXES)
    ):
        await handlers.other_message(update, context)
        return
    lang = handlers.language_of(update, context)
    name = document.file_name or ""
    limit = context.settings.max_upload_kb
    if document.file_size is not None and document.file_size > limit * 1024:
        reason = t(
            lang,
            "the file is too large ({size} KB; at most {limit} KB)",
            size=-(-document.file_size // 1024),
            limit=limit,
        )
        await _send(context, message, _not_accepted(lang, name, reason))
        return
    file = await document.get_file()
    content = bytes(await file.download_as_bytearray())
    if context.settings.preview:
        await _draft_upload(update, context, message, lang, name, content)
        return
    try:
        _, change = await keeper_of(context).apply(name, content)
    except EditError as error:
        text = _not_accepted(lang, name, str(error))
    except KnowledgeError as error:
        head = t(lang, "{file} was not accepted; nothing was changed. Problems:", file=escape(name))
        text = f"❌ {head}\n\n{issues_text(lang, error.issues)}"
    else:
        head = t(lang, "{file} was replaced; the new version is live.", file=escape(change.file))
        undo = t(lang, "The previous version is kept: /rollback restores it.")
        text = f"✅ {head}\n{change_text(lang, change)}\n\n{undo}"
    await _send(context, message, text)


async def _draft_upload(
    update: Update, context: BotContext, message: Message, lang: str, name: str, content: bytes
) -> None:
    """The upload as a draft: its preview with Publish / Discard, or why it was refused."""
    user = update.effective_user
    assert user is not None  # is_admin() checked it
    author = Author(user.id, user.full_name)
    try:
        draft, change, replayed = await keeper_of(context).draft_upload(
            name, content, author, logged_questions(context)
        )
    except EditError as error:
        await _send(context, message, _not_accepted(lang, name, str(error)))
    except KnowledgeError as error:
        head = t(lang, "{file} was not accepted; nothing was changed. Problems:", file=escape(name))
        await _send(context, message, f"❌ {head}\n\n{issues_text(lang, error.issues)}")
    else:
        logger.info("Draft %s of %s from admin %s", draft.id, change.file, user.id)
        await send_preview(
            context, message.chat_id, lang, draft, upload_draft_text(lang, change, replayed)
        )


def logged_questions(context: BotContext) -> list[tuple[str, str]]:
    """The questions residents asked lately (at most 90 days), for a preview's replay."""
    days = min(preview.LOG_DAYS, context.settings.retention_days)
    since = time.time() - days * 24 * 60 * 60
    return context.store.recent_questions(since, preview.MAX_QUESTIONS)


async def send_preview(
    context: BotContext, chat_id: int, lang: str, draft: Draft, text: str
) -> None:
    """A preview, its buttons under the last part; an admin who cannot be written to is
    skipped (logged)."""
    parts = split_message(text)
    try:
        for i, part in enumerate(parts):
            markup = preview_keyboard(lang, draft) if i == len(parts) - 1 else None
            await context.bot.send_message(chat_id, part, reply_markup=markup)
    except (Forbidden, BadRequest) as error:
        logger.info("Cannot send the preview to %s: %s", chat_id, error.message)


async def preview_pressed(update: Update, context: BotContext) -> None:
    """Publish or Discard under a preview; a stale, expired or foreign press changes nothing."""
    query = update.callback_query
    if query is None:
        return
    notice: str | None = None
    try:
        notice = await _perform_preview(update, context)
    finally:
        # Every callback query is answered, even when handling it failed.
        try:
            await query.answer(notice)
        except BadRequest as error:
            logger.debug("Could not answer a callback query: %s", error.message)


async def _perform_preview(update: Update, context: BotContext) -> str:
    query = update.callback_query
    user = update.effective_user
    assert query is not None
    found = PREVIEW_CALLBACK.match(query.data or "")
    lang = handlers.language_of(update, context)
    if found is None or user is None or not is_admin(update, context):
        return t(lang, "This button is out of date.")  # nothing tells a stranger what it was
    lang = found[1] if found[1] in context.settings.languages else lang
    op, draft_id = found[2], found[3]
    keeper = keeper_of(context)
    chat = update.effective_chat
    if op == PUBLISH:
        published = await keeper.publish(draft_id, Author(user.id, user.full_name))
        await _drop_buttons(query)
        if published is None:
            return t(lang, "This button is out of date.")
        draft, kb = published
        logger.info("Draft %s published by admin %s (version %s)", draft.id, user.id, kb.version)
        files = ", ".join(escape(n) for n in draft.names)
        head = t(
            lang,
            "{file} was published by {name}; the new version is live: {version}.",
            file=files,
            name=escape(user.full_name),
            version=f"<code>{escape(kb.version)}</code>",
        )
        undo = t(lang, "The previous version is kept: /rollback restores it.")
        text = f"✅ {head}\n\n{undo}"
        done = t(lang, "Published.")
    else:
        discarded = await keeper.discard(draft_id)
        await _drop_buttons(query)
        if discarded is None:
            return t(lang, "This button is out of date.")
        files = ", ".join(escape(n) for n in discarded.names)
        if discarded.source is DraftSource.SERVER:
            text = "🗑 " + t(
                lang,
                "The draft of {file} was discarded: I keep answering from the live version. The "
                "files on the server still hold the change; save them again for a new preview.",
                file=files,
            )
        else:
            text = "🗑 " + t(
                lang, "The draft of {file} was discarded; nothing was changed.", file=files
            )
        done = t(lang, "Discarded.")
    if chat is not None:
        for part in split_message(text):
            await context.bot.send_message(chat.id, part)
    return done


async def _drop_buttons(query: CallbackQuery) -> None:
    """Take Publish / Discard off the preview (pressed once, they are done)."""
    if query.message is None:
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:  # already without buttons, or too old to edit
        logger.debug("Could not remove the preview's buttons: %s", error.message)


def _not_accepted(lang: str, name: str, reason: str) -> str:
    head = t(lang, "{file} was not accepted; nothing was changed.", file=escape(name))
    return f"❌ {head}\n{escape(reason)}"


async def _send(context: BotContext, message: Message, text: str) -> None:
    for part in split_message(text):
        await context.bot.send_message(message.chat_id, part)


# ------------------------------------------------------------------------- the monthly check


@dataclass(frozen=True)
class Unchecked:
    """An entry not checked against its source for too long (`checked` None: never)."""

    kind: str  # partner, project, event, media
    id: str
    checked: dt.date | None
    source: str | None


def unchecked_entries(kb: KnowledgeBase, today: dt.date, max_age_days: int) -> list[Unchecked]:
    """Partners, projects, events and media last checked more than `max_age_days` before
    `today`, or never; never-checked ones first, then the oldest check first."""
    limit = today - dt.timedelta(days=max_age_days)
    found = [
        Unchecked(kind, entry.id, entry.checked, entry.source)
        for kind, entries in (
            ("partner", kb.partners.values()),
            ("project", kb.projects.values()),
            ("event", kb.events.values()),
            ("media", kb.media.values()),
        )
        for entry in entries
        if entry.checked is None or entry.checked < limit
    ]
    return sorted(found, key=lambda u: (u.checked is not None, u.checked or dt.date.min))


def check_reminder_text(
    lang: str, unchecked: Sequence[Unchecked], max_age_days: int, today: dt.date
) -> str:
    """The reminder as HTML: how many, then one line per entry (at most MAX_ISSUES_SHOWN)."""
    head = tn(
        lang,
        "{n} entry of the knowledge base has not been checked against its source since "
        "{date} (or never):",
        "{n} entries of the knowledge base have not been checked against their source since "
        "{date} (or never):",
        len(unchecked),
        date=(today - dt.timedelta(days=max_age_days)).isoformat(),
    )
    kinds = {
        "partner": t(lang, "partner"),
        "project": t(lang, "project"),
        "event": t(lang, "event"),
        "media": t(lang, "media"),
    }
    lines = []
    for entry in unchecked[:MAX_ISSUES_SHOWN]:
        when = (
            t(lang, "never checked")
            if entry.checked is None
            else t(lang, "last checked {date}", date=entry.checked.isoformat())
        )
        source = f" · {escape(entry.source)}" if entry.source else ""
        lines.append(f"• {kinds[entry.kind]} <code>{escape(entry.id)}</code>: {when}{source}")
    hidden = len(unchecked) - MAX_ISSUES_SHOWN
    if hidden > 0:
        lines.append(tn(lang, "… and {n} more entry", "… and {n} more entries", hidden))
    how = t(
        lang,
        "Compare each entry with its source, then write the day of the check in it: {example}",
        example=f"<code>checked: {today.isoformat()}</code>",
    )
    return f"🗓 {head}\n\n" + "\n".join(lines) + f"\n\n{how}"


def schedule_check_reminder(jobs: JobQueue[BotContext], reminder: CheckReminder | None) -> None:
    """The monthly job of `check_reminder` (none when the setting is null)."""
    if reminder is None:
        return
    when = reminder.at.replace(tzinfo=ZoneInfo(reminder.timezone))
    jobs.run_monthly(check_reminder_job, when=when, day=reminder.day, name=CHECK_REMINDER_JOB)


async def check_reminder_job(context: BotContext) -> None:
    """The monthly job: tell the admins whose chat exists which entries need a check."""
    settings, store = context.settings, context.store
    reminder = settings.check_reminder
    if reminder is None:
        return
    today = dt.datetime.now(ZoneInfo(reminder.timezone)).date()
    unchecked = unchecked_entries(context.kb, today, reminder.max_age_days)
    if not unchecked:
        logger.info("Check reminder: every entry was checked within %d days", reminder.max_age_days)
        return
    # Only the admins known to have started the bot: any other would be "chat not found".
    for admin in sorted(settings.admin_ids & store.admin_menus().keys()):
        lang = admin_language(admin, store, settings)
        text = check_reminder_text(lang, unchecked, reminder.max_age_days, today)
        try:
            for part in split_message(text):
                await context.bot.send_message(admin, part)
        except (Forbidden, BadRequest) as error:
            logger.info("Cannot send the check reminder to admin %s: %s", admin, error.message)
