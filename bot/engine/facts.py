"""Every fact the engine can tell, declared once.

A Fact says which kind of entry it belongs to, its Facet, the cues that ask for it, how its
value is read from the knowledge base (None: the page does not say) and how it is ordered
for superlatives and comparisons. The decision's facet tables, the "I don't know" checks,
the orderings ("the longest project", "the partner with the most fields") and the
comparisons ("did we sign with A before B?") are all derived from this list, so adding a
fact is one declaration here plus its wording in the renderer and the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from bot.engine.text import fold
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import PartialDate
from bot.vocabulary import Cue, EntryKind, Facet

Order = Literal["date", "number"]
Reader = Callable[[Any, KnowledgeBase], object]


@dataclass(frozen=True)
class Fact:
    entry: EntryKind
    facet: Facet
    cues: tuple[Cue, ...]  # any of them asks for this fact
    read: Reader  # the value, or None when the knowledge base does not hold it
    order: Order | None = None  # how values compare, for orderings
    # Cues that ask for it only when no other fact of the same order is asked by its own
    # cues: "the agreement with X" asks when it was signed and prolonged, "when was the
    # agreement with X prolonged?" only the prolongation, "X, when?" the signing.
    broad: tuple[Cue, ...] = ()


def _days(start: PartialDate | None, end: PartialDate | None) -> int | None:
    if start is None or end is None:
        return None
    return (end.as_date(last=True) - start.as_date()).days + 1


def _participants(event: Any, kb: KnowledgeBase) -> int | None:
    exact: int | None = event.participants
    return exact if exact is not None else event.participants_more_than


P, PR, E, M = EntryKind.PARTNER, EntryKind.PROJECT, EntryKind.EVENT, EntryKind.MEDIA

FACTS: tuple[Fact, ...] = (
    # partners
    Fact(
        P,
        Facet.SIGNED,
        (Cue.SIGNED,),
        lambda p, kb: p.agreement.signed,
        "date",
        broad=(Cue.WHEN, Cue.AGREEMENT),
    ),
    Fact(
        P,
        Facet.PROLONGED,
        (Cue.PROLONGED,),
        lambda p, kb: p.agreement.prolonged,
        "date",
        broad=(Cue.AGREEMENT,),
    ),
    Fact(P, Facet.SINCE, (Cue.SINCE,), lambda p, kb: p.agreement.signed, "date"),
    Fact(P, Facet.FIELDS, (Cue.FIELDS,), lambda p, kb: p.fields or None, "number"),
    Fact(
        P, Facet.PROJECTS, (Cue.PROJECTS,), lambda p, kb: kb.projects_of.get(p.id) or None, "number"
    ),
    Fact(P, Facet.CONTACT, (Cue.CONTACT,), lambda p, kb: p.contact),
    Fact(P, Facet.LOCATION, (Cue.WHERE,), lambda p, kb: p.country),
    # projects
    Fact(PR, Facet.START, (Cue.START,), lambda pr, kb: pr.start, "date"),
    Fact(PR, Facet.END, (Cue.END,), lambda pr, kb: pr.end, "date"),
    Fact(PR, Facet.DATES, (Cue.DATES, Cue.WHEN), lambda pr, kb: pr.start, "date"),
    Fact(
        PR,
        Facet.DURATION,
        (Cue.DURATION, Cue.LONGEST, Cue.SHORTEST),
        lambda pr, kb: _days(pr.start, pr.end),
        "number",
    ),
    Fact(  # "who took part in the project?": its partners
        PR,
        Facet.PARTNERS,
        (Cue.PARTNERS,),
        lambda pr, kb: pr.partners or None,
        "number",
        broad=(Cue.PARTICIPANTS,),
    ),
    # events
    Fact(E, Facet.WHEN, (Cue.WHEN,), lambda e, kb: e.date, "date"),
    Fact(E, Facet.WHERE, (Cue.WHERE,), lambda e, kb: e.place),
    Fact(
        E,
        Facet.DURATION,
        (Cue.DURATION, Cue.LONGEST, Cue.SHORTEST),
        lambda e, kb: e.duration_days,
        "number",
    ),
    Fact(
        E,
        Facet.DELEGATION,
        (Cue.DELEGATION,),
        lambda e, kb: e.delegation_size,
        "number",
        broad=(Cue.PEOPLE,),
    ),
    Fact(E, Facet.PARTICIPANTS, (Cue.PARTICIPANTS,), _participants, "number", (Cue.PEOPLE,)),
    Fact(E, Facet.COUNTRIES, (Cue.COUNTRIES,), lambda e, kb: e.countries_count, "number"),
    Fact(E, Facet.ACTIVITIES, (Cue.ACTIVITIES,), lambda e, kb: e.activities),
    Fact(E, Facet.PROGRAMME, (Cue.PROGRAMME, Cue.FUNDER), lambda e, kb: e.programme),
    # media
    Fact(M, Facet.FUNDER, (Cue.FUNDER,), lambda m, kb: m.funder),
    Fact(M, Facet.PROJECTS, (Cue.PROJECTS,), lambda m, kb: m.project),
)

# Cues that ask an entry of this kind for something its schema never holds: the answer is
# "I don't know" (a project's funder, the film's date or length).
NEVER_HELD: dict[EntryKind, frozenset[Cue]] = {
    PR: frozenset({Cue.FUNDER, Cue.PEOPLE, Cue.DELEGATION}),
    M: frozenset(
        {Cue.DURATION, Cue.WHEN, Cue.WHERE, Cue.START, Cue.END, Cue.DATES, Cue.PARTICIPANTS}
        | {Cue.DELEGATION, Cue.PEOPLE, Cue.EXACT_DATE}
    ),
}


# A fact the schema has no key for may still be given, in figures, by an entry's description
# ("a 52-minute documentary"); then the description answers, and "I don't know" would be
# wrong. The cue that asks for it -> how the description gives it.
IN_PROSE: dict[Cue, re.Pattern[str]] = {
    Cue.DURATION: re.compile(
        r"\d+\s*[-‑–]?\s*(?:minute|min\b|hour|minūt|stund|минут|мин\b|час)", re.IGNORECASE
    ),
    Cue.WHEN: re.compile(r"\b(?:1[89]|20)\d\d\b"),  # "published in 2015"
}
_COUNTED = re.compile(r"\b\d+\s+([^\W\d_]{4,})")  # "40 recipes", "300 seniors"


def in_prose(cues: set[Cue], about: str, words: Iterable[str] = ()) -> bool:
    """The description gives, in figures, a fact the cues ask for that has no key; with
    "how many" and the question's own words (folded), a number of one of them."""
    if any(c in cues and pattern.search(about) for c, pattern in IN_PROSE.items()):
        return True
    if Cue.COUNT not in cues:
        return False
    counted = {fold(m.group(1))[:5] for m in _COUNTED.finditer(about)}
    return any(len(w) >= 5 and w[:5] in counted for w in words)


