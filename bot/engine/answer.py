"""The structured Answer the engine returns; renderers turn it into HTML or plain text.

An Answer says *what* to tell (which entries, which facts, in which language), never *how*:
no wording lives here, so the same Answer renders in Latvian, Russian or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What kind of reply this is."""

    PARTNER = "partner"  # one or more named partners; `facets` say what was asked about them
    PARTNER_LIST = "partner_list"  # partners selected by `filters` (or all of them)
    COUNT = "count"  # how many partners / countries / projects (`count_of`)
    PROJECT = "project"  # one or more named projects in detail
    PROJECT_LIST = "project_list"  # projects selected by partners, countries, theme or year
    EVENT = "event"  # the festival(s); `facets` say what was asked
    MEDIA = "media"  # the film; `facets` say what was asked
    FAQ = "faq"  # a general question from faq.yaml
    SMALLTALK = "smalltalk"  # greeting, thanks, help, who are you (`smalltalk`)
    CLARIFY = "clarify"  # not sure: "did you mean ...?" with `suggestions`
    DECLINE = "decline"  # outside the knowledge base (`decline_reason`)


class Facet(StrEnum):
    """Which fact of an entry the question is about."""

    OVERVIEW = "overview"
    SIGNED = "signed"  # when the agreement was entered into
    PROLONGED = "prolonged"  # whether and when it was prolonged
    FIELDS = "fields"  # cooperation fields
    PROJECTS = "projects"  # projects of a partner / the film's project
    LOCATION = "location"  # where it is (country, region, map)
    DATES = "dates"  # a project's period
    START = "start"  # a project's start
    END = "end"  # a project's end
    PARTNERS = "partners"  # a project's partners
    WHEN = "when"  # an event's date
    WHERE = "where"  # an event's place
    DURATION = "duration"  # an event's length in days
    DELEGATION = "delegation"  # the size of Rēzekne's delegation
    PARTICIPANTS = "participants"  # how many took part
    COUNTRIES = "countries"  # how many countries took part
    ACTIVITIES = "activities"  # what people did
    PROGRAMME = "programme"  # the programme it was held under
    FUNDER = "funder"  # who funded the film
    UNKNOWN = "unknown"  # something the knowledge base does not hold (a budget, a director)


class Superlative(StrEnum):
    OLDEST = "oldest"
    NEWEST = "newest"


class DeclineReason(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"  # a topic the bot does not cover (weather, passports, ...)
    NONSENSE = "nonsense"  # no words at all, gibberish
    UNKNOWN_PLACE = "unknown_place"  # a place that is not a partner ("Riga")
    NO_PARTNER_IN_COUNTRY = "no_partner_in_country"  # "partners in Germany"


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"  # "what can you do?"
    WHO = "who"  # "who are you?"
    BYE = "bye"


class Action(StrEnum):
    """A follow-up the user may want next; the transport shows it as a button."""

    PARTNER = "partner"  # open a partner card (ref = partner id)
    PARTNER_PROJECTS = "partner_projects"  # projects of a partner (ref = partner id)
    PARTNERS_IN_COUNTRY = "partners_in_country"  # partners in a country (ref = ISO code)
    PARTNERS_WITH_FIELD = "partners_with_field"  # partners sharing a field (ref = field id)
    PROJECT = "project"  # open a project card (ref = project id)
    EVENT = "event"  # open an event card (ref = event id)
    MEDIA = "media"  # open the film card (ref = media id)
    ALL_PARTNERS = "all_partners"  # the list of all partners (ref = "")
    ALL_PROJECTS = "all_projects"  # the list of all projects (ref = "")


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
    active_year: int | None = None  # projects running in that year
    themes: tuple[str, ...] = ()  # the words a project list was selected by ("tourism")
    superlative: Superlative | None = None

    def __bool__(self) -> bool:
        return any(
            (
                self.countries,
                self.fields,
                self.signed_year,
                self.prolonged_year,
                self.active_year,
                self.themes,
                self.superlative,
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

    @property
    def answered(self) -> bool:
        """False exactly when the bot declines or only asks "did you mean"."""
        return self.kind not in (Kind.DECLINE, Kind.CLARIFY)
