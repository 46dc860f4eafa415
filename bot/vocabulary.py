"""The bot's vocabulary: every word the engine, the renderer and the transport share.

One small module with no dependencies, imported by all three, so that a typo in a kind, a
facet or a cue fails at import time rather than silently at run time.

EntryKind   what an entry of the knowledge base is: a partner, a project, an event, ...
Kind        what kind of reply an Answer is: a partner card, a list, a comparison, ...
Facet       which fact of an entry a question asks about: when signed, the fields, ...
Cue         what a word of a question signals: "when", "prolonged", "not", "longest", ...
Superlative which end of an ordering a question wants: the oldest, the longest, the most
Verdict     the yes or no a yes/no question or a comparison is answered with first
Action      a follow-up the user may want next (the transport shows it as a button)
DeclineReason, SmallTalk  why the bot declines; which small talk it answers

The words people use for each cue, per language, are in `bot/engine/lexicon.py`; which
facts an entry has, how they are read and ordered, in `bot/engine/facts.py`.
"""

from __future__ import annotations

from enum import StrEnum


class EntryKind(StrEnum):
    """What a knowledge-base entry (or a thing a question names) is."""

    PARTNER = "partner"
    PROJECT = "project"
    EVENT = "event"
    MEDIA = "media"
    COUNTRY = "country"
    FIELD = "field"
    FAQ = "faq"


class Kind(StrEnum):
    """What kind of reply an Answer is."""

    PARTNER = "partner"  # one or more named partners; `facets` say what was asked about them
    PARTNER_LIST = "partner_list"  # partners selected by `filters` (or all of them)
    COUNT = "count"  # how many partners / countries / projects (`count_of`)
    PROJECT = "project"  # one or more named projects in detail
    PROJECT_LIST = "project_list"  # projects selected by partners, countries, theme or year
    EVENT = "event"  # one or more events; `facets` say what was asked
    MEDIA = "media"  # films, books, photo albums ...; `facets` say what was asked
    COMPARE = "compare"  # two or more entries compared on `compared` (earliest first)
    YEAR = "year"  # what happened in `filters.year`: agreements, projects, events
    MULTI = "multi"  # a question of several parts: `parts`, each an Answer of its own
    FAQ = "faq"  # a general question from faq.yaml
    SMALLTALK = "smalltalk"  # greeting, thanks, help, who are you (`smalltalk`)
    CLARIFY = "clarify"  # not sure: "did you mean ...?" with `suggestions`
    DECLINE = "decline"  # outside the knowledge base (`decline_reason`)


class Facet(StrEnum):
    """Which fact of an entry the question is about."""

    OVERVIEW = "overview"
    SIGNED = "signed"  # when the agreement was entered into
    PROLONGED = "prolonged"  # whether and when it was prolonged
    SINCE = "since"  # how many years the partnership has lasted (from today's date)
    AGO = "ago"  # how many years ago a date asked was (from today's date)
    APART = "apart"  # the years from an agreement's signing to its prolongation
    FIELDS = "fields"  # cooperation fields
    PROJECTS = "projects"  # projects of a partner / the media item's project
    CONTACT = "contact"  # a partner's contact person
    LOCATION = "location"  # where it is (country, region, map)
    DATES = "dates"  # a project's period
    START = "start"  # a project's start
    END = "end"  # a project's end
    PARTNERS = "partners"  # a project's partners
    WHEN = "when"  # an event's date
    WHERE = "where"  # an event's place
    DURATION = "duration"  # an event's length in days, a project's length
    DELEGATION = "delegation"  # the size of the municipality's delegation
    PARTICIPANTS = "participants"  # how many took part
    COUNTRIES = "countries"  # how many countries took part
    ACTIVITIES = "activities"  # what people did
    PROGRAMME = "programme"  # the programme it was held under
    FUNDER = "funder"  # who funded it
    UNKNOWN = "unknown"  # something the knowledge base does not hold (a budget, a director)


