"""The typed CallbackContext every handler receives (PTB's contexttypesbot.py pattern).

Handlers read `context.engine`, `context.store` and `context.settings` instead of casting
`context.bot_data["..."]` in every function.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.config import Settings
from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.store import Store

if TYPE_CHECKING:
    from bot.console.server import ConsoleServer
    from bot.transport.commits import QuestionLog
    from bot.transport.delivery import PollingRequest
    from bot.transport.menus import AdminMenus


@dataclass(frozen=True)
class Services:
    """What the handlers need: the question engine, the database and the settings; the
    question log commits the store's questions in groups (commits.py)."""

    engine: Engine
    store: Store
    settings: Settings
    question_log: QuestionLog


class BotData:
    """The application-wide data (PTB creates it empty; build_application fills it in)."""

    services: Services
    admin_menus: AdminMenus
    polling: PollingRequest  # the getUpdates connection (lifecycle.py halts it on leaving)
    heartbeat: asyncio.Task[None] | None = None
    console: ConsoleServer | None = None  # the staff console's server, when it is switched on


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with typed access to the bot's services."""

    @property
    def engine(self) -> Engine:
        return self.bot_data.services.engine

    @property
    def store(self) -> Store:
        return self.bot_data.services.store

    @property
    def settings(self) -> Settings:
        return self.bot_data.services.settings

    @property
    def question_log(self) -> QuestionLog:
        return self.bot_data.services.question_log

    @property
    def kb(self) -> KnowledgeBase:
        """The engine's current knowledge base snapshot."""
        return self.bot_data.services.engine.kb


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)

BotApplication = Application[ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
