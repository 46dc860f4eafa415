"""Handing a question to a person: "Ask the municipality" and /ask_staff.

When the bot cannot answer (and whenever a user asks with /ask_staff), the user can pass the
question on. The bot posts it in the staff chat (`staff_chat_id` in config/settings.yaml)
with a reference number and the user's language, and keeps a row in SQLite (the user's and
chat's id are needed to deliver the answer). A staff member *replies* to that message in the
staff chat; the bot sends the reply to the user and confirms in the staff chat. The reply is
matched through the message id stored in SQLite, so it works across restarts.

The staff chat is told nothing about who asked: no name, no user id, only the question.
It gets the question as the resident wrote it (a phone number in it may be how to answer);
the copies the bot stores, in the question log and with the handoff, have personal data
masked (bot/privacy.py). So the "Ask the municipality" button passes on the text kept in the
chat's memory (`ASKED`), and the stored, masked one only when the memory is gone.

Outside the staff's working hours (`staff_hours`), the resident is told when to expect the
answer (bot/render/staff_hours.py); `now` is the clock, replaced in tests.
This module never imports handlers.py (handlers.py calls `offer` for every answer).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from html import escape

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import filters

from bot.answer import Answer
from bot.privacy import mask_personal_data
from bot.render import split_message, t
from bot.render.staff_hours import away_notice
from bot.store import MAX_LOGGED_TEXT, HandoffStatus
from bot.transport.context import BotContext
from bot.transport.keyboards import VERSION
from bot.transport.language import language_name, user_language

logger = logging.getLogger(__name__)

ASK_STAFF = "hs"  # the button's callback data: "v1|<lang>|hs:<logged question id>"
CALLBACK = re.compile(rf"^{VERSION}\|([a-z]{{2}})\|{ASK_STAFF}:(\d{{1,18}})$")
LAST_QUESTION = "last_question"  # chat_data key: the chat's last question, for /ask_staff
ASKED = "asked_questions"  # chat_data key: logged question id -> the text as written
MAX_ASKED = 20  # the chat's recent questions kept in memory for the button
MAX_PENDING = 3  # questions one user may have waiting for staff at a time (no flooding)
QUOTED = 300  # characters of the question repeated above the staff's answer


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


now: Callable[[], dt.datetime] = _utc_now
"""The clock of the staff's working hours (tests replace it)."""


# ------------------------------------------------------------------------- the offer


def offer(
    context: BotContext,
    message: Message,
    text: str,
    answer: Answer,
    question_id: int,
    keyboard: InlineKeyboardMarkup | None,
) -> InlineKeyboardMarkup | None:
    """Remember a private chat's question for /ask_staff and, under an answer the bot could
    not give, add the "Ask the municipality" button (when a staff chat is configured)."""
    if message.chat.type != ChatType.PRIVATE:
        return keyboard
    if context.chat_data is not None:  # in memory only: gone after a restart or /forgetme
        context.chat_data[LAST_QUESTION] = text
        asked: dict[int, str] = context.chat_data.setdefault(ASKED, {})
        asked[question_id] = text
        for old in list(asked)[:-MAX_ASKED]:
            del asked[old]
    if answer.answered or context.settings.staff_chat_id is None:
        return keyboard
    data = f"{VERSION}|{answer.lang}|{ASK_STAFF}:{question_id}"
    ask = InlineKeyboardButton("✉️ " + t(answer.lang, "Ask the municipality"), callback_data=data)
    rows = [list(row) for row in keyboard.inline_keyboard] if keyboard is not None else []
    return InlineKeyboardMarkup([*rows, [ask]])


# ------------------------------------------------------------------------- passing on


