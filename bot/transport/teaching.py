"""/stats and its actions on Telegram: the admins turn unanswered questions into knowledge.

/stats shows the statistics (staff.stats_text) with a button for each group of similar
unanswered questions that the live knowledge base still does not answer. A group's button
opens its actions in a new message:

- **Means…**: the kind of entry, then the entry (a page of 8 at a time); the wording is added
  to the entry's aliases / keywords / questions in the language it was asked in, and the
  changed file comes back as a draft with the usual preview and Publish / Discard
  (staff.KnowledgeKeeper.draft_upload: the same path as a file sent to the bot);
- **Add to FAQ**: a short conversation, one message per step (how people ask it in each other
  language, the answer in each language; /cancel stops), then the new faq.yaml as a draft;
- **Out of scope**: the group is hidden from /stats (in SQLite), and stays hidden when a
  question like it is asked again.

Callback data: "v1|<lang>|t<op>:<group id>[:<kind>:<arg>]", the group id being 8 hex digits
of its key's hash (report.Group.id), e.g. "v1|en|te:1a2b3c4d:p:<partner id>" (≤ 64 bytes).
Every press is checked: the sender must be an admin, the data must decode, the group must
still be open; anything else gets "This button is out of date." and changes nothing.
The logic lives in bot/teach.py.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape
from typing import Any

from babel import Locale
from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import report, teach
from bot.config import Settings
from bot.knowledge import KnowledgeError
from bot.knowledge.editing import Author, EditError
from bot.knowledge.yamledit import YamlEditError
from bot.render import split_message, t, tn
from bot.render.i18n import N_
from bot.store import Store
from bot.transport import handlers, staff
from bot.transport.context import BotContext
from bot.transport.keyboards import CALLBACK_LIMIT, VERSION, in_rows, markup

logger = logging.getLogger(__name__)

MAX_GROUPS_SHOWN = 10  # groups with a button under /stats, the most frequent first
PAGE = 8  # entries per page of the picker
LABEL = 48  # characters of a button's label
FORM = "teach.faq_form"  # the admin's FAQ form in PTB's user_data
# Every teaching button comes here, a forged one too (then it is refused).
CALLBACK = re.compile(rf"^{VERSION}\|[a-z]{{2}}\|t[a-z]:")
_DATA = re.compile(
    rf"^{VERSION}\|([a-z]{{2}})\|t([a-z]):([0-9a-f]{{8}})(?::([a-z]):([a-z0-9_]{{1,40}}))?$"
)


class Op(StrEnum):
    """What a teaching button does (one letter after the "t" of its data)."""

    OPEN = "g"  # the group's actions, in a new message
    BACK = "b"  # the group's actions again, in place
    MEANS = "m"  # choose the kind of entry
    KIND = "k"  # a page of the entries of a kind (arg: the page)
    ENTRY = "e"  # teach the wording to an entry (arg: its id)
    FAQ = "q"  # start the FAQ form
    HIDE = "x"  # out of scope


@dataclass(frozen=True)
class TeachPress:
    lang: str
    op: Op
    group: str
    kind: str = ""  # a code of teach.KINDS
    arg: str = ""


def encode(press: TeachPress) -> str:
    data = f"{VERSION}|{press.lang}|t{press.op.value}:{press.group}"
    if press.kind:
        data += f":{press.kind}:{press.arg}"
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data longer than {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def decode(data: str | None, languages: Sequence[str]) -> TeachPress | None:
    """The press, or None for anything malformed, of another version or forged."""
    found = _DATA.match(data or "")
    if found is None or found[1] not in languages:
        return None
    try:
        op = Op(found[2])
    except ValueError:
        return None
    kind, arg = found[4] or "", found[5] or ""
    if (op in (Op.KIND, Op.ENTRY)) != bool(kind) or (kind and kind not in teach.KINDS):
        return None
    if op is Op.KIND and not (arg.isdigit() and len(arg) <= 3):
        return None
    return TeachPress(found[1], op, found[3], kind, arg)


def button(text: str, press: TeachPress) -> InlineKeyboardButton:
    return InlineKeyboardButton(_short(text), callback_data=encode(press))


def _short(text: str, limit: int = LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


KIND_NAMES: dict[str, str] = {
    "p": N_("Partners"),
    "j": N_("Projects"),
    "e": N_("Events"),
    "m": N_("Media"),
    "f": N_("Cooperation fields"),
    "q": N_("FAQ"),
}
LIST_NAMES: dict[str, str] = {
    "aliases": N_("the aliases"),
    "keywords": N_("the keywords"),
    "questions": N_("the questions"),
}


# ------------------------------------------------------------------------- the open groups


def open_groups(context: BotContext, limit: int | None = None) -> report.Stats:
    """The statistics with the unanswered groups the live knowledge base still does not
    answer (hidden ones are left out by report), at most `limit` of them."""
    context.store.flush()  # the questions logged a moment ago count too
    stats = report.compute(Store.path_in(context.settings.data_dir), unanswered_limit=None)
    engine = context.engine

    def answered(text: str, lang: str) -> bool:
        return engine.ask(text, language=lang).answered

    stats.unanswered = teach.still_unanswered(stats.unanswered, answered, limit)
    return stats


async def find_group(context: BotContext, group_id: str) -> report.Group | None:
    stats = await asyncio.to_thread(open_groups, context)
    return next((g for g in stats.unanswered if g.id == group_id), None)


async def stats_command(update: Update, context: BotContext) -> None:
    """/stats: the statistics of the question log, a button for each open group."""
    message = update.effective_message
    if message is None:
        return
    lang = handlers.language_of(update, context)
    stats = await asyncio.to_thread(open_groups, context, MAX_GROUPS_SHOWN)
    buttons = [
        [button("❓ " + group.example, TeachPress(lang, Op.OPEN, group.id))]
        for group in stats.unanswered
    ]
    parts = split_message(staff.stats_text(lang, stats))
    for index, part in enumerate(parts):
        keyboard = markup(buttons) if index == len(parts) - 1 else None
        await context.bot.send_message(message.chat_id, part, reply_markup=keyboard)


# ------------------------------------------------------------------------- the buttons


async def pressed(update: Update, context: BotContext) -> None:
    """A teaching button; a stale, forged or foreign press changes nothing."""
    query = update.callback_query
    if query is None:
        return
    notice: str | None = None
    try:
        notice = await _perform(update, context)
    finally:
        # Every callback query is answered, even when handling it failed.
        try:
            await query.answer(notice)
        except BadRequest as error:
            logger.debug("Could not answer a callback query: %s", error.message)


async def _perform(update: Update, context: BotContext) -> str | None:
    query = update.callback_query
    assert query is not None
    press = decode(query.data, context.settings.languages)
    lang = press.lang if press is not None else handlers.language_of(update, context)
    if press is None or not staff.is_admin(update, context):
        return t(lang, "This button is out of date.")  # nothing tells a stranger what it was
    group = await find_group(context, press.group)
    if group is None:  # answered since, hidden, or forgotten by the retention period
        if press.op is not Op.OPEN:  # a /stats message keeps its figures
            await _edit(query.message, t(lang, "This question is no longer open in /stats."), None)
        return t(lang, "This button is out of date.")
    if press.op is Op.OPEN:
        await _send(context, query.message, *_actions(lang, group))
    elif press.op is Op.BACK:
        await _edit(query.message, *_actions(lang, group))
    elif press.op is Op.MEANS:
        await _edit(query.message, *_kinds(lang, group))
    elif press.op is Op.KIND:
        await _edit(query.message, *_entries(context, lang, group, press.kind, int(press.arg)))
    elif press.op is Op.ENTRY:
        return await _teach(update, context, lang, group, press)
    elif press.op is Op.FAQ:
        await _start_form(update, context, lang, group)
    else:
        await asyncio.to_thread(context.store.hide_question, group.key, group.example)
        logger.info("Unanswered group %s hidden by an admin", group.id)
        text = "🙈 " + t(
            lang,
            "“{question}” is out of scope: it is hidden from /stats, also when it is asked again.",
            question=escape(group.example),
        )
        await _edit(query.message, text, None)
        return t(lang, "Hidden.")
    return None


Screen = tuple[str, InlineKeyboardMarkup | None]


def _quoted(group: report.Group) -> str:
    return f"<b>“{escape(group.example)}”</b>"


def _actions(lang: str, group: report.Group) -> Screen:
    asked = tn(
        lang,
        "Asked {n} time; language: {language}.",
        "Asked {n} times; language: {language}.",
        group.count,
        language=_language(group.language, lang) if group.language else "?",
    )
    text = f"❓ {_quoted(group)}\n{asked}\n\n" + t(lang, "What should I do with it?")
    rows = [
        [button("🔗 " + t(lang, "Means an entry…"), TeachPress(lang, Op.MEANS, group.id))],
        [button("➕ " + t(lang, "Add to the FAQ"), TeachPress(lang, Op.FAQ, group.id))],
        [button("🙈 " + t(lang, "Out of scope"), TeachPress(lang, Op.HIDE, group.id))],
    ]
    return text, markup(rows)


def _kinds(lang: str, group: report.Group) -> Screen:
    text = f"🔗 {_quoted(group)}\n\n" + t(lang, "What kind of entry does it mean?")
    kinds = [
        button(t(lang, name), TeachPress(lang, Op.KIND, group.id, code, "0"))
        for code, name in KIND_NAMES.items()
    ]
    back = button("⬅️ " + t(lang, "Back"), TeachPress(lang, Op.BACK, group.id))
    return text, markup([*in_rows(kinds, 2), [back]])


def _entries(context: BotContext, lang: str, group: report.Group, kind: str, page: int) -> Screen:
    names = teach.entry_names(context.kb, teach.KINDS[kind], lang)
    pages = max(1, -(-len(names) // PAGE))
    page = min(page, pages - 1)
    shown = names[page * PAGE : (page + 1) * PAGE]
    head = t(lang, "Which one does it mean?") if names else t(lang, "There are no such entries.")
    text = f"🔗 {_quoted(group)}\n{t(lang, KIND_NAMES[kind])}\n\n{head}"
    if pages > 1:
        text += " " + t(lang, "(page {page} of {pages})", page=page + 1, pages=pages)
    rows = [[button(name, TeachPress(lang, Op.ENTRY, group.id, kind, i))] for i, name in shown]
    turn = []
    if page > 0:
        turn.append(button("◀️", TeachPress(lang, Op.KIND, group.id, kind, str(page - 1))))
    if page < pages - 1:
        turn.append(button("▶️", TeachPress(lang, Op.KIND, group.id, kind, str(page + 1))))
    back = button("⬅️ " + t(lang, "Back"), TeachPress(lang, Op.MEANS, group.id))
    return text, markup([*rows, turn, [back]])


async def _teach(
    update: Update, context: BotContext, lang: str, group: report.Group, press: TeachPress
) -> str | None:
    """Add the wording to the entry and send the draft's preview."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    section = teach.KINDS[press.kind]
    name = teach.entry_name(context.kb, section, press.arg, lang)
    if name is None:
        return t(lang, "This button is out of date.")
    try:
        lesson = await asyncio.to_thread(
            teach.teach, context.settings.knowledge_dir, group, section, press.arg
        )
    except (YamlEditError, OSError) as error:
        await _edit(query.message, "❌ " + escape(str(error)), None)
        return None
    listed = t(lang, LIST_NAMES[lesson.key])
    if lesson.content is None:
        text = "ℹ️ " + t(
            lang,
            "“{phrase}” is among {list} of {name} already; nothing to change.",
            phrase=escape(lesson.phrase),
            list=listed,
            name=escape(name),
        )
        await _edit(query.message, text, None)
        return None
    head = t(
        lang,
        "Adds “{phrase}” ({language}) to {list} of {name}.",
        phrase=escape(lesson.phrase),
        language=_language(lesson.lang, lang),
        list=listed,
        name=escape(name),
    )
    await _edit(query.message, f"🔗 {head}", None)
    await _draft(update, context, lang, lesson.file, lesson.content, head)
    return None


