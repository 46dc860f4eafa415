"""The console's forms: which inputs each kind of entry has, how a submitted form becomes the
entry written to the YAML file, and which problem belongs next to which input.

A form manages the keys it declares; every other key of an entry (one added by hand that the
form does not know) is kept as it is. What staff typed is never changed or dropped: when the
knowledge base refuses it, the form is shown again with the same values and the problems.
Values are passed to the loader as typed (a year "20x1" is the loader's to refuse, in the words
the guide explains), so the console and `twinning-bot validate` say the same thing.

Never imports telegram.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from bot.knowledge.loader import Issue
from bot.knowledge.schema import ENTRY_LABELS, ID_PATTERN, EventKind, MediaKind
from bot.render.i18n import N_

LANGS = ("lv", "ru", "en")
MAX_TEXT = 2000  # characters of one text; a knowledge text is a sentence or two
MAX_LINE = 300  # one name, title, phrase or source
MAX_WORDS = 100  # phrases in one word list


class Input(enum.StrEnum):
    ID = "id"
    TEXT = "text"  # lv / ru / en side by side
    LONG_TEXT = "long_text"  # the same, as text areas
    WORDS = "words"  # lv / ru / en phrases, one a line
    WORDS_OTHER = "words_other"  # the same plus "other spellings"
    LINE = "line"  # one line of text
    COUNTRY = "country"  # a picker of CLDR country names
    PARTIAL_DATE = "partial_date"  # year, month (optional), day (optional)
    DATE = "date"  # a full day (a date picker)
    NUMBER = "number"
    LOCATION = "location"  # latitude and longitude
    CHOICE = "choice"
    REFS = "refs"  # checkboxes of entries of another list
    REF = "ref"  # one entry of another list (or none)


@dataclass(frozen=True)
class FormField:
    key: str  # dotted path in the entry: "agreement.signed"
    input: Input
    label: str  # msgid
    required: bool = False
    hint: str = ""  # msgid
    target: str = ""  # REFS/REF: the section listed
    choices: tuple[str, ...] = ()
    default: str = ""  # CHOICE: the value the loader assumes when the key is absent


@dataclass(frozen=True)
class Kind:
    section: str  # partners, projects, ...
    file: str
    singular: str  # msgid
    plural: str  # msgid
    fields: tuple[FormField, ...]

    @property
    def id_key(self) -> str:
        return self.fields[0].key


def _notice() -> tuple[FormField, ...]:
    return (
        FormField(
            "notice.text",
            Input.TEXT,
            N_("Notice"),
            hint=N_("Shown under every answer about this entry until the day below."),
        ),
        FormField("notice.until", Input.DATE, N_("Notice shown until")),
    )


def _checks() -> tuple[FormField, ...]:
    return (
        FormField(
            "source",
            Input.LINE,
            N_("Source"),
            hint=N_("Where the facts come from: the page's address or a few words."),
        ),
        FormField(
            "checked",
            Input.DATE,
            N_("Last checked"),
            hint=N_("The day you last compared the entry with its source."),
        ),
    )


ID_FIELD = FormField(
    "id",
    Input.ID,
    N_("Id"),
    required=True,
    hint=N_("Short and unique: lowercase Latin letters, digits and _ (e.g. ludza_example)."),
)
KEYWORDS = FormField(
    "keywords",
    Input.WORDS,
    N_("Keywords"),
    hint=N_("Words people use when they ask about it, one per line."),
)

KINDS: dict[str, Kind] = {
    kind.section: kind
    for kind in (
        Kind(
            "partners",
            "partners.yaml",
            N_("Partner"),
            N_("Partners"),
            (
                ID_FIELD,
                FormField("name", Input.TEXT, N_("Name"), required=True),
                FormField(
                    "local_name",
                    Input.LINE,
                    N_("Name in its own language"),
                    required=True,
                ),
                FormField(
                    "aliases",
                    Input.WORDS_OTHER,
                    N_("Other spellings"),
                    hint=N_(
                        "Forms people type: without diacritics, other cases, one per line. "
                        "Spellings, not translations: a language may stay empty."
                    ),
                ),
                FormField("country", Input.COUNTRY, N_("Country"), required=True),
                FormField("region", Input.TEXT, N_("Region")),
                FormField(
                    "location",
                    Input.LOCATION,
                    N_("Map pin"),
                    hint=N_("Leave empty when unknown: the partner then gets no map pin."),
                ),
                FormField(
                    "fields",
                    Input.REFS,
                    N_("Cooperation fields"),
                    required=True,
                    target="fields",
                ),
                FormField(
                    "agreement.signed",
                    Input.PARTIAL_DATE,
                    N_("Agreement signed"),
                    hint=N_("As precisely as the source says: a year, a month or a day."),
                ),
                FormField("agreement.prolonged", Input.PARTIAL_DATE, N_("Agreement prolonged")),
                FormField(
                    "agreement.listed_with",
                    Input.REFS,
                    N_("Listed with (the same agreement date)"),
                    target="partners",
                ),
                FormField("summary", Input.LONG_TEXT, N_("Summary")),
                FormField("contact", Input.TEXT, N_("Contact person")),
                *_notice(),
                *_checks(),
            ),
        ),
        Kind(
            "projects",
            "projects.yaml",
            N_("Project"),
            N_("Projects"),
            (
                ID_FIELD,
                FormField("title", Input.TEXT, N_("Title"), required=True),
                FormField(
                    "original_title",
                    Input.LINE,
                    N_("Title exactly as the source gives it"),
                    required=True,
                ),
                FormField("partners", Input.REFS, N_("Partners"), target="partners"),
                FormField("start", Input.PARTIAL_DATE, N_("Start")),
                FormField("end", Input.PARTIAL_DATE, N_("End")),
                KEYWORDS,
                FormField("about", Input.LONG_TEXT, N_("What it was about"), required=True),
                *_notice(),
                *_checks(),
            ),
        ),
        Kind(
            "events",
            "events.yaml",
            N_("Event"),
            N_("Events"),
            (
                ID_FIELD,
                FormField("name", Input.TEXT, N_("Name"), required=True),
                KEYWORDS,
                FormField("country", Input.COUNTRY, N_("Country"), required=True),
                FormField("place", Input.TEXT, N_("Town or city"), required=True),
                FormField("location", Input.LOCATION, N_("Map pin")),
                FormField(
                    "kind",
                    Input.CHOICE,
                    N_("Kind of event"),
                    choices=get_args(EventKind),
                    default="event",
                ),
                FormField("date", Input.PARTIAL_DATE, N_("When"), required=True),
                FormField("duration_days", Input.NUMBER, N_("Days it lasted")),
                FormField("delegation_size", Input.NUMBER, N_("People the municipality sent")),
                FormField("participants", Input.NUMBER, N_("Participants (exact number)")),
                FormField("participants_more_than", Input.NUMBER, N_("Participants: more than")),
                FormField("countries_count", Input.NUMBER, N_("Countries taking part")),
                FormField("activities", Input.TEXT, N_("What people did there")),
                FormField("programme", Input.TEXT, N_("Funding programme")),
                FormField("about", Input.LONG_TEXT, N_("About"), required=True),
                *_notice(),
                *_checks(),
            ),
        ),
        Kind(
            "media",
            "media.yaml",
            N_("Media"),
            N_("Media"),
            (
                ID_FIELD,
                FormField(
                    "kind", Input.CHOICE, N_("Kind"), required=True, choices=get_args(MediaKind)
                ),
                FormField("title", Input.TEXT, N_("Title"), required=True),
                FormField(
                    "original_title",
                    Input.LINE,
                    N_("Title exactly as the source gives it"),
                    required=True,
                ),
                KEYWORDS,
                FormField("project", Input.REF, N_("Made in the project"), target="projects"),
                FormField("funder", Input.TEXT, N_("Funded by")),
                FormField("about", Input.LONG_TEXT, N_("What it shows"), required=True),
                *_notice(),
                *_checks(),
            ),
        ),
        Kind(
            "fields",
            "fields.yaml",
            N_("Cooperation field"),
            N_("Cooperation fields"),
            (ID_FIELD, FormField("name", Input.TEXT, N_("Name"), required=True), KEYWORDS),
        ),
        Kind(
            "countries",
            "countries.yaml",
            N_("Country"),
            N_("Countries"),
            (
                FormField(
                    "code",
                    Input.COUNTRY,
                    N_("Country"),
                    required=True,
                    hint=N_(
                        "Its names in every language come from a standard list; add only the "
                        "other words people use for it."
                    ),
                ),
                FormField(
                    "keywords",
                    Input.WORDS,
                    N_("Other words for it"),
                    hint=N_("Adjectives, old or short names, one per line."),
                ),
            ),
        ),
        Kind(
            "faq",
            "faq.yaml",
            N_("Question and answer"),
            N_("Questions and answers"),
            (
                ID_FIELD,
                FormField(
                    "questions",
                    Input.WORDS,
                    N_("Ways people ask it"),
                    required=True,
                    hint=N_("One question per line, in each language."),
                ),
                FormField("answer", Input.LONG_TEXT, N_("Answer"), required=True),
            ),
        ),
    )
}
"""Every kind of entry the console edits, in the order of its menu."""

MONTHS = tuple(range(1, 13))
_ID_RE = re.compile(ID_PATTERN)


# --------------------------------------------------------------------------- values


FormValues = dict[str, str | list[str]]
"""What an input holds, by input name ("name.lv", "fields" -> the checked ids)."""


def input_names(f: FormField) -> tuple[str, ...]:
    """The names of a field's inputs in the HTML form."""
    if f.input in (Input.TEXT, Input.LONG_TEXT, Input.WORDS):
        return tuple(f"{f.key}.{lang}" for lang in LANGS)
    if f.input is Input.WORDS_OTHER:
        return tuple(f"{f.key}.{lang}" for lang in (*LANGS, "other"))
    if f.input is Input.PARTIAL_DATE:
        return (f"{f.key}.year", f"{f.key}.month", f"{f.key}.day")
    if f.input is Input.LOCATION:
        return (f"{f.key}.lat", f"{f.key}.lon")
    return (f.key,)


