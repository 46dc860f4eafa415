"""Answers about entries: events, media, projects, partners, and lists and counts of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from bot.answer import Action, Answer, DeclineReason, Facet, Filters, Followup, Kind
from bot.engine import facts
from bot.engine.reading import EVENT_ONLY_CUES, Reading, per_reading
from bot.engine.snapshot import (
    agreements_by_year,
    all_ids,
    by_year,
    events_by_country,
    ids_of,
    menu,
    opening,
    partners_by_field,
)
from bot.engine.text import fold
from bot.vocabulary import Cue, EntryKind

# Scores of the content kinds: below every certain decline, above the fallbacks. Ties go to
# the priority: events, media, projects, partners (an event or a project named outright is
# more specific than the partner it was held with).
CONTENT = 50.0
NAMED = 90.0  # an entry named by its own name or title, not by a keyword

# The cue that asks each fact of a partner by itself (its first cue: "signed", not "when").
PARTNER_FACET_CUES = frozenset(
    f.cues[0] for f in facts.facts_of(EntryKind.PARTNER) if f.facet is not Facet.PROJECTS
)


def _missing(r: Reading, entry: EntryKind, facets: tuple[Facet, ...], items: list[object]) -> bool:
    when = Cue.WHEN in r.cues
    return facets.count(Facet.UNKNOWN) == 0 and facts.missing(entry, facets, items, r.kb, when)


def places_of(r: Reading, partners: list[str]) -> set[str]:
    """The names of partner towns, folded, as an event's place may give them."""
    out: set[str] = set()
    for x in partners:
        p = r.kb.partners[x]
        out.update(fold(n) for n in (*p.name.values(), p.local_name, *p.aliases.all()))
    return out


def _years_of(r: Reading, facets: tuple[Facet, ...]) -> tuple[Facet, ...]:
    """Years counted between an agreement's dates ("how many years after signing was it
    prolonged?") or from one of them to today ("how long ago was it prolonged?")."""
    both = Cue.SIGNED in r.cues and Cue.PROLONGED in r.cues
    if both and r.has(Cue.SINCE, Cue.APART, Cue.COUNT):
        return (Facet.SIGNED, Facet.PROLONGED, Facet.APART)
    if Cue.AGO in r.cues:
        dated = tuple(f for f in facets if f in (Facet.SIGNED, Facet.PROLONGED))
        return (*(dated or (Facet.SIGNED,)), Facet.AGO)
    return facets


def _with_unknown(facets: tuple[Facet, ...]) -> tuple[Facet, ...]:
    return (Facet.UNKNOWN, *(f for f in facets if f is not Facet.UNKNOWN))


# --------------------------------------------------------------------------- events


@per_reading
def events_asked(r: Reading) -> list[str]:
    """Events the question is about: named, of a kind named ("the camp"), or the event
    held in a country with no partner ("what did we do in France?")."""
    kb = r.kb
    events = list(r.named["event"])
    if not events and r.event_kinds:
        events = [e.id for e in kb.events.values() if e.kind in r.event_kinds]
    if not events and Cue.EVENT in r.cues:
        events = list(kb.events)
    if not events and not r.named["partner"] and r.named["country"]:
        # The events held in a country with no partner, in the knowledge base's order.
        held = events_by_country(kb)
        lonely = [c for c in r.named["country"] if not kb.by_country.get(c)]
        if len(lonely) == 1:
            events = list(held.get(lonely[0], ()))
        elif lonely:
            ids = {x for c in lonely for x in held.get(c, ())}
            events = [x for x in kb.events if x in ids]
    if not events and r.named["partner"] and Cue.HAPPENED in r.cues:
        at = places_of(r, r.named["partner"])  # "what happened in X?": the events held there
        events = [e.id for e in kb.events.values() if at & {fold(v) for v in e.place.values()}]
    if len(events) > 1 and (r.named["partner"] or r.named["country"]):
        # "the camp in Batumi": the events held in that town or country.
        places = {kb.partners[x].country for x in r.named["partner"]} | set(r.named["country"])
        local = [e for e in events if kb.events[e].country in places]
        events = local or events
    return events


