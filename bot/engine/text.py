"""Reading the text: normalisation, folding, transliteration and the phonetic key of a word.

Matching happens on *keys*: folded, transliterated to Latin and simplified so that
Даугавпилс, Daugavpils and daugavpils, or Жагаре, Žagarė and Zhagare, become one string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ё": "е", "đ": "d", "ß": "ss", "æ": "ae"})
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LV_LETTERS = set("āčēģīķļņšūž")
_SENTENCE_END = re.compile(r"[.!?]")
# Combining marks of the Basic Multilingual Plane, for str.translate (one C pass instead of
# a Python loop over the letters); the few outside it are removed one by one.
_COMBINING = {c: None for c in range(0x10000) if unicodedata.combining(chr(c))}

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "c", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "i", "є": "e", "ў": "u", "ґ": "g",
}  # fmt: skip

_TRANSLIT_TABLE = str.maketrans(_TRANSLIT)
_DOUBLED = re.compile(r"(.)\1+")
_NOT_KEY = re.compile(r"[^a-z0-9]")


def _first_letter(match: re.Match[str]) -> str:
    return match.group(1)


# Applied in order to a transliterated, folded word: spellings of the same sound meet.
_SIMPLIFY = (
    ("shch", "s"), ("sch", "s"), ("sh", "s"), ("zh", "z"), ("ch", "c"), ("kh", "h"),
    ("rz", "z"), ("sz", "s"), ("cz", "c"), ("ph", "f"), ("w", "v"),
    ("x", "ks"), ("q", "k"), ("y", "i"), ("j", "i"), ("ck", "k"),
)  # fmt: skip


def clean(text: str) -> str:
    """NFKC, without invisible and control characters, with single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


# Names and words are folded again and again (the vocabulary, the name index, suggestions).
@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Casefold and strip diacritics (ā→a, š→s, ö→o, ı→i, ё→е); Cyrillic stays Cyrillic."""
    if text.isascii():
        return text.casefold()  # nothing to decompose, strip or map
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    text = text.translate(_COMBINING)
    if not text.isascii() and max(text) > "\uffff":
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # NFKD turns й into и + breve; the breve is gone now, which is what matching wants.
    return text.translate(_SPECIAL)


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (a folded text in, a Latin text out)."""
    if not _CYRILLIC.search(text):
        return text
    return text.translate(_TRANSLIT_TABLE)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The phonetic key of one word: Жагарой → zagaroi, Wrzeszcz → vzesc."""
    key = transliterate(fold(word))
    for old, new in _SIMPLIFY:
        key = key.replace(old, new)
    if _DOUBLED.search(key):
        key = _DOUBLED.sub(_first_letter, key)  # doubled letters: Ludzza → ludza
    return _NOT_KEY.sub("", key)


@dataclass(frozen=True)
class Token:
    """A word of the question: as typed, folded, and its matching key."""

    raw: str
    folded: str
    key: str
    position: int
    starts_sentence: bool = False  # first word, or after . ! ?

    @property
    def is_number(self) -> bool:
        return self.raw.isdigit()

    # Asked once per word and matched target while a question is read: computed once.
    @cached_property
    def has_cyrillic(self) -> bool:
        return bool(_CYRILLIC.search(self.raw))

    @cached_property
    def has_latvian_letters(self) -> bool:
        return any(ch in _LV_LETTERS for ch in self.raw.casefold())

    @property
    def capitalised(self) -> bool:
        return self.raw[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """Split a cleaned text into words (letters and digits; emoji and punctuation dropped)."""
    out: list[Token] = []
    last_end = 0
    for m in _WORD.finditer(text):
        raw = m.group()
        if "'" in raw or "’" in raw:
            raw = raw.replace("’", "'").split("'")[0]  # partner's → partner
        key = word_key(raw)
        if key:
            starts = not out or _SENTENCE_END.search(text, last_end, m.start()) is not None
            out.append(Token(raw, fold(raw), key, len(out), starts))
        last_end = m.end()
    return out


def text_keys(text: str) -> tuple[str, ...]:
    """The keys of the words of a text: the keys of `tokenize(clean(text))`, without
    building the tokens (knowledge-base texts are read in bulk when the engine is built)."""
    keys = []
    for raw in _WORD.findall(clean(text)):
        if "'" in raw or "’" in raw:
            raw = raw.replace("’", "'").split("'")[0]
        key = word_key(raw)
        if key:
            keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=1 << 16)
def phrase_keys(text: str) -> tuple[str, ...]:
    """The keys of the words of a name or keyword phrase (names and keywords repeat)."""
    return text_keys(text)
