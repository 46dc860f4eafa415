"""The typo index finds exactly what a full rapidfuzz scan finds, only without scoring every
word: the same words, the same scores, ties broken the same way (alphabetically)."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bot.engine.index import TypoIndex

LETTERS = "abcdeiklmnoprstuvz"


def full_scan(key: str, words: list[str], cutoff: float, limit: int) -> list[tuple[str, float]]:
    """What the vocabulary did before the index: every word scored."""
    found = process.extract(key, sorted(words), scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    return [(word, float(score)) for word, score, _ in found]


def _typo(word: str, rng: random.Random, edits: int) -> str:
    letters = list(word)
    for _ in range(edits):
        at = rng.randrange(len(letters) + 1)
        action = rng.random()
        if action < 0.33 or at == len(letters):
            letters.insert(at, rng.choice(LETTERS))
        elif action < 0.66:
            letters[at] = rng.choice(LETTERS)
        elif len(letters) > 1:
            del letters[at]
    return "".join(letters)


@pytest.mark.parametrize("cutoff", [82.0, 70.0, 90.0])
def test_the_index_finds_what_a_full_scan_finds(cutoff: float) -> None:
    rng = random.Random(11)
    syllables = ["ka", "ro", "ni", "mas", "tel", "vi", "ze", "gor", "an", "ie", "sk", "u"]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 7))) for _ in range(3000)})
    words = [w for w in words if len(w) >= 5]
    index = TypoIndex(words, cutoff)
    keys = [_typo(rng.choice(words), rng, rng.randint(0, 4)) for _ in range(400)]
    keys += ["".join(rng.choices(LETTERS, k=rng.randint(5, 14))) for _ in range(100)]
    for key in keys:
        assert index.best(key, limit=8) == full_scan(key, words, cutoff, 8), key


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(alphabet="abcde", min_size=5, max_size=12), min_size=1, max_size=40),
    key=st.text(alphabet="abcde", min_size=5, max_size=14),
)
def test_no_word_within_the_cutoff_is_missed(words: list[str], key: str) -> None:
    words = sorted(set(words))
    index = TypoIndex(words, 82.0)
    assert index.best(key, limit=len(words)) == full_scan(key, words, 82.0, len(words))


def test_an_exact_word_and_ties_come_in_alphabetical_order() -> None:
    index = TypoIndex(["zgierz", "zgiers", "zgierk", "abcdef"], 82.0)
    best = index.best("zgierx", limit=2)
    assert [w for w, _ in best] == ["zgierk", "zgiers"]
    assert index.best("zgierz", limit=1) == [("zgierz", 100.0)]
    assert index.best(string.digits, limit=3) == []
