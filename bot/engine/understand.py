"""From words to meaning: which entries a question names, what it asks, in which language."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.engine.focus import sentences
from bot.engine.index import Hit, Target, Vocabulary
from bot.engine.text import Token, clean, tokenize
from bot.vocabulary import Cue

_YEAR = re.compile(r"^(19|20)\d\d$")
_DECADE = re.compile(r"^((?:19|20)?\d0)(?:s|ies)?$")  # 1990s, 90s, 1990 (before "-х")
_DECADE_ENDINGS = frozenset({"х", "е", "ые", "ых", "tajos", "tajiem", "tie", "ajos", "gados"})


def _decade(tokens: list[Token]) -> tuple[int, int] | None:
    """ "the 1990s", "the 90s", "в 90-х", "1990-tajos": the decade's first year, and the
    position of its number."""
    for i, t in enumerate(tokens):
        m = _DECADE.match(t.raw)
        if m is None:
            continue
        after = tokens[i + 1].folded if i + 1 < len(tokens) else ""
        if not t.raw.endswith("s") and after not in _DECADE_ENDINGS:
            continue
        n = int(m.group(1))
        return (n if n >= 1000 else 1900 + n if n >= 30 else 2000 + n), i
    return None


ENTITY_KINDS = ("partner", "project", "event", "media", "country", "field")


@dataclass
class Parsed:
    """What the engine read in one question."""

    text: str
    tokens: list[Token]
    lang: str
    lang_sure: bool
    entities: dict[str, dict[str, float]]  # kind -> id -> best score
    entity_tokens: dict[str, dict[str, set[int]]]  # kind -> id -> token positions
    cues: set[Cue]
    cue_tokens: dict[Cue, set[int]]
    cue_langs: dict[Cue, set[str]]  # the languages each cue was read in
    years: list[int]
    out_of_scope: bool
    general: bool  # general knowledge about a place: population, capital, distance
    opener: bool  # starts like a follow-up: "and ...", "what about ..."
    places: list[str]  # well-known places that are not partners
    unknown: list[Token] = field(default_factory=list)  # words nothing explains
    event_kinds: set[str] = field(default_factory=set)  # "camp", "forum": kinds of events named
    media_kinds: set[str] = field(default_factory=set)  # "film", "photo_album"
    translit: bool = False  # Russian typed in Latin letters ("kakie partnery v Polshe")
    home: bool = False  # names the home municipality
    stop_words: frozenset[int] = frozenset()  # positions of function words ("the", "kā")
    decade: int | None = None  # "in the 1990s": 1990
    oos_words: frozenset[int] = frozenset()  # positions of out-of-scope words ("recipes")

    def own_words(self) -> list[Token]:
        """The question's own words: not function or cue words ("recipes", "skolēns")."""
        skip = self.stop_words.union(*self.cue_tokens.values())
        return [t for t in self.tokens if t.position not in skip]

    def ids(self, kind: str, min_score: float = 0.0) -> list[str]:
        found = self.entities.get(kind, {})
        return [i for i, s in sorted(found.items(), key=lambda kv: -kv[1]) if s >= min_score]

    @property
    def content_words(self) -> int:
        return sum(1 for t in self.tokens if not t.is_number)


def _script_ok(token: Token, lang: str | None, translit: bool = False) -> bool:
    """A Russian word is written in Cyrillic, a Latvian or English one in Latin letters
    (or, in a message typed in Latin letters, a Russian one too)."""
    if lang is None:
        return True
    if translit and lang == "ru":
        return True
    return token.has_cyrillic == (lang == "ru")


_WORD_KINDS = ("stop", "cue", "yesno_open", "yesno_any", "opener")
# Entries a common word may name by their name or place (the town Most, the conference in
# Most); a field's keywords are words on purpose ("sport").
_NAMED_BY_WORDS = frozenset({"partner", "project", "event", "media"})
_NAME_KINDS = ("partner", "project", "event", "media", "field")
_ENTRY_WORD_KINDS = (*ENTITY_KINDS, "event_kind", "media_kind")


