"""Precomputed vocabulary of names, aliases, keywords and cue words, and fuzzy lookup in it.

Built once per knowledge-base version. Every entry is a *term*: the keys of its words and
the targets it points to (a partner, a country, a cue such as "prolonged"). A question is
matched word by word: exact key, inflected form (a shared stem with a different ending),
then rapidfuzz for typos; multi-word terms must match consecutive words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.engine.text import Token, phrase_keys


@dataclass(frozen=True)
class Target:
    """What a term stands for: kind (partner, country, cue, ...), id, and its language."""

    kind: str
    id: str
    lang: str | None = None
    weight: float = 1.0


@dataclass
class Term:
    words: tuple[str, ...]
    prefix: bool = False  # the last word matches any word starting with it
    exact: bool = False  # no typo tolerance (out-of-scope words, stopwords)
    inflect: bool = False  # with exact: endings allowed all the same (Германия ~ Германии)
    targets: list[Target] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    """A term found in the question at tokens [start, end) with a score of 0-100."""

    term: Term
    start: int
    end: int
    score: float

    @property
    def span(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Thresholds:
    fuzzy: float = 82.0  # typo tolerance for words of 5 letters or more
    short: float = 90.0  # for 4-letter words


class Vocabulary:
    """All terms, indexed for fast matching of question words."""

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds or Thresholds()
        self._terms: dict[tuple[tuple[str, ...], bool, bool], Term] = {}
        self._by_first: dict[str, list[Term]] = defaultdict(list)
        self._fuzzy_words: list[str] = []
        self._prefix_words: dict[str, list[str]] = defaultdict(list)
        self._stems: dict[str, list[str]] = defaultdict(list)
        self._short_names: dict[str, list[str]] = defaultdict(list)
        self._cache: dict[str, dict[str, float]] = {}

    # ----------------------------------------------------------------- building

    def add(
        self, phrase: str, target: Target, *, exact: bool = False, inflect: bool = False
    ) -> None:
        """Add a phrase ("Kaunata", "lake management", "prolong*", "how_many")."""
        prefix = phrase.endswith("*")
        words = phrase_keys(phrase.rstrip("*").replace("_", " "))
        if not words:
            return
        key = (words, prefix, exact)
        term = self._terms.get(key)
        if term is None:
            term = self._terms[key] = Term(words, prefix, exact, inflect)
        if target not in term.targets:
            term.targets.append(target)

    def freeze(self) -> Vocabulary:
        """Build the lookup tables; call once after the last add()."""
        fuzzy_words: set[str] = set()
        all_words: set[str] = set()
        for term in self._terms.values():
            self._by_first[term.words[0]].append(term)
            for i, word in enumerate(term.words):
                last = i == len(term.words) - 1
                if last and term.prefix:
                    self._prefix_words[word[:2]].append(word)
                    continue
                all_words.add(word)
                if not term.exact:
                    fuzzy_words.add(word)
        for word in sorted(all_words):
            self._stems[word[:3]].append(word)
        for term in self._terms.values():
            if len(term.words) == 1 and any(t.kind == "partner" for t in term.targets):
                word = term.words[0]
                if 4 <= len(word) <= 5:
                    self._short_names[word[:2]].append(word)
        self._fuzzy_words = sorted(w for w in fuzzy_words if len(w) >= 5)
        for key, words in self._prefix_words.items():
            self._prefix_words[key] = sorted(set(words))
        self._exact_words = {
            w for t in self._terms.values() if t.exact and not t.inflect for w in t.words
        }
        return self

    # ----------------------------------------------------------------- matching

    def word_matches(self, key: str) -> dict[str, float]:
        """Vocabulary words (and prefix words) this question word may stand for, with scores."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if key in self._by_first or key in self._stems.get(key[:3], ()):
            found[key] = 100.0
        # Inflected forms: the same stem with another ending (Latgalē ~ Latgale).
        for word in self._stems.get(key[:3], ()):
            if word == key or word in found:
                continue
            score = _inflection_score(key, word)
            if score and not (word in self._exact_words and score < 100):
                found[word] = score
        # Open prefixes (prolong* ~ prolonged).
        for word in self._prefix_words.get(key[:2], ()):
            if key.startswith(word):
                # A longer prefix is more specific: partnerpilsēt* beats partner*.
                found["*" + word] = min(97.0 + len(word) / 10, 99.5)
            elif len(word) >= 6 and len(key) >= len(word):
                ratio = fuzz.ratio(key[: len(word)], word)
                if ratio >= 88:
                    found["*" + word] = ratio * 0.95
        # Typos (latgle ~ latgale).
        if len(key) >= 5 and self._fuzzy_words:
            for word, score, _ in process.extract(
                key,
                self._fuzzy_words,
                scorer=fuzz.ratio,
                score_cutoff=self.thresholds.fuzzy,
                limit=8,
            ):
                found[word] = max(found.get(word, 0.0), float(score) * 0.98)
        elif len(key) == 4:
            # One typo in a short name (Ludz ~ Ludza): names only, never ordinary words.
            for word in self._short_names.get(key[:2], ()):
                if word not in found and Levenshtein.distance(key, word) <= 1:
                    found[word] = self.thresholds.short * 0.98
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = found
        return found

    def find(self, tokens: list[Token]) -> list[Hit]:
        """Every term that occurs in the question, longest spans first, nested ones dropped."""
        hits: list[Hit] = []
        matches = [self.word_matches(t.key) for t in tokens]
        for i, options in enumerate(matches):
            for word, score in options.items():
                first = word[1:] if word.startswith("*") else word
                for term in self._by_first.get(first, ()):
                    if word.startswith("*") != (term.prefix and len(term.words) == 1):
                        continue
                    # Exact terms (cue and function words) take no typos, not even in a
                    # prefix (заключается is not заключен*); names with endings may.
                    if term.exact and score < 97 and not (term.inflect and score >= 90):
                        continue
                    total = score
                    n = len(term.words)
                    if i + n > len(tokens):
                        continue
                    for k in range(1, n):
                        w = term.words[k]
                        wanted = "*" + w if term.prefix and k == n - 1 else w
                        s = matches[i + k].get(wanted, 0.0)
                        if not s or (term.exact and s < 99):
                            total = 0.0
                            break
                        total = min(total, s)
                    if total:
                        hits.append(Hit(term, i, i + n, total))
        return _drop_nested(hits)


