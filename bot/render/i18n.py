"""Translations: gettext catalogues in bot/locales/<lang>.po, compiled in memory with Babel.

The msgids are the English strings, so English needs no catalogue and is the fallback for
any message a catalogue lacks. Every user-visible string is written in code as a literal
argument of `t()` or `tn()`, so Babel's extractor finds them all:

    pybabel extract -k t:2 -k tn:2,3 -k N_:1 -k Nn_:1,2 --no-default-keywords \
        -o /tmp/messages.pot bot
    pybabel update -i /tmp/messages.pot -d bot/locales -l lv  # then edit bot/locales/lv.po

(tests/test_render.py fails when a msgid lacks a translation or a .po keeps a stale one).
Translations are str.format templates: `{name}` placeholders must match the msgid's.

A message chosen at run time from a table (one sentence per kind of event, say) is marked
where it is written with `N_("...")` or `Nn_("...", "...")`, which return it unchanged, and
translated where it is used with `t(lang, msgid)` / `tn(lang, *pair, n)`.

`recording_missing()` collects every message looked up in a translated language that its
catalogue lacks (the tests render everything inside it and fail on any miss).
"""

from __future__ import annotations

import functools
import gettext
import logging
from collections.abc import Iterator
from contextlib import contextmanager
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
    with po_path(lang).open("rb") as handle:  # (the parsed catalogue is not kept)
        write_mo(buffer, read_po(handle, locale=lang))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def known_ids(lang: str) -> frozenset[str]:
    """The singular msgids the catalogue of `lang` translates (empty for English)."""
    if lang not in TRANSLATED_LANGUAGES or not po_path(lang).is_file():
        return frozenset()
    found = set()
    for message in load_catalog(lang):
        if not message.id or message.fuzzy or not message.string:
            continue
        found.add(message.id if isinstance(message.id, str) else message.id[0])
    return frozenset(found)


_recorders: list[set[tuple[str, str]]] = []


@contextmanager
def recording_missing() -> Iterator[set[tuple[str, str]]]:
    """Within the block, (lang, msgid) of every lookup a translated catalogue lacks."""
    missing: set[tuple[str, str]] = set()
    _recorders.append(missing)
    try:
        yield missing
    finally:
        _recorders.remove(missing)


def _check(lang: str, msgid: str) -> None:
    if _recorders and lang in TRANSLATED_LANGUAGES and msgid not in known_ids(lang):
        for missing in _recorders:
            missing.add((lang, msgid))


def N_(msgid: str) -> str:
    """Marks `msgid` for the catalogue; translate it where it is used with t()."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural message for the catalogue; translate it with tn(lang, *pair, n)."""
    return singular, plural


def _format(translated: str, fallback: str, values: dict[str, Any]) -> str:
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):
        # A broken translation must not cost the user the answer: say it in English.
        logger.exception("Translation %r does not fit its placeholders", translated)
        return fallback.format(**values)


def t(lang: str, msgid: str, /, **kwargs: Any) -> str:
    """`msgid` translated into `lang` (English if missing), then str.format(**kwargs)."""
    _check(lang, msgid)
    return _format(translations(lang).gettext(msgid), msgid, kwargs)


def tn(lang: str, singular: str, plural: str, n: int, /, **kwargs: Any) -> str:
    """The plural form of the message for `n` in `lang`, formatted with n and kwargs."""
    _check(lang, singular)
    translated = translations(lang).ngettext(singular, plural, n)
    return _format(translated, singular if n == 1 else plural, {"n": n, **kwargs})
