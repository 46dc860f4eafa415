"""Reading the text: normalisation, folding, transliteration and the phonetic key of a word.

Matching happens on *keys*: folded, transliterated to Latin and simplified so that
Даугавпилс, Daugavpils and daugavpils, or Жагаре, Žagarė and Zhagare, become one string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ё": "е", "đ": "d", "ß": "ss", "æ": "ae"})
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LV_LETTERS = set("āčēģīķļņšūž")
_SENTENCE_END = re.compile(r"[.!?]")
_SPECIAL_PAIRS = tuple((chr(c), str(r)) for c, r in _SPECIAL.items())
_SPECIAL_LETTERS = re.compile("[" + "".join(chr(c) for c in _SPECIAL) + "]")


def _combining_marks() -> re.Pattern[str]:
    """Runs of combining marks of the Basic Multilingual Plane (one C pass removes them,
    instead of a Python loop over the letters); the few outside it are removed one by one."""
    ranges: list[str] = []
    start = -1
    for c in range(0x10001):
        mark = c < 0x10000 and unicodedata.combining(chr(c)) != 0
        if mark and start < 0:
            start = c
        elif not mark and start >= 0:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(c - 1))}")
            start = -1
    return re.compile("[" + "".join(ranges) + "]+")


_COMBINING = _combining_marks()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # beyond the Basic Multilingual Plane

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "c", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "i", "є": "e", "ў": "u", "ґ": "g",
}  # fmt: skip

_TRANSLIT_PAIRS = tuple(_TRANSLIT.items())
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


def _special(text: str) -> str:
    """ı→i, ł→l, ø→o, ... (`str.translate(_SPECIAL)`, but a replace per letter present is
    a fast scan each, and most texts have none)."""
    if _SPECIAL_LETTERS.search(text):
        for letter, replacement in _SPECIAL_PAIRS:
            if letter in text:
                text = text.replace(letter, replacement)
    return text


def _fold(text: str) -> str:
    if text.isascii():
        return text.casefold()  # nothing to decompose, strip or map
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", _special(text.casefold())))
    if not text.isascii() and _ASTRAL.search(text):
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # NFKD turns й into и + breve; the breve is gone now, which is what matching wants.
    return _special(text)


# The words of questions repeat: their folds and keys are kept for a while. (Building the
# engine's tables folds every name of the knowledge base once, through `Keys`, not these.)
@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Casefold and strip diacritics (ā→a, š→s, ö→o, ı→i, ё→е); Cyrillic stays Cyrillic."""
    return _fold(text)


