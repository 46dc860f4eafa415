"""Precomputed vocabulary of names, aliases, keywords and cue words, and fuzzy lookup in it.

Built once per knowledge-base version. Every entry is a *term*: the keys of its words and
the targets it points to (a partner, a country, a cue such as "prolonged"). A question is
matched word by word: exact key, inflected form (a shared stem with a different ending),
then rapidfuzz for typos; multi-word terms must match consecutive words.

Typos are looked up in `TypoIndex`, which hands rapidfuzz only the words that can reach the
score at all (a filter that never drops a word the full scan would find), so a question costs
the same with 13 entries or 10,000. `freeze()` drops what only building needed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
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
    # Built by freeze(): the targets grouped by (kind, language, weight) - a word such as
    # "festival" may stand for thousands of events, read as one group - and the kinds.
    groups: list[tuple[str, str | None, float, tuple[str, ...]]] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()
    name_kinds: frozenset[str] = frozenset()  # kinds of its targets of weight 1.0

    def group(self) -> None:
        grouped: dict[tuple[str, str | None, float], list[str]] = {}
        for t in self.targets:
            grouped.setdefault((t.kind, t.lang, t.weight), []).append(t.id)
        self.groups = [(k, lang, w, tuple(ids)) for (k, lang, w), ids in grouped.items()]
        self.kinds = frozenset(t.kind for t in self.targets)
        self.name_kinds = frozenset(t.kind for t in self.targets if t.weight == 1.0)
        self.targets = []  # the groups hold them now (one copy in memory, not two)


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
        self._targets_of: dict[int, set[Target]] = {}  # while building: no list scans

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
        seen = self._targets_of.setdefault(id(term), set())
        if target not in seen:
            seen.add(target)
            term.targets.append(target)

    def freeze(self) -> Vocabulary:
        """Build the lookup tables; call once after the last add()."""
        fuzzy_words: set[str] = set()
        all_words: set[str] = set()
        for term in self._terms.values():
            term.group()
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
            if len(word) > 4:
                self._stems[word[:4]].append(word)
        self._all_words = frozenset(all_words)
        for term in self._terms.values():
            if len(term.words) == 1 and "partner" in term.kinds:
                word = term.words[0]
                if 4 <= len(word) <= 5:
                    self._short_names[word[:2]].append(word)
        self._fuzzy_words = sorted(w for w in fuzzy_words if len(w) >= 5)
        self._typos = TypoIndex(self._fuzzy_words, self.thresholds.fuzzy)
        for key, words in self._prefix_words.items():
            self._prefix_words[key] = sorted(set(words))
        self._exact_words = {
            w for t in self._terms.values() if t.exact and not t.inflect for w in t.words
        }
        self._targets_of.clear()
        return self

    # ----------------------------------------------------------------- matching

    def word_matches(self, key: str) -> dict[str, float]:
        """Vocabulary words (and prefix words) this question word may stand for, with scores."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if key in self._by_first or key in self._all_words:
            found[key] = 100.0
        # Inflected forms: the same stem with another ending (Latgalē ~ Latgale).
        for word in self._inflection_candidates(key):
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
            for word, score in self._typos.best(key, limit=8):
                found[word] = max(found.get(word, 0.0), score * 0.98)
        elif len(key) == 4:
            # One typo in a short name (Ludz ~ Ludza): names only, never ordinary words.
            for word in self._short_names.get(key[:2], ()):
                if word not in found and Levenshtein.distance(key, word) <= 1:
                    found[word] = self.thresholds.short * 0.98
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = found
        return found

    def _inflection_candidates(self, key: str) -> list[str]:
        """The words `_inflection_score` can accept for `key`, in alphabetical order: longer
        words share its first four letters; a word of 3-4 letters is its beginning."""
        words = list(self._stems.get(key[:4], ()))
        for short in (key[:3], key[:4]):
            if len(short) >= 3 and short in self._all_words and short not in words:
                words.append(short)
        return sorted(words) if len(words) > len(self._stems.get(key[:4], ())) else words

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
                    if term.exact and score < 97 and not (term.inflect and score >= 95):
                        continue
                    total = score
                    n = len(term.words)
                    if i + n > len(tokens):
                        continue
                    for k in range(1, n):
                        w = term.words[k]
                        wanted = "*" + w if term.prefix and k == n - 1 else w
                        s = matches[i + k].get(wanted, 0.0)
                        # An exact term's words match exactly; its last word may take the
                        # endings its `*` allows (eiropas_savienīb* ~ Eiropas Savienībā).
                        loose = s < (97 if wanted.startswith("*") else 99)
                        if not s or (term.exact and loose):
                            total = 0.0
                            break
                        total = min(total, s)
                    if total:
                        hits.append(Hit(term, i, i + n, total))
        return _drop_nested(hits)


