"""The knowledge base schema: pydantic models for the YAML files in `knowledge/`.

Staff edit these files by hand, so every model forbids unknown keys and every field
carries a description (it becomes the tooltip in editors through the JSON Schema).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)

LANGUAGES: tuple[str, ...] = ("lv", "ru", "en")

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    """Base of every knowledge model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    def model_post_init(self, context: Any, /) -> None:
        # pydantic keeps the names of the fields given, a set per instance: at 10,000 entries
        # some 50,000 sets of a few dozen different contents, a third of the knowledge
        # base's memory. Equal ones are kept once. (The models are frozen, so no field is
        # ever added to a set in place; a copy with changes gets a set of its own.)
        given = self.__pydantic_fields_set__
        shared = _FIELDS_GIVEN.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(self, "__pydantic_fields_set__", shared)


_FIELDS_GIVEN: dict[frozenset[str], set[str]] = {}


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date with the precision the source gives: a year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def as_date(self, last: bool = False) -> dt.date:
        """The first day the value can stand for (for sorting and formatting), or with
        `last` the last one (2007 ends on 31 December, 2011-03 on 31 March)."""
        if not last or self.day is not None:
            return dt.date(self.year, self.month or 1, self.day or 1)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
DATE_HINT = "expected a year like 2000, a month like 2011-03 or a date like 2011-09-23"


def parse_partial_date(value: Any) -> PartialDate:
    """Read a year (2000), a month ('2011-03') or a day (2011-09-23 / '2011-09-23')."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(f"{DATE_HINT}, got {value!r}")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        m = _DATE_RE.match(value.strip())
        if m:
            year, month, day = (int(g) if g else None for g in m.groups())
            assert year is not None
            try:
                dt.date(year, month or 1, day or 1)
            except ValueError as exc:
                raise ValueError(f"{DATE_HINT}; {value!r} is not a real date ({exc})") from None
            if not 1900 <= year <= 2100:
                raise ValueError(f"{DATE_HINT}; the year {year} looks wrong")
            return PartialDate(year, month, day)
    raise ValueError(f"{DATE_HINT}, got {value!r}")


Date = Annotated[
    PartialDate,
    BeforeValidator(parse_partial_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1900, "maximum": 2100},
                {"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"},
            ],
            "description": "A year (2000), a month (2011-03) or a day (2011-09-23).",
        }
    ),
]

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        min_length=2,
        max_length=40,
        description="Short unique id: lowercase Latin letters, digits and _ (e.g. ludza_example).",
    ),
]


class Text(Strict):
    """A text in each language the bot serves."""

    lv: str | None = Field(None, min_length=1, description="Latvian.")
    ru: str | None = Field(None, min_length=1, description="Russian.")
    en: str | None = Field(None, min_length=1, description="English.")

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English, then to any language present."""
        value = getattr(self, lang, None) or self.en or self.lv or self.ru
        return value or ""

    def values(self) -> list[str]:
        return [v for v in (self.lv, self.ru, self.en) if v]


class Words(Strict):
    """Words and spellings people use, per language (all are used for matching)."""

    lv: list[str] = Field(default_factory=list, description="Latvian words and spellings.")
    ru: list[str] = Field(default_factory=list, description="Russian words and spellings.")
    en: list[str] = Field(default_factory=list, description="English words and spellings.")
    other: list[str] = Field(
        default_factory=list,
        description="Other spellings: local names, transliterations, common typos.",
    )

    def all(self) -> list[str]:
        return [*self.lv, *self.ru, *self.en, *self.other]


class Location(Strict):
    """Coordinates for a map pin (WGS 84)."""

    lat: float = Field(ge=-90, le=90, description="Latitude, e.g. 51.855.")
    lon: float = Field(ge=-180, le=180, description="Longitude, e.g. 19.406.")


_FULL_DATE_HINT = "expected a date like 2026-11-30"


