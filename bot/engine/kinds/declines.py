"""Declines: what the bot will not answer, and why. A wrong answer is worse than none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.answer import Answer, DeclineReason, Kind, Match, SmallTalk
from bot.engine.reading import TOPIC_CUES, Reading, open_followup, per_reading
from bot.engine.snapshot import menu, per_snapshot
from bot.engine.text import fold, fold_all, text_keys
from bot.knowledge import KnowledgeBase
from bot.vocabulary import Cue

# Scores: a decline that is certain outranks any content; the fallbacks come last.
CERTAIN, LIKELY, FALLBACK = 100.0, 70.0, 1.0


def _decline(r: Reading, reason: DeclineReason, name: str | None = None) -> Answer:
    return replace(r.base, decline_reason=reason, unknown_name=name, followups=menu(r.kb))


@dataclass(frozen=True)
class Nonsense:
    """No letters at all ("???", "123")."""

    name: str = "nonsense"
    priority: int = 100

    def score(self, r: Reading) -> float:
        return CERTAIN if not any(ch.isalpha() for ch in r.p.text) else 0.0

    def build(self, r: Reading) -> Answer | None:
        return _decline(r, DeclineReason.NONSENSE)


@dataclass(frozen=True)
class Injection:
    """Instructions to the bot ("ignore your instructions and ...")."""

    name: str = "injection"
    priority: int = 95

    def score(self, r: Reading) -> float:
        return CERTAIN if Cue.INJECTION in r.p.cues else 0.0

    def build(self, r: Reading) -> Answer | None:
        return _decline(r, DeclineReason.INJECTION)


@dataclass(frozen=True)
class Act:
    """Requests to do something ("book me a hotel in X"): the bot cannot act, but says
    what it knows about the entries named."""

    name: str = "act"
    priority: int = 90

    def score(self, r: Reading) -> float:
        return CERTAIN if Cue.ACT in r.p.cues else 0.0

    def build(self, r: Reading) -> Answer | None:
        a = r.asked
        return replace(
            _decline(r, DeclineReason.ACTION),
            partners=tuple(a["partner"][:3]),
            projects=tuple(a["project"][:2]),
            events=tuple(a["event"][:2]),
            media=tuple(a["media"][:2]),
        )


@dataclass(frozen=True)
class OutOfScope:
    """A topic the bot does not cover (weather, taxes, hotels), even next to a partner."""

    name: str = "out_of_scope"
    priority: int = 85

    def score(self, r: Reading) -> float:
        if not r.p.out_of_scope:
            return 0.0
        # An entry named, and the word is one its texts use ("how many recipes are in the
        # booklet?" - "40 recipes"): the entry is asked about.
        keys = {t.key for t in r.p.tokens if t.position in r.p.oos_words}
        return 0.0 if r.asked_things and keys <= r.kb_text_keys else CERTAIN

    def build(self, r: Reading) -> Answer | None:
        return _decline(r, DeclineReason.OUT_OF_SCOPE)


@dataclass(frozen=True)
class GeneralKnowledge:
    """General knowledge about a place ("population of Norway", "how far is X from Y"): not
    the knowledge base's subject. About a project, event or media item it is an unknown
    detail instead (the content kinds say "I don't know")."""

    name: str = "general_knowledge"
    priority: int = 80

    def score(self, r: Reading) -> float:
        a = r.asked
        if r.p.general and not (a["project"] or a["event"] or a["media"]):
            return CERTAIN
        if a["country"] and not r.things and not (r.cues & _TOPIC) and r.content and not r.p.years:
            return LIKELY + 20  # "what currency does Turkey use"
        return 0.0

    def build(self, r: Reading) -> Answer | None:
        return _decline(r, DeclineReason.OUT_OF_SCOPE)


@dataclass(frozen=True)
class UnknownPlace:
    """A place that is not a partner ("Tell me about Riga")."""

    name: str = "unknown_place"
    priority: int = 75

    def score(self, r: Reading) -> float:
        return LIKELY + 8 if self._place(r) else 0.0

    def _place(self, r: Reading) -> str | None:
        a = r.asked
        if r.p.places and not a["partner"]:
            return r.p.places[0]
        if r.things or a["country"] or a["field"] or r.p.years or r.p.home:
            return None
        return r.unknown_town()

    def build(self, r: Reading) -> Answer | None:
        return _decline(r, DeclineReason.UNKNOWN_PLACE, self._place(r))


@dataclass(frozen=True)
class Fallback:
    """Nothing fits: "did you mean ...?" when a word resembles a partner, else a decline."""

    name: str = "fallback"
    priority: int = 0

    def score(self, r: Reading) -> float:
        return FALLBACK

    def build(self, r: Reading) -> Answer | None:
        suggestions = suggest(r)
        if suggestions:
            return replace(
                r.base,
                kind=Kind.CLARIFY,
                suggestions=suggestions,
                followups=tuple(open_followup(m) for m in suggestions),
            )
        nonsense = not r.p.cues and not r.p.lang_sure
        return _decline(r, DeclineReason.NONSENSE if nonsense else DeclineReason.OUT_OF_SCOPE)


@dataclass(frozen=True)
class Talk:
    """Greetings, thanks, "who are you?" - when the question names nothing of the subject."""

    name: str = "smalltalk"
    priority: int = 70

    def score(self, r: Reading) -> float:
        return LIKELY + 10 if not r.topic and self._talk(r) else 0.0

    def _talk(self, r: Reading) -> SmallTalk | None:
        for cue, talk in (
            (Cue.IDENTITY, SmallTalk.WHO),
            (Cue.CAPABILITIES, SmallTalk.HELP),
            (Cue.THANKS, SmallTalk.THANKS),
            (Cue.GREETING, SmallTalk.GREETING),
            (Cue.BYE, SmallTalk.BYE),
        ):
            if cue in r.p.cues:
                return talk
        return None

    def build(self, r: Reading) -> Answer | None:
        return replace(r.base, kind=Kind.SMALLTALK, smalltalk=self._talk(r), followups=menu(r.kb))


@dataclass(frozen=True)
class Faq:
    """A general question from faq.yaml, matched as a whole sentence."""

    name: str = "faq"
    priority: int = 5

    def score(self, r: Reading) -> float:
        if not r.kb.faq or r.p.content_words < 2:
            return 0.0
        # The FAQ's own question, nearly word for word ("What is twinning?"), or in other
        # words that its phrasings hold ("the phone number of the cooperation office"),
        # outranks the cue words in it; a looser match only answers when nothing else does.
        return 58.0 if _faq_match(r)[2] >= 90 or _faq_words(r) else 10.0

    def build(self, r: Reading) -> Answer | None:
        loose, entry_id, _ = _faq_match(r)
        worded = _faq_words(r)
        if worded and _faq_match(r)[2] < 90:
            loose, entry_id = 90.0, worded
        if loose >= 85:
            return replace(
                r.base, kind=Kind.FAQ, faq=(entry_id,), score=loose, followups=menu(r.kb)
            )
        return None


@per_reading
def _faq_match(r: Reading) -> tuple[float, str, float]:
    """The best FAQ entry: (its loose token-set score, its id, its whole-sentence score)."""
    text = fold(r.p.text)
    questions, owners = _faq_questions(r.kb)
    best: tuple[float, str, float] = (0.0, "", 0.0)
    if not questions:
        return best
    # The first of the highest (loose, close) pair, as comparing each phrasing in turn would
    # find it: the loose scores of all at once, the close ones of the loosest only.
    loose = [
        score for _, score, _ in process.extract_iter(text, questions, scorer=fuzz.token_set_ratio)
    ]
    top = max(loose)
    for i, score in enumerate(loose):
        if score == top:
            close = fuzz.ratio(text, questions[i])
            if (score, close) > (best[0], best[2]):
                best = (score, owners[i], close)
    return best


@per_snapshot
def _faq_questions(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """Every phrasing of every FAQ entry, folded, and the id of its entry."""
    pairs = [(fold(q), entry.id) for entry in kb.faq.values() for q in entry.questions.all()]
    return [q for q, _ in pairs], [owner for _, owner in pairs]


FAQ_MIN_COVER = 0.6  # of the question's own words in an entry's phrasings, and back


@per_reading
def _faq_words(r: Reading) -> str:
    """The FAQ entry whose phrasings hold the question's own words (not function or cue
    words), inflected as they may be, and one of whose phrasings the question holds: "Kā
    skolēns var pieteikties apmaiņai?" ~ "skolēnu apmaiņas pieteikums". '' when none."""
    words = [t.key for t in r.p.own_words() if len(t.key) >= 3 and not t.key.isdigit()]
    if len(words) < 2:
        return ""
    every = _Words([t.key for t in r.p.tokens])
    best, best_id = 0.0, ""
    for entry_id, (phrasings, vocabulary) in _faq_vocabularies(r.kb).items():
        covered = sum(1 for w in words if vocabulary.has(w))
        back = max(
            sum(1 for v in phrasing if every.has(v)) / len(phrasing) for phrasing in phrasings
        )
        cover = covered / len(words)
        if covered >= 2 and cover >= FAQ_MIN_COVER and back >= FAQ_MIN_COVER and cover > best:
            best, best_id = cover, entry_id
    return best_id