def _get(entry: Mapping[str, Any], key: str) -> Any:
    node: Any = entry
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def values_of(kind: Kind, entry: Mapping[str, Any]) -> FormValues:
    """The inputs filled from an entry as the YAML file has it."""
    out: FormValues = {}
    for f in kind.fields:
        value = _get(entry, f.key)
        if f.input in (Input.TEXT, Input.LONG_TEXT):
            for lang in LANGS:
                out[f"{f.key}.{lang}"] = (
                    _text(_get(value, lang)) if isinstance(value, Mapping) else ""
                )
        elif f.input in (Input.WORDS, Input.WORDS_OTHER):
            for name in input_names(f):
                words = _get(value, name.rsplit(".", 1)[1]) if isinstance(value, Mapping) else None
                out[name] = "\n".join(_text(w) for w in words) if isinstance(words, list) else ""
        elif f.input is Input.PARTIAL_DATE:
            parts = _text(value).split("-") if value is not None else []
            for i, name in enumerate(input_names(f)):
                piece = parts[i] if i < len(parts) else ""
                out[name] = piece.lstrip("0") if i and piece else piece
        elif f.input is Input.LOCATION:
            for name in input_names(f):
                axis = name.rsplit(".", 1)[1]
                out[name] = _text(_get(value, axis)) if isinstance(value, Mapping) else ""
        elif f.input is Input.REFS:
            out[f.key] = [_text(v) for v in value] if isinstance(value, list) else []
        else:
            out[f.key] = _text(value)
    return out


