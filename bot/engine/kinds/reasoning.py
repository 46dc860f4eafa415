"""Answers that reason over the declared facts: superlatives, comparisons, negations,
yes/no questions and what happened in a year. Each works on any fact declared in
bot/engine/facts.py with an order, so a new fact is ranked and compared without code here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from bot.answer import Action, Answer, DeclineReason, Facet, Filters, Followup, Kind
from bot.engine import facts
from bot.engine.kinds.entries import (
    events_asked,
    fields_asked,
    partner_followups,
    partners_of_countries,
    places_of,
    shadowed,
)
from bot.engine.lexicon import QUESTION_WORDS
from bot.engine.reading import THING_KINDS, Reading
from bot.engine.snapshot import by_year, menu, opening, order_of
from bot.engine.text import clean, fold, tokenize
from bot.vocabulary import EU_COUNTRIES, Cue, EntryKind, Superlative, Verdict

REASONED = 60.0  # above the plain content kinds (50): these explain more of the question

MOST_CUES = (Cue.NEWEST, Cue.MOST, Cue.LONGEST)
LEAST_CUES = (Cue.OLDEST, Cue.LEAST, Cue.SHORTEST)
ORDER_CUES = MOST_CUES + LEAST_CUES


def _entry_kind(r: Reading) -> EntryKind:
    if Cue.EVENT in r.cues or r.event_kinds or r.named["event"]:
        return EntryKind.EVENT
    if Cue.PROJECTS in r.cues and Cue.PARTNERS in r.cues and r.has(Cue.MOST, Cue.LEAST):
        # "which project had the most partners?" / "which partner has the most projects?":
        # what is asked for comes first, what it is ranked by after "the most"
        first = r.cue_position(Cue.PROJECTS) < r.cue_position(Cue.PARTNERS)
        return EntryKind.PROJECT if first else EntryKind.PARTNER
    if Cue.PROJECTS in r.cues:
        return EntryKind.PROJECT
    return EntryKind.PARTNER


def _rank_fact(r: Reading, entry: EntryKind) -> facts.Fact:
    """The fact an ordering is by: one the question names, else the entry's main date (or
    its duration for "longest"/"shortest")."""
    cues = r.cues - {Cue.WHEN}
    lengthy = r.has(Cue.LONGEST, Cue.SHORTEST, Cue.DURATION)
    if entry is EntryKind.PARTNER:
        cues -= {Cue.SIGNED, Cue.AGREEMENT}
        if lengthy:
            cues = set()  # the longest-standing partnership: the agreement's date
    for f in facts.orderable(entry):
        if f.facet is Facet.DURATION and lengthy:
            return f
        if f.facet is not Facet.DURATION and cues & set(f.cues) and f.facet is not Facet.SINCE:
            return f
    main = {
        EntryKind.PARTNER: Facet.SIGNED,
        EntryKind.PROJECT: Facet.DURATION if lengthy else Facet.START,
        EntryKind.EVENT: Facet.DURATION if lengthy else Facet.WHEN,
    }[entry]
    found = facts.fact(entry, main)
    assert found is not None
    return found


def _wants_most(r: Reading, f: facts.Fact) -> bool:
    """True for the largest / latest end of the ordering."""
    if f.entry is EntryKind.PARTNER and f.facet is Facet.SIGNED and r.has(Cue.LONGEST):
        return False  # the longest-standing partnership is the oldest agreement
    if f.entry is EntryKind.PARTNER and f.facet is Facet.SIGNED and r.has(Cue.SHORTEST):
        return True
    most = r.cue_position(*MOST_CUES)
    least = r.cue_position(*LEAST_CUES)
    return most >= 0 and (least < 0 or most < least)


def _superlative(f: facts.Fact, most: bool) -> Superlative:
    if f.order == "date":
        return Superlative.NEWEST if most else Superlative.OLDEST
    return Superlative.MOST if most else Superlative.LEAST


def _entries(r: Reading, entry: EntryKind) -> dict[str, Any]:
    kb = r.kb
    if entry is EntryKind.PROJECT:
        return dict(kb.projects)
    if entry is EntryKind.EVENT:
        kinds = r.event_kinds
        return {k: e for k, e in kb.events.items() if not kinds or e.kind in kinds}
    partners = dict(kb.partners)
    countries, fields = r.named["country"], fields_asked(r)
    if countries:
        partners = {k: p for k, p in partners.items() if p.country in countries}
    if fields:
        wanted = set(fields)
        partners = {k: p for k, p in partners.items() if not wanted.isdisjoint(p.fields)}
    return partners


def _extreme(r: Reading, f: facts.Fact, entries: dict[str, Any], most: bool) -> list[str]:
    known = order_of(r.kb, f)  # each entry's number for the fact, once per snapshot
    keys = {k: known[k] for k in entries if k in known}
    if not keys:
        return []
    best = (max if most else min)(keys.values())
    return [k for k, v in keys.items() if v == best]


@dataclass(frozen=True)
class Ranked:
    """The first or last of an ordering: the oldest agreement, the longest project, the
    partner with the most fields, the event with the most participants."""

    name: str = "superlative"
    priority: int = 60

    def score(self, r: Reading) -> float:
        if not r.has(*ORDER_CUES) or r.asked["partner"] or r.asked["project"]:
            return 0.0
        if Cue.YESNO in r.cues or Cue.NOT in r.cues:
            return 0.0
        return REASONED

    def build(self, r: Reading) -> Answer | None:
        entry = _entry_kind(r)
        f = _rank_fact(r, entry)
        most = _wants_most(r, f)
        winners = _extreme(r, f, _entries(r, entry), most)
        filters = Filters(
            superlative=_superlative(f, most),
            rank_by=f.facet,
            countries=tuple(r.named["country"]) if entry is EntryKind.PARTNER else (),
            fields=tuple(fields_asked(r)) if entry is EntryKind.PARTNER else (),
        )
        base = replace(r.base, filters=filters)
        if entry is EntryKind.PROJECT:
            return replace(
                base,
                kind=Kind.PROJECT,
                projects=tuple(winners),
                facets=(Facet.DATES,),
                followups=tuple(Followup(Action.PROJECT, x) for x in r.kb.projects),
            )
        if entry is EntryKind.EVENT:
            return replace(base, kind=Kind.EVENT, events=tuple(winners), facets=(f.facet,))
        if f.facet is Facet.SIGNED:
            # The agreement's date: the partner list shape, as "the oldest agreement" was.
            return replace(
                base,
                kind=Kind.PARTNER_LIST,
                partners=tuple(winners),
                filters=replace(filters, rank_by=None),
                followups=tuple(Followup(Action.PARTNER, x) for x in winners),
            )
        return replace(
            base,
            kind=Kind.PARTNER,
            partners=tuple(winners),
            facets=(f.facet,),
            followups=tuple(Followup(Action.PARTNER, x) for x in winners),
        )


def _compared(r: Reading) -> tuple[EntryKind, list[str]] | None:
    order = [
        ("partner", EntryKind.PARTNER),
        ("project", EntryKind.PROJECT),
        ("event", EntryKind.EVENT),
    ]
    # The kind of entry the question is about first: "which lasted longer, the cycling
    # project with X or ...?" compares projects; "the camp in Sighnaghi or the visit
    # to Ostroh?" events.
    if Cue.EVENT in r.cues:
        order.sort(key=lambda pair: pair[1] is not EntryKind.EVENT)
    elif Cue.PROJECTS in r.cues:
        order.sort(key=lambda pair: pair[1] is not EntryKind.PROJECT)
    for kind, entry in order:
        ids = r.asked[kind]
        if len(ids) >= 2:
            return entry, sorted(ids, key=lambda x: r.first_position(kind, x))
    return None


@dataclass(frozen=True)
class Compare:
    """Two entries compared on a fact, with a verdict first for a yes/no question ("did we
    sign with X before Y?")."""

    name: str = "compare"
    priority: int = 65

    def score(self, r: Reading) -> float:
        # "How many years between the agreements with A and B?" compares them too, but not
        # "the cooperation between A and B".
        apart = Cue.APART in r.cues and not r.has(Cue.COOPERATION, Cue.FIELDS, Cue.PROJECTS)
        if not (apart or r.has(*ORDER_CUES, Cue.BEFORE, Cue.AFTER, Cue.SAME)):
            return 0.0
        return 0.0 if _compared(r) is None else REASONED + 5

    def build(self, r: Reading) -> Answer | None:
        found = _compared(r)
        if found is None:
            return None
        entry, ids = found
        f = _rank_fact(r, entry)
        tables: dict[EntryKind, dict[str, Any]] = {
            EntryKind.PARTNER: r.kb.partners,
            EntryKind.PROJECT: r.kb.projects,
            EntryKind.EVENT: r.kb.events,
        }
        table = tables[entry]
        values = {x: f.read(table[x], r.kb) for x in ids}
        known = {x: facts.sort_key(f, v) for x, v in values.items() if v is not None}
        ordered = sorted(ids, key=lambda x: (x not in known, known.get(x, 0.0)))
        verdict = self._verdict(r, ids, known)
        unknown = (Facet.UNKNOWN,) if len(known) < len(ids) else ()
        base = replace(r.base, kind=Kind.COMPARE, compared=f.facet, verdict=verdict, facets=unknown)
        if entry is EntryKind.PARTNER:
            return replace(base, partners=tuple(ordered), followups=partner_followups(r, ids))
        if entry is EntryKind.PROJECT:
            return replace(base, projects=tuple(ordered))
        return replace(base, events=tuple(ordered))

    def _verdict(self, r: Reading, ids: list[str], known: dict[str, float]) -> Verdict | None:
        """Yes or no for "is A <more> than B?" (A named first), when both are known; none
        for "which is older, A or B?" (the order answers it)."""
        if r.has(Cue.LIST, Cue.APART) and Cue.YESNO not in r.cues:
            return None  # "which is older?", "how many years between?": no yes or no
        a, b = ids[0], ids[1]
        if a not in known or b not in known:
            return None
        if Cue.SAME in r.cues:
            return Verdict.YES if known[a] == known[b] else Verdict.NO
        if known[a] == known[b]:
            return None
        a_later = known[a] > known[b]
        if r.has(Cue.BEFORE, Cue.OLDEST, Cue.SHORTEST, Cue.LEAST):
            return Verdict.NO if a_later else Verdict.YES
        return Verdict.YES if a_later else Verdict.NO


def _after(r: Reading, position: int, spots: Iterable[int]) -> int:
    """The distance of the nearest of `spots` after `position`; one before it counts only
    when none comes after ("... the date of signing not known?"): 10,000 if none."""
    spots = list(spots)
    after = min((s - position for s in spots if s > position), default=10_000)
    before = min((position - s + 100 for s in spots if s < position), default=10_000)
    return min(after, before)


@dataclass(frozen=True)
class Negation:
    """Lists of what does NOT hold: partners without joint projects, agreements never
    prolonged, partners outside the EU, partners not in a field or country."""

    name: str = "negation"
    priority: int = 62

    def score(self, r: Reading) -> float:
        if Cue.NOT not in r.p.cues or r.asked["partner"]:
            return 0.0
        if r.asked["project"] and not shadowed(r, "project"):
            return 0.0  # (a project named only by a field's words: the field is meant)
        if r.p.lang not in r.p.cue_langs.get(Cue.NOT, set()):
            return 0.0  # Latvian "no" is "from", not a negation
        if not r.has(Cue.LIST, Cue.PARTNERS, Cue.PROJECTS, Cue.COUNT, Cue.COUNTRIES):
            return 0.0
        return REASONED + 2 if self._target(r) else 0.0

    def _target(self, r: Reading) -> str | None:
        """What the negation applies to: the nearest filter after the "not"."""
        at = r.cue_position(Cue.NOT)
        spots = r.p.entity_tokens
        cues = r.p.cue_tokens
        options = {
            "field": _after(r, at, (i for f in fields_asked(r) for i in spots["field"][f])),
            "country": _after(
                r, at, (i for c in r.named["country"] for i in spots["country"].get(c, ()))
            ),
            "eu": _after(r, at, cues.get(Cue.EU, ())),
            "year": _after(r, at, (t.position for t in r.p.tokens if t.raw == str(r.year))),
        }
        # Any declared fact of a partner: "no joint projects", "never prolonged", "no known
        # date", "no contact person" - the partners that lack it.
        for f in facts.facts_of(EntryKind.PARTNER):
            if f.facet not in (Facet.SINCE, Facet.LOCATION):
                found = (i for c in f.cues for i in cues.get(c, ()))
                options[f.facet.value] = min(
                    options.get(f.facet.value, 10_000), _after(r, at, found)
                )
        if r.asked["field"]:
            options["eu"] = 10_000  # "EU funds" is a field, not the Union
        elif Cue.EU in r.cues and at >= 0 and options["eu"] == 10_000:
            options["eu"] = 1  # "ārpus ES" parses as one cue
        best = min(options, key=lambda k: options[k])
        if best == Facet.SIGNED.value and r.year:
            return "year"  # "which agreements were not signed in 2011?"
        return best if options[best] < 10_000 else None

    def build(self, r: Reading) -> Answer | None:
        target = self._target(r)
        kb = r.kb
        projects_first = r.cue_position(Cue.PROJECTS) >= 0 and (
            r.cue_position(Cue.PROJECTS) < r.cue_position(Cue.NOT)
        )
        if projects_first and target == "country":
            excluded = set(partners_of_countries(r))
            ids = tuple(x for x, pr in kb.projects.items() if not set(pr.partners) & excluded)
            return replace(
                r.base,
                kind=Kind.COUNT if Cue.COUNT in r.cues else Kind.PROJECT_LIST,
                count_of="projects" if Cue.COUNT in r.cues else None,
                projects=ids,
                filters=Filters(countries=tuple(r.named["country"]), negated=True),
                followups=tuple(Followup(Action.PROJECT, x) for x in ids),
            )
        keep, filters = self._partner_filter(r, target)
        ids = tuple(x for x, p in kb.partners.items() if keep(p))
        kind = Kind.COUNT if Cue.COUNT in r.cues else Kind.PARTNER_LIST
        return replace(
            r.base,
            kind=kind,
            partners=ids,
            filters=filters,
            count_of="partners" if kind is Kind.COUNT else None,
            followups=tuple(Followup(Action.PARTNER, x) for x in ids),
        )

    def _partner_filter(self, r: Reading, target: str | None) -> tuple[Any, Filters]:
        kb = r.kb
        if target == "field":
            fields = set(fields_asked(r))
            return (
                lambda p: not set(p.fields) & fields,
                Filters(fields=tuple(fields), negated=True),
            )
        if target == "country":
            countries = set(r.named["country"])
            return (
                lambda p: p.country not in countries,
                Filters(countries=tuple(countries), negated=True),
            )
        if target == "eu":
            return lambda p: p.country not in EU_COUNTRIES, Filters(outside_eu=True)
        if target == "year":
            year = r.year
            return (
                lambda p: not (p.agreement.signed and p.agreement.signed.year == year),
                Filters(signed_year=year, negated=True),
            )
        fact = facts.fact(EntryKind.PARTNER, Facet(target or Facet.PROJECTS.value))
        assert fact is not None
        return (
            lambda p: fact.read(p, kb) is None,
            Filters(having=(fact.facet,), negated=True),
        )


@dataclass(frozen=True)
class InEu:
    """Partners in the European Union (and, with a "not", outside it - see Negation)."""

    name: str = "eu"
    priority: int = 58

    def score(self, r: Reading) -> float:
        if Cue.EU not in r.p.cues or Cue.NOT in r.p.cues or r.asked["partner"]:
            return 0.0
        if r.asked["field"]:
            return 0.0  # "EU funds" is a cooperation field of its own
        return REASONED - 2 if not r.asked["event"] else 0.0

    def build(self, r: Reading) -> Answer | None:
        inside = tuple(c for c in r.kb.countries if c in EU_COUNTRIES)
        ids = tuple(x for x, p in r.kb.partners.items() if p.country in inside)
        kind = Kind.COUNT if Cue.COUNT in r.cues else Kind.PARTNER_LIST
        return replace(
            r.base,
            kind=kind,
            partners=ids,
            count_of="partners" if kind is Kind.COUNT else None,
            filters=Filters(countries=inside),
            followups=tuple(Followup(Action.PARTNER, x) for x in ids),
        )


@dataclass(frozen=True)
class YesNo:
    """A yes/no question about a checkable fact: the verdict first, then the card."""

    name: str = "yesno"
    priority: int = 64

    def score(self, r: Reading) -> float:
        if not _yes_no(r) or Cue.UNKNOWN in r.cues:
            return 0.0  # (no yes or no about what the page does not hold: "will it be ...?")
        # Above an unknown place: "Is Riga a twin town?" gets a clear "no".
        return 85.0 if self._check(r) is not None else 0.0

    def _check(self, r: Reading) -> Answer | None:
        partners, projects = r.named["partner"], r.named["project"]
        named_outright = (
            Cue.PROJECTS in r.cues or r.p.entities.get("project", {}).get(projects[0], 0.0) >= 80
            if projects
            else False
        )
        if len(projects) == 1 and named_outright and (partners or r.named["country"]):
            return _project_verdict(r, projects[0])
        if r.named["event"] or r.named["media"] or projects:
            return None
        if len(partners) == 1:
            return _partner_verdict(r, partners[0])
        if partners or r.things:
            return None
        if r.named["country"]:
            return _country_verdict(r, r.named["country"])
        # The town asked about may open the question ("Yerevan - our partner?").
        place = r.p.places[0] if r.p.places else r.unknown_town(first_too=True)
        if place and r.has(Cue.PARTNERS, Cue.FIELDS, Cue.COOPERATION):
            return replace(
                r.base,
                decline_reason=DeclineReason.UNKNOWN_PLACE,
                unknown_name=place,
                verdict=Verdict.NO,
                followups=menu(r.kb),
            )
        return None

    def build(self, r: Reading) -> Answer | None:
        return self._check(r)


def _yes_no(r: Reading) -> bool:
    """A yes/no question: opened by "is"/"vai"/"ли", or asked by intonation only ("Орша наш
    партнер?", "Рига город-побратим?", "продлевали договор с X?", "X находится в Японии?": a
    question mark and nothing asked but partnership, a prolongation or a place)."""
    if Cue.YESNO in r.cues:
        return not any(t.key in _OR_KEYS for t in r.p.tokens[1:])
    if not r.p.text.rstrip().endswith("?") or any(t.key in _QUESTION_KEYS for t in r.p.tokens):
        return False
    if any(t.key in _OR_KEYS for t in r.p.tokens[1:]):
        return False  # "lakes, schools or what?": a choice, not yes or no
    return r.p.cues <= _INTONATION_CUES


# What a question with only a question mark may ask yes or no about; the claim itself is
# read by _proposition (none read: no verdict, the card answers).
_INTONATION_CUES = frozenset(
    {Cue.PARTNERS, Cue.COOPERATION, Cue.PROLONGED, Cue.AGREEMENT, Cue.WHERE, Cue.EU}
)


_OR_KEYS = frozenset({"or", "vai", "ili"})  # "or" in en, lv and ru (или)
_QUESTION_KEYS = frozenset(
    t.key for words in QUESTION_WORDS.values() for t in tokenize(clean(words))
)


def _proposition(r: Reading, pid: str) -> tuple[Facet, bool] | None:
    """What a yes/no question claims about one partner, and whether it holds."""
    p, kb = r.kb.partners[pid], r.kb
    fields = fields_asked(r)
    if fields:  # "Do we do school exchanges with X?"
        return Facet.FIELDS, bool(set(fields) & set(p.fields))
    if r.named["country"]:  # "Is X in Lithuania?"
        return Facet.LOCATION, p.country in r.named["country"]
    if Cue.EU in r.cues:  # "Is X in the European Union?"
        return Facet.LOCATION, p.country in EU_COUNTRIES
    if r.year and r.has(Cue.SIGNED, Cue.AGREEMENT, Cue.PROLONGED):  # "Was it signed in 2000?"
        prolonged = Cue.PROLONGED in r.cues
        d = p.agreement.prolonged if prolonged else p.agreement.signed
        if d is None:
            return None  # the page does not say: no verdict
        return (Facet.PROLONGED if prolonged else Facet.SIGNED), d.year == r.year
    if Cue.PROLONGED in r.cues:  # "Was the agreement prolonged?"
        return Facet.PROLONGED, p.agreement.prolonged is not None
    if Cue.PROJECTS in r.cues:  # "Do we have projects with X?"
        return Facet.PROJECTS, bool(kb.projects_of.get(p.id))
    if Cue.PARTNERS in r.cues and not facts.asked(EntryKind.PARTNER, r.cues):
        return Facet.OVERVIEW, True  # "Is X a partner?"
    return None


def _partner_verdict(r: Reading, pid: str) -> Answer | None:
    found = _proposition(r, pid)
    if found is None:
        return None
    facet, ok = found
    return replace(
        r.base,
        kind=Kind.PARTNER,
        partners=(pid,),
        facets=(facet,),
        verdict=_v(ok),
        followups=partner_followups(r, [pid]),
    )


def _project_verdict(r: Reading, project_id: str) -> Answer:
    """ "Was the cycling project with a Lithuanian partner?", "... with X?" """
    partners = r.kb.projects[project_id].partners
    if r.named["partner"]:
        ok = bool(set(partners) & set(r.named["partner"]))
    else:
        ok = any(r.kb.partners[x].country in r.named["country"] for x in partners)
    return replace(
        r.base,
        kind=Kind.PROJECT,
        projects=(project_id,),
        facets=(Facet.PARTNERS,),
        verdict=_v(ok),
        followups=tuple(Followup(Action.PARTNER, x) for x in partners),
    )


def _country_verdict(r: Reading, codes: list[str]) -> Answer:
    """ "Do we have a partner in Germany?", "Were there projects with Lithuanians?" """
    kb = r.kb
    local = tuple(x.id for c in codes for x in kb.partners_in(c))
    if Cue.PROJECTS in r.cues:
        theirs = {x for pid in local for x in kb.projects_of.get(pid, ())}
        ids = tuple(x for x in kb.projects if x in theirs)
        return replace(
            r.base,
            kind=Kind.PROJECT_LIST,
            projects=ids,
            partners=local,
            filters=Filters(countries=tuple(codes)),
            verdict=_v(bool(ids)),
            followups=tuple(Followup(Action.PROJECT, x) for x in ids) or menu(kb),
        )
    return replace(
        r.base,
        kind=Kind.PARTNER_LIST,
        partners=local,
        filters=Filters(countries=tuple(codes)),
        verdict=_v(bool(local)),
        followups=tuple(Followup(Action.PARTNER, x) for x in local) or menu(kb),
    )


def _v(ok: bool) -> Verdict:
    return Verdict.YES if ok else Verdict.NO


@dataclass(frozen=True)
class Year:
    """What happened in a year: agreements signed or prolonged, projects, events; with a
    partner named ("what happened in X in 2012?"), what happened with or at X."""

    name: str = "year"
    priority: int = 55

    def score(self, r: Reading) -> float:
        if not r.year or r.named["country"] or r.named["field"]:
            return 0.0
        if r.named["partner"] and Cue.HAPPENED in r.cues:
            others = (r.named[k] for k in THING_KINDS if k != "partner")
            return 0.0 if any(others) else REASONED - 4
        if r.things:
            return 0.0
        specific = r.has(
            Cue.SIGNED, Cue.AGREEMENT, Cue.PROLONGED, Cue.PROJECTS, Cue.EVENT, Cue.MEDIA,
            Cue.PARTNERS,
            Cue.COUNT, Cue.COUNTRIES, Cue.FIELDS, Cue.COOPERATION,
        )  # fmt: skip
        if Cue.HAPPENED in r.cues or not specific:
            return REASONED - 4
        started = r.p.cue_tokens.get(Cue.START, set())
        signed = r.p.cue_tokens.get(Cue.SIGNED, set()) | r.p.cue_tokens.get(Cue.AGREEMENT, set())
        only_started = started and signed <= started
        if only_started and not r.has(Cue.PARTNERS, Cue.PROJECTS, Cue.EVENT, Cue.PROLONGED):
            return REASONED - 4  # "what started in 2009?": whatever started then
        return 0.0

    def build(self, r: Reading) -> Answer | None:
        year, kb, named = r.year, r.kb, r.named["partner"]
        assert year is not None
        # The year's agreements, projects and events, once per snapshot; of a partner named.
        in_year = [table.get(year, []) for table in by_year(kb)]
        partners = tuple(x for x in in_year[0] if not named or x in named)
        asked = set(named)
        projects = tuple(
            x for x in in_year[1] if not named or not asked.isdisjoint(kb.projects[x].partners)
        )
        at = places_of(r, named)
        events = tuple(
            x
            for x in in_year[2]
            if not named or at & {fold(v) for v in kb.events[x].place.values()}
        )
        nothing = not (partners or projects or events)
        return replace(
            r.base,
            kind=Kind.YEAR,
            facets=(Facet.UNKNOWN,) if nothing else (),
            partners=partners,
            projects=projects,
            events=events,
            filters=Filters(year=year),
            followups=opening(kb, Action.PARTNER, partners)
            + opening(kb, Action.PROJECT, projects)
            + tuple(Followup(Action.EVENT, x) for x in events),
        )


__all__ = ["Compare", "InEu", "Negation", "Ranked", "Year", "YesNo", "events_asked"]
