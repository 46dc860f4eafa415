"""Translations: gettext catalogues in bot/locales/<lang>.po, compiled in memory with Babel.

The msgids are the English strings, so English needs no catalogue and is the fallback for
any message a catalogue lacks. Every user-visible string is written in code as a literal
argument of `t()` or `tn()`, so Babel's extractor finds them all:

    pybabel extract -k t:2 -k tn:2,3 --no-default-keywords -o /tmp/messages.pot bot
    pybabel update -i /tmp/messages.pot -d bot/locales -l lv  # then edit bot/locales/lv.po

(tests/test_render.py fails when a msgid lacks a translation or a .po keeps a stale one).
Translations are str.format templates: `{name}` placeholders must match the msgid's.
"""

from __future__ import annotations

import functools
import gettext
import logging
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

logger = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
SOURCE_LANGUAGE = "en"
TRANSLATED_LANGUAGES: tuple[str, ...] = ("lv", "ru")


def po_path(lang: str) -> Path:
    """The catalogue file of a language (it need not exist)."""
    return LOCALES_DIR / f"{lang}.po"


@functools.cache
def load_catalog(lang: str) -> Catalog:
    """The parsed .po catalogue of `lang` (read once)."""
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled translations of `lang`; English (or an unknown language) translates nothing."""
    if lang not in TRANSLATED_LANGUAGES or not po_path(lang).is_file():
        return gettext.NullTranslations()
    buffer = BytesIO()
    write_mo(buffer, load_catalog(lang))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _format(translated: str, fallback: str, values: dict[str, Any]) -> str:
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):
        # A broken translation must not cost the user the answer: say it in English.
        logger.exception("Translation %r does not fit its placeholders", translated)
        return fallback.format(**values)


def t(lang: str, msgid: str, /, **kwargs: Any) -> str:
    """`msgid` translated into `lang` (English if missing), then str.format(**kwargs)."""
    return _format(translations(lang).gettext(msgid), msgid, kwargs)


def tn(lang: str, singular: str, plural: str, n: int, /, **kwargs: Any) -> str:
    """The plural form of the message for `n` in `lang`, formatted with n and kwargs."""
    translated = translations(lang).ngettext(singular, plural, n)
    return _format(translated, singular if n == 1 else plural, {"n": n, **kwargs})