async def pass_on(
    context: BotContext, *, user_id: int, chat_id: int, lang: str, question: str
) -> str:
    """Post the question in the staff chat and record it; what to tell the user (HTML)."""
    settings, store = context.settings, context.store
    question = question.strip()[:MAX_LOGGED_TEXT]  # as stored; every message stays short
    staff_chat = settings.staff_chat_id
    if staff_chat is None:
        return t(lang, "Passing questions on to the municipality is not available at the moment.")
    pending = [h for h in store.handoffs_of(user_id) if h.status is HandoffStatus.PENDING]
    stored = mask_personal_data(question)[:MAX_LOGGED_TEXT]  # as the store keeps it
    if any(h.question == stored for h in pending):
        return t(lang, "You have already passed this question on; the answer will come here.")
    if len(pending) >= MAX_PENDING:
        return t(
            lang,
            "You have {n} questions waiting for an answer from the municipality. Please wait "
            "for the answers before asking more.",
            n=len(pending),
        )
    handoff_id = store.add_handoff(
        user_id=user_id, chat_id=chat_id, language=lang, question=question
    )
    try:
        sent = await context.bot.send_message(
            staff_chat, staff_message(handoff_id, lang, question, settings.default_language)
        )
    except TelegramError as error:  # the staff chat is misconfigured or the bot was removed
        store.delete_handoff(handoff_id)
        logger.warning("Could not post question #%s in the staff chat: %s", handoff_id, error)
        return t(
            lang, "Sorry, I could not pass your question on right now. Please try again later."
        )
    store.set_handoff_message(handoff_id, staff_chat, sent.message_id)
    logger.info("Question #%s passed on to the staff chat", handoff_id)
    passed = t(
        lang, "Your question was passed on to the municipality; you will get the answer here."
    )
    text = f"✉️ {passed}\n\n<i>{escape(question)}</i>"
    away = away_notice(lang, settings.staff_hours, now())
    return text if away is None else f"{text}\n\n{away}"


def staff_message(handoff_id: int, lang: str, question: str, staff_lang: str) -> str:
    """The question as the staff chat sees it: a reference number, the language, the text."""
    title = t(staff_lang, "Question #{id} from a resident", id=handoff_id)
    language = t(staff_lang, "Language: {language}", language=language_name(lang))
    how = t(staff_lang, "Reply to this message to answer: your reply is sent to the resident.")
    quoted = f"<blockquote>{escape(question)}</blockquote>"
    return f"❓ <b>{title}</b>\n{language}\n\n{quoted}\n\n<i>{how}</i>"


async def ask_staff(update: Update, context: BotContext) -> None:
    """/ask_staff [question]: pass a question on (without one: the chat's last question)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = user_language(user, context.store, context.settings)
    parts = (message.text or "").split(maxsplit=1)
    question = parts[1].strip() if len(parts) > 1 else ""
    if not question and context.chat_data is not None:
        question = str(context.chat_data.get(LAST_QUESTION) or "")
    if not question:
        text = t(
            lang,
            "Write your question after the command, for example: /ask_staff How can our "
            "school join a project with a partner town?",
        )
    else:
        text = await pass_on(
            context, user_id=user.id, chat_id=message.chat_id, lang=lang, question=question
        )
    await context.bot.send_message(message.chat_id, text)


async def button_pressed(update: Update, context: BotContext) -> None:
    """The "Ask the municipality" button under an answer the bot could not give."""
    query = update.callback_query
    if query is None:
        return
    notice: str | None = None
    try:
        notice = await _ask_from_button(update, query, context)
    finally:
        # Every callback query is answered, or the button keeps spinning on the user's screen.
        try:
            await query.answer(notice)
        except BadRequest as error:
            logger.debug("Could not answer a callback query: %s", error.message)


async def _ask_from_button(update: Update, query: CallbackQuery, context: BotContext) -> str | None:
    user, message = update.effective_user, query.message
    lang = user_language(user, context.store, context.settings)
    found = CALLBACK.match(query.data or "")
    if found and found[1] in context.settings.languages:
        lang = found[1]
    stale = t(lang, "This button is out of date.")
    if (
        found is None
        or user is None
        or not isinstance(message, Message)
        or message.chat.type != ChatType.PRIVATE
        or not _has_button(message.reply_markup, query.data)
    ):
        return stale  # a forged button, or one the bot has removed meanwhile
    question_id = int(found[2])
    logged = context.store.question_text(question_id)
    if logged is None:  # deleted by retention
        return stale
    asked = context.chat_data.get(ASKED, {}) if context.chat_data is not None else {}
    # As written if the chat's memory still has it; else the log's copy, personal data masked.
    question = str(asked.get(question_id) or logged)
    text = await pass_on(
        context, user_id=user.id, chat_id=message.chat_id, lang=lang, question=question
    )
    await context.bot.send_message(message.chat_id, text)
    try:  # pressed once is enough
        await message.edit_reply_markup(_without_button(message.reply_markup, query.data))
    except BadRequest as error:
        logger.debug("Could not remove the button: %s", error.message)
    return None


def _has_button(keyboard: InlineKeyboardMarkup | None, data: str | None) -> bool:
    rows = keyboard.inline_keyboard if keyboard is not None else ()
    return data is not None and any(b.callback_data == data for row in rows for b in row)


def _without_button(
    keyboard: InlineKeyboardMarkup | None, data: str | None
) -> InlineKeyboardMarkup | None:
    rows = keyboard.inline_keyboard if keyboard is not None else ()
    kept = [[b for b in row if b.callback_data != data] for row in rows]
    kept = [row for row in kept if row]
    return InlineKeyboardMarkup(kept) if kept else None


# ------------------------------------------------------------------------- staff replies


class _ReplyInStaffChat(filters.MessageFilter):
    """A message in the staff chat that replies to one of the bot's messages."""

    def __init__(self, staff_chat_id: int) -> None:
        super().__init__(name=f"reply in the staff chat {staff_chat_id}")
        self.staff_chat_id = staff_chat_id

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        author = replied.from_user if replied is not None else None
        return (
            message.chat.id == self.staff_chat_id
            and author is not None
            and author.id == message.get_bot().id
        )