def _is_translit(tokens: list[Token], hits: list[Hit]) -> bool:
    """Russian in Latin letters: more Latin words read exactly as Russian function or cue
    words than as Latvian or English ones (kakie, kogda, skolko, v, s)."""
    if any(t.has_cyrillic for t in tokens):
        return False
    ru: set[int] = set()
    other: set[int] = set()
    for hit in hits:
        if hit.score < 97:
            continue
        langs = {lang for kind, lang, _, _ in hit.term.groups if kind in _WORD_KINDS}
        if "ru" in langs and not langs & {"lv", "en"}:
            ru.update(range(hit.start, hit.end))  # "samyj staryj": one phrase, two words
        elif langs & {"lv", "en"} and "ru" not in langs and hit.span == 1:
            other.add(hit.start)  # (a word of both languages tells nothing)
    if any(t.has_latvian_letters for t in tokens):
        return False
    return (len(ru) >= 2 and len(ru) > len(other - ru)) or (len(ru) == 1 and not other)


# Cues that say what is asked of a title, never part of one.
_KEPT_CUES = frozenset({
    Cue.LIST, Cue.COUNT, Cue.WHEN, Cue.WHERE, Cue.YESNO, Cue.ABOUT, Cue.EVENT, Cue.MEDIA,
    Cue.PROJECTS, Cue.NOT, Cue.ACT, Cue.INJECTION, Cue.UNKNOWN,
})  # fmt: skip


def _drop_cues_inside_titles(
    cues: set[Cue],
    cue_tokens: dict[Cue, set[int]],
    entity_tokens: dict[str, dict[str, set[int]]],
    entities: dict[str, dict[str, float]],
) -> None:
    """A word of a title quoted in the question (several of its words matched) is part of
    the title, not a cue: "«Neighbours: enlarging the community of twin towns»" does not
    ask for partners."""
    if not any(cue not in _KEPT_CUES for cue in cues):
        return
    titles = [
        spots
        for kind in ("project", "event", "media")
        for id_, spots in entity_tokens.get(kind, {}).items()
        if len(spots) >= 3 and entities.get(kind, {}).get(id_, 0.0) >= 60
    ]
    for cue in list(cues):
        spots = cue_tokens.get(cue, set())
        if cue not in _KEPT_CUES and spots and any(spots <= title for title in titles):
            cues.discard(cue)


def _positions(hits: list[Hit], keep: Callable[[Hit], bool]) -> set[int]:
    return {i for hit in hits if keep(hit) for i in range(hit.start, hit.end)}


def _targets(hit: Hit, kinds: tuple[str, ...], weight: float | None = None) -> bool:
    have = hit.term.kinds if weight is None else hit.term.name_kinds
    return not have.isdisjoint(kinds)


# The kinds of words that tell the question's language.
_VOTING = frozenset(
    {"cue", "stop", "oos", "general", "event_kind", "media_kind", "yesno_open", "yesno_any"}
)


