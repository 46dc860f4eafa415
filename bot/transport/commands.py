"""The one list of commands: the handlers, /help and the command menu are all built from it.

Most commands open a screen (see views.py); /start also greets and follows deep links. The
others (opens=None) run a tool of their own: handing a question to the municipality's staff
and the privacy commands for everyone, and the staff tools, which only the admins
(BOT_ADMIN_IDS) have: they are in neither /help nor the public menu, and for anyone else they
answer like an unknown command (see tools.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import BotCommand

from bot.render import t
from bot.transport.keyboards import Op


@dataclass(frozen=True)
class Command:
    """A bot command: its name, the screen it opens and its description per language."""

    name: str
    opens: Op | None  # None: the command runs its own handler (tools.py)
    describe: Callable[[str], str]  # language -> description (written as t() for Babel)
    private_only: bool = False  # about the user's own chat: ignored in groups


COMMANDS: tuple[Command, ...] = (
    Command("start", Op.MENU, lambda lang: t(lang, "Greeting and main menu")),
    Command("help", Op.HELP, lambda lang: t(lang, "What you can ask me")),
    Command("partners", Op.PARTNERS, lambda lang: t(lang, "Twinning partners")),
    Command("projects", Op.PROJECTS, lambda lang: t(lang, "Joint projects")),
    Command("events", Op.EVENTS, lambda lang: t(lang, "Events")),
    Command("language", Op.LANGUAGES, lambda lang: t(lang, "Choose the language")),
    Command("about", Op.ABOUT, lambda lang: t(lang, "About this bot")),
    Command("ask_staff", None, lambda lang: t(lang, "Ask the municipality"), private_only=True),
    Command("privacy", None, lambda lang: t(lang, "What I store about you")),
    Command("forgetme", None, lambda lang: t(lang, "Delete everything stored about you")),
)

ADMIN_COMMANDS: tuple[Command, ...] = (
    Command("reload", None, lambda lang: t(lang, "Reload the knowledge files"), True),
    Command("kb", None, lambda lang: t(lang, "Get the knowledge files"), True),
    Command(
        "rollback", None, lambda lang: t(lang, "Undo the last change of a knowledge file"), True
    ),
    Command("stats", None, lambda lang: t(lang, "Question statistics"), True),
    Command("console", None, lambda lang: t(lang, "Open the staff console"), True),
)
"""Admin commands work in private chats only (the answers are for the admin alone)."""


def bot_commands(lang: str) -> list[BotCommand]:
    """The command menu in `lang` (for setMyCommands)."""
    return [BotCommand(c.name, c.describe(lang)) for c in COMMANDS]


def admin_bot_commands(lang: str) -> list[BotCommand]:
    """An admin's command menu in `lang`: every command, the staff tools last."""
    return [BotCommand(c.name, c.describe(lang)) for c in (*COMMANDS, *ADMIN_COMMANDS)]


def command_lines(lang: str) -> list[str]:
    """ "/partners — Twinning partners", one line per command (plain text, not escaped)."""
    return [f"/{c.name} — {c.describe(lang)}" for c in COMMANDS]


def description(lang: str, municipality: str) -> str:
    """The bot's description (≤ 512 characters): shown in an empty chat before /start."""
    return t(
        lang,
        "I am the twinning bot of {municipality}. Ask me about its twinning partners and "
        "agreements, cooperation fields, joint projects, events and media, in Latvian, Russian "
        "or English. Everything I say comes from the municipality's page “International "
        "cooperation”.",
        municipality=municipality,
    )


def short_description(lang: str, municipality: str) -> str:
    """The bot's short description (≤ 120 characters): shown on its profile page."""
    return t(
        lang, "Twinning partners and joint projects of {municipality}", municipality=municipality
    )