def _inflection_score(key: str, word: str) -> float:
    """How well `key` reads as an inflected form of `word` (0 if it does not)."""
    common = 0
    for a, b in zip(key, word, strict=False):
        if a != b:
            break
        common += 1
    if len(word) <= 4:
        # Short names (Орша = orsa) only take endings: Оршей, Oršā.
        if common == len(word) and common >= 3 and len(key) - common <= 3:
            return 95.0
        return 0.0
    # Only the word's last letter may change (Latgale ~ Latgali, Литва ~ Литве): a stem cut
    # shorter is another word (Pastāsti ≠ Pastari).
    if common < 4 or len(word) - common > 1 or len(key) - common > 4:
        return 0.0
    if len(key) < len(word) and (len(key) < 5 or common < len(key)):
        return 0.0  # a shorter word is a different word (visi ≠ visits), not an ending
    if common == len(word) or common == len(key):
        return 97.0 - (len(key) - common) * 0.5
    return 94.0 - (len(word) - common) * 2 - (len(key) - common) * 0.5


def _drop_nested(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (-h.span, -h.score))
    kept: list[Hit] = []
    for hit in hits:
        inside = any(
            k.span > hit.span
            and k.start <= hit.start
            and hit.end <= k.end
            and k.score >= hit.score
            and {t.kind for t in k.term.targets} & {t.kind for t in hit.term.targets}
            for k in kept
        )
        if not inside:
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, -h.span))