def staff_reply_filter(staff_chat_id: int) -> filters.BaseFilter:
    """New and edited replies to the bot in the staff chat (never read as questions)."""
    new_or_edited = filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE
    return _ReplyInStaffChat(staff_chat_id) & new_or_edited


async def staff_reply(update: Update, context: BotContext) -> None:
    """A staff member answered a passed-on question: deliver the answer, confirm in the chat."""
    message = update.message  # None for an edit: the first version was delivered; reply again
    if message is None or message.reply_to_message is None:
        return
    staff_lang = context.settings.default_language
    store = context.store
    handoff = store.handoff_for_staff_message(message.chat_id, message.reply_to_message.message_id)
    if handoff is None:
        await _tell_staff(
            message,
            t(
                staff_lang,
                "This message is not a question from a resident (or the resident has deleted "
                "their data), so your reply goes nowhere.",
            ),
        )
        return
    text = (message.text or message.caption or "").strip()
    if not text:
        await _tell_staff(
            message,
            t(staff_lang, "Only text can be passed on to the resident: please reply with text."),
        )
        return
    lang = handoff.language
    question = (
        handoff.question if len(handoff.question) <= QUOTED else handoff.question[:QUOTED] + "…"
    )
    title = t(lang, "Answer from the municipality")
    asked = t(lang, "Your question: {question}", question=question)
    delivery = f"💬 <b>{title}</b>\n<i>{escape(asked)}</i>\n\n{escape(text)}"
    try:
        for part in split_message(delivery):
            await context.bot.send_message(handoff.chat_id, part)
    except (Forbidden, BadRequest) as error:
        logger.info("Could not deliver the answer to question #%s: %s", handoff.id, error.message)
        await _tell_staff(
            message,
            "⚠️ "
            + t(
                staff_lang,
                "The answer to question #{id} could not be delivered: the resident may have "
                "blocked the bot.",
                id=handoff.id,
            ),
        )
        return
    store.mark_answered(handoff.id)
    logger.info("The answer to question #%s was delivered", handoff.id)
    await _tell_staff(
        message, "✅ " + t(staff_lang, "Delivered to the resident (question #{id}).", id=handoff.id)
    )


async def _tell_staff(message: Message, text: str) -> None:
    await message.get_bot().send_message(
        message.chat_id,
        text,
        reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True),
    )


async def withdraw(
    context: BotContext, staff_chat_id: int, message_id: int, handoff_id: int
) -> None:
    """Take a forgotten user's question out of the staff chat (its text is replaced)."""
    staff_lang = context.settings.default_language
    note = t(
        staff_lang,
        "Question #{id} was withdrawn: the resident deleted their data.",
        id=handoff_id,
    )
    try:
        await context.bot.edit_message_text(f"<i>{note}</i>", staff_chat_id, message_id)
    except TelegramError as error:  # too old, deleted, or the bot left the chat
        logger.info("Could not withdraw question #%s: %s", handoff_id, error)