def shadowed(r: Reading, kind: str) -> bool:
    """Entries named only by words that also name a cooperation field, in a question for
    partners ("which partners do beekeeping?" is not about the honey fair): the field
    reading explains more of the question."""
    if not r.named["field"] or not r.has(Cue.PARTNERS, Cue.COOPERATION):
        return False
    spots = r.p.entity_tokens
    field_words = {i for f in r.named["field"] for i in spots.get("field", {}).get(f, ())}
    return all(spots.get(kind, {}).get(x, {-1}) <= field_words for x in r.named[kind])


def stray(r: Reading, kind: str) -> bool:
    """In a long, chatty message, a kind word alone ("a school festival", "a movie at
    home") names no entry when other entries are named: they explain more of it."""
    others = r.named["partner"] or r.named["country"] or r.named["field"]
    if r.p.content_words < 12 or not others:
        return False
    cue = Cue.EVENT if kind == "event" else Cue.MEDIA
    words = r.p.cue_tokens.get(cue, set())
    spots = r.p.entity_tokens.get(kind, {})
    return all(spots.get(x, set()) <= words for x in r.named[kind])


@dataclass(frozen=True)
class Events:
    name: str = "event"
    priority: int = 40

    def score(self, r: Reading) -> float:
        if not events_asked(r):
            return 0.0
        if r.named["partner"] and not r.cues & {Cue.EVENT, Cue.HAPPENED, *EVENT_ONLY_CUES}:
            return 0.0  # a partner named, no event word: the partner is asked about
        if Cue.EVENT not in r.cues and shadowed(r, "event"):
            return 0.0
        if stray(r, "event"):
            return CONTENT - 15
        # A kind word ("the camp", "the exhibition") says outright that an event is asked.
        return CONTENT + 6 if r.event_kinds else CONTENT

    def build(self, r: Reading) -> Answer | None:
        kb, cues = r.kb, r.cues
        events = events_asked(r)
        facets = facts.asked(EntryKind.EVENT, cues) or (Facet.OVERVIEW,)
        if Cue.AGO in cues:  # "how long ago was the festival?"
            facets = (Facet.WHEN, Facet.AGO)
        elif Cue.COUNT in cues and Cue.COUNTRIES in cues:
            facets = (Facet.COUNTRIES,)
        elif Cue.LIST in cues and Facet.COUNTRIES in facets:
            facets = (Facet.UNKNOWN, Facet.COUNTRIES)  # which 12 countries: the page counts
        items = [kb.events[e] for e in events]
        if Cue.EXACT_DATE in cues and facts.too_coarse(EntryKind.EVENT, facets, items, kb):
            facets = _with_unknown(facets)
        if _missing(r, EntryKind.EVENT, facets, list(items)):
            facets = _with_unknown(facets)
        return replace(
            r.base,
            kind=Kind.EVENT,
            events=tuple(events),
            facets=facets,
            followups=(Followup(Action.ALL_PARTNERS), Followup(Action.ALL_PROJECTS)),
        )


# --------------------------------------------------------------------------- media


@per_reading
def media_asked(r: Reading) -> list[str]:
    media = list(r.named["media"])
    if not media and r.p.media_kinds:
        media = [m.id for m in r.kb.media.values() if m.kind in r.p.media_kinds]
    if not media and Cue.MEDIA in r.cues:
        media = list(r.kb.media)
    return media


@dataclass(frozen=True)
class Media:
    name: str = "media"
    priority: int = 39

    def score(self, r: Reading) -> float:
        if not media_asked(r):
            return 0.0
        if r.named["partner"] and not (r.named["media"] and Cue.MEDIA in r.cues):
            return 0.0  # a partner named, no film of it asked: the partner is asked about
        if Cue.MEDIA not in r.cues and shadowed(r, "media"):
            return 0.0
        if stray(r, "media"):
            return CONTENT - 15
        # A kind word ("the book", "the website") says outright that a media item is asked.
        return CONTENT + 6 if r.p.media_kinds else CONTENT

    def build(self, r: Reading) -> Answer | None:
        media = media_asked(r)
        facets = facts.asked(EntryKind.MEDIA, r.cues)
        items = [r.kb.media[m] for m in media]
        if _missing(r, EntryKind.MEDIA, facets, list(items)):
            facets = _with_unknown(facets)
        own = [t.folded for t in r.p.own_words()]
        if len(items) == 1 and facts.in_prose(r.cues, items[0].about.get(r.p.lang), own):
            facets = (Facet.OVERVIEW,)  # "how long is the film?" - "a 52-minute film ..."
        return replace(
            r.base,
            kind=Kind.MEDIA,
            media=tuple(media),
            facets=facets or (Facet.OVERVIEW,),
            followups=tuple(Followup(Action.PROJECT, m.project) for m in items if m.project),
        )


