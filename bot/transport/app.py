"""Wiring: build the python-telegram-bot Application and run it (long polling or a webhook).

    app = build_application(settings, kb, store)     # used by run_bot and by the tests
    run_bot(settings, kb, token)                      # what `twinning-bot run` calls

The command menu, the description and the short description are set for each language at
start-up (post_init), from the one list in commands.py. SIGINT and SIGTERM stop the bot
cleanly within a deadline, and a second instance on the same token ends this one with a
clear line (lifecycle.py); the database is closed in post_shutdown. Calls to Telegram are
repeated only when that cannot deliver anything twice (delivery.py), and each user's flood
is cut short as it arrives (flood.py).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
)

from bot.config import ConfigError, Settings
from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.options import engine_options
from bot.store import DataDirNotWritable, Store
from bot.transport import console, handlers, inline, staff, tools
from bot.transport.commands import (
    ADMIN_COMMANDS,
    COMMANDS,
    bot_commands,
    description,
    short_description,
)
from bot.transport.commits import QuestionLog
from bot.transport.context import CONTEXT_TYPES, BotApplication, Services
from bot.transport.delivery import PollingRequest, ResumePoint, SendingRequest
from bot.transport.flood import FloodGuard
from bot.transport.language import telegram_language_codes
from bot.transport.lifecycle import serve
from bot.transport.logs import configure_logging, mask, secret_parts
from bot.transport.menus import AdminMenus
from bot.transport.runtime import ChatMemory, PerChatOrder, start_heartbeat, stop_heartbeat

logger = logging.getLogger(__name__)
# httpx logs every request URL at INFO, and the URL holds the token.
logging.getLogger("httpx").setLevel(logging.WARNING)

ALLOWED_UPDATES = (
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
)
BOOTSTRAP_RETRIES = 3
POLL_TIMEOUT = 10  # seconds a getUpdates long poll waits for news
EXIT_FAILED = 1  # bad settings raise ConfigError: the CLI exits with 2 (lifecycle.py: 0, 2, 3)
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def file_base_url(base_url: str) -> str | None:
    """The file download URL that goes with a Bot API URL ("…/bot" -> "…/file/bot")."""
    stripped = base_url.rstrip("/")
    if stripped.endswith("/bot"):
        return stripped[: -len("/bot")] + "/file/bot"
    return None


def check_base_url(base_url: str | None) -> None:
    """Raise ConfigError unless TELEGRAM_API_BASE_URL looks like http(s)://host/…"""
    if base_url is None:
        return
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            "TELEGRAM_API_BASE_URL must be an http(s) URL such as http://127.0.0.1:8081/bot"
        )


def build_application(
    settings: Settings, kb: KnowledgeBase, store: Store, *, token: str | None = None
) -> BotApplication:
    """The bot, ready to initialize and start: handlers, rate limits, retry policy, services."""
    token = token or settings.require_token()
    flood_guard = FloodGuard(settings.rate_limit_messages, settings.rate_limit_seconds)
    polling = PollingRequest(connection_pool_size=1)
    builder = (
        ApplicationBuilder()
        .token(token)
        .context_types(CONTEXT_TYPES)
        # Repeats a call only when Telegram surely did not do it; sends over wire.py's
        # HTTP/1.1 client (delivery.WireRequest; uploads over aiohttp), 8 connections: more
        # did not answer faster (benchmarks).
        .request(SendingRequest(connection_pool_size=8, pool_timeout=10.0))
        .get_updates_request(polling)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(PerChatOrder(admission=flood_guard))
        .post_init(start_up)
        .post_shutdown(shut_down)
    )
    if settings.api_base_url:
        check_base_url(settings.api_base_url)
        builder = builder.base_url(settings.api_base_url)
        files = file_base_url(settings.api_base_url)
        if files is not None:
            builder = builder.base_file_url(files)
    app: BotApplication = builder.build()
    engine = Engine(kb, engine_options(settings))
    app.bot_data.services = Services(
        engine=engine, store=store, settings=settings, question_log=QuestionLog(store)
    )
    app.bot_data.admin_menus = AdminMenus(console_menu_url(settings))
    app.bot_data.polling = polling
    add_handlers(app)
    add_guards(app, flood_guard)
    return app