class _Words:
    """Words, for `has`: any(_same_word(word, w) for w in words), read from the words that
    can match (an inflected form shares its first five letters)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = set(words)
        self.by_start: dict[str, list[str]] = {}
        for w in self.words:
            if len(w) >= 5:
                self.by_start.setdefault(w[:5], []).append(w)

    def has(self, word: str) -> bool:
        if word in self.words:
            return True
        return len(word) >= 5 and any(_same_word(word, w) for w in self.by_start.get(word[:5], ()))


@per_snapshot
def _faq_vocabularies(kb: KnowledgeBase) -> dict[str, tuple[list[list[str]], _Words]]:
    """Each FAQ entry's phrasings, and all their words."""
    return {
        entry_id: (phrasings, _Words(w for phrasing in phrasings for w in phrasing))
        for entry_id, phrasings in _faq_phrasings(kb).items()
    }


def _same_word(a: str, b: str) -> bool:
    """Two word keys of one word, perhaps inflected (skolēns ~ skolēni, обмен ~ обмена)."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 5:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 5 and common >= 0.7 * shorter


def _faq_phrasings(kb: KnowledgeBase) -> dict[str, list[list[str]]]:
    """Each FAQ entry's phrasings as lists of word keys (3+ letters); entries without any
    are left out."""
    out = {
        entry.id: [
            keys
            for q in entry.questions.all()
            if (keys := [k for k in text_keys(q) if len(k) >= 3 and not k.isdigit()])
        ]
        for entry in kb.faq.values()
    }
    return {i: p for i, p in out.items() if p}


# A country named with one of these asks about our partners there, not about the country.
_TOPIC = TOPIC_CUES | {Cue.NOT, Cue.EU}


@per_snapshot
def partner_names(kb: KnowledgeBase) -> dict[str, tuple[list[str], list[str]]]:
    """Partner names and aliases, folded, by first letter, with the partner ids (once per
    snapshot: a misspelt name rarely gets its first letter wrong, and the buckets keep the
    search short with thousands of partners)."""
    buckets: dict[str, tuple[list[str], list[str]]] = {}
    owners: list[str] = []
    every: list[str] = []
    for partner in kb.partners.values():
        named = (*partner.name.values(), partner.local_name, *partner.aliases.all())
        every.extend(named)
        owners.extend([partner.id] * len(named))
    for folded, partner_id in zip(fold_all(every), owners, strict=True):
        if folded:
            names, ids = buckets.setdefault(folded[0], ([], []))
            names.append(folded)
            ids.append(partner_id)
    return buckets


def suggest(r: Reading) -> tuple[Match, ...]:
    """Partners whose names weakly resemble the question's unexplained words."""
    buckets = partner_names(r.kb)
    limits = r.limits
    if not buckets or limits.max_suggestions == 0:
        return ()
    found: dict[tuple[str, str], float] = {}
    for token in r.p.unknown:
        word = token.folded
        if len(word) < 4:
            continue
        names, ids = buckets.get(word[0], ([], []))
        for name, score, idx in process.extract(
            word, names, scorer=fuzz.ratio, score_cutoff=limits.suggest_min_score, limit=6
        ):
            if abs(len(name) - len(word)) > max(2, len(word) // 3):
                continue  # "real" is not a misspelt "Realand"
            key = ("partner", ids[idx])
            found[key] = max(found.get(key, 0.0), float(score))
    ranked = sorted(found.items(), key=lambda kv: -kv[1])[: limits.max_suggestions]
    return tuple(Match(kind, id_, round(score, 1)) for (kind, id_), score in ranked)