def values_from_form(kind: Kind, form: Mapping[str, Any]) -> FormValues:
    """The inputs as submitted (a MultiDict-like `form`: getall for the checkboxes)."""
    out: FormValues = {}
    for f in kind.fields:
        if f.input is Input.REFS:
            getall = getattr(form, "getall", None)
            picked = getall(f.key, []) if getall is not None else form.get(f.key, [])
            out[f.key] = [str(v) for v in picked][:500]
            continue
        for name in input_names(f):
            raw = form.get(name, "")
            out[name] = str(raw) if not isinstance(raw, bytes) else ""
    return out


# --------------------------------------------------------------------------- to the entry


@dataclass
class Parsed:
    """A submitted form read: the entry's managed keys, and the problems found before the
    knowledge base is asked (too long, not a number). Problems by input key."""

    data: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)


def _lines(raw: str) -> list[str]:
    return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]


def _number(raw: str, integer: bool) -> Any:
    """A number when it reads as one, else the text as typed (the loader explains)."""
    text = raw.strip().replace(",", ".") if not integer else raw.strip()
    try:
        return int(text) if integer else float(text)
    except ValueError:
        return text


def parse(kind: Kind, values: FormValues) -> Parsed:
    """Read a submitted form into the values of its keys (None: the key is left out)."""
    parsed = Parsed()

    def problem(key: str, message: str) -> None:
        parsed.problems.setdefault(key, []).append(message)

    def one(name: str) -> str:
        value = values.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    for f in kind.fields:
        value: Any = None
        if f.input in (Input.TEXT, Input.LONG_TEXT):
            texts = {lang: " ".join(one(f"{f.key}.{lang}").split()) if f.input is Input.TEXT
                     else one(f"{f.key}.{lang}") for lang in LANGS}  # fmt: skip
            if any(len(t) > MAX_TEXT for t in texts.values()):
                problem(f.key, N_("This text is too long (at most 2000 characters)."))
            value = {lang: text for lang, text in texts.items() if text} or None
        elif f.input in (Input.WORDS, Input.WORDS_OTHER):
            lists = {name.rsplit(".", 1)[1]: _lines(one(name)) for name in input_names(f)}
            if any(len(w) > MAX_WORDS or any(len(x) > MAX_LINE for x in w) for w in lists.values()):
                problem(f.key, N_("Too many or too long phrases (at most 100 of 300 characters)."))
            value = {lang: words for lang, words in lists.items() if words} or None
        elif f.input is Input.PARTIAL_DATE:
            year, month, day = (one(n) for n in input_names(f))
            if day and not month:
                problem(f.key, N_("A day needs its month."))
            if year:
                value = year
                if month:
                    value += f"-{month.zfill(2)}"
                    if day:
                        value += f"-{day.zfill(2)}"
            elif month or day:
                problem(f.key, N_("Write the year too."))
        elif f.input is Input.LOCATION:
            lat, lon = (one(n) for n in input_names(f))
            if lat or lon:
                value = {"lat": _number(lat, False), "lon": _number(lon, False)}
        elif f.input is Input.NUMBER:
            raw = one(f.key)
            value = _number(raw, True) if raw else None
        elif f.input is Input.REFS:
            picked = values.get(f.key, [])
            value = list(dict.fromkeys(picked)) if isinstance(picked, list) and picked else None
        else:
            raw = one(f.key)
            if f.input is Input.COUNTRY:
                raw = raw.upper()
            if len(raw) > MAX_LINE:
                problem(f.key, N_("This is too long (at most 300 characters)."))
            value = raw or None
        if f.required and value is None:
            problem(f.key, N_("This is required."))
        parsed.data[f.key] = value
    entry_id = parsed.data.get(kind.id_key)
    if kind.id_key == "id" and isinstance(entry_id, str) and not _ID_RE.match(entry_id):
        problem("id", N_("Use lowercase Latin letters, digits and _, starting with a letter."))
    return parsed