def facts_of(entry: EntryKind) -> tuple[Fact, ...]:
    return tuple(f for f in FACTS if f.entry is entry)


def fact(entry: EntryKind, facet: Facet) -> Fact | None:
    return next((f for f in FACTS if f.entry is entry and f.facet is facet), None)


def asked(entry: EntryKind, cues: set[Cue]) -> tuple[Facet, ...]:
    """The facets of an entry kind the cues ask for, in declaration order; UNKNOWN first
    when the question asks for something no entry holds."""
    out: list[Facet] = []
    own = [f for f in facts_of(entry) if cues.intersection(f.cues)]
    orders = {f.order for f in own}
    for f in facts_of(entry):
        broadly = f.order not in orders and cues.intersection(f.broad)
        if (f in own or broadly) and f.facet not in out:
            out.append(f.facet)
    if not out and Cue.COOPERATION in cues and entry is EntryKind.PARTNER:
        out.append(Facet.FIELDS)  # "cooperation with X": in which fields
    # Words for facts nobody holds ("director", "budget") always mean "I don't know"; a
    # fact this kind of entry never has only when nothing it does have is asked.
    if Cue.UNKNOWN in cues or (not out and cues & NEVER_HELD.get(entry, frozenset())):
        out.insert(0, Facet.UNKNOWN)
    return tuple(out)


def missing(
    entry: EntryKind,
    facets: tuple[Facet, ...],
    items: list[Any],
    kb: KnowledgeBase,
    when: bool = False,
) -> bool:
    """True when every fact asked is held by none of `items` (the page does not say);
    with `when` ("when", "which year") only the dates asked count."""
    declared = [f for f in (fact(entry, facet) for facet in facets) if f is not None]
    if when and any(f.order == "date" for f in declared):
        declared = [f for f in declared if f.order == "date"]
    if not declared or not items:
        return False
    return all(f.read(x, kb) is None for f in declared for x in items)


def too_coarse(
    entry: EntryKind, facets: tuple[Facet, ...], items: list[Any], kb: KnowledgeBase
) -> bool:
    """A day or month asked ("in which month?") of a date the page gives only as a year:
    the dates asked, or the entry's main date when none is."""
    dated = [f for f in (fact(entry, x) for x in facets) if f is not None and f.order == "date"]
    if not dated:
        dated = [f for f in facts_of(entry) if f.order == "date"][:1]
    values = [f.read(x, kb) for f in dated for x in items]
    return any(isinstance(v, PartialDate) and v.precision == "year" for v in values)


def sort_key(f: Fact, value: object) -> float:
    """A number to order values of `f` by (dates by their first day)."""
    if isinstance(value, PartialDate):
        return float(value.as_date().toordinal())
    if isinstance(value, dt.date):
        return float(value.toordinal())
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list | tuple):
        return float(len(value))
    return 0.0


def orderable(entry: EntryKind) -> tuple[Fact, ...]:
    return tuple(f for f in facts_of(entry) if f.order is not None)