class TypoIndex:
    """The words within rapidfuzz's `fuzz.ratio` cutoff of a question word, found without
    scoring every word.

    `ratio` is 100 * (1 - d / (len(a) + len(b))), with d the insertions and deletions that
    turn one word into the other, so a cutoff bounds d for each pair of lengths. Cut the
    question word into d + 1 pieces: each insertion or deletion breaks at most one piece,
    so one piece is left whole, and it stands in the other word shifted by at most d
    places. The index holds each word's letters, pairs and triples of letters by word length
    and position; the words sharing such a piece are the only ones scored. No word the full
    scan would keep is missed, and ties are broken as `process.extract` breaks them over
    the sorted word list (alphabetically), so the results are the same, only cheaper.
    """

    def __init__(self, words: Iterable[str], cutoff: float) -> None:
        self.cutoff = cutoff
        self._slack = 1.0 - cutoff / 100.0
        by_length: dict[int, set[str]] = defaultdict(set)
        for word in words:
            by_length[len(word)].add(word)
        self._words = {n: frozenset(ws) for n, ws in by_length.items()}
        # By length, then by position: the words with that letter, pair or triple there.
        self._postings: dict[int, list[dict[str, list[str]]]] = {}
        for n, same_length in by_length.items():
            rows: list[defaultdict[str, list[str]]] = [defaultdict(list) for _ in range(n)]
            for word in sorted(same_length):
                for i, row in enumerate(rows):
                    row[word[i]].append(word)
                    if i + 1 < n:
                        row[word[i : i + 2]].append(word)
                        if i + 2 < n:
                            row[word[i : i + 3]].append(word)
            self._postings[n] = [dict(row) for row in rows]

    def _max_distance(self, a: int, b: int) -> int:
        """The most insertions and deletions a pair of lengths a, b may differ by; d has the
        parity of a + b. A hair generous, so a float rounding cannot lose a word."""
        d = math.floor(self._slack * (a + b) + 1e-6)
        return d if (d - a - b) % 2 == 0 else d - 1

    def candidates(self, key: str) -> set[str]:
        """A superset of the words whose ratio with `key` can reach the cutoff."""
        found: set[str] = set()
        n = len(key)
        for length, words in self._words.items():
            d = self._max_distance(n, length)
            if d < abs(n - length):
                continue
            if d == 0:
                if key in words:
                    found.add(key)
                continue
            pieces = d + 1
            if pieces > n:  # too few letters to cut: every word of this length
                found.update(words)
                continue
            rows = self._postings[length]
            shorter = (d + n - length) // 2  # letters of `key` deleted
            longer = (d - n + length) // 2  # letters inserted
            for p in range(pieces):
                start, end = p * n // pieces, (p + 1) * n // pieces
                piece = key[start : start + min(end - start, 3)]
                for at in range(max(0, start - shorter), min(length, start + longer + 1)):
                    hit = rows[at].get(piece)
                    if hit is not None:
                        found.update(hit)
        return found

    def best(self, key: str, limit: int) -> list[tuple[str, float]]:
        """The `limit` words of highest ratio with `key` (at least the cutoff), best first."""
        candidates = self.candidates(key)
        if not candidates:
            return []
        scored = process.extract(
            key, candidates, scorer=fuzz.ratio, score_cutoff=self.cutoff, limit=None
        )
        scored.sort(key=lambda hit: (-hit[1], hit[0]))
        return [(word, float(score)) for word, score, _ in scored[:limit]]


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
            and not k.term.kinds.isdisjoint(hit.term.kinds)
            for k in kept
        )
        if not inside:
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, -h.span))
