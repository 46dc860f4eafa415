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
  together with the rest, then written atomically, the old version kept in the history;
  /rollback restores the previous version.
- /stats: questions per day and week, answered rate, top topics, the unanswered questions
  grouped, feedback (bot/report.py; `twinning-bot report` prints the same).
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
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import JobQueue, filters

from bot import report
from bot.config import CheckReminder, Settings
from bot.engine import Engine
from bot.knowledge import Issue, KnowledgeBase, KnowledgeError
from bot.knowledge.editing import (
    Change,
    EditError,
    KnowledgeEditor,
    ReloadResult,
    Watcher,
    reload,
)
from bot.render import split_message, t, tn
from bot.store import Store
from bot.transport import handlers
from bot.transport.context import BotContext
from bot.transport.handlers import Handler

logger = logging.getLogger(__name__)

WATCH_JOB = "knowledge-watch"
CHECK_REMINDER_JOB = "check-reminder"
MAX_ISSUES_SHOWN = 30  # a broken file can produce hundreds; the first ones say what to fix
UPLOAD = filters.Document.ALL & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
YAML_SUFFIXES = (".yaml", ".yml")  # .yml reaches the editor, which explains the right name


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

    def _reload(self) -> ReloadResult:
        result = reload(self.settings.knowledge_dir, self.settings.languages)
        if result.kb is not None:
            self.engine.kb = result.kb  # builds the vocabulary, then swaps in one assignment
        return result

    def _change(self, name: str | None, content: bytes | None) -> tuple[KnowledgeBase, Change]:
        editor = self.editor()
        if name is None or content is None:
            kb, change = editor.rollback()
        else:
            kb, change = editor.apply(name, content)
        self.engine.kb = kb
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
    """Reload from disk; tell the admins the news (a new problem, or the change went live)."""
    keeper = keeper_of(context)
    before = keeper.reported
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
    try:
        _, change = await keeper_of(context).rollback()
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
    await _send(context, message, text)


async def stats_command(update: Update, context: BotContext) -> None:
    """/stats: the statistics of the question log."""
    message = update.effective_message
    if message is None:
        return
    lang = handlers.language_of(update, context)
    stats = await asyncio.to_thread(report.compute, Store.path_in(context.settings.data_dir))
    await _send(context, message, stats_text(lang, stats))


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
