"""The admins' command menus (the public menu plus the staff tools), set only where Telegram
accepts them.

A menu for one chat (`BotCommandScopeChat`) needs a chat that exists: for an admin who has
never written to the bot, Telegram answers `400 Bad Request: chat not found`. So the menu is
set when an admin's message arrives in their private chat (the first one, and again when
their language changed), and the store remembers that the chat exists; at each start the
admins the store knows get their menu again, nobody else is tried. A former admin (no longer
in BOT_ADMIN_IDS) loses the staff menu at the next start.

When the staff console has an HTTPS address, the same admins get a menu button that opens it
as a Mini App (setChatMenuButton, chat-scoped like the menu, so under the same rule).
"""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommandScopeChat,
    MenuButtonDefault,
    MenuButtonWebApp,
    Update,
    WebAppInfo,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.render import t
from bot.store import Store
from bot.transport import staff
from bot.transport.commands import admin_bot_commands
from bot.transport.context import BotApplication, BotContext

logger = logging.getLogger(__name__)


class AdminMenus:
    """Which admins have their menu, in which language (this run); sets the missing ones."""

    def __init__(self, console_url: str | None = None) -> None:
        self.shown: dict[int, str] = {}  # admin -> language of the menu set in this run
        self.console_url = console_url  # the Mini App of the menu button (None: no button)

    async def restore(self, app: BotApplication) -> None:
        """At start-up: the menu of each admin the store knows; former admins lose theirs."""
        services = app.bot_data.services
        store, settings = services.store, services.settings
        for user_id in sorted(store.admin_menus()):
            if user_id not in settings.admin_ids:
                await self._remove(app, user_id)
                continue
            lang = staff.admin_language(user_id, store, settings)
            await self._set(app.bot, store, user_id, lang)

    async def on_update(self, update: Update, context: BotContext) -> None:
        """Every update: an admin writing in their private chat gets the menu if missing."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or chat.type != ChatType.PRIVATE or chat.id != user.id:
            return
        settings = context.settings
        if user.id not in settings.admin_ids:
            return
        lang = staff.admin_language(user.id, context.store, settings)
        if self.shown.get(user.id) != lang:
            await self._set(context.bot, context.store, user.id, lang)

    async def _set(self, bot: Bot, store: Store, user_id: int, lang: str) -> None:
        try:
            await bot.set_my_commands(admin_bot_commands(lang), scope=BotCommandScopeChat(user_id))
            if self.console_url is not None:
                button = MenuButtonWebApp(t(lang, "Console"), WebAppInfo(self.console_url))
                await bot.set_chat_menu_button(chat_id=user_id, menu_button=button)
        except (BadRequest, Forbidden) as error:  # the chat is gone (deleted, bot blocked)
            logger.info("The command menu of admin %s was refused: %s", user_id, error)
            store.forget_admin_menu(user_id)
            self.shown.pop(user_id, None)
            return
        except TelegramError as error:  # the network: the next message or start tries again
            logger.warning("Could not set the command menu of admin %s: %s", user_id, error)
            return
        self.shown[user_id] = lang
        store.set_admin_menu(user_id, lang)

    async def _remove(self, app: BotApplication, user_id: int) -> None:
        try:
            await app.bot.delete_my_commands(scope=BotCommandScopeChat(user_id))
            if self.console_url is not None:
                await app.bot.set_chat_menu_button(chat_id=user_id, menu_button=MenuButtonDefault())
        except TelegramError as error:
            logger.info("Could not remove the menu of former admin %s: %s", user_id, error)
            if not isinstance(error, BadRequest | Forbidden):
                return  # try again at the next start
        app.bot_data.services.store.forget_admin_menu(user_id)