# --------------------------------------------------------------------------- projects


def partners_of_countries(r: Reading) -> list[str]:
    return [x.id for code in r.named["country"] for x in r.kb.partners_in(code)]


@dataclass(frozen=True)
class Projects:
    """Projects: named ones in detail, or lists by partner, country, theme or year."""

    name: str = "projects"
    priority: int = 38

    def score(self, r: Reading) -> float:
        asked, named = Cue.PROJECTS in r.cues, r.named
        projects = named["project"]
        if not asked and not projects:
            return 0.0
        if not asked and named["field"] and r.has(Cue.PARTNERS, Cue.COOPERATION, Cue.LIST):
            return 0.0  # "water sports partners": a field's partners, not the project
        if projects and set(facts.asked(EntryKind.PROJECT, r.cues)) - {Facet.UNKNOWN}:
            return CONTENT + 5  # "when did the cycling project with X start?"
        # (A project of the chat's context has no score in this question.)
        if asked and projects and r.p.entities.get("project", {}).get(projects[0], 0.0) >= NAMED:
            return CONTENT + 5  # "in the project Digital Grandparents": by its title
        if asked and not projects and named["field"] and not named["partner"] + named["country"]:
            return 0.0  # "who do we work with on EU projects": partners by field
        if named["partner"] and r.cues & PARTNER_FACET_CUES:
            return 0.0  # "X: fields and projects?": a question about the partner
        if not asked and (named["partner"] or (Cue.PARTNERS in r.cues and named["field"])):
            return 0.0  # "tourism partners", "X lake": about partners
        return CONTENT

    def build(self, r: Reading) -> Answer | None:
        asked = Cue.PROJECTS in r.cues
        projects = r.named["project"]
        partners = r.named["partner"] or partners_of_countries(r)
        if asked and r.named["country"] and not partners:
            return replace(
                r.base,
                decline_reason=DeclineReason.NO_PARTNER_IN_COUNTRY,
                unknown_name=r.named["country"][0],
                followups=menu(r.kb),
            )
        facets = facts.asked(EntryKind.PROJECT, r.cues)
        if partners and (asked or not projects):
            # "the water tourism project with X": of X's projects, the one its words name.
            theirs = [x for x in projects if set(r.kb.projects[x].partners) & set(partners)]
            if theirs and r.named["partner"]:
                return _named_projects(r, theirs, facets)
            return _projects_of_partners(r, partners, facets)
        if projects:
            return _named_projects(r, projects, facets)
        return _all_projects(r)


def _projects_of_partners(r: Reading, partners: list[str], facets: tuple[Facet, ...]) -> Answer:
    kb = r.kb
    selected = list(dict.fromkeys(pr for pid in partners for pr in kb.projects_of.get(pid, ())))
    if len(selected) == 1 and facets:
        # "When did the project with X end?": the one project, and the fact asked.
        return replace(
            r.base,
            kind=Kind.PROJECT,
            projects=tuple(selected),
            facets=_checked(r, facets, selected),
            followups=tuple(Followup(Action.PARTNER, x) for x in partners),
        )
    return replace(
        r.base,
        kind=Kind.PROJECT_LIST,
        projects=tuple(selected),
        partners=tuple(partners),
        filters=Filters(countries=tuple(r.named["country"])),
        followups=tuple(Followup(Action.PROJECT, x) for x in selected)
        + tuple(Followup(Action.PARTNER, x) for x in partners),
    )


def _checked(r: Reading, facets: tuple[Facet, ...], projects: list[str]) -> tuple[Facet, ...]:
    items = [r.kb.projects[x] for x in projects]
    return _with_unknown(facets) if _missing(r, EntryKind.PROJECT, facets, list(items)) else facets


