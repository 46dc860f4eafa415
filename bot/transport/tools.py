"""Wiring of the commands and of the staff, handoff and privacy tools (app.py calls these).

What app.py uses:

    command_handler(command)   the handler of a command of the one list (commands.py)
    early_handlers(settings)   handlers that must see their updates before the generic ones
    start_tools(app)           at start-up: the jobs, and the command menu of each admin
                               known to have a chat with the bot (menus.py)
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.config import Settings
from bot.transport import console, handlers, handoff, privacy, staff, teaching
from bot.transport.commands import Command
from bot.transport.context import BotApplication, BotContext
from bot.transport.handlers import Handler
from bot.transport.keyboards import Op

logger = logging.getLogger(__name__)

TOOL_COMMANDS: dict[str, Handler] = {
    "ask_staff": handoff.ask_staff,
    "privacy": privacy.privacy_command,
    "forgetme": privacy.forget_me,
    "reload": staff.reload_command,
    "kb": staff.send_knowledge,
    "rollback": staff.rollback_command,
    "stats": teaching.stats_command,
    "console": console.console_command,
}
"""The handlers of the commands that open no screen (opens=None in commands.py)."""

RETENTION_INTERVAL = dt.timedelta(days=1)

AnyHandler = BaseHandler[Update, BotContext, Any]


def command_handler(command: Command, *, admins_only: bool = False) -> AnyHandler:
    """A command's handler: its screen or its tool; for admins only if so marked."""
    callback: Handler
    if command.opens is Op.MENU:
        callback = handlers.start
    elif command.opens is not None:
        callback = handlers.open_screen(command.opens)
    else:
        callback = TOOL_COMMANDS[command.name]
    if admins_only:
        callback = staff.admins_only(callback)
    where: filters.BaseFilter = filters.UpdateType.MESSAGE  # an edited command is not run again
    if command.private_only or admins_only:
        where = where & filters.ChatType.PRIVATE
    return CommandHandler(command.name, callback, filters=where)


def early_handlers(settings: Settings) -> list[AnyHandler]:
    """Handlers that come before the questions, other messages and menu buttons: the
    "Ask the municipality" button, staff replies in the staff chat (never read as questions),
    documents in private chats (an admin's knowledge file, or the usual hint), and the /stats
    actions (their buttons, /cancel, an admin's answers to the FAQ form)."""
    early: list[AnyHandler] = [
        CallbackQueryHandler(handoff.button_pressed, pattern=handoff.CALLBACK),
        CallbackQueryHandler(staff.preview_pressed, pattern=staff.PREVIEW_CALLBACK),
        MessageHandler(staff.UPLOAD, staff.upload),
        *teaching.teaching_handlers(settings),
    ]
    if settings.staff_chat_id is not None:
        early.append(
            MessageHandler(handoff.staff_reply_filter(settings.staff_chat_id), handoff.staff_reply)
        )
    return early


async def start_tools(app: BotApplication) -> None:
    """At start-up: watch the knowledge files, apply the retention period now and daily, and
    give each admin known to the store their command menu with the staff tools."""
    services = app.bot_data.services
    settings = services.settings
    staff.keeper_for(services.engine, settings)  # the watcher's baseline: the files as loaded
    jobs = app.job_queue
    if jobs is None:  # PTB without its job-queue extra: no live reload, no retention
        logger.warning("No job queue: knowledge files are not watched, old logs not deleted")
    else:
        jobs.run_repeating(
            staff.watch_knowledge,
            interval=settings.reload_interval_seconds,
            first=settings.reload_interval_seconds,
            name=staff.WATCH_JOB,
        )
        jobs.run_repeating(
            privacy.retention_job,
            interval=RETENTION_INTERVAL,
            first=RETENTION_INTERVAL,  # the first run is the one below, before the first update
            name=privacy.RETENTION_JOB,
        )
    await privacy.apply_retention_now(services.store, settings.retention_days)
    # Only the admins whose chat is known to exist: any other would be "chat not found".
    await app.bot_data.admin_menus.restore(app)
