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
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.engine.text import Keys, Token

# How TypoIndex looks for the words of one length: see TypoIndex._plan.
_Pieces = tuple[tuple[int, int, range], ...]
_Plan = Literal["none", "equal", "all"] | _Pieces


@dataclass(frozen=True, slots=True)
class Target:
    """What a term stands for: kind (partner, country, cue, ...), id, and its language."""

    kind: str
    id: str
    lang: str | None = None
    weight: float = 1.0


# A term's targets of one kind, language and weight: a word such as "festival" may stand for
# thousands of events, read as one group.
Group = tuple[str, str | None, float, tuple[str, ...]]  # kind, language, weight, ids
_TermKey = tuple[tuple[str, ...], bool, bool]  # words, prefix, exact
_NO_KINDS: frozenset[str] = frozenset()
# What one add() said: the phrase's text, prefix, exact, inflect, kind, language, weight, id.
_Added = tuple[str, bool, bool, bool, str, str | None, float, str]


@dataclass(slots=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False  # the last word matches any word starting with it
    exact: bool = False  # no typo tolerance (out-of-scope words, stopwords)
    inflect: bool = False  # with exact: endings allowed all the same (Германия ~ Германии)
    groups: tuple[Group, ...] = ()
    kinds: frozenset[str] = frozenset()
    name_kinds: frozenset[str] = frozenset()  # kinds of its targets of weight 1.0


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
    """All terms, indexed for fast matching of question words.

    Built in two steps: `add` every phrase with what it stands for, then `freeze` once. While
    building, a term is only its key and its targets grouped as they come (no object per
    target); `freeze` makes the terms and the lookup tables and drops the rest.
    """

    def __init__(self, thresholds: Thresholds | None = None, keys: Keys | None = None) -> None:
        self.thresholds = thresholds or Thresholds()
        self._keys = keys or Keys()
        # While building: what each add() said, read at freeze() (the keys of all phrases
        # at once).
        self._added: list[_Added] = []
        # The terms by their first word: a term alone as itself (most words begin one term).
        self._by_first: dict[str, Term | tuple[Term, ...]] = {}
        self._has_fuzzy_words = False
        self._prefix_words: dict[str, list[str]] = {}
        self._stems: dict[str, list[str]] = {}
        self._short_names: dict[str, list[str]] = {}
        self._cache: dict[str, dict[str, float]] = {}
        self._shared: dict[object, Any] = {}  # while freezing: equal groups and kinds, once

    # ----------------------------------------------------------------- building

    def add(
        self,
        phrase: str,
        kind: str,
        id_: str,
        lang: str | None = None,
        weight: float = 1.0,
        *,
        exact: bool = False,
        inflect: bool = False,
    ) -> None:
        """Add a phrase ("Kaunata", "lake management", "prolong*", "how_many") standing for
        the entry or word `kind`/`id_` in `lang`."""
        prefix = phrase.endswith("*")
        text = phrase.rstrip("*").replace("_", " ") if prefix or "_" in phrase else phrase
        self._added.append((text, prefix, exact, inflect, kind, lang, weight, id_))

    def freeze(self) -> Vocabulary:
        """Build the terms and the lookup tables; call once after the last add()."""
        every = self._keys.phrases([entry[0] for entry in self._added])
        # Term key -> what was added for it, in order (the first add() says whether the
        # term takes endings).
        added: dict[_TermKey, list[_Added]] = {}
        for entry, words in zip(self._added, every, strict=True):
            if words:
                key = (words, entry[1], entry[2])
                same = added.get(key)
                if same is None:
                    added[key] = [entry]
                else:
                    same.append(entry)
        self._added = []
        every.clear()
        self._keys.forget_phrases()  # read: the memo of words may serve the engine on
        self._keys = Keys()
        terms: list[Term] = []
        for key, entries in added.items():
            words, prefix, exact = key
            terms.append(Term(words, prefix, exact, entries[0][3], *self._targets(entries)))
            entries.clear()  # what was added for it is read: freed as the terms grow
        added.clear()
        self._shared.clear()
        by_first: dict[str, list[Term]] = defaultdict(list)
        for term in terms:
            by_first[term.words[0]].append(term)
        self._by_first = {
            word: same[0] if len(same) == 1 else tuple(same) for word, same in by_first.items()
        }
        by_first.clear()
        self._tables(terms)
        return self

    def _targets(
        self, entries: list[_Added]
    ) -> tuple[tuple[Group, ...], frozenset[str], frozenset[str]]:
        """A term's groups of targets, its kinds and its kinds named with weight 1.0; equal
        ones are kept once (a partner's words in one language share their groups)."""
        shared = self._shared
        if len(entries) == 1:  # most terms: one word of one entry
            _, _, _, _, kind, lang, weight, id_ = entries[0]
            target = (kind, lang, weight, id_)
            found = shared.get(target)
            if found is None:
                kinds = frozenset((kind,))
                kinds = shared.setdefault(kinds, kinds)
                group = self._group(kind, lang, weight, (id_,))
                found = ((group,), kinds, kinds if weight == 1.0 else _NO_KINDS)
                shared[target] = found
            return found
        grouped: dict[tuple[str, str | None, float], dict[str, None]] = {}
        for _, _, _, _, kind, lang, weight, id_ in entries:
            ids = grouped.get((kind, lang, weight))
            if ids is None:
                grouped[(kind, lang, weight)] = {id_: None}
            else:
                ids[id_] = None
        groups = tuple(self._group(k, lang, w, tuple(ids)) for (k, lang, w), ids in grouped.items())
        groups = shared.setdefault(groups, groups)
        kinds = frozenset(g[0] for g in groups)
        name_kinds = frozenset(g[0] for g in groups if g[2] == 1.0)
        return groups, shared.setdefault(kinds, kinds), shared.setdefault(name_kinds, name_kinds)

    def _group(self, kind: str, lang: str | None, weight: float, ids: tuple[str, ...]) -> Group:
        """A group, kept once (and its ids): an entry's words in each language and weight
        name it alike, a theme's word stands for the same projects in several terms."""
        shared = self._shared
        group: Group = (kind, lang, weight, shared.setdefault(ids, ids))
        found: Group = shared.setdefault(group, group)
        return found

    def _tables(self, terms: list[Term]) -> None:
        """The lookup tables of the terms (in the order they were first added)."""
        fuzzy_words: set[str] = set()
        all_words: set[str] = set()
        exact_words: set[str] = set()
        prefix_words: dict[str, set[str]] = defaultdict(set)
        short_names: dict[str, list[str]] = defaultdict(list)
        for term in terms:
            words, prefix, exact = term.words, term.prefix, term.exact
            if exact and not term.inflect:
                exact_words.update(words)
            if len(words) == 1:
                word = words[0]
                if 4 <= len(word) <= 5 and "partner" in term.kinds:
                    short_names[word[:2]].append(word)
                if prefix:
                    prefix_words[word[:2]].add(word)
                    continue
                all_words.add(word)
                if not exact:
                    fuzzy_words.add(word)
                continue
            last = len(words) - 1
            for i, word in enumerate(words):
                if i == last and prefix:
                    prefix_words[word[:2]].add(word)
                    continue
                all_words.add(word)
                if not exact:
                    fuzzy_words.add(word)
        self._short_names = dict(short_names)
        stems: dict[str, list[str]] = defaultdict(list)
        for word in sorted(all_words):
            if len(word) > 4:
                stems[word[:4]].append(word)
        self._stems = dict(stems)
        self._all_words = frozenset(all_words)
        fuzzy = [w for w in fuzzy_words if len(w) >= 5]
        self._has_fuzzy_words = bool(fuzzy)
        self._typos = TypoIndex(fuzzy, self.thresholds.fuzzy)
        self._prefix_words = {key: sorted(words) for key, words in prefix_words.items()}
        self._exact_words = frozenset(exact_words)

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
        if len(key) >= 5 and self._has_fuzzy_words:
            for word, score in self._typos.best(key, limit=8):
                found[word] = max(found.get(word, 0.0), score * 0.98)
        elif len(key) == 4:
            # One typo in a short name (Ludz ~ Ludza): names only, never ordinary words.
            for word in self._short_names.get(key[:2], ()):
                if word not in found and Levenshtein.distance(key, word) <= 1:
                    found[word] = self.thresholds.short * 0.98
        if len(self._cache) > 8_192:  # (~300 bytes a word: a bounded few MB)
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
                starting = self._by_first.get(first, ())
                for term in (starting,) if isinstance(starting, Term) else starting:
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
    places. The index holds, by word length and position, the words with each letter, pair
    or triple of letters there that some question word can look up (`_pieces`); the words
    sharing such a piece are the only ones scored. No word the full
    scan would keep is missed, and ties are broken as `process.extract` breaks them over
    the sorted word list (alphabetically), so the results are the same, only cheaper.
    """

    def __init__(self, words: Iterable[str], cutoff: float) -> None:
        self.cutoff = cutoff
        self._slack = 1.0 - cutoff / 100.0
        self._plans: dict[tuple[int, int], _Plan] = {}
        by_length: dict[int, set[str]] = defaultdict(set)
        for word in words:
            by_length[len(word)].add(word)
        # By length: the words, sorted (a word is its place in this tuple below).
        self._words = {m: tuple(sorted(ws)) for m, ws in by_length.items()}
        by_length.clear()
        # By length, then by position: the words with each piece there - only the pieces a
        # question word can look up (about 2 in 3 of all letters, pairs and triples). Kept
        # flat, as a compressed sparse row: at one position, the pieces sorted, and the
        # words of the k-th piece in `_flat[m]`, from `_bounds[m][at][k]` to `[k + 1]`
        # (no tuple and no dictionary entry for each piece: half the memory).
        self._pieces_at: dict[int, list[tuple[str, ...]]] = {}
        self._bounds: dict[int, list[array[int]]] = {}
        self._flat: dict[int, tuple[str, ...]] = {}
        same: dict[str, str] = {}  # a piece's string once for all rows
        for m, same_length in self._words.items():
            rows: list[defaultdict[str, list[str]]] = [defaultdict(list) for _ in range(m)]
            pieces = [(rows[at], slice(at, at + size)) for at, size in sorted(self._pieces(m))]
            for word in same_length:
                for row, piece in pieces:
                    row[word[piece]].append(word)
            flat: list[str] = []
            keys_at: list[tuple[str, ...]] = []
            bounds_at: list[array[int]] = []
            for row in rows:
                keys = sorted(row)
                bounds: array[int] = array("I", [len(flat)])
                for key in keys:
                    flat.extend(row[key])
                    bounds.append(len(flat))
                keys_at.append(tuple(same.setdefault(k, k) for k in keys))
                bounds_at.append(bounds)
            self._pieces_at[m], self._bounds[m], self._flat[m] = keys_at, bounds_at, tuple(flat)

    def _max_distance(self, a: int, b: int) -> int:
        """The most insertions and deletions a pair of lengths a, b may differ by; d has the
        parity of a + b. A hair generous, so a float rounding cannot lose a word."""
        d = math.floor(self._slack * (a + b) + 1e-6)
        return d if (d - a - b) % 2 == 0 else d - 1

    def _plan(self, n: int, m: int) -> _Plan:
        """How a question word of n letters looks for words of m letters: not at all (too
        far apart), by equality (no edit allowed), every word (too short to cut), or by
        its pieces: (start in the question word, size, the positions to look at)."""
        plan = self._plans.get((n, m))
        if plan is not None:
            return plan
        d = self._max_distance(n, m)
        if d < abs(n - m):
            plan = "none"
        elif d == 0:
            plan = "equal"
        elif d + 1 > n:
            plan = "all"
        else:
            pieces = d + 1
            shorter = (d + n - m) // 2  # letters of the question word deleted
            longer = (d - n + m) // 2  # letters inserted
            plan = tuple(
                (
                    start,
                    min(end - start, 3),
                    range(max(0, start - shorter), min(m, start + longer + 1)),
                )
                for start, end in ((p * n // pieces, (p + 1) * n // pieces) for p in range(pieces))
            )
        self._plans[(n, m)] = plan
        return plan

    def _pieces(self, m: int) -> set[tuple[int, int]]:
        """(position, size) of every piece some question word may look up in words of m
        letters; longer question words than the bound are always too far apart."""
        longest = math.ceil(m * (1 + self._slack) / max(1e-9, 1 - self._slack)) + 2
        found: set[tuple[int, int]] = set()
        for n in range(1, longest + 1):
            plan = self._plan(n, m)
            if isinstance(plan, tuple):
                found.update((at, size) for _, size, ats in plan for at in ats if at + size <= m)
        return found

    def candidates(self, key: str) -> set[str]:
        """A superset of the words whose ratio with `key` can reach the cutoff."""
        found: set[str] = set()
        n = len(key)
        for m, words in self._words.items():
            plan = self._plan(n, m)
            if plan == "none":
                continue
            if plan == "equal":
                at = bisect_left(words, key)
                if at < len(words) and words[at] == key:
                    found.add(key)
            elif plan == "all":
                found.update(words)
            elif isinstance(plan, tuple):
                keys_at, bounds_at, flat = self._pieces_at[m], self._bounds[m], self._flat[m]
                for start, size, ats in plan:
                    piece = key[start : start + size]
                    for at in ats:
                        keys = keys_at[at]
                        k = bisect_left(keys, piece)
                        if k < len(keys) and keys[k] == piece:
                            bounds = bounds_at[at]
                            found.update(flat[bounds[k] : bounds[k + 1]])
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
    hits.sort(key=lambda h: (h.start - h.end, -h.score))  # longest first
    kept: list[Hit] = []
    for hit in hits:
        start, end, score, kinds = hit.start, hit.end, hit.score, hit.term.kinds
        span = end - start
        inside = any(
            k.end - k.start > span
            and k.start <= start
            and end <= k.end
            and k.score >= score
            and not k.term.kinds.isdisjoint(kinds)
            for k in kept
        )
        if not inside:
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.start - h.end))