def _named_projects(r: Reading, projects: list[str], facets: tuple[Facet, ...]) -> Answer:
    # The project that explains most words of the question leads, then the best score.
    # (Projects from the chat's context have no words in this question.)
    p, kb = r.p, r.kb
    tokens, scores = p.entity_tokens.get("project", {}), p.entities.get("project", {})
    top = {x: (len(tokens.get(x, ())), scores.get(x, 100.0)) for x in projects}
    best_cover, best = max(top.values())
    leaders = [x for x in projects if top[x][0] == best_cover and top[x][1] >= best - 0.5]
    if len(leaders) == 1 or (facets and len(leaders) <= 2 and best >= 90):
        return replace(
            r.base,
            kind=Kind.PROJECT,
            projects=tuple(leaders),
            facets=_checked(r, facets, leaders) or (Facet.OVERVIEW,),
            followups=tuple(
                Followup(Action.PARTNER, x) for pr in leaders for x in kb.projects[pr].partners
            ),
        )
    themes = tuple(dict.fromkeys(p.tokens[i].raw for x in leaders for i in tokens.get(x, ())))
    return replace(
        r.base,
        kind=Kind.PROJECT_LIST,
        projects=tuple(leaders),
        filters=Filters(themes=themes),
        followups=tuple(Followup(Action.PROJECT, x) for x in leaders),
    )


def active(r: Reading, project_id: str, year: int) -> bool:
    pr = r.kb.projects[project_id]
    if pr.start is None:
        return False
    end = pr.end or pr.start
    return pr.start.year <= year <= end.year


def _running(pr: Any, today: dt.date) -> bool:
    if pr.start is None or pr.start.as_date() > today:
        return False
    return pr.end is not None and pr.end.as_date(last=True) >= today  # (no end: not known)


def _all_projects(r: Reading) -> Answer:
    year = r.year
    selected = list(by_year(r.kb)[1].get(year, [])) if year else list(r.kb.projects)
    ongoing = Cue.ONGOING in r.cues and not year
    if ongoing:  # "which projects are still running?": started, and not ended, by today
        selected = [x for x in selected if _running(r.kb.projects[x], r.today)]
    having: tuple[Facet, ...] = ()
    if Cue.PARTNERS in r.cues:  # "joint projects with partners": the right denominator
        selected = [x for x in selected if r.kb.projects[x].partners]
        having = (Facet.PARTNERS,)
    if Cue.COUNT in r.cues:
        return replace(
            r.base,
            kind=Kind.COUNT,
            count_of="projects",
            projects=tuple(selected),
            filters=Filters(active_year=year, having=having, ongoing=ongoing),
        )
    return replace(
        r.base,
        kind=Kind.PROJECT_LIST,
        projects=tuple(selected),
        filters=Filters(active_year=year, ongoing=ongoing),
        followups=opening(r.kb, Action.PROJECT, selected),
    )


# --------------------------------------------------------------------------- partners


def partner_followups(r: Reading, partners: list[str]) -> tuple[Followup, ...]:
    kb = r.kb
    followups: list[Followup] = []
    for pid in partners[:3]:
        if kb.projects_of.get(pid):
            followups.append(Followup(Action.PARTNER_PROJECTS, pid))
        followups += [Followup(Action.PARTNER, x) for x in kb.partners[pid].agreement.listed_with]
        followups.append(Followup(Action.PARTNERS_IN_COUNTRY, kb.partners[pid].country))
    return tuple(dict.fromkeys(followups))