def _language(code: str, lang: str) -> str:
    """The name of language `code` in `lang` ("Latvian", "latviešu", "латышский")."""
    if code == "other":
        return t(lang, "other spellings")
    return str(Locale.parse(lang).languages.get(code) or code)


async def _draft(
    update: Update, context: BotContext, lang: str, name: str, content: bytes, head: str
) -> None:
    """The changed file as a draft with its preview, or why it was refused."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    keeper = staff.keeper_of(context)
    try:
        draft, change, replayed = await keeper.draft_upload(
            name, content, Author(user.id, user.full_name), staff.logged_questions(context)
        )
    except EditError as error:
        refused = t(lang, "{file} was not accepted; nothing was changed.", file=escape(name))
        text = f"❌ {head}\n{refused}\n{escape(str(error))}"
    except KnowledgeError as error:
        refused = t(
            lang, "{file} was not accepted; nothing was changed. Problems:", file=escape(name)
        )
        text = f"❌ {head}\n{refused}\n\n{staff.issues_text(lang, error.issues)}"
    else:
        logger.info("Draft %s of %s taught by admin %s", draft.id, change.file, user.id)
        preview = staff.upload_draft_text(lang, change, replayed)
        await staff.send_preview(context, chat.id, lang, draft, f"{head}\n\n{preview}")
        return
    for part in split_message(text):
        await context.bot.send_message(chat.id, part)


# ------------------------------------------------------------------------- the FAQ form


def _form(context: BotContext) -> teach.FaqForm | None:
    form = context.user_data.get(FORM) if context.user_data is not None else None
    if isinstance(form, teach.FaqForm) and not form.expired():
        return form
    return None


def _drop_form(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(FORM, None)


async def _start_form(update: Update, context: BotContext, lang: str, group: report.Group) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None and context.user_data is not None
    settings = context.settings
    asked_in = group.language if group.language in settings.languages else settings.default_language
    form = teach.FaqForm(group.id, teach.wording(group), asked_in, settings.languages)
    context.user_data[FORM] = form
    text = "➕ " + t(
        lang,
        "A new FAQ entry for “{question}”. I will ask for it in a few messages; /cancel stops.",
        question=escape(form.phrase),
    )
    await _edit(query.message, text, None)
    await _prompt(context, chat.id, lang, form)


async def _prompt(context: BotContext, chat_id: int, lang: str, form: teach.FaqForm) -> None:
    step = form.next_step()
    assert step is not None
    steps = form.steps()
    number = t(lang, "({n} of {total})", n=steps.index(step) + 1, total=len(steps))
    language = _language(step.lang, lang)
    if step.ask is teach.Ask.QUESTION:
        text = t(lang, "How do people ask it? Language: {language}.", language=language)
        hint = t(lang, "The question; language: {language}", language=language)
    else:
        text = t(lang, "The answer; language: {language}.", language=language)
        hint = t(lang, "The answer; language: {language}", language=language)
    await context.bot.send_message(
        chat_id,
        f"✍️ {text} {number}",
        reply_markup=ForceReply(input_field_placeholder=_short(hint, 64)),
    )


async def form_message(update: Update, context: BotContext) -> None:
    """An admin's text in their private chat: the next answer of their FAQ form if one is
    open, otherwise a question like anyone's."""
    message, chat = update.effective_message, update.effective_chat
    form = _form(context) if staff.is_admin(update, context) else None
    if form is None or message is None or chat is None or update.edited_message is not None:
        await handlers.question(update, context)
        return
    lang = handlers.language_of(update, context)
    form.give(message.text or "")
    if form.next_step() is not None:
        await _prompt(context, chat.id, lang, form)
        return
    _drop_form(context)
    try:
        entry_id, content = await asyncio.to_thread(
            teach.add_faq, context.settings.knowledge_dir, form
        )
    except (YamlEditError, OSError) as error:
        await context.bot.send_message(chat.id, "❌ " + escape(str(error)))
        return
    head = "➕ " + t(
        lang,
        "A new FAQ entry {id}: “{question}”.",
        id=f"<code>{escape(entry_id)}</code>",
        question=escape(form.phrase),
    )
    await _draft(update, context, lang, "faq.yaml", content, head)


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel: stop the FAQ form (for anyone without one, an unknown command)."""
    message = update.effective_message
    if message is None or _form(context) is None or not staff.is_admin(update, context):
        await handlers.unknown_command(update, context)
        return
    _drop_form(context)
    lang = handlers.language_of(update, context)
    await context.bot.send_message(
        message.chat_id, "✖️ " + t(lang, "Cancelled: no FAQ entry was made.")
    )


# ------------------------------------------------------------------------- helpers


async def _send(
    context: BotContext,
    message: MaybeInaccessibleMessage | None,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Send `text` (and `keyboard`) as a new message to the chat of `message`."""
    if message is not None:
        await context.bot.send_message(message.chat.id, text, reply_markup=keyboard)


async def _edit(
    message: MaybeInaccessibleMessage | None, text: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    """Show `text` (and `keyboard`) in place of the message the button was under."""
    if not isinstance(message, Message):
        return  # too old: Telegram no longer gives it
    try:
        await message.edit_text(text, reply_markup=keyboard)
    except BadRequest as error:  # unchanged, or too old to edit
        logger.debug("Could not edit a teaching message: %s", error.message)


AnyHandler = BaseHandler[Update, BotContext, Any]


def teaching_handlers(settings: Settings) -> list[AnyHandler]:
    """The buttons, /cancel and the admins' messages (before the questions' handler)."""
    admins = filters.ChatType.PRIVATE & filters.User(user_id=settings.admin_ids)
    return [
        CallbackQueryHandler(pressed, pattern=CALLBACK),
        CommandHandler("cancel", cancel_command, filters=admins & filters.UpdateType.MESSAGE),
        MessageHandler(handlers.QUESTION & admins, form_message),
    ]