class Cue(StrEnum):
    """What a word of the question signals. Each has words in every language (lexicon.py)."""

    # about partners and agreements
    SIGNED = "signed"  # a verb of entering into it: signed, concluded, started
    AGREEMENT = "agreement"  # the agreement as a whole: when signed, and prolonged
    WHEN = "when"
    PROLONGED = "prolonged"
    SINCE = "since"  # how many years / how long have we been partners
    AGO = "ago"  # how long ago
    FIELDS = "fields"
    COOPERATION = "cooperation"  # "cooperation with X": the fields, unless more is asked
    PROJECTS = "projects"
    PARTNERS = "partners"
    COUNTRIES = "countries"
    CONTACT = "contact"
    COUNT = "count"
    LIST = "list"
    WHERE = "where"
    ABOUT = "about"
    # orderings and reasoning
    OLDEST = "oldest"
    NEWEST = "newest"
    MOST = "most"
    LEAST = "least"
    LONGEST = "longest"
    SHORTEST = "shortest"
    BEFORE = "before"  # comparisons: before, earlier, older than
    AFTER = "after"  # later, newer than
    SAME = "same"  # on the same day, in the same year
    APART = "apart"  # how many years between two agreements
    NOT = "not"  # negation: not, without, never, no
    YESNO = "yesno"  # a yes/no question: "is ...", "vai ...", "ли"
    HAPPENED = "happened"  # what happened (in a year)
    EU = "eu"  # the European Union
    # events and media
    EVENT = "event"  # any event word (festival, camp, forum, ...)
    MEDIA = "media"  # any media word (film, book, photo album, ...)
    DURATION = "duration"
    DELEGATION = "delegation"
    PEOPLE = "people"  # "how many people": the delegation and the participants
    PARTICIPANTS = "participants"
    ACTIVITIES = "activities"
    PROGRAMME = "programme"
    FUNDER = "funder"
    DATES = "dates"
    START = "start"
    END = "end"
    # facts the knowledge base never holds: the answer says "I don't know"
    UNKNOWN = "unknown"
    ONGOING = "ongoing"  # still running today
    FUTURE = "future"  # plans and what comes next: the page tells only what was
    EXACT_DATE = "exact_date"  # a day or month when the source gives only the year
    # not a question: requests to act, instructions to the bot
    ACT = "act"
    INJECTION = "injection"
    # conversation
    GREETING = "greeting"
    THANKS = "thanks"
    BYE = "bye"
    CAPABILITIES = "capabilities"
    IDENTITY = "identity"


class Superlative(StrEnum):
    """Which end of an ordering is wanted (Filters.rank_by says of which fact)."""

    OLDEST = "oldest"  # the earliest date
    NEWEST = "newest"  # the latest date
    MOST = "most"  # the largest count or the longest duration
    LEAST = "least"  # the smallest count or the shortest duration


class Verdict(StrEnum):
    YES = "yes"
    NO = "no"


class DeclineReason(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"  # a topic the bot does not cover (weather, passports, ...)
    NONSENSE = "nonsense"  # no words at all, gibberish
    UNKNOWN_PLACE = "unknown_place"  # a place that is not a partner ("Riga")
    NO_PARTNER_IN_COUNTRY = "no_partner_in_country"  # "partners in Germany"
    ACTION = "action"  # "book me a hotel": the bot cannot act, only tell
    INJECTION = "injection"  # "ignore your instructions ...": the bot stays what it is


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
    MEDIA = "media"  # open a media card (ref = media id)
    ALL_PARTNERS = "all_partners"  # the list of all partners (ref = "")
    ALL_PROJECTS = "all_projects"  # the list of all projects (ref = "")


# The member states of the European Union (ISO 3166-1 alpha-2): a well-known public fact,
# for "partners in / outside the EU" (engine) and "EU countries: 12" (renderer).
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})  # fmt: skip