@dataclass(frozen=True)
class PartnerCard:
    """One or more named partners, and the facts asked about them."""

    name: str = "partner"
    priority: int = 37

    def score(self, r: Reading) -> float:
        if not r.named["partner"]:
            return 0.0
        facets = facts.asked(EntryKind.PARTNER, r.cues)
        if facets == (Facet.PROJECTS,):
            return 0.0  # "projects with X": the project list answers it
        return CONTENT

    def build(self, r: Reading) -> Answer | None:
        partners = r.named["partner"]
        facets = facts.asked(EntryKind.PARTNER, r.cues) or (Facet.OVERVIEW,)
        if r.has(Cue.LONGEST, Cue.DURATION) and Facet.SINCE not in facets:
            facets = (*(f for f in facets if f is not Facet.OVERVIEW), Facet.SINCE)
        if Cue.COUNT in r.cues and not set(facets) & {Facet.FIELDS, Facet.PROJECTS, Facet.SINCE}:
            # "How many pupils from X visited us?": the page counts nothing of the kind.
            facets = _with_unknown(tuple(f for f in facets if f is not Facet.OVERVIEW))
        facets = _years_of(r, facets)
        items = [r.kb.partners[x] for x in partners]
        # (Also "In which month was it signed?" when the page gives the year.)
        coarse = Cue.EXACT_DATE in r.cues and facts.too_coarse(
            EntryKind.PARTNER, facets, items, r.kb
        )
        if coarse or _missing(r, EntryKind.PARTNER, facets, list(items)):
            facets = _with_unknown(facets)
        return replace(
            r.base,
            kind=Kind.PARTNER,
            partners=tuple(partners),
            facets=facets,
            followups=partner_followups(r, partners),
        )


@per_reading
def fields_asked(r: Reading) -> list[str]:
    """Fields asked about. Where two fields share words the one that explains more of them
    wins ("skolu pieredzes apmaiņa" is the school exchange, not every field with "school");
    fields named by other words stay ("school exchange or tourism")."""
    fields = r.named["field"]
    if not fields:
        return []
    spots = r.p.entity_tokens.get("field", {})
    kept = [
        f
        for f in fields
        if not any(spots.get(f, set()) < spots.get(other, set()) for other in fields)
    ]
    scores = r.p.entities.get("field", {})
    if r.p.content_words >= 12 and any(scores.get(f, 0.0) >= NAMED for f in kept):
        # In a long message, a field named outright ("lake management") is the one asked; a
        # loose keyword elsewhere ("with the pupils", "an exchange trip") is the story's.
        kept = [f for f in kept if scores.get(f, 0.0) >= NAMED]
    return kept


LIST_CUES = frozenset({
    Cue.PARTNERS, Cue.COUNTRIES, Cue.COUNT, Cue.OLDEST, Cue.NEWEST, Cue.SIGNED, Cue.AGREEMENT,
    Cue.PROLONGED,
    Cue.FIELDS, Cue.COOPERATION,
})  # fmt: skip


@dataclass(frozen=True)
class PartnerList:
    """Partners selected by country, field or year (or all of them), and counts of them."""

    name: str = "partner_list"
    priority: int = 36

    def score(self, r: Reading) -> float:
        if r.named["partner"]:
            return 0.0
        if r.named["country"] or fields_asked(r) or r.year or r.cues & LIST_CUES:
            return CONTENT
        return 0.0

    def build(self, r: Reading) -> Answer | None:
        countries, fields, year = r.named["country"], fields_asked(r), r.year
        if countries and r.has(Cue.FIELDS, Cue.COOPERATION) and not fields and not year:
            answer = _fields_in_countries(r, countries)
            if answer is not None:
                return answer
        if Cue.COUNT in r.cues and Cue.PROLONGED in r.cues and not year:
            return _count_prolonged(r)
        if (Cue.COUNT in r.cues and not countries and not fields and not year) or (
            Cue.COUNTRIES in r.cues and not countries and not fields
        ):
            return _count_all(r)
        return select_partners(r, countries, fields, year)


def _fields_in_countries(r: Reading, countries: list[str]) -> Answer | None:
    """ "What do we do with the Turkish partners?": their cards, with the fields."""
    ids = tuple(x.id for c in countries for x in r.kb.partners_in(c))
    if not ids:
        return None
    return replace(
        r.base,
        kind=Kind.PARTNER,
        partners=ids,
        facets=facts.asked(EntryKind.PARTNER, r.cues) or (Facet.FIELDS,),
        followups=tuple(Followup(Action.PARTNER, x) for x in ids),
    )


def _count_prolonged(r: Reading) -> Answer:
    """ "How many agreements have been prolonged?" """
    ids = tuple(x.id for x in r.kb.partners.values() if x.agreement.prolonged)
    return replace(
        r.base,
        kind=Kind.COUNT,
        count_of="partners",
        partners=ids,
        filters=Filters(having=(Facet.PROLONGED,)),
        followups=tuple(Followup(Action.PARTNER, x) for x in ids),
    )


