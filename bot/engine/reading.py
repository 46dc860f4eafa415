"""A Reading: the parsed question, with the chat's context filled in, as every kind of
answer sees it. Kinds of answer score themselves against a Reading (see decide.py)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from bot.answer import Action, Answer, Followup, Kind, Match
from bot.engine.facts import facts_of
from bot.engine.understand import Parsed
from bot.knowledge import KnowledgeBase
from bot.vocabulary import Cue, EntryKind, Facet

# Kinds of entries named by their names (the rest by keywords), for the minimum scores.
NAME_KINDS = ("partner", "country")
KEYWORD_KINDS = ("field", "project", "event", "media")
THING_KINDS = ("partner", "project", "event", "media")
MATCHED_PER_KIND = 10  # entries listed in Answer.matched, per kind

# Cues that make a question about the knowledge base even when no entry is named ("who are
# the partners?"); weaker cues (people, where, how long) do not outweigh "who are you?".
STRONG_CUES = frozenset({
    Cue.SIGNED, Cue.AGREEMENT, Cue.PROLONGED, Cue.FIELDS, Cue.COOPERATION, Cue.PROJECTS,
    Cue.PARTNERS, Cue.COUNTRIES, Cue.COUNT, Cue.OLDEST, Cue.NEWEST, Cue.EVENT, Cue.MEDIA,
    Cue.CONTACT, Cue.SINCE, Cue.LONGEST, Cue.SHORTEST,
})  # fmt: skip

# Cues that ask about the knowledge base's subject (with a country named: about our partners
# there, not about the country).
TOPIC_CUES = STRONG_CUES | {
    Cue.DURATION, Cue.DELEGATION, Cue.PEOPLE, Cue.PARTICIPANTS, Cue.PROGRAMME, Cue.FUNDER,
    Cue.ACTIVITIES, Cue.DATES, Cue.START, Cue.END, Cue.WHERE, Cue.MOST, Cue.LEAST,
    Cue.HAPPENED,
}  # fmt: skip

# Cues that ask for a fact only events have ("the delegation to X", "how many took part"),
# not for one a partner or project has too, nor for partners: with a partner town named,
# they ask about the event held there.
_OTHERS = facts_of(EntryKind.PARTNER) + facts_of(EntryKind.PROJECT)
EVENT_ONLY_CUES = (
    frozenset(c for f in facts_of(EntryKind.EVENT) for c in (*f.cues, *f.broad))
    - {c for f in _OTHERS for c in (*f.cues, *f.broad)}
    - STRONG_CUES
)

# Cues a follow-up may ask about the entry of the previous question ("and the fields?").
FACET_CUES = frozenset({
    Cue.SIGNED, Cue.AGREEMENT, Cue.WHEN, Cue.PROLONGED, Cue.FIELDS, Cue.COOPERATION, Cue.PROJECTS,
    Cue.WHERE, Cue.DURATION, Cue.DELEGATION, Cue.PEOPLE, Cue.PARTICIPANTS, Cue.ACTIVITIES,
    Cue.PROGRAMME, Cue.FUNDER, Cue.START, Cue.END, Cue.DATES, Cue.CONTACT, Cue.SINCE,
})  # fmt: skip


@dataclass(frozen=True)
class ChatContext:
    """What the previous question in a chat was about, for follow-ups."""

    kind: Kind
    partners: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    facets: tuple[Facet, ...] = ()
    at: float = 0.0


@dataclass(frozen=True)
class Limits:
    entity_min_score: float = 80.0  # a partner or country counts as named from this score
    keyword_min_score: float = 62.0  # a project, event, media item or field, by keywords
    suggest_min_score: float = 65.0
    max_suggestions: int = 3

    def min_score(self, kind: str) -> float:
        return self.entity_min_score if kind in NAME_KINDS else self.keyword_min_score


@dataclass
class Reading:
    """The question as the kinds of answer see it."""

    p: Parsed
    kb: KnowledgeBase
    ctx: ChatContext | None
    limits: Limits
    today: dt.date
    named: dict[str, list[str]] = field(default_factory=dict)  # after the context
    asked: dict[str, list[str]] = field(default_factory=dict)  # in this question only
    cues: set[Cue] = field(default_factory=set)  # after the context
    kb_text_keys: frozenset[str] = frozenset()  # words of the knowledge base's own texts
    memo: dict[str, Any] = field(default_factory=dict)  # see per_reading

    @classmethod
    def of(
        cls,
        p: Parsed,
        kb: KnowledgeBase,
        ctx: ChatContext | None,
        limits: Limits,
        today: dt.date,
        kb_text_keys: frozenset[str] = frozenset(),
    ) -> Reading:
        asked = {kind: p.ids(kind, limits.min_score(kind)) for kind in NAME_KINDS + KEYWORD_KINDS}
        asked = _drop_stray_keywords(p, asked)
        asked = _drop_events_by_place(p, asked)
        r = cls(p, kb, ctx, limits, today, asked, asked, set(p.cues), kb_text_keys)
        r.named, r.cues = _with_context(r)
        if p.general:
            r.cues.add(Cue.UNKNOWN)  # "how many kilometres long is the cycling network?"
        if Cue.FUTURE in r.cues and not r.future_told:
            r.cues.add(Cue.UNKNOWN)  # "when is the next visit?": the page does not say
        return r

    # ------------------------------------------------------------- what was named

    @property
    def things(self) -> bool:
        return any(self.named[k] for k in THING_KINDS)

    @property
    def future_told(self) -> bool:
        """An entry asked about tells something still to come: a notice ("the next festival
        is in 2027"), an event not held yet, a project still running."""
        kb, today = self.kb, self.today
        for kind, table in (("partner", kb.partners), ("project", kb.projects),
                            ("event", kb.events), ("media", kb.media)):  # fmt: skip
            for x in self.asked[kind]:
                item = table[x]
                if getattr(item, "notice", None) is not None:
                    return True
                date = getattr(item, "date", None) or getattr(item, "end", None)
                if date is not None and date.as_date(last=True) >= today:
                    return True
        return False

    @property
    def asked_things(self) -> bool:
        return any(self.asked[k] for k in THING_KINDS)

    @property
    def topic(self) -> bool:
        """The question is about the knowledge base's subject at all."""
        a = self.asked
        return bool((self.p.cues & STRONG_CUES) or self.asked_things or a["country"] or a["field"])

    @property
    def content(self) -> list[str]:
        """Words of 4+ letters nothing explains."""
        return [t.raw for t in self.p.unknown if len(t.folded) >= 4]

    @cached_property
    def base(self) -> Answer:
        # The best few of each kind (a word such as "festival" may match thousands).
        matched = tuple(
            Match(kind, id_, round(self.p.entities[kind][id_], 1))
            for kind, ids in self.asked.items()
            for id_ in ids[:MATCHED_PER_KIND]
        )
        score = max((m.score for m in matched), default=0.0)
        return Answer(
            kind=Kind.DECLINE, lang=self.p.lang, matched=matched, score=score, today=self.today
        )

    def first_position(self, kind: str, id_: str) -> int:
        """Where in the question an entry is first named (for "A before B?")."""
        spots = self.p.entity_tokens.get(kind, {}).get(id_, set())
        return min(spots) if spots else 10_000

    def cue_position(self, *cues: Cue) -> int:
        spots = [i for c in cues for i in self.p.cue_tokens.get(c, ())]
        return min(spots) if spots else -1

    def has(self, *cues: Cue) -> bool:
        return bool(self.cues.intersection(cues))

    def unknown_town(self, first_too: bool = False) -> str | None:
        """A capitalised word nothing explains, inside a sentence (or opening it, with
        `first_too`), that the knowledge base's own texts do not use either (the home town,
        a region): a place we do not know."""
        for t in self.p.unknown:
            inside = t.capitalised and (first_too or not t.starts_sentence)
            if len(t.folded) >= 4 and inside and t.key not in self.kb_text_keys:
                return t.raw
        return None

    @property
    def event_kinds(self) -> set[str]:
        """The specific kinds of events named ("camp"); "event" itself is any kind."""
        return self.p.event_kinds - {"event"}

    @property
    def year(self) -> int | None:
        return self.p.years[0] if self.p.years else None


T = TypeVar("T")


def per_reading(fn: Callable[[Reading], T]) -> Callable[[Reading], T]:
    """Computed once per question: several kinds of answer ask the same thing (which
    events, which fields, the best FAQ entry) while scoring and building."""
    key = fn.__qualname__

    @functools.wraps(fn)
    def once(r: Reading) -> T:
        if key not in r.memo:
            r.memo[key] = fn(r)
        return cast(T, r.memo[key])

    return once


_OPEN = {
    EntryKind.PARTNER: Action.PARTNER,
    EntryKind.PROJECT: Action.PROJECT,
    EntryKind.EVENT: Action.EVENT,
    EntryKind.MEDIA: Action.MEDIA,
    EntryKind.COUNTRY: Action.PARTNERS_IN_COUNTRY,
    EntryKind.FIELD: Action.PARTNERS_WITH_FIELD,
}


def open_followup(m: Match) -> Followup:
    return Followup(_OPEN[EntryKind(m.kind)], m.id)


def _drop_stray_keywords(p: Parsed, named: dict[str, list[str]]) -> dict[str, list[str]]:
    """In a long, chatty message a single weak keyword (a "video" call) does not name an
    entry: only names, or keywords backed by more of the message, do."""
    if p.content_words < 12:
        return named
    out = dict(named)
    for kind in ("project", "event", "media", "field"):
        scores, spots = p.entities.get(kind, {}), p.entity_tokens.get(kind, {})
        out[kind] = [
            i for i in named[kind] if scores.get(i, 0.0) >= 80 or len(spots.get(i, ())) > 1
        ]
    return out


def _drop_events_by_place(p: Parsed, named: dict[str, list[str]]) -> dict[str, list[str]]:
    """An event named only by the words naming a partner (its place: "the seminar in X"
    without "seminar") is not asked about: the partner is ("Is X in Japan?")."""
    if not named["partner"] or not named["event"] or p.cues & ({Cue.EVENT} | EVENT_ONLY_CUES):
        return named
    spots = p.entity_tokens
    partner_words = {i for x in named["partner"] for i in spots.get("partner", {}).get(x, ())}
    events = spots.get("event", {})
    kept = [x for x in named["event"] if not events.get(x, {-1}) <= partner_words]
    return named if kept == named["event"] else {**named, "event": kept}


def _with_context(r: Reading) -> tuple[dict[str, list[str]], set[Cue]]:
    """Fill in what a follow-up leaves out ("and X?", "what projects?")."""
    p, named, ctx = r.p, r.asked, r.ctx
    cues = set(p.cues)
    if ctx is None:
        return named, cues
    facet_cues = cues & FACET_CUES
    if ctx.events:
        facet_cues |= cues & {Cue.COUNTRIES, Cue.COUNT}
    if _same_entry_new_fact(r, facet_cues):
        return _entries_of(named, ctx), cues | _dates_asked_before(ctx, facet_cues)
    if _new_entry_same_fact(r, facet_cues, ctx):
        # "When was the agreement with X signed?" - "and Y?": the same fact of Y.
        cues |= {f.cues[0] for f in facts_of(EntryKind.PARTNER) if f.facet in ctx.facets}
    return named, cues


def _same_entry_new_fact(r: Reading, facet_cues: set[Cue]) -> bool:
    """ "What projects?" after a question about X: a fact, no entry, no filter."""
    named = r.asked
    has_thing = any(named[k] for k in THING_KINDS)
    filters = named["country"] or named["field"] or r.p.years
    return not has_thing and bool(facet_cues) and not filters and r.p.content_words <= 6


def _new_entry_same_fact(r: Reading, facet_cues: set[Cue], ctx: ChatContext) -> bool:
    """ "And Y?" after a question about a fact of X: an entry, no fact."""
    named, p = r.asked, r.p
    short = p.opener or p.content_words <= 3
    return bool(named["partner"] and ctx.partners and ctx.facets and not facet_cues and short)


def _entries_of(named: dict[str, list[str]], ctx: ChatContext) -> dict[str, list[str]]:
    out = dict(named)
    out["partner"] = list(ctx.partners)
    out["project"] = list(ctx.projects) if not ctx.partners else []
    out["event"] = list(ctx.events)
    out["media"] = list(ctx.media)
    return out


def _dates_asked_before(ctx: ChatContext, facet_cues: set[Cue]) -> set[Cue]:
    """ "...prolonged? When?": a bare "when" asks for the date asked about before."""
    if not facet_cues <= {Cue.WHEN}:
        return set()
    dated = [f for f in facts_of(EntryKind.PARTNER) if f.order == "date"]
    return {f.cues[0] for f in dated if f.facet in ctx.facets}
