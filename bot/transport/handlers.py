"""What the bot does with each update: commands, questions, buttons, other messages, errors.

Free text goes to the engine and comes back as a rendered Answer with follow-up and 👍 / 👎
buttons; buttons navigate by editing their message in place (follow-ups under an answer open
a new message, so the answer stays). In groups the bot only reacts to commands, mentions of
it and replies to its messages (see `ADDRESSED`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import filters

from bot.answer import Facet, Kind
from bot.engine import ChatContext
from bot.render import render_html, split_message, t
from bot.render.formats import country_name
from bot.transport import handoff
from bot.transport.context import BotContext
from bot.transport.delivery import DeliveryUncertain, send_text
from bot.transport.keyboards import MENU, Op, Press, Ref, decode, without_feedback
from bot.transport.language import user_language
from bot.transport.logs import describe_exception, mask, secret_parts
from bot.transport.views import (
    Screen,
    answer_keyboard,
    deep_link,
    screen,
    start_screen,
)

logger = logging.getLogger(__name__)

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


# ------------------------------------------------------------------------- filters


class _AddressedToBot(filters.MessageFilter):
    """Every message in a private chat; in groups, mentions of the bot and replies to it."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        replied = message.reply_to_message
        replied_user = replied.from_user if replied is not None else None
        if replied_user is not None and replied_user.id == bot.id:
            return True
        return bool(_mentions(message, bot.username))


def _mentions(message: Message, username: str) -> list[MessageEntity]:
    """The entities of `message` that mention the bot (@username, any case)."""
    wanted = "@" + username.lower()
    found = message.parse_entities([MessageEntity.MENTION])
    found.update(message.parse_caption_entities([MessageEntity.MENTION]))
    return [entity for entity, text in found.items() if text.lower() == wanted]


ADDRESSED = _AddressedToBot(name="addressed to the bot")
NEW_OR_EDITED = filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE
QUESTION = filters.TEXT & ~filters.COMMAND & NEW_OR_EDITED & ADDRESSED
UNKNOWN_COMMAND = filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
OTHER_MESSAGE = filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL & ADDRESSED


def question_text(message: Message, username: str) -> str:
    """The message text without the mentions of the bot (what the engine should read)."""
    text = message.text or ""
    # Entity offsets count UTF-16 units; cut from the end so earlier offsets stay valid.
    encoded = text.encode("utf-16-le")
    for entity in sorted(_mentions(message, username), key=lambda e: e.offset, reverse=True):
        start, end = entity.offset * 2, (entity.offset + entity.length) * 2
        encoded = encoded[:start] + encoded[end:]
    return " ".join(encoded.decode("utf-16-le").split())


# ------------------------------------------------------------------------- sending


def language_of(update: Update, context: BotContext) -> str:
    return user_language(update.effective_user, context.store, context.settings)