class _Reader:
    """Reads the hits of one question into what it names, what it asks and its language."""

    def __init__(self, tokens: list[Token], hits: list[Hit], translit: bool) -> None:
        self.tokens, self.translit = tokens, translit
        self.entities: dict[str, dict[str, float]] = defaultdict(dict)
        self.entity_tokens: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.cues: set[Cue] = set()
        self.cue_tokens: dict[Cue, set[int]] = defaultdict(set)
        self.cue_langs: dict[Cue, set[str]] = defaultdict(set)
        self.explained: set[int] = set()
        self.flags: set[str] = set()  # out_of_scope, general, opener, home
        self.home_words: set[int] = set()  # the words naming the home municipality
        self.stops: set[int] = set()  # function words
        self.oos: set[int] = set()  # out-of-scope words
        self.general_words: set[int] = set()  # general-knowledge words ("population")
        self.place_spots: list[int] = []  # where each of `places` starts
        self.places: list[str] = []
        self.kinds: dict[str, set[str]] = {"event_kind": set(), "media_kind": set()}
        # Per word, the languages of its best-scoring language-bearing matches.
        self.token_langs: dict[int, dict[str, float]] = defaultdict(dict)
        # Words that are exactly a function or cue word of some language (in any script: a
        # Russian word typed in Latin letters too) are never also a typo of a name.
        self.exact_words = _positions(hits, lambda h: h.score >= 97 and _targets(h, _WORD_KINDS))
        # The knowledge base's own words win over cues for what they denote: the words of a
        # name or title matched whole ("Neighbors: Enlarging Twinning Community") are not
        # also cues ("twinning" = partners).
        self.name_words = _positions(
            hits, lambda h: h.span >= 2 and h.score >= 90 and _targets(h, _NAME_KINDS, 1.0)
        )
        # A name matched exactly also wins over a cue that only shares its beginning (the
        # town Signahi is not "sign*", the field Uzņēmējdarbība is not "uzņēm*" = filmed);
        # keywords, weighted lower, do not (the keyword "delegācija" is still "delegāc*").
        self.exact_names = _positions(
            hits, lambda h: h.score >= 97 and _targets(h, ENTITY_KINDS, 1.0)
        )
        # Words the knowledge base itself uses (names or keywords, matched exactly): a topic
        # the knowledge base holds is not out of scope ("пособие" is a handbook there).
        self.kb_words = _positions(hits, lambda h: h.score >= 97 and _targets(h, ENTITY_KINDS))
        # A word that is exactly one entry's word is not also a typo of another's ("forestry"
        # is not a misspelt "orchestra").

    def vote(self, span: range, lang: str | None, score: float) -> None:
        if lang:
            for i in span:
                self.token_langs[i][lang] = max(self.token_langs[i].get(lang, 0.0), score)

    def read(self, hit: Hit) -> None:
        span = range(hit.start, hit.end)
        # A kind word ("camp", "photo album") is about the entry either way: it stays.
        is_entry = _targets(hit, _ENTRY_WORD_KINDS)
        if hit.span == 1 and hit.start in self.name_words and not is_entry:
            return
        # (The home municipality's names, from the settings, are never outweighed.)
        home = _targets(hit, ("home",))
        if hit.term.prefix and not (is_entry or home) and all(i in self.exact_names for i in span):
            return
        for kind, lang, weight, ids in hit.term.groups:
            # Partner names meet across scripts (Zhagare ~ Жагаре); words do not.
            if kind != "partner" and not all(
                _script_ok(self.tokens[i], lang, self.translit) for i in span
            ):
                continue
            entity = kind in ENTITY_KINDS
            latvian = all(self.tokens[i].has_latvian_letters for i in span)
            if not entity and lang == "en" and latvian:
                continue  # "būs" (will be) is no English "bus"
            # A word that is exactly a function or cue word is not also a typo of a name
            # (сколько is not skola).
            if ((entity and hit.score < 97) or kind == "place") and all(
                i in self.exact_words for i in span
            ):
                continue  # (nor a place: "lūdzu" is please, not Ludza's accusative)
            if entity and hit.score < 90 and all(i in self.kb_words for i in span):
                continue
            if kind in _NAMED_BY_WORDS and self._common_word(span):
                continue  # "signed most recently" is no question about the town Most
            self.explained.update(span)
            if entity:
                self.entity(hit, kind, lang, hit.score * weight, ids, span)
            else:
                for id_ in ids:
                    self.word(hit, Target(kind, id_, lang, weight), span)

    def entity(
        self, hit: Hit, kind: str, lang: str | None, score: float, ids: tuple[str, ...], span: range
    ) -> None:
        """Entries a word names (one word may name thousands: read them in one loop)."""
        found, spots = self.entities[kind], self.entity_tokens[kind]
        for id_ in ids:
            if score > found.get(id_, 0.0):
                found[id_] = score
            spots[id_].update(span)
        if kind in ("country", "field") and _script_ok(self.tokens[hit.start], lang):
            self.vote(span, lang, hit.score)

    def cue(self, cue: Cue, span: range, lang: str | None) -> None:
        self.cues.add(cue)
        self.cue_tokens[cue].update(span)
        self.cue_langs[cue].add(lang or "")

    def word(self, hit: Hit, target: Target, span: range) -> None:
        """A word that is no entry: a cue, a function word, a topic, a place."""
        kind, first = target.kind, hit.start == 0
        if kind in _VOTING:
            self.vote(span, target.lang, hit.score)
        if kind == "cue":
            self.cue(Cue(target.id), span, target.lang)
        elif kind in self.kinds:
            self.kinds[kind].add(target.id)
            self.cue(Cue.EVENT if kind == "event_kind" else Cue.MEDIA, span, target.lang)
        elif (kind == "yesno_open" and first) or kind == "yesno_any":
            self.cue(Cue.YESNO, span, target.lang)
        elif kind == "oos" and not all(i in self.kb_words for i in span):
            self.flags.add("out_of_scope")  # (a handbook the knowledge base holds is in scope)
            self.oos.update(span)
        elif kind in ("general", "home") or (kind == "opener" and first):
            self.flags.add(kind)
            if kind == "home":
                self.home_words.update(span)
            elif kind == "general":
                self.general_words.update(span)
        elif kind == "stop":
            self.stops.update(span)
        elif kind == "place":
            self.places.append(" ".join(t.raw for t in self.tokens[hit.start : hit.end]))
            self.place_spots.append(hit.start)

    def _common_word(self, span: range) -> bool:
        """A partner's name that is also a common word of the question, written in lower
        case in a longer question ("most", "мост"): the word is meant, not the town."""
        words = [self.tokens[i] for i in span]
        return (
            len(self.tokens) > len(words)
            and all(i in self.exact_words for i in span)
            and not any(t.capitalised for t in words)
        )

    def restrict(self, asking: set[int]) -> None:
        """Keep what the asking sentences ask: their cues, out-of-scope and general words,
        places and unexplained words; the entries they name, or, naming none, the message's."""
        for cue in [c for c in self.cues if not self.cue_tokens[c] & asking]:
            self.cues.discard(cue)
            self.cue_tokens.pop(cue, None)
            self.cue_langs.pop(cue, None)
        if not self.oos & asking:
            self.flags.discard("out_of_scope")
        if not self.general_words & asking:
            self.flags.discard("general")
        if 0 not in asking:
            self.flags.discard("opener")
        self.places = [place for place, at in zip(self.places, self.place_spots, strict=True)
                       if at in asking]  # fmt: skip
        inside = any(w & asking for spots in self.entity_tokens.values() for w in spots.values())
        if inside:
            self._drop_entities(lambda where: not where & asking)
        self.explained.update(t.position for t in self.tokens if t.position not in asking)

    def forget_home(self) -> None:
        """The home municipality names no entry: an entry named only by its name (a festival
        held at home, "Place: <home>") is not asked about by "the partners of <home>"."""
        if self.home_words:
            self._drop_entities(lambda where: where <= self.home_words)

    def _drop_entities(self, named_only_by: Callable[[set[int]], bool]) -> None:
        """Forget the entries whose words (their positions) are all of a kind."""
        for kind, spots in self.entity_tokens.items():
            for id_ in [i for i, where in spots.items() if named_only_by(where)]:
                del spots[id_]
                self.entities[kind].pop(id_, None)

    def language(self, preferred: str, languages: tuple[str, ...]) -> tuple[str, bool]:
        """The question's language, and whether it is sure."""
        tokens, votes = self.tokens, self._votes()
        if self.translit:
            votes["ru"] += 2 + votes.get("en", 0) + votes.get("lv", 0)
        if votes.get("en", 0) == votes.get("lv", 0) > 0 and not any(
            t.has_latvian_letters for t in tokens
        ):
            # Words both languages share (festival, partner, info): without a Latvian letter
            # or a Latvian word the question is English.
            votes["en"] += 0.1
        ranked = sorted(((v, k) for k, v in votes.items() if k in languages), reverse=True)
        if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
            return ranked[0][1], ranked[0][0] >= 1
        if ranked and preferred in {k for v, k in ranked if v == ranked[0][0]}:
            return preferred, True
        return preferred, False

    def _votes(self) -> dict[str, float]:
        votes: dict[str, float] = defaultdict(float)
        names = {
            i
            for kind in ("partner", "project", "event", "media")
            for ids in self.entity_tokens[kind].values()
            for i in ids
        }
        for token in self.tokens:
            i = token.position
            if token.has_cyrillic and i not in names:
                votes["ru"] += 3
            elif token.has_latvian_letters and i not in names:
                votes["lv"] += 2
            langs = self.token_langs.get(i)
            if langs:
                best = max(langs.values())
                winners = [lang for lang, score in langs.items() if score >= best - 0.5]
                for lang in winners:
                    votes[lang] += 1 / len(winners)
        if any(t.has_cyrillic for t in self.tokens) and not votes:
            votes["ru"] = 1
        return votes