def console_menu_url(settings: Settings) -> str | None:
    """The address of the admins' Mini App menu button: the console's, when it is switched on
    and served over HTTPS (Telegram refuses a Web App at any other address)."""
    if settings.console.enabled and settings.console.is_https():
        return settings.console.url()
    return None


def add_guards(app: BotApplication, flood_guard: FloodGuard) -> None:
    """Handlers that see every update before the others: an admin's missing command menu
    (group -3), chat memory expiry (group -2), then the flood guard's "slow down" (group -1)."""
    app.add_handler(TypeHandler(Update, app.bot_data.admin_menus.on_update), group=-3)
    memory = ChatMemory(app.bot_data.services.settings.context_ttl_seconds)
    app.add_handler(TypeHandler(Update, memory.touch), group=-2)
    app.add_handler(TypeHandler(Update, flood_guard.enforce), group=-1)


def add_handlers(app: BotApplication) -> None:
    """Commands from the one list, the staff tools, then questions, buttons, inline queries,
    other messages."""
    for command in COMMANDS:
        app.add_handler(tools.command_handler(command))
    for command in ADMIN_COMMANDS:
        app.add_handler(tools.command_handler(command, admins_only=True))
    for handler in tools.early_handlers(app.bot_data.services.settings):
        app.add_handler(handler)
    app.add_handler(MessageHandler(handlers.QUESTION, handlers.question))
    app.add_handler(MessageHandler(handlers.UNKNOWN_COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(handlers.OTHER_MESSAGE, handlers.other_message))
    app.add_handler(CallbackQueryHandler(handlers.button_pressed))
    app.add_handler(InlineQueryHandler(inline.inline_query))
    app.add_error_handler(handlers.error_handler)


async def start_up(app: BotApplication) -> None:
    """Before the first update: the bot's profile per language, the staff console, the staff
    tools' jobs and menus, then the heartbeat."""
    await publish_profile(app)
    await console.start_console(app)
    await tools.start_tools(app)
    if app.job_queue is not None:  # the admins' monthly list of entries to check
        staff.schedule_check_reminder(app.job_queue, app.bot_data.services.settings.check_reminder)
    app.bot_data.heartbeat = start_heartbeat(app.bot_data.services.settings.data_dir)
    logger.info("The bot @%s is ready", app.bot.username)


async def shut_down(app: BotApplication) -> None:
    """After the last update: stop the heartbeat and the console, close the database."""
    await stop_heartbeat(app.bot_data.heartbeat)
    app.bot_data.heartbeat = None
    await console.stop_console(app)
    app.bot_data.services.store.close()


async def publish_profile(app: BotApplication) -> None:
    """Set the command menu, description and short description for each language."""
    settings = app.bot_data.services.settings
    bot = app.bot
    calls = []
    for code, lang in telegram_language_codes(settings).items():
        language_code = code or None
        municipality = settings.municipality.get(lang) or settings.municipality.get("en", "")
        calls += [
            bot.set_my_commands(bot_commands(lang), language_code=language_code),
            bot.set_my_description(description(lang, municipality), language_code=language_code),
            bot.set_my_short_description(
                short_description(lang, municipality), language_code=language_code
            ),
        ]
    results = await asyncio.gather(*calls, return_exceptions=True)
    failed = [r for r in results if isinstance(r, TelegramError)]
    if failed:  # not fatal: the bot answers without a menu, and the next start sets it
        logger.warning("Could not set the command menu or description: %s", failed[0])


@dataclass(frozen=True)
class WebhookOptions:
    """Where the webhook server listens and what Telegram is told (PTB's run_webhook)."""

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str


def webhook_options(settings: Settings, webhook_url: str, listen: str, port: int) -> WebhookOptions:
    """The webhook settings; the server serves the public URL's path, and every request must
    carry TELEGRAM_WEBHOOK_SECRET (a random secret per start when it is not set)."""
    parts = urlsplit(webhook_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"--webhook-url must be a URL like https://bot.example.lv/telegram, got {webhook_url!r}"
        )
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, got {port}")
    if settings.webhook_secret is not None:
        secret = settings.webhook_secret.get_secret_value()
        if not _SECRET_TOKEN.match(secret):
            raise ConfigError(
                "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters: letters, digits, _ and -"
            )
    else:
        secret = secrets.token_urlsafe(32)
    return WebhookOptions(listen, port, parts.path.strip("/"), webhook_url, secret)


def run_bot(
    settings: Settings,
    kb: KnowledgeBase,
    token: str,
    *,
    webhook_url: str | None = None,
    listen: str = "0.0.0.0",
    port: int = 8443,
) -> int:
    """Run until SIGINT/SIGTERM: long polling, or a webhook when `webhook_url` is given.

    Returns the exit code (0 stopped by a signal, 1 Telegram unreachable at start-up or a
    crash, 2 the token revoked while running, 3 another instance polls with the token); a
    setting Telegram or the system rejects raises ConfigError (the CLI prints its one line
    and exits with 2).
    """
    check_base_url(settings.api_base_url)
    hook = webhook_options(settings, webhook_url, listen, port) if webhook_url else None
    hidden = secret_parts([token, hook.secret_token if hook else None])
    configure_logging([token, hook.secret_token if hook else None])
    try:
        store = Store.in_data_dir(settings.data_dir)
    except DataDirNotWritable as exc:
        raise ConfigError(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(
            f"BOT_DATA_DIR {settings.data_dir}: cannot open the database: {exc}"
        ) from None
    try:
        app = build_application(settings, kb, store, token=token)
        updater = app.updater
        assert updater is not None
        resume = ResumePoint.in_data_dir(settings.data_dir, token)

        async def start_polling(on_error: Callable[[TelegramError], None]) -> object:
            logger.info("Starting with long polling")
            # Past the updates the last run took in (PTB has no public way to say so).
            updater._last_update_id = resume.load()
            return await updater.start_polling(
                timeout=POLL_TIMEOUT,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
                error_callback=on_error,
            )

        async def start_webhook(on_error: Callable[[TelegramError], None]) -> object:
            assert hook is not None
            logger.info(
                "Starting with a webhook on %s:%s/%s", hook.listen, hook.port, hook.url_path
            )
            return await updater.start_webhook(
                listen=hook.listen,
                port=hook.port,
                url_path=hook.url_path,
                webhook_url=hook.webhook_url,
                secret_token=hook.secret_token,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
            )

        code = serve(
            app,
            start_polling if hook is None else start_webhook,
            polling=app.bot_data.polling,
            conflict_grace=settings.conflict_grace_seconds,
        )
        if hook is None:
            resume.save(updater._last_update_id)
    except InvalidToken:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN was rejected by Telegram (Unauthorized): check it with @BotFather"
        ) from None
    except NetworkError as exc:
        where = urlsplit(settings.api_base_url or "https://api.telegram.org").netloc
        sys.stderr.write(
            f"twinning-bot: cannot reach the Telegram Bot API at {where}: "
            f"{mask(str(exc), hidden)}\n"
        )
        return EXIT_FAILED
    except OSError as exc:  # e.g. the webhook port is taken
        sys.stderr.write(f"twinning-bot: cannot listen on {listen}:{port}: {exc}\n")
        return EXIT_FAILED
    except ConfigError:
        raise
    except Exception:  # logged through the secret filter, never as a raw traceback
        logger.exception("The bot stopped on an unexpected error")
        return EXIT_FAILED
    finally:
        store.close()
    logger.info("Stopped (exit code %d)", code)
    return code