def parse_full_date(value: Any) -> dt.date:
    """Read a day (2026-11-30 / '2026-11-30'); a year or a month alone is not enough here."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{_FULL_DATE_HINT}, got {value!r}")


FullDate = Annotated[
    dt.date,
    BeforeValidator(parse_full_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "A day, e.g. 2026-11-30."}),
]


class Notice(Strict):
    """A notice shown under every answer about the entry until its end date."""

    text: Text = Field(
        description='The notice in each language, e.g. "The 2027 festival is postponed."'
    )
    until: FullDate = Field(
        description="The last day the notice is shown (e.g. 2027-01-31); after it the notice "
        "is ignored and can be deleted."
    )


def notice_field() -> Any:
    return Field(None, description="A notice shown under answers about this entry until a date.")


def source_field() -> Any:
    return Field(
        None,
        min_length=1,
        description="Where the facts come from: the URL of the page, or a short description "
        '("the agreement in the archive").',
    )


def checked_field() -> Any:
    return Field(
        None,
        description="The day staff last checked the entry against its source (e.g. "
        "2026-11-30). Entries not checked for a year are listed in the admins' monthly "
        "reminder.",
    )


class CooperationField(Strict):
    """One cooperation field of the shared vocabulary (fields.yaml)."""

    id: Id
    name: Text = Field(description="The field's name in each language.")
    keywords: Words = Field(
        default_factory=Words,
        description="Words people use when they ask about this field (school, skola, школа).",
    )


class CountryWords(Strict):
    """Extra words for a country; its names come from CLDR (Babel), never typed here."""

    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. PL.")
    keywords: Words = Field(
        default_factory=Words,
        description="Other names and adjectives people use (Polish, poļu, польский).",
    )


class Agreement(Strict):
    """The twinning agreement, with the precision the source gives."""

    signed: Date | None = Field(
        None, description="When the agreement was entered into. Leave out when unknown."
    )
    prolonged: Date | None = Field(
        None, description="When the agreement was prolonged. Leave out when not prolonged."
    )
    listed_with: list[Id] = Field(
        default_factory=list,
        description="Partners listed with this one under the same agreement date.",
    )


class Partner(Strict):
    """A twinning partner municipality or region (partners.yaml)."""

    id: Id
    name: Text = Field(description="The partner's name in each language.")
    local_name: str = Field(description="The name in its own language, e.g. Kaunas.")
    aliases: Words = Field(
        default_factory=Words,
        description="Other spellings, inflected forms people type, names without diacritics.",
    )
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code.")
    region: Text | None = Field(None, description="Region, if the source names one.")
    location: Location | None = Field(
        None,
        description="Coordinates of the city for a map pin. Leave out when unknown: the "
        "partner then gets no map pin.",
    )
    fields: list[Id] = Field(min_length=1, description="Cooperation field ids from fields.yaml.")
    agreement: Agreement = Field(default_factory=Agreement, description="The agreement.")
    summary: Text | None = Field(None, description="One or two sentences about the partnership.")
    contact: Text | None = Field(
        None,
        description="The partnership's contact person (name and role), if the source gives "
        "one; leave out otherwise: the bot then says it does not know.",
    )
    notice: Notice | None = notice_field()
    source: str | None = source_field()
    checked: FullDate | None = checked_field()

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a field id is listed twice")
        return value


class Project(Strict):
    """A joint project (projects.yaml)."""

    id: Id
    title: Text = Field(description="The title in each language.")
    original_title: str = Field(description="The exact title as the source gives it.")
    partners: list[Id] = Field(
        default_factory=list, description="Partner ids from partners.yaml taking part."
    )
    start: Date | None = Field(None, description="First day, month or year of the project.")
    end: Date | None = Field(None, description="Last day, month or year of the project.")
    keywords: Words = Field(
        default_factory=Words,
        description="Words people use for it: themes (tourism, cycling), places (Lubāns).",
    )
    about: Text = Field(description="What the project was about.")
    notice: Notice | None = notice_field()
    source: str | None = source_field()
    checked: FullDate | None = checked_field()


EventKind = Literal[
    "event", "festival", "camp", "forum", "conference", "exhibition", "fair", "competition",
    "visit", "seminar", "concert",
]  # fmt: skip
MediaKind = Literal[
    "film", "video", "book", "photo_album", "publication", "exhibition", "website", "podcast"
]


class Event(Strict):
    """An event the municipality took part in (events.yaml)."""

    id: Id
    name: Text = Field(description="The event's name in each language.")
    keywords: Words = Field(default_factory=Words, description="Words people use for it.")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code.")
    place: Text = Field(description="The town or city in each language.")
    location: Location | None = Field(None, description="Coordinates for a map pin.")
    kind: EventKind = Field(
        "event",
        description="What kind of event it is: festival, camp, forum, conference, exhibition, "
        "fair, competition, visit, seminar, concert or (default) event. The bot words its "
        'answers by it ("the camp lasted 5 days").',
    )
    date: Date = Field(description="When it took place.")
    duration_days: int | None = Field(None, ge=1, description="How many days it lasted.")
    delegation_size: int | None = Field(
        None, ge=1, description="How many people the municipality sent."
    )
    participants: int | None = Field(
        None, ge=1, description="The exact number of participants, if the source gives one."
    )
    participants_more_than: int | None = Field(
        None, ge=1, description="The source says 'more than N participants': N."
    )
    countries_count: int | None = Field(None, ge=1, description="How many countries took part.")
    activities: Text | None = Field(None, description="What people did there.")
    programme: Text | None = Field(None, description="The funding programme it was held under.")
    about: Text = Field(description="A short description.")
    notice: Notice | None = notice_field()
    source: str | None = source_field()
    checked: FullDate | None = checked_field()


class Media(Strict):
    """A film or other media about twinning (media.yaml)."""

    id: Id
    kind: MediaKind = Field(
        description="What it is: film, video, book, photo_album, publication, exhibition, "
        "website or podcast. The bot words its answers by it."
    )
    title: Text = Field(description="The title in each language.")
    original_title: str = Field(description="The exact title as the source gives it.")
    keywords: Words = Field(default_factory=Words, description="Words people use for it.")
    project: Id | None = Field(None, description="Project id it was made in.")
    funder: Text | None = Field(None, description="Who funded it.")
    about: Text = Field(description="What it shows.")
    notice: Notice | None = notice_field()
    source: str | None = source_field()
    checked: FullDate | None = checked_field()


class FaqEntry(Strict):
    """A general question and its answer (faq.yaml)."""

    id: Id
    questions: Words = Field(description="Ways people ask this question, per language.")
    answer: Text = Field(description="The answer in each language.")


class FieldsFile(Strict):
    """fields.yaml: the shared vocabulary of cooperation fields."""

    fields: list[CooperationField] = Field(description="The cooperation fields.")


class CountriesFile(Strict):
    """countries.yaml: extra words for countries (names come from CLDR)."""

    countries: list[CountryWords] = Field(description="Countries with extra words.")


class PartnersFile(Strict):
    """partners.yaml: the twinning partners."""

    partners: list[Partner] = Field(description="The twinning partners.")


class ProjectsFile(Strict):
    """projects.yaml: joint projects."""

    projects: list[Project] = Field(description="The joint projects.")


class EventsFile(Strict):
    """events.yaml: events such as festivals."""

    events: list[Event] = Field(description="The events.")


class MediaFile(Strict):
    """media.yaml: films and other media."""

    media: list[Media] = Field(description="Films and other media.")


class FaqFile(Strict):
    """faq.yaml: general questions and answers."""

    faq: list[FaqEntry] = Field(description="General questions and answers.")


FILE_MODELS: dict[str, type[Strict]] = {
    "fields.yaml": FieldsFile,
    "countries.yaml": CountriesFile,
    "partners.yaml": PartnersFile,
    "projects.yaml": ProjectsFile,
    "events.yaml": EventsFile,
    "media.yaml": MediaFile,
    "faq.yaml": FaqFile,
}
"""Each knowledge file and the model of its content. All are required but faq.yaml."""

OPTIONAL_FILES = frozenset({"faq.yaml", "countries.yaml"})

ENTRY_LABELS: dict[str, str] = {
    "fields": "field",
    "countries": "country",
    "partners": "partner",
    "projects": "project",
    "events": "event",
    "media": "media",
    "faq": "faq",
}
"""How an entry of each list is named in error messages: partner 'ludza_example'."""
