"""A long message's question: the sentences that ask something.

People write long, polite messages with the question in the middle ("Good afternoon, my
grandson set up this phone for me. I worked at a school once. Tell me, please, since when do
we have the agreement with the Norwegian town? Thank you, and good health to you all."). The
words around the question - a pension, a library, a phone, "I don't know" - are not what is
asked, and read as cues they decline or filter the answer. So in a message of several
sentences and at least `MIN_WORDS` words, what is asked is read from the sentences that ask:
those that end with a question mark, open with a question word, or make a request ("tell
me", "pastāstiet", "подскажите", "I would like to know"); what they ask about may be named
in the others ("... a project with the Lithuanians. When did it start?"). Never imports
telegram.
"""

from __future__ import annotations

import re

from bot.engine.lexicon import QUESTION_WORDS, REQUESTS
from bot.engine.text import clean, fold

MIN_WORDS = 10  # shorter messages are read whole

_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+")
_OPENERS = frozenset(fold(w) for words in QUESTION_WORDS.values() for w in words.split())
_REQUESTS = tuple(
    tuple(fold(w) for w in phrase.split("_"))
    for words in REQUESTS.values()
    for phrase in words.split()
)


def sentences(text: str) -> list[tuple[str, bool]] | None:
    """The sentences of a long message, each with whether it asks; None when the message is
    short, is one sentence, asks in every sentence, or asks in none (read it whole)."""
    text = clean(text)
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    found = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    if len(found) < 2:
        return None
    marked = [(s, asks(s)) for s in found]
    asking = sum(asks for _, asks in marked)
    return marked if 0 < asking < len(marked) else None


def asks_in(text: str) -> bool:
    """One of the sentences of `text` asks."""
    return any(asks(s) for s in _SENTENCE.split(clean(text)) if s.strip())


def asks(sentence: str) -> bool:
    """The sentence asks: a question mark at its end, a question word first, a request."""
    if sentence.rstrip().endswith("?"):
        return True
    words = [fold(w) for w in _WORD.findall(sentence)]
    if words and words[0] in _OPENERS:
        return True
    return any(_has_phrase(words, phrase) for phrase in _REQUESTS)


def _has_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    """The phrase's words in a row; a word ending in * is a prefix."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if all(
            w.startswith(p[:-1]) if p.endswith("*") else w == p
            for w, p in zip(words[i : i + n], phrase, strict=True)
        ):
            return True
    return False