def _set(entry: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    node = entry
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is None:
                return
            child = {}
            node[part] = child
        node = child
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value


def merged_entry(
    kind: Kind, original: Mapping[str, Any] | None, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The entry to write: the original with the form's keys set (None removes a key; a group
    such as `agreement` left empty goes too); keys the form does not manage are kept."""
    entry: dict[str, Any] = _deep_copy(original or {})
    for f in kind.fields:
        value = data.get(f.key)
        if f.input is Input.CHOICE and value == f.default and _get(entry, f.key) is None:
            value = None  # the default, not written where it was not written before
        if f.input is Input.REFS and isinstance(value, list):
            before = _get(entry, f.key)
            if isinstance(before, list):  # keep the order staff gave; new ones at the end
                kept = [v for v in before if v in value]
                value = kept + [v for v in value if v not in kept]
        if isinstance(value, dict):  # a text, word lists, a location: the form has all keys
            old = _get(entry, f.key)
            if isinstance(old, Mapping) and f.input in (Input.WORDS, Input.WORDS_OTHER):
                value = {k: value[k] for k in [*old, *value] if k in value}  # the file's order
        _set(entry, f.key, value)
    for group in {f.key.split(".")[0] for f in kind.fields if "." in f.key}:
        if entry.get(group) == {}:
            del entry[group]
    return entry


def _deep_copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


# --------------------------------------------------------------------------- problems


def field_of_issue(kind: Kind, issue: Issue) -> str | None:
    """The key of the form field an issue is about (the longest that starts its key)."""
    if not issue.key:
        return None
    key = re.sub(r"\[(\d+)\]", r".\1", issue.key)  # fields[0] -> fields.0
    best: str | None = None
    for f in kind.fields:
        if key == f.key or key.startswith(f.key + "."):
            if best is None or len(f.key) > len(best):
                best = f.key
        elif f.key.startswith(key + "."):  # "notice: ... missing" -> notice.until
            best = best or f.key
    return best


def entry_label(kind: Kind, entry_id: str) -> str:
    """How the loader names an entry in its messages: partner 'ludza_example'."""

    return f"{ENTRY_LABELS.get(kind.section, kind.section)} '{entry_id}'"


def issues_by_field(
    kind: Kind, entry_id: str, issues: Sequence[Issue]
) -> tuple[dict[str, list[Issue]], list[Issue]]:
    """The issues about this entry by form field, and every other issue (other entries,
    other files, or no field)."""
    own = entry_label(kind, entry_id)
    placed: dict[str, list[Issue]] = {}
    rest: list[Issue] = []
    for issue in issues:
        key = field_of_issue(kind, issue) if issue.entry == own else None
        if key is None:
            rest.append(issue)
        else:
            placed.setdefault(key, []).append(issue)
    return placed, rest
