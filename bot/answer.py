"""The structured Answer the engine returns; renderers turn it into HTML or plain text.

An Answer says *what* to tell (which entries, which facts, in which language), never *how*:
no wording lives here, so the same Answer renders in Latvian, Russian or English. It has no
dependencies beyond the vocabulary, so the renderer and the transport use it without loading
the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.vocabulary import (
    Action,
    Cue,
    DeclineReason,
    EntryKind,
    Facet,
    Kind,
    SmallTalk,
    Superlative,
    Verdict,
)

__all__ = [
    "Action",
    "Answer",
    "Cue",
    "DeclineReason",
    "EntryKind",
    "Facet",
    "Filters",
    "Followup",
    "Kind",
    "Match",
    "SmallTalk",
    "Superlative",
    "Verdict",
]


@dataclass(frozen=True)
class Followup:
    action: Action
    ref: str = ""


@dataclass(frozen=True)
class Filters:
    """How a list was selected; empty means "all"."""

    countries: tuple[str, ...] = ()  # ISO codes, any of them
    fields: tuple[str, ...] = ()  # field ids, any of them
    signed_year: int | None = None
    prolonged_year: int | None = None
    signed_before: int | None = None  # agreements entered into before that year
    signed_after: int | None = None  # ... after that year
    active_year: int | None = None  # projects running in that year
    ongoing: bool = False  # projects still running today
    themes: tuple[str, ...] = ()  # the words a project list was selected by ("tourism")
    superlative: Superlative | None = None
    # Which fact the superlative orders by (None with OLDEST/NEWEST: the agreement's date).
    rank_by: Facet | None = None
    # Entries that have (or, negated, lack) these facts: PROJECTS = has joint projects,
    # PROLONGED = its agreement was prolonged.
    having: tuple[Facet, ...] = ()
    # The list is everything the other filters do NOT select ("partners without projects",
    # "who does not do school exchanges", "outside the EU").
    negated: bool = False
    outside_eu: bool = False  # partners in countries outside the European Union
    year: int | None = None  # Kind.YEAR: what happened in that year

    def __bool__(self) -> bool:
        return any(
            (
                self.countries,
                self.fields,
                self.signed_year,
                self.prolonged_year,
                self.signed_before,
                self.signed_after,
                self.active_year,
                self.ongoing,
                self.themes,
                self.superlative,
                self.having,
                self.negated,
                self.outside_eu,
                self.year,
            )
        )


@dataclass(frozen=True)
class Match:
    """One knowledge entry the question matched, and how well (0-100)."""

    kind: str  # partner, project, event, media, country, field, faq
    id: str
    score: float


@dataclass(frozen=True)
class Answer:
    """What the engine understood and what the reply must say."""

    kind: Kind
    lang: str
    facets: tuple[Facet, ...] = ()
    partners: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    faq: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)
    count_of: str | None = None  # "partners", "countries" or "projects" for Kind.COUNT
    smalltalk: SmallTalk | None = None
    decline_reason: DeclineReason | None = None
    unknown_name: str | None = None  # the place asked about, for UNKNOWN_PLACE / country code
    suggestions: tuple[Match, ...] = ()  # for CLARIFY (and as hints when declining)
    followups: tuple[Followup, ...] = ()
    matched: tuple[Match, ...] = ()
    score: float = 0.0  # confidence of the best match, 0-100
    # A yes/no question or a comparison: the reply opens with this.
    verdict: Verdict | None = None
    # Kind.COMPARE: the fact compared; the entries are listed earliest (or smallest) first.
    compared: Facet | None = None
    # Kind.MULTI: one Answer per part of the question, in the question's order.
    parts: tuple[Answer, ...] = ()
    # Today's date, for facts computed from it ("how many years have we been partners?").
    today: dt.date | None = None

    @property
    def unknown_fact(self) -> bool:
        """The question asks for a fact the knowledge base does not hold."""
        return Facet.UNKNOWN in self.facets or any(p.unknown_fact for p in self.parts)

    @property
    def answered(self) -> bool:
        """False when the bot declines, only asks "did you mean", or does not know the fact
        asked (even when it shows a related card): staff then see the question as a gap."""
        if self.parts:
            return all(p.answered for p in self.parts)
        if self.kind in (Kind.DECLINE, Kind.CLARIFY):
            return self.verdict is not None  # "Is Riga a partner?" - "No." is an answer
        return not self.unknown_fact
