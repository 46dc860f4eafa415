"""Tables derived from one knowledge-base snapshot, made once for it.

With 10,000 entities a question must not walk every entry for what does not depend on the
question: the follow-up buttons that open each partner or project, the menu, the order of
the entries by each fact, the partners by the year of their agreement. The knowledge base
is immutable (a reload builds a new snapshot), so such a table never goes stale: it is kept
in the snapshot's memo. The engine makes them all when it builds its vocabulary (`warm`), so
no question pays for one.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from bot.answer import Action, Followup
from bot.engine import facts
from bot.knowledge import KnowledgeBase
from bot.vocabulary import EntryKind

T = TypeVar("T")
_WARM: list[Callable[[KnowledgeBase], object]] = []


def per_snapshot(fn: Callable[[KnowledgeBase], T]) -> Callable[[KnowledgeBase], T]:
    """`fn(kb)` computed once per snapshot, and made by `warm`."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    def once(kb: KnowledgeBase) -> T:
        memo = kb.memo
        if key not in memo:
            memo[key] = fn(kb)
        return cast(T, memo[key])

    once.__doc__, once.__name__, once.__qualname__ = fn.__doc__, fn.__name__, fn.__qualname__
    _WARM.append(once)
    return once


def warm(kb: KnowledgeBase) -> None:
    """Make every table of the snapshot now (the engine calls it while building)."""
    for make in _WARM:
        make(kb)


@dataclass(frozen=True)
class AllIds:
    """The ids of every partner and of every project, in the knowledge base's order."""

    partners: tuple[str, ...]
    projects: tuple[str, ...]


@per_snapshot
def all_ids(kb: KnowledgeBase) -> AllIds:
    """The ids of every partner and project (one tuple each, so `opening` knows them)."""
    return AllIds(tuple(kb.partners), tuple(kb.projects))


def ids_of(entries: Iterable[Any]) -> tuple[str, ...]:
    """The ids of entries (an attribute getter in C: a list of thousands)."""
    return tuple(map(_ID, entries))


_ID = operator.attrgetter("id")


@per_snapshot
def _opening(
    kb: KnowledgeBase,
) -> dict[Action, tuple[dict[str, Followup], tuple[str, ...], tuple[Followup, ...]]]:
    """The follow-up that opens each entry, by action and id; and those of every entry."""
    ids = all_ids(kb)
    found: dict[Action, tuple[dict[str, Followup], tuple[str, ...], tuple[Followup, ...]]] = {}
    for action, every in ((Action.PARTNER, ids.partners), (Action.PROJECT, ids.projects)):
        made = {x: Followup(action, x) for x in every}
        found[action] = (made, every, tuple(made.values()))
    return found


def opening(kb: KnowledgeBase, action: Action, ids: Sequence[str]) -> tuple[Followup, ...]:
    """`tuple(Followup(action, x) for x in ids)`, made of the snapshot's own follow-ups
    (a list of every partner is 4,000 of them; that of `all_ids` is made once)."""
    made, every, all_opened = _opening(kb).get(action, ({}, (), ()))
    if ids is every:
        return all_opened
    try:
        return tuple(map(made.__getitem__, ids))
    except KeyError:  # an id the snapshot does not hold
        return tuple(made.get(x) or Followup(action, x) for x in ids)


@per_snapshot
def menu(kb: KnowledgeBase) -> tuple[Followup, ...]:
    """The follow-ups of an answer that offers what the knowledge base holds."""
    items = [Followup(Action.ALL_PARTNERS), Followup(Action.ALL_PROJECTS)]
    items += [Followup(Action.EVENT, e) for e in kb.events]
    items += [Followup(Action.MEDIA, m) for m in kb.media]
    return tuple(items)


@per_snapshot
def agreements_by_year(kb: KnowledgeBase) -> tuple[dict[int, list[Any]], dict[int, list[Any]]]:
    """The partners whose agreement was signed, and prolonged, in each year (in the
    knowledge base's order)."""
    signed: dict[int, list[Any]] = {}
    prolonged: dict[int, list[Any]] = {}
    for p in kb.partners.values():
        if p.agreement.signed:
            signed.setdefault(p.agreement.signed.year, []).append(p)
        if p.agreement.prolonged:
            prolonged.setdefault(p.agreement.prolonged.year, []).append(p)
    return signed, prolonged


@per_snapshot
def _orders(kb: KnowledgeBase) -> dict[facts.Fact, dict[str, float]]:
    """For each fact with an order, the entries that hold it and the number they are
    ordered by (`facts.sort_key`), in the knowledge base's order."""
    tables: dict[EntryKind, dict[str, Any]] = {
        EntryKind.PARTNER: kb.partners,
        EntryKind.PROJECT: kb.projects,
        EntryKind.EVENT: kb.events,
    }
    orders: dict[facts.Fact, dict[str, float]] = {}
    same: dict[float, float] = {}  # equal numbers kept once (years, counts: thousands alike)
    for entry, table in tables.items():
        for f in facts.orderable(entry):
            values = ((x, f.read(e, kb)) for x, e in table.items())
            keys = ((x, facts.sort_key(f, v)) for x, v in values if v is not None)
            orders[f] = {x: same.setdefault(k, k) for x, k in keys}
    return orders


def order_of(kb: KnowledgeBase, f: facts.Fact) -> dict[str, float]:
    """The entries holding `f`, and the number each is ordered by."""
    found = _orders(kb).get(f)
    if found is None:  # a fact of media, say: none is ordered
        return {}
    return found


@per_snapshot
def by_year(kb: KnowledgeBase) -> tuple[dict[int, list[str]], ...]:
    """In each year: the partners whose agreement was signed or prolonged then, the projects
    active then (from their start's year to their end's), the events held then; each in the
    knowledge base's order."""
    partners: dict[int, list[str]] = {}
    for x, p in kb.partners.items():
        years = {d.year for d in (p.agreement.signed, p.agreement.prolonged) if d}
        for year in years:
            partners.setdefault(year, []).append(x)
    projects: dict[int, list[str]] = {}
    for x, pr in kb.projects.items():
        if pr.start is not None:
            for year in range(pr.start.year, (pr.end or pr.start).year + 1):
                projects.setdefault(year, []).append(x)
    events: dict[int, list[str]] = {}
    for x, e in kb.events.items():
        events.setdefault(e.date.year, []).append(x)
    return partners, projects, events


@per_snapshot
def partners_by_field(kb: KnowledgeBase) -> dict[str, tuple[Any, ...]]:
    """The partners in each cooperation field, in the knowledge base's order."""
    found: dict[str, list[Any]] = {}
    for p in kb.partners.values():
        for f in dict.fromkeys(p.fields):
            found.setdefault(f, []).append(p)
    return {f: tuple(ps) for f, ps in found.items()}


@per_snapshot
def events_by_country(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """The events held in each country, in the knowledge base's order."""
    found: dict[str, list[str]] = {}
    for x, e in kb.events.items():
        found.setdefault(e.country, []).append(x)
    return {c: tuple(xs) for c, xs in found.items()}
