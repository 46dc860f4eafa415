"""Privacy (the municipality is in the EU: GDPR): /privacy, /forgetme and the retention job.

What the bot stores (bot/store.py):
- a user's language choice, with their Telegram user id, until they delete it;
- every question and 👍/👎, *without* any user id (statistics need none), for
  `retention_days`;
- the questions a user passed on to the municipality, with their user and chat id (the answer
  must reach them), until `retention_days` after the answer (or after the question, if it
  was never answered).

Both are stored with phone numbers, e-mail addresses, personal codes and other long numbers
masked (bot/privacy.py); the staff chat receives a passed-on question as written, so that
the staff can answer it.

/forgetme deletes the user's settings and handoffs, withdraws their questions from the staff
chat (the bot's message there is replaced by a note) and forgets what the bot keeps in memory
about their chat. The retention job runs once at start and then daily; `apply_retention` is
the job's work, callable with any "now".
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Update

from bot.render import t, tn
from bot.store import Purged, Store
from bot.transport.context import BotContext
from bot.transport.handlers import language_of, reply
from bot.transport.handoff import withdraw
from bot.transport.views import Screen

logger = logging.getLogger(__name__)

RETENTION_JOB = "retention"
DAY = 24 * 60 * 60


def privacy_text(lang: str, retention_days: int) -> str:
    """What is stored and for how long, and how to delete it (HTML)."""
    title = t(lang, "Your data")
    points = [
        t(
            lang,
            "Your language choice, with your Telegram user id, until you delete it.",
        ),
        tn(
            lang,
            "The questions you write and your 👍/👎, without your user id or name, to improve "
            "the answers and for statistics. They are deleted after {n} day.",
            "The questions you write and your 👍/👎, without your user id or name, to improve "
            "the answers and for statistics. They are deleted after {n} days.",
            retention_days,
        ),
        tn(
            lang,
            "Questions you pass on to the municipality, with your chat id so that the answer "
            "can reach you. They are deleted {n} day after the answer (or after the question, "
            "if it gets none).",
            "Questions you pass on to the municipality, with your chat id so that the answer "
            "can reach you. They are deleted {n} days after the answer (or after the question, "
            "if it gets none).",
            retention_days,
        ),
    ]
    masked = t(
        lang,
        "Before a question is stored, phone numbers, e-mail addresses, personal codes and "
        "other long numbers in it are replaced by [phone], [e-mail], [personal code] and "
        "[number]. The municipality's staff receive a question you pass on as you wrote it, "
        "so that they can answer it.",
    )
    nothing_else = t(lang, "Nothing else is stored: no names, phone numbers or other messages.")
    delete = t(lang, "To delete everything stored about you, send /forgetme.")
    listed = "\n".join(f"• {point}" for point in points)
    return f"🔒 <b>{title}</b>\n\n{listed}\n\n{masked}\n\n{nothing_else}\n{delete}"


async def privacy_command(update: Update, context: BotContext) -> None:
    """/privacy: what the bot stores about the user and for how long."""
    message = update.effective_message
    if message is None:
        return
    lang = language_of(update, context)
    await reply(message, context, Screen(privacy_text(lang, context.settings.retention_days)))


async def forget_me(update: Update, context: BotContext) -> None:
    """/forgetme: delete everything stored about the user, then confirm."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = language_of(update, context)  # before the language choice is deleted
    handoffs = context.store.handoffs_of(user.id)
    deleted = context.store.forget_user(user.id)
    # What the bot keeps in memory about the user's private chat: the last question and the
    # context of follow-up questions.
    context.application.drop_chat_data(user.id)
    context.engine.contexts.forget(str(user.id))
    for handoff in handoffs:  # the question text leaves the staff chat too
        if handoff.staff_chat_id is not None and handoff.staff_message_id is not None:
            await withdraw(context, handoff.staff_chat_id, handoff.staff_message_id, handoff.id)
    logger.info("A user asked to be forgotten: %d row(s) deleted", deleted)
    done = t(
        lang,
        "Done: I deleted everything stored about you (your language choice and the questions "
        "you passed on to the municipality). The anonymous question statistics cannot be "
        "linked to you.",
    )
    await reply(message, context, Screen(f"🗑 {done}"))


def apply_retention(store: Store, retention_days: int, now: float | None = None) -> Purged:
    """Delete what is older than `retention_days` (the retention job's work)."""
    now = time.time() if now is None else now
    return store.purge(before=now - retention_days * DAY)


async def retention_job(context: BotContext) -> None:
    """The daily job: apply the retention period."""
    await apply_retention_now(context.store, context.settings.retention_days)


async def apply_retention_now(store: Store, retention_days: int) -> None:
    """Apply the retention period (at start and daily), off the event loop; log what went."""
    purged = await asyncio.to_thread(apply_retention, store, retention_days)
    if purged.total:
        logger.info(
            "Retention: deleted %d question(s), %d feedback row(s), %d handoff(s)",
            purged.questions,
            purged.feedback,
            purged.handoffs,
        )
