"""From words to meaning: which entries a question names, what it asks, in which language."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot.engine.index import Hit, Vocabulary
from bot.engine.text import Token, clean, tokenize
from bot.vocabulary import Cue

_YEAR = re.compile(r"^(19|20)\d\d$")
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
        if hit.score < 97 or hit.span != 1:
            continue
        langs = {t.lang for t in hit.term.targets if t.kind in _WORD_KINDS}
        if "ru" in langs and not langs & {"lv", "en"}:
            ru.add(hit.start)
        elif langs & {"lv", "en"}:
            other.add(hit.start)
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


def parse(text: str, vocab: Vocabulary, preferred: str, languages: tuple[str, ...]) -> Parsed:
    cleaned = clean(text)[:1000]  # nothing a person asks needs more
    tokens = tokenize(cleaned)[:60]
    hits = vocab.find(tokens)
    translit = "ru" in languages and _is_translit(tokens, hits)
    entities: dict[str, dict[str, float]] = defaultdict(dict)
    entity_tokens: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    cues: set[Cue] = set()
    cue_tokens: dict[Cue, set[int]] = defaultdict(set)
    cue_langs: dict[Cue, set[str]] = defaultdict(set)
    lang_votes: dict[str, float] = defaultdict(float)
    explained: set[int] = set()
    out_of_scope = False
    general = False
    opener = False
    places: list[str] = []
    event_kinds: set[str] = set()
    media_kinds: set[str] = set()
    home = False
    # Per word, the languages of its best-scoring language-bearing matches.
    token_langs: dict[int, dict[str, float]] = defaultdict(dict)

    def vote(span: range, lang: str | None, score: float) -> None:
        if lang:
            for i in span:
                token_langs[i][lang] = max(token_langs[i].get(lang, 0.0), score)

    # Words that are exactly a function or cue word of some language (in any script: a
    # Russian word typed in Latin letters too) are never also a typo of a name.
    exact_words = {
        i
        for hit in hits
        if hit.score >= 97 and any(t.kind in _WORD_KINDS for t in hit.term.targets)
        for i in range(hit.start, hit.end)
    }
    # The knowledge base's own words win over cues for what they denote: the words of a
    # name or title matched whole ("Neighbors: Enlarging Twinning Community") are not also
    # cues ("twinning" = partners).
    name_words = {
        i
        for hit in hits
        if hit.span >= 2
        and hit.score >= 90
        and any(t.kind in _NAME_KINDS and t.weight == 1.0 for t in hit.term.targets)
        for i in range(hit.start, hit.end)
    }
    # A name matched exactly also wins over a cue that only shares its beginning (the town
    # Signahi is not "sign*", the field Uzņēmējdarbība is not "uzņēm*" = filmed); keywords,
    # weighted lower, do not (the keyword "delegācija" is still the cue "delegāc*").
    exact_names = {
        i
        for hit in hits
        if hit.score >= 97
        and any(t.kind in ENTITY_KINDS and t.weight == 1.0 for t in hit.term.targets)
        for i in range(hit.start, hit.end)
    }
    # Words the knowledge base itself uses (names or keywords, matched exactly): a topic the
    # knowledge base holds is not out of scope ("пособие" is a handbook there, not a benefit).
    kb_words = {
        i
        for hit in hits
        if hit.score >= 97 and any(t.kind in ENTITY_KINDS for t in hit.term.targets)
        for i in range(hit.start, hit.end)
    }
    for hit in hits:
        span = range(hit.start, hit.end)
        # A kind word ("camp", "photo album") is about the entry either way: it stays.
        is_entity = any(t.kind in _ENTRY_WORD_KINDS for t in hit.term.targets)
        if hit.span == 1 and hit.start in name_words and not is_entity:
            continue
        if hit.term.prefix and not is_entity and all(i in exact_names for i in span):
            continue
        for target in hit.term.targets:
            entity = target.kind in ENTITY_KINDS
            # Partner names meet across scripts (Zhagare ~ Жагаре); words do not.
            if target.kind != "partner" and not all(
                _script_ok(tokens[i], target.lang, translit) for i in span
            ):
                continue
            # A word that is exactly a function or cue word is not also a typo of a name
            # (сколько is not skola).
            if entity and hit.score < 97 and all(i in exact_words for i in span):
                continue
            explained.update(span)
            if entity:
                score = hit.score * target.weight
                if score > entities[target.kind].get(target.id, 0.0):
                    entities[target.kind][target.id] = score
                entity_tokens[target.kind][target.id].update(span)
                if target.kind in ("country", "field") and _script_ok(
                    tokens[hit.start], target.lang
                ):
                    vote(span, target.lang, hit.score)
            elif target.kind == "cue":
                cue = Cue(target.id)
                cues.add(cue)
                cue_tokens[cue].update(span)
                cue_langs[cue].add(target.lang or "")
                vote(span, target.lang, hit.score)
            elif target.kind in ("event_kind", "media_kind"):
                (event_kinds if target.kind == "event_kind" else media_kinds).add(target.id)
                cue = Cue.EVENT if target.kind == "event_kind" else Cue.MEDIA
                cues.add(cue)
                cue_tokens[cue].update(span)
                vote(span, target.lang, hit.score)
            elif (target.kind == "yesno_open" and hit.start == 0) or target.kind == "yesno_any":
                cues.add(Cue.YESNO)
                cue_tokens[Cue.YESNO].update(span)
                vote(span, target.lang, hit.score)
            elif target.kind == "yesno_open":
                vote(span, target.lang, hit.score)
            elif target.kind == "home":
                home = True
            elif target.kind == "stop":
                vote(span, target.lang, hit.score)
            elif target.kind == "oos":
                if not all(i in kb_words for i in span):  # a handbook the KB holds is in scope
                    out_of_scope = True
                vote(span, target.lang, hit.score)
            elif target.kind == "general":
                general = True
                vote(span, target.lang, hit.score)
            elif target.kind == "opener" and hit.start == 0:
                opener = True
            elif target.kind == "place":
                places.append(" ".join(t.raw for t in tokens[hit.start : hit.end]))

    name_positions = {
        i
        for kind in ("partner", "project", "event", "media")
        for ids in entity_tokens[kind].values()
        for i in ids
    }
    for token in tokens:
        i = token.position
        if token.has_cyrillic and i not in name_positions:
            lang_votes["ru"] += 3
        elif token.has_latvian_letters and i not in name_positions:
            lang_votes["lv"] += 2
        langs = token_langs.get(i)
        if langs:
            best = max(langs.values())
            winners = [lang for lang, score in langs.items() if score >= best - 0.5]
            for lang in winners:
                lang_votes[lang] += 1 / len(winners)
    if any(t.has_cyrillic for t in tokens) and not lang_votes:
        lang_votes["ru"] = 1
    if translit:
        lang_votes["ru"] += 2 + lang_votes.get("en", 0) + lang_votes.get("lv", 0)
    if lang_votes.get("en", 0) == lang_votes.get("lv", 0) > 0 and not any(
        t.has_latvian_letters for t in tokens
    ):
        # Words both languages share (festival, partner, info): without a Latvian letter or
        # a Latvian word the question is English.
        lang_votes["en"] += 0.1
    lang, sure = preferred, False
    ranked = sorted(((v, k) for k, v in lang_votes.items() if k in languages), reverse=True)
    if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        lang, sure = ranked[0][1], ranked[0][0] >= 1
    elif ranked and preferred in {k for v, k in ranked if v == ranked[0][0]}:
        lang, sure = preferred, True

    _drop_cues_inside_titles(cues, cue_tokens, entity_tokens, entities)
    years = [int(t.raw) for t in tokens if _YEAR.match(t.raw)]
    unknown = [t for t in tokens if t.position not in explained and not t.is_number]
    return Parsed(
        text=cleaned,
        tokens=tokens,
        lang=lang,
        lang_sure=sure,
        entities=dict(entities),
        entity_tokens={k: dict(v) for k, v in entity_tokens.items()},
        cues=cues,
        cue_tokens=dict(cue_tokens),
        cue_langs=dict(cue_langs),
        years=years,
        out_of_scope=out_of_scope,
        general=general,
        opener=opener,
        places=places,
        unknown=unknown,
        event_kinds=event_kinds,
        media_kinds=media_kinds,
        translit=translit,
        home=home,
    )