def _asking_positions(marked: list[tuple[str, bool]], count: int) -> set[int]:
    """The positions of the words of the asking sentences (the words of the message are the
    words of its sentences, in order)."""
    out: set[int] = set()
    at = 0
    for sentence, asks in marked:
        n = len(tokenize(sentence))
        if asks:
            out.update(range(at, min(at + n, count)))
        at += n
    return out


def parse(text: str, vocab: Vocabulary, preferred: str, languages: tuple[str, ...]) -> Parsed:
    """What a question names and asks. Of a long message (focus.py), what is asked is read
    from the sentences that ask, what they ask about from them or, naming nothing, from the
    whole message."""
    cleaned = clean(text)[:1000]  # nothing a person asks needs more
    tokens = tokenize(cleaned)[:60]
    hits = vocab.find(tokens)
    translit = "ru" in languages and _is_translit(tokens, hits)
    reader = _Reader(tokens, hits, translit)
    for hit in hits:
        reader.read(hit)
    reader.forget_home()
    marked = sentences(cleaned)
    if marked is not None:
        reader.restrict(_asking_positions(marked, len(tokens)))
    lang, sure = reader.language(preferred, languages)
    decade = _decade(tokens)
    _drop_cues_inside_titles(reader.cues, reader.cue_tokens, reader.entity_tokens, reader.entities)
    return Parsed(
        text=cleaned,
        tokens=tokens,
        lang=lang,
        lang_sure=sure,
        entities=dict(reader.entities),
        entity_tokens={k: dict(v) for k, v in reader.entity_tokens.items()},
        cues=reader.cues,
        cue_tokens=dict(reader.cue_tokens),
        cue_langs=dict(reader.cue_langs),
        years=[
            int(t.raw)
            for t in tokens
            if _YEAR.match(t.raw) and (decade is None or t.position != decade[1])
        ],
        out_of_scope="out_of_scope" in reader.flags,
        general="general" in reader.flags,
        opener="opener" in reader.flags,
        places=reader.places,
        unknown=[t for t in tokens if t.position not in reader.explained and not t.is_number],
        event_kinds=reader.kinds["event_kind"],
        media_kinds=reader.kinds["media_kind"],
        translit=translit,
        home="home" in reader.flags,
        stop_words=frozenset(reader.stops),
        decade=decade[0] if decade else None,
        oos_words=frozenset(reader.oos),
    )
