"""Locale-aware pieces of a reply: flags, CLDR country names, dates with their precision, lists.

Everything returned here is plain text (not escaped); the HTML renderer escapes it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Literal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list

from bot.knowledge.schema import PartialDate
from bot.render.i18n import t, tn
from bot.vocabulary import EU_COUNTRIES as EU_COUNTRIES  # the renderer takes it from here

SUPPORTED_LANGUAGES: tuple[str, ...] = ("lv", "ru", "en")

# The CLDR locale used for each reply language. English could be "en_GB" to get
# "23 September 2011" and lists without the Oxford comma; we keep CLDR's plain "en".
CLDR_LOCALES: dict[str, str] = {"lv": "lv", "ru": "ru", "en": "en"}

# "A month of a year" per language. CLDR's lv skeleton yMMMM gives "2011. gada. marts"
# (a stray period), so the patterns are chosen here: stand-alone month names (LLLL) are
# nominative, as a date on its own needs.
_MONTH_PATTERNS: dict[str, str] = {"en": "LLLL y", "lv": "y. 'gada' LLLL", "ru": "LLLL y 'г'."}


def _lang(lang: str) -> str:
    return lang if lang in SUPPORTED_LANGUAGES else "en"


@functools.cache
def cldr_locale(lang: str) -> Locale:
    """The Babel locale for a reply language (English for an unknown one)."""
    return Locale.parse(CLDR_LOCALES[_lang(lang)])


def flag(code: str) -> str:
    """The flag emoji of an ISO 3166-1 alpha-2 code ("PL" -> 🇵🇱); "" if it is not one."""
    code = code.strip().upper()
    if len(code) != 2 or not all("A" <= ch <= "Z" for ch in code):
        return ""
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code)


def country_name(code: str, lang: str) -> str:
    """The country's name in `lang` from CLDR ("TR" -> "Türkiye", "Turcija", "Турция")."""
    name: str = cldr_locale(lang).territories.get(code.upper(), code)
    return name


def format_date(value: PartialDate, lang: str) -> str:
    """A date as a label, keeping its precision: "2011", "March 2011", "September 23, 2011"."""
    lang = _lang(lang)
    if value.precision == "year":
        return str(value.year)
    pattern = _MONTH_PATTERNS[lang] if value.precision == "month" else "long"
    return babel_format_date(value.as_date(), pattern, locale=cldr_locale(lang))


def _month_in(value: PartialDate, lang: str) -> str:
    """The month's name as "in <month>" needs it: lv locative, ru prepositional."""
    name = babel_format_date(value.as_date(), "LLLL", locale=cldr_locale(lang))
    if lang == "lv":  # janvāris -> janvārī, marts -> martā, maijs -> maijā
        return name[:-2] + "ī" if name.endswith("is") else name[:-1] + "ā"
    if lang == "ru":  # январь -> январе, май -> мае, март -> марте
        return name[:-1] + "е" if name[-1] in "ьй" else name + "е"
    return name


def format_when(value: PartialDate, lang: str) -> str:
    """A date as an adverbial, keeping its precision: "in 2011", "in March 2011", "on ...".

    lv: "2011. gadā", "2011. gada martā", "2011. gada 23. septembrī";
    ru: "в 2011 году", "в марте 2011 года", "23 сентября 2011 года".
    """
    lang = _lang(lang)
    if value.precision == "year":
        return t(lang, "in {year}", year=value.year)
    if value.precision == "month":
        return t(lang, "in {month} {year}", month=_month_in(value, lang), year=value.year)
    locale = cldr_locale(lang)
    if lang == "lv":
        day = babel_format_date(value.as_date(), "y. 'gada' d.", locale=locale)
        date = f"{day} {_month_in(value, lang)}"
    elif lang == "ru":
        date = babel_format_date(value.as_date(), "d MMMM y", locale=locale)
    else:
        date = babel_format_date(value.as_date(), "long", locale=locale)
    return t(lang, "on {date}", date=date)


def format_period(start: PartialDate | None, end: PartialDate | None, lang: str) -> str:
    """A period as a label: "January 16, 2006 – October 31, 2007"; "" when both are unknown."""
    if start is not None and end is not None:
        if start == end:
            return format_date(start, lang)
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    if start is not None:
        return t(lang, "from {start}", start=format_date(start, lang))
    if end is not None:
        return t(lang, "until {end}", end=format_date(end, lang))
    return ""


def join_list(items: Iterable[str], lang: str, style: Literal["and", "or"] = "and") -> str:
    """Items joined as the language does it: "A, B and C" / "A, B un C" / "A, B и C"."""
    values = list(items)
    if not values:
        return ""
    if style == "or":
        return format_list(values, style="or", locale=cldr_locale(lang))
    return format_list(values, style="standard", locale=cldr_locale(lang))


def months_between(days: int) -> int:
    """A length in days as whole months (the nearest), for "1 year 9 months"."""
    return round(days / 30.4375)


def format_duration(days: int, lang: str) -> str:
    """A length as people say it: "5 days", "3 months", "1 year 9 months"."""
    months = months_between(days)
    if months < 1:
        return tn(lang, "{n} day", "{n} days", days)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(tn(lang, "{n} year", "{n} years", years))
    if months:
        parts.append(tn(lang, "{n} month", "{n} months", months))
    return " ".join(parts)


def years_since(start: PartialDate, today: dt.date) -> int:
    """Whole years from `start` to `today` (one less before the anniversary, when known)."""
    years = today.year - start.year
    if start.precision != "year":
        anniversary = (start.month or 1, start.day or 1)
        if (today.month, today.day) < anniversary:
            years -= 1
    return max(years, 0)