async def send(
    context: BotContext, chat_id: int, shown: Screen, quote: Message | None = None
) -> None:
    """Send a screen as one or more messages (≤ 4096 characters each); buttons on the last."""
    parts = split_message(shown.text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        reply_to = None
        if quote is not None and index == 0:
            reply_to = ReplyParameters(quote.message_id, allow_sending_without_reply=True)
        await send_text(
            context.bot,
            chat_id,
            part,
            reply_markup=shown.keyboard if last else None,
            reply_parameters=reply_to,
        )


async def reply(message: Message, context: BotContext, shown: Screen) -> None:
    """Answer a user's message; in groups as a reply to it, so it is clear whom it answers."""
    quote = message if message.chat.type != ChatType.PRIVATE else None
    await send(context, message.chat_id, shown, quote)


def is_not_modified(error: BaseException) -> bool:
    return isinstance(error, BadRequest) and "not modified" in error.message.lower()


async def show(query: CallbackQuery, context: BotContext, shown: Screen) -> None:
    """Show a screen in place of the message whose button was pressed."""
    message = query.message
    if not isinstance(message, Message) or message.text is None:
        if message is not None:  # inaccessible or not a text message: send a new one
            await send(context, message.chat.id, shown)
        return
    first, *rest = split_message(shown.text) or [shown.text]
    try:
        await message.edit_text(
            first,
            parse_mode=ParseMode.HTML,
            reply_markup=None if rest else shown.keyboard,
        )
    except BadRequest as error:
        # Pressing the button of the screen already shown changes nothing: not an error.
        if not is_not_modified(error):
            raise
    if rest:
        await send(context, message.chat.id, Screen("\n\n".join(rest), shown.keyboard))


def remember(context: BotContext, chat_id: int, ref: Ref) -> None:
    """Let a follow-up question ("what projects?") refer to the card just opened."""
    one, now, facets = (ref.arg,), time.monotonic(), (Facet.OVERVIEW,)
    if ref.op is Op.PARTNER:
        entry = ChatContext(Kind.PARTNER, partners=one, facets=facets, at=now)
    elif ref.op is Op.PROJECT:
        entry = ChatContext(Kind.PROJECT, projects=one, facets=facets, at=now)
    elif ref.op is Op.EVENT:
        entry = ChatContext(Kind.EVENT, events=one, facets=facets, at=now)
    elif ref.op is Op.FILM:
        entry = ChatContext(Kind.MEDIA, media=one, facets=facets, at=now)
    else:
        return
    context.engine.contexts.put(str(chat_id), entry)


# ------------------------------------------------------------------------- commands


async def start(update: Update, context: BotContext) -> None:
    """Greet the user with the main menu, or open the card a deep link names."""
    message = update.effective_message
    if message is None:
        return
    lang = language_of(update, context)
    if context.args:
        ref = deep_link(context.args[0])
        card = screen(ref, lang, context.kb, context.settings) if ref is not None else None
        if ref is not None and card is not None:
            remember(context, message.chat_id, ref)
            await reply(message, context, card)
            return
    user = update.effective_user
    name = user.first_name if user is not None else ""
    await reply(message, context, start_screen(lang, context.kb, context.settings, name))


def open_screen(op: Op) -> Handler:
    """A command handler that shows one screen (/partners, /projects, /help, ...)."""

    async def command(update: Update, context: BotContext) -> None:
        """Show the command's screen."""
        message = update.effective_message
        shown = screen(Ref(op), language_of(update, context), context.kb, context.settings)
        if message is not None and shown is not None:
            await reply(message, context, shown)

    return command


async def unknown_command(update: Update, context: BotContext) -> None:
    """Tell the user which commands there are."""
    message = update.effective_message
    lang = language_of(update, context)
    shown = screen(Ref(Op.HELP), lang, context.kb, context.settings)
    if message is None or shown is None:
        return
    notice = t(lang, "I don't know that command.")
    await reply(message, context, Screen(f"{notice}\n\n{shown.text}", shown.keyboard))


# ------------------------------------------------------------------------- messages


async def question(update: Update, context: BotContext) -> None:
    """Answer a question written in free text (also an edited one: it is answered again)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    lang = language_of(update, context)
    text = question_text(message, context.bot.username)
    if not text:  # only "@bot": show what the bot can do
        menu = screen(MENU, lang, context.kb, context.settings)
        if menu is not None:
            await reply(message, context, menu)
        return
    started = time.perf_counter()
    answer = context.engine.ask(text, chat=str(message.chat_id), language=lang)
    latency_ms = (time.perf_counter() - started) * 1000
    question_id = context.question_log.log(
        language=answer.lang,
        answered=answer.answered,
        kind=answer.kind.value,
        matched=[f"{m.kind}:{m.id}" for m in answer.matched],
        score=answer.score,
        latency_ms=latency_ms,
        text=text,
    )
    kb = context.kb
    html = render_html(answer, kb, context.settings.municipality)
    keyboard = answer_keyboard(answer, kb, question_id)
    keyboard = handoff.offer(context, message, text, answer, question_id, keyboard)
    await context.question_log.committed()  # logged before it is answered, even in a crash
    await reply(message, context, Screen(html, keyboard))


async def other_message(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice, locations, contacts...: say that the bot reads text."""
    message = update.effective_message
    if message is None:
        return
    lang = language_of(update, context)
    menu = screen(MENU, lang, context.kb, context.settings)
    text = t(lang, "I understand text questions. Write your question, or choose a topic below.")
    await reply(message, context, Screen(text, menu.keyboard if menu else None))


# ------------------------------------------------------------------------- buttons


async def button_pressed(update: Update, context: BotContext) -> None:
    """Handle an inline button: open a screen, pin a map, set the language or rate an answer."""
    query = update.callback_query
    if query is None:
        return
    notice: str | None = None
    try:
        press = decode(query.data, context.settings.languages)
        if press is None:
            notice = await out_of_date(update, context)
        else:
            notice = await _perform(press, update, query, context)
    finally:
        # Every callback query is answered, even when handling it failed: otherwise the
        # button keeps spinning on the user's screen.
        try:
            await query.answer(notice)
        except BadRequest as error:  # too old (e.g. the bot was down): nothing to do
            logger.debug("Could not answer a callback query: %s", error.message)


async def out_of_date(update: Update, context: BotContext) -> str:
    """Send the current main menu; the notice for a stale or forged button."""
    lang = language_of(update, context)
    chat = update.effective_chat
    menu = screen(MENU, lang, context.kb, context.settings)
    if chat is not None and menu is not None:
        await send(context, chat.id, menu)
    return t(lang, "This button is out of date.")


async def _perform(
    press: Press, update: Update, query: CallbackQuery, context: BotContext
) -> str | None:
    target, lang = press.target, press.lang
    if target.op in (Op.LIKE, Op.DISLIKE):
        if not context.store.add_feedback(int(target.arg), 1 if target.op is Op.LIKE else -1):
            return await out_of_date(update, context)
        await _drop_feedback_buttons(query)
        return t(lang, "Thank you for your feedback!")
    if target.op is Op.SET_LANGUAGE:
        if target.arg not in context.settings.languages:
            return await out_of_date(update, context)
        return await _set_language(target.arg, update, query, context)
    if target.op in (Op.MAP_PARTNER, Op.MAP_EVENT):
        return await _send_map(target, lang, update, context)
    shown = screen(target, lang, context.kb, context.settings, back=press.back)
    chat = update.effective_chat
    if shown is None or chat is None:
        return await out_of_date(update, context)
    remember(context, chat.id, target)
    if press.new_message:
        await send(context, chat.id, shown)
    else:
        await show(query, context, shown)
    return None


async def _drop_feedback_buttons(query: CallbackQuery) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    try:
        await message.edit_reply_markup(without_feedback(message.reply_markup))
    except BadRequest as error:
        if not is_not_modified(error):
            raise


async def _set_language(
    code: str, update: Update, query: CallbackQuery, context: BotContext
) -> str:
    user = update.effective_user
    if user is None:
        return await out_of_date(update, context)
    context.store.set_language(user.id, code)
    menu = screen(MENU, code, context.kb, context.settings)
    if menu is not None:
        await show(query, context, menu)
    return t(code, "From now on I answer in English.")


async def _send_map(target: Ref, lang: str, update: Update, context: BotContext) -> str | None:
    kb, chat = context.kb, update.effective_chat
    if target.op is Op.MAP_PARTNER and target.arg in kb.partners:
        partner = kb.partners[target.arg]
        if partner.location is None:
            return await out_of_date(update, context)
        where = country_name(partner.country, lang)
        if partner.region is not None:
            where = f"{partner.region.get(lang)}, {where}"
        pin = (partner.location.lat, partner.location.lon, partner.name.get(lang), where)
    elif target.op is Op.MAP_EVENT and target.arg in kb.events:
        event = kb.events[target.arg]
        if event.location is None:
            return await out_of_date(update, context)
        where = f"{event.place.get(lang)}, {country_name(event.country, lang)}"
        pin = (event.location.lat, event.location.lon, event.name.get(lang), where)
    else:
        return await out_of_date(update, context)
    if chat is not None:
        lat, lon, title, address = pin
        await context.bot.send_venue(chat.id, lat, lon, title, address)
    return None


# ------------------------------------------------------------------------- errors


async def error_handler(update: object, context: BotContext) -> None:
    """Log the error without secrets, then tell the user (if any) to try again."""
    error = context.error
    if error is None:
        return
    secrets = secret_parts(
        [context.bot.token, _secret_value(context)],
    )
    if isinstance(error, Forbidden):
        # The user blocked the bot (or it was removed from a group): nobody to tell.
        logger.info("Cannot write to a chat: %s", mask(error.message, secrets))
        return
    if is_not_modified(error):
        return
    if not isinstance(update, Update):
        # Errors while polling (update is None): usually the network; PTB retries by itself.
        level = logging.WARNING if isinstance(error, NetworkError) else logging.ERROR
        logger.log(level, "Error outside an update: %s", mask(repr(error), secrets))
        return
    if isinstance(error, DeliveryUncertain):
        # The answer may or may not have arrived; it is not sent twice (see delivery.py).
        logger.warning("Lost Telegram's answer to a call: %s", mask(error.message, secrets))
    else:
        logger.error("Error while handling an update:\n%s", describe_exception(error, secrets))
    chat = update.effective_chat
    if chat is None:
        return
    lang = language_of(update, context)
    if isinstance(error, DeliveryUncertain):
        notice = t(
            lang,
            "The connection to Telegram broke while I was answering. If my answer did not "
            "arrive, please ask again.",
        )
    else:
        notice = t(lang, "Something went wrong, please try again.")
    try:
        await context.bot.send_message(chat.id, notice)
    except TelegramError as failure:
        logger.warning("Could not tell the user about the error: %s", mask(repr(failure), secrets))


def _secret_value(context: BotContext) -> str | None:
    secret = context.settings.webhook_secret
    return secret.get_secret_value() if secret is not None else None