def _count_all(r: Reading) -> Answer:
    """ "How many partners / countries?" """
    return replace(
        r.base,
        kind=Kind.COUNT,
        count_of="countries" if Cue.COUNTRIES in r.cues else "partners",
        partners=tuple(r.kb.partners),
        followups=tuple(Followup(Action.PARTNERS_IN_COUNTRY, c) for c in r.kb.countries),
    )


def _side_of_year(r: Reading) -> str | None:
    """ "before 2000" / "after 2010": a BEFORE or AFTER word right before the year."""
    spots = [t.position for t in r.p.tokens if t.raw == str(r.year)]
    if not spots:
        return None
    for cue, side in ((Cue.BEFORE, "before"), (Cue.AFTER, "after")):
        if any(0 < spots[0] - i <= 2 for i in r.p.cue_tokens.get(cue, ())):
            return side
    return None


def select_partners(
    r: Reading, countries: list[str], fields: list[str], year: int | None
) -> Answer:
    kb = r.kb
    selected = list(kb.partners.values())
    filters = Filters()
    if countries:
        missing = [c for c in countries if not kb.partners_in(c)]
        if missing and len(missing) == len(countries):
            return replace(
                r.base,
                decline_reason=DeclineReason.NO_PARTNER_IN_COUNTRY,
                unknown_name=missing[0],
                followups=menu(kb),
            )
        if len(countries) == 1:  # its partners, in the knowledge base's order
            selected = kb.partners_in(countries[0])
        else:
            selected = [x for x in selected if x.country in countries]
        filters = replace(filters, countries=tuple(countries))
    if fields:
        in_field = partners_by_field(kb)
        if len(fields) == 1 and len(selected) == len(kb.partners):  # all of one field's
            selected = list(in_field.get(fields[0], ()))
        else:
            wanted = {id(x) for f in fields for x in in_field.get(f, ())}
            selected = [x for x in selected if id(x) in wanted]
        filters = replace(filters, fields=tuple(fields))
    if year:
        selected, filters = _by_year(r, selected, filters, year)
    elif r.p.decade:  # "in the 1990s": after 1989 and before 2000
        start = r.p.decade
        selected = [
            x
            for x in selected
            if x.agreement.signed and start <= x.agreement.signed.year < start + 10
        ]
        filters = replace(filters, signed_after=start - 1, signed_before=start + 10)
    # Every partner: the snapshot's own tuple of them (its follow-ups are made once too).
    ids = all_ids(kb).partners if len(selected) == len(kb.partners) else ids_of(selected)
    kind = Kind.COUNT if Cue.COUNT in r.cues else Kind.PARTNER_LIST
    return replace(
        r.base,
        kind=kind,
        partners=ids,
        filters=filters,
        count_of="partners" if kind is Kind.COUNT else None,
        followups=opening(kb, Action.PARTNER, ids),
    )


def _by_year(
    r: Reading, selected: list[Any], filters: Filters, year: int
) -> tuple[list[Any], Filters]:
    """Agreements signed (or prolonged) in a year, or before or after it."""
    side = _side_of_year(r)
    if side:
        # "signed before 2000": the agreements on that side of the year.
        def on_side(x: Any) -> bool:
            d = x.agreement.signed
            return d is not None and (d.year < year if side == "before" else d.year > year)

        if side == "before":
            return [x for x in selected if on_side(x)], replace(filters, signed_before=year)
        return [x for x in selected if on_side(x)], replace(filters, signed_after=year)
    signed_in, prolonged_in = agreements_by_year(r.kb)
    signed, prolonged = signed_in.get(year, []), prolonged_in.get(year, [])
    if len(selected) < len(r.kb.partners):  # (all partners but those filtered out)
        kept = {id(x) for x in selected}
        signed = [x for x in signed if id(x) in kept]
        prolonged = [x for x in prolonged if id(x) in kept]
    if Cue.PROLONGED in r.cues or (not signed and prolonged):
        return prolonged, replace(filters, prolonged_year=year)
    return signed, replace(filters, signed_year=year)
