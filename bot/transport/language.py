"""Which language to answer a user in: their stored choice, else Telegram's, else the default.

Telegram's `language_code` decides on first contact: lv -> Latvian; ru, uk, be -> Russian;
en -> English; anything else -> the configured default. A choice made with /language is
stored in SQLite and wins from then on. (Free-text answers may still come in the language a
question was written in: the engine detects it per message.)
"""

from __future__ import annotations

from telegram import User

from bot.config import Settings
from bot.render import t
from bot.store import Store

TELEGRAM_LANGUAGES = {"lv": "lv", "ru": "ru", "uk": "ru", "be": "ru", "en": "en"}


def from_language_code(code: str | None, settings: Settings) -> str:
    """The bot language for a Telegram language_code ("ru", "en-US", "pt-br", ...)."""
    primary = (code or "").split("-")[0].split("_")[0].lower()
    lang = TELEGRAM_LANGUAGES.get(primary)
    return lang if lang in settings.languages else settings.default_language


def user_language(user: User | None, store: Store, settings: Settings) -> str:
    """The language to talk to `user` in (the default when the update has no user)."""
    if user is None:
        return settings.default_language
    chosen = store.language(user.id)
    if chosen is not None and chosen in settings.languages:
        return chosen
    return from_language_code(user.language_code, settings)


def language_name(lang: str) -> str:
    """A language's name in itself: "Latviešu", "Русский", "English".

    The msgid "English" is translated in each catalogue as that language's own name, so a
    user who cannot read the current language still finds theirs.
    """
    return t(lang, "English")


def telegram_language_codes(settings: Settings) -> dict[str, str]:
    """Telegram language_code -> bot language, for per-language command menus and
    descriptions; "" is the default for every other language."""
    codes = {code: lang for code, lang in TELEGRAM_LANGUAGES.items() if lang in settings.languages}
    return {**codes, "": settings.default_language}