def fold_all(texts: list[str]) -> list[str]:
    """`[fold(t) for t in texts]`, many texts at once (a knowledge base's names)."""
    return _letterwise(texts, _fold)


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (a folded text in, a Latin text out)."""
    if not _CYRILLIC.search(text):
        return text
    # A replace per letter present: each a fast scan, where str.translate looks every
    # letter up in a dict (4 times slower on a knowledge base's words). No replacement
    # holds a Cyrillic letter, so the order does not matter.
    for letter, latin in _TRANSLIT_PAIRS:
        if letter in text:
            text = text.replace(letter, latin)
    return text


def _simplified(folded: str) -> str:
    key = transliterate(folded)
    for old, new in _SIMPLIFY:
        key = key.replace(old, new)
    if _DOUBLED.search(key):
        key = _DOUBLED.sub(_first_letter, key)  # doubled letters: Ludzza → ludza
    return key


def _key(folded: str) -> str:
    key = _simplified(folded)
    latin = _NOT_KEY.sub("", key)
    if latin or key.isascii():
        return latin
    # Another script (Greek, Georgian, Armenian, Korean, Japanese...): the folded letters
    # themselves, so that a name typed in its own script still finds its entry.
    return "".join(ch for ch in key if ch.isalnum())


@lru_cache(maxsize=4096)
def word_key(word: str) -> str:
    """The phonetic key of one word: Жагарой → zagaroi, Wrzeszcz → vzesc."""
    return _key(fold(word))


@dataclass(frozen=True)
class Token:
    """A word of the question: as typed, folded, and its matching key."""

    raw: str
    folded: str
    key: str
    position: int
    starts_sentence: bool = False  # first word, or after . ! ?
    # Asked once per word and matched target while a question is read: known from the start
    # (a cached property's first read cost more than working them out).
    has_cyrillic: bool = field(init=False)
    has_latvian_letters: bool = field(init=False)

    def __post_init__(self) -> None:
        raw = self.raw
        ascii_only = raw.isascii()
        object.__setattr__(self, "has_cyrillic", not ascii_only and bool(_CYRILLIC.search(raw)))
        latvian = not ascii_only and any(ch in _LV_LETTERS for ch in raw.casefold())
        object.__setattr__(self, "has_latvian_letters", latvian)

    @property
    def is_number(self) -> bool:
        return self.raw.isdigit()

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


def _cut(word: str) -> str:
    """A word as `tokenize` reads it: what follows an apostrophe dropped (partner's)."""
    return word.replace("’", "'").split("'")[0] if "'" in word or "’" in word else word


def _raw_words(cleaned: str) -> list[str]:
    """The words of a cleaned text as `tokenize` reads them."""
    words = _WORD.findall(cleaned)
    return [_cut(w) for w in words] if "'" in cleaned or "’" in cleaned else words


def text_keys(text: str) -> tuple[str, ...]:
    """The keys of the words of a text: the keys of `tokenize(clean(text))`, without
    building the tokens."""
    return tuple(key for key in map(word_key, _raw_words(clean(text))) if key)


@lru_cache(maxsize=4096)
def phrase_keys(text: str) -> tuple[str, ...]:
    """The keys of the words of a name or keyword phrase (names and keywords repeat)."""
    return text_keys(text)


def _letterwise(texts: list[str], step: Callable[[str], str]) -> list[str]:
    """`[step(t) for t in texts]`, in one call of `step` over the texts joined by line
    breaks where that is the same: `step` works letter by letter (or on runs of letters that
    a line break parts) and the texts hold no line break and no letter beyond the Basic
    Multilingual Plane (`_fold` goes through those one by one)."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or _ASTRAL.search(joined):
        return [step(t) for t in texts]
    done = step(joined).split("\n")
    return done if len(done) == len(texts) else [step(t) for t in texts]


_AT_ONCE = 2000  # texts read as one by Keys
_WORD_OR_BREAK = re.compile(_WORD.pattern + r"|\n")
_SPACES = re.compile(r"[^\S\n]+")  # whitespace but line breaks
_LINE_ENDS = re.compile(r" ?\n ?")
_NOT_KEY_LINES = re.compile(r"[^a-z0-9\n]")


def _keys_of(folded: list[str]) -> list[str]:
    """`[_key(f) for f in folded]`, each step one pass over all of them (none joins or
    removes a line break)."""
    simplified = _letterwise(folded, _simplified)
    latin = _letterwise(simplified, lambda text: _NOT_KEY_LINES.sub("", text))
    pairs = zip(latin, simplified, folded, strict=True)
    return [a if a or s.isascii() else _key(f) for a, s, f in pairs]


def _nfkc_visible(text: str) -> str:
    """The letter-by-letter part of `clean`: NFKC, without invisible characters."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


class Keys:
    """Folds and keys of a whole knowledge base's names and texts, for building the engine's
    tables: memos that live as long as one build (a name is read by the vocabulary, the
    name index and the suggestions alike, and is folded once), while the module's caches
    stay small: they serve the words of questions. `learn` and `learn_folds` read many
    texts at once, each step one pass over all of them (`_letterwise`); the answers are
    those of `phrase_keys`, `word_key` and `fold(clean(...))` one by one."""

    def __init__(self) -> None:
        self._words: dict[str, str] = {}
        self._phrases: dict[str, tuple[str, ...]] = {}
        self._folds: dict[str, str] = {}
        self._same: dict[str, str] = {}

    def learn(self, phrases: Iterable[str]) -> None:
        """Read the keys of many phrases at once (a few thousand at a time: the words of
        all of them at once would take as much memory again as their keys)."""
        todo = [p for p in dict.fromkeys(phrases) if p not in self._phrases]
        for start in range(0, len(todo), _AT_ONCE):
            self._learn_phrases(todo[start : start + _AT_ONCE])

    def _learn_phrases(self, todo: list[str]) -> None:
        for phrase in (p for p in todo if "\n" in p):  # a line break of its own: alone
            self._phrases[phrase] = tuple(k for k in map(self.word, _raw_words(clean(phrase))) if k)
        todo = [p for p in todo if "\n" not in p]
        if not todo:
            return
        # The words of all phrases and the breaks between them, in one pass. (`clean`'s
        # other steps, a control character to a space and single spaces, change no word:
        # neither is ever part of one.)
        text = _nfkc_visible("\n".join(todo))
        tokens = _WORD_OR_BREAK.findall(text)
        unique = set(tokens)
        unique.discard("\n")
        if "'" in text or "’" in text:
            raw = {t: _cut(t) for t in unique}
            self._learn_words(set(raw.values()))
            key_of = {t: self._words[r] for t, r in raw.items()}
        else:
            self._learn_words(unique)
            key_of = {t: self._words[t] for t in unique}
        key_of["\n"] = "\n"
        # The keys' own strings, parted at the line breaks between the phrases (an empty
        # key, of a word with no letter that keys, is no word of the phrase).
        keys = list(map(key_of.__getitem__, tokens))
        if keys.count("\n") != len(todo) - 1:  # pragma: no cover - NFKC made a line break
            for phrase in todo:
                self._phrases[phrase] = tuple(
                    k for k in map(self.word, _raw_words(clean(phrase))) if k
                )
            return
        phrases = self._phrases
        start = 0
        for phrase in todo[:-1]:
            stop = keys.index("\n", start)
            phrases[phrase] = tuple(filter(None, keys[start:stop]))
            start = stop + 1
        phrases[todo[-1]] = tuple(filter(None, keys[start:]))

    def _learn_words(self, raws: Iterable[str]) -> None:
        todo = [w for w in raws if w not in self._words]
        if todo:
            # One string per key: words that differ (Rīga, riga, Riga) share their key.
            same = self._same
            keys = [same.setdefault(k, k) for k in _keys_of(_letterwise(todo, _fold))]
            self._words.update(zip(todo, keys, strict=True))

    def learn_folds(self, texts: Iterable[str]) -> None:
        """Read `fold(clean(text))` of many texts at once."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._folds]
        alone = [t for t in todo if "\n" in t or not t.isprintable()]
        self._folds.update((t, _fold(clean(t))) for t in alone)
        todo = [t for t in todo if "\n" not in t and t.isprintable()]
        if not todo:
            return
        joined = _nfkc_visible("\n".join(todo))
        if not joined.replace("\n", " ").isprintable():  # NFKC made a control character
            self._folds.update((t, _fold(clean(t))) for t in todo)
            return
        # Single spaces, none at either end of a line: `" ".join(text.split())` by line.
        spaced = _LINE_ENDS.sub("\n", _SPACES.sub(" ", joined)).strip(" ")
        self._folds.update(zip(todo, _letterwise(spaced.split("\n"), _fold), strict=True))

    def forget_phrases(self) -> None:
        """Drop the phrases' keys (the words' stay): their one reader is done."""
        self._phrases = {}

    def word(self, raw: str) -> str:
        """`word_key(raw)`."""
        key = self._words.get(raw)
        if key is None:
            key = _key(_fold(raw))
            key = self._words[raw] = self._same.setdefault(key, key)
        return key

    def phrases(self, texts: list[str]) -> list[tuple[str, ...]]:
        """`[phrase_keys(t) for t in texts]`, read at once."""
        self.learn(texts)
        return list(map(self._phrases.__getitem__, texts))

    def phrase(self, text: str) -> tuple[str, ...]:
        """`phrase_keys(text)`."""
        keys = self._phrases.get(text)
        if keys is None:
            self.learn((text,))
            keys = self._phrases[text]
        return keys

    def fold(self, text: str) -> str:
        """`fold(clean(text))`."""
        folded = self._folds.get(text)
        if folded is None:
            folded = self._folds[text] = _fold(clean(text))
        return folded

    def of_texts(self, texts: Iterable[str]) -> set[str]:
        """The keys of every word of `texts`, a few thousand read as one text at a time:
        NFKC and the invisible characters work letter by letter and a line break parts
        words, so the words are those of each text."""
        found: set[str] = set()
        texts = list(texts)
        for start in range(0, len(texts), _AT_ONCE):
            cleaned = _nfkc_visible("\n".join(texts[start : start + _AT_ONCE]))
            words = set(_WORD.findall(cleaned))  # each word cut once, not each time it occurs
            if "'" in cleaned or "’" in cleaned:
                words = set(map(_cut, words))
            self._learn_words(words)
            found.update(map(self._words.__getitem__, words))
        found.discard("")
        return found
