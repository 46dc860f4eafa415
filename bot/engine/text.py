"""Reading the text: normalisation, folding, transliteration and the phonetic key of a word.

Matching happens on *keys*: folded, transliterated to Latin and simplified so that
Даугавпилс, Daugavpils and daugavpils, or Жагаре, Žagarė and Zhagare, become one string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ё": "е", "đ": "d", "ß": "ss", "æ": "ae"})
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LV_LETTERS = set("āčēģīķļņšūž")

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "c", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "i", "є": "e", "ў": "u", "ґ": "g",
}  # fmt: skip

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
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Casefold and strip diacritics (ā→a, š→s, ö→o, ı→i, ё→е); Cyrillic stays Cyrillic."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # NFKD turns й into и + breve; the breve is gone now, which is what matching wants.
    return text.translate(_SPECIAL)


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (a folded text in, a Latin text out)."""
    if not _CYRILLIC.search(text):
        return text
    return "".join(_TRANSLIT.get(ch, ch) for ch in text)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The phonetic key of one word: Жагарой → zagaroi, Wrzeszcz → vzesc."""
    key = transliterate(fold(word))
    for old, new in _SIMPLIFY:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)  # doubled letters: Ludzza → ludza
    return re.sub(r"[^a-z0-9]", "", key)


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

    @property
    def has_cyrillic(self) -> bool:
        return bool(_CYRILLIC.search(self.raw))

    @property
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
        raw = m.group().replace("’", "'")
        raw = raw.split("'")[0] if "'" in raw else raw  # partner's → partner
        key = word_key(raw)
        if key:
            starts = not out or any(ch in ".!?" for ch in text[last_end : m.start()])
            out.append(Token(raw, fold(raw), key, len(out), starts))
        last_end = m.end()
    return out


def phrase_keys(text: str) -> tuple[str, ...]:
    """The keys of the words of a name or keyword phrase."""
    return tuple(t.key for t in tokenize(clean(text)))
