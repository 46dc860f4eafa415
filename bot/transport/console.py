"""The staff console on Telegram's side: its server started and stopped with the bot, the
/console command (a one-time login link, and the Mini App button when the console has an
HTTPS address), and the admins' menu button (menus.py sets it with their command menu).

The console itself (bot/console/) knows nothing of Telegram; this module only hands it the
bot's token (for checking Mini App logins), the keeper of the knowledge base and the store.
"""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, WebAppInfo

from bot.config import ConfigError
from bot.console.auth import StaffUser
from bot.console.server import ConsoleServer
from bot.console.workspace import Workspace
from bot.render import t
from bot.transport import handlers, staff
from bot.transport.context import BotApplication, BotContext

logger = logging.getLogger(__name__)


async def start_console(app: BotApplication) -> None:
    """At start-up: the console's server, if the settings switch it on."""
    services = app.bot_data.services
    settings = services.settings
    if not settings.console.enabled:
        return
    keeper = staff.keeper_for(services.engine, settings)
    server = ConsoleServer(settings, app.bot.token, Workspace(keeper, services.store))
    try:
        await server.start()
    except OSError as error:
        raise ConfigError(
            f"console: cannot listen on {settings.console.host}:{settings.console.port}: "
            f"{error.strerror or error}"
        ) from None
    app.bot_data.console = server


async def stop_console(app: BotApplication) -> None:
    server, app.bot_data.console = app.bot_data.console, None
    if server is not None:
        await server.stop()


def console_button(lang: str, url: str) -> InlineKeyboardButton:
    return InlineKeyboardButton("🖥 " + t(lang, "Open the console"), web_app=WebAppInfo(url))


async def console_command(update: Update, context: BotContext) -> None:
    """/console: a one-time login link to the staff console (and its Mini App button)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = handlers.language_of(update, context)
    server = context.bot_data.console
    settings = context.settings.console
    if server is None:
        text = "ℹ️ " + t(
            lang,
            "The staff console is switched off. The operator switches it on with the "
            "setting console.enabled (the README says how).",
        )
        await context.bot.send_message(message.chat_id, text)
        return
    token = server.links.issue(StaffUser(user.id, user.full_name, lang))
    link = server.login_url(token)  # holds the secret: never logged
    head = t(
        lang,
        "Your login link to the staff console. It works once, within 10 minutes; open it in "
        "the browser of your computer:",
    )
    lines = [f"🔐 {head}", "", escape(link)]
    markup = None
    if settings.is_https():
        lines += ["", t(lang, "In Telegram, the button below opens the console directly.")]
        markup = InlineKeyboardMarkup([[console_button(lang, settings.url())]])
    logger.info("Admin %s asked for a console login link", user.id)
    await context.bot.send_message(message.chat_id, "\n".join(lines), reply_markup=markup)
