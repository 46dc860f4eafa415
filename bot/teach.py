"""Learning from the questions the bot could not answer: what the /stats actions change.

A group of similar unanswered questions (report.Group) can be
- *taught* to an entry ("it means partner X"): its wording is added to the entry's word list
  in the language it was asked in — a partner's `aliases`, the `keywords` of a project,
  event, media item or cooperation field, a FAQ entry's `questions` — with yamledit, so the
  comments and layout of the file survive;
- made a new *FAQ entry*: the wording, how people would ask it in the other languages, and
  an answer in every language (FaqForm collects them one message at a time);
- hidden as *out of scope* (store.Store.hide_question; report leaves it out from then on).

The first two give the new content of one knowledge file: the caller turns it into a draft
with a preview (staff.KnowledgeKeeper.draft_upload), which an admin publishes or discards.
Never imports telegram.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from bot.engine.text import clean, fold, transliterate
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import ID_PATTERN, Words
from bot.knowledge.yamledit import SECTIONS, add_phrase, sections, upsert_entry, word_keys
from bot.report import Group

KINDS: dict[str, str] = {
    "p": "partners",
    "j": "projects",
    "e": "events",
    "m": "media",
    "f": "fields",
    "q": "faq",
}
"""The kinds of entry a question can be taught to: their one-letter code (in button data)
and their section. Countries are left out: their names come from CLDR, not from the files."""

FORM_TTL_SECONDS = 60 * 60  # an unfinished FAQ form is forgotten after an hour
MAX_ID = 40  # schema.Id's max_length
_ID = re.compile(ID_PATTERN)


def word_list(section: str) -> str:
    """The word list a wording is added to: aliases, keywords or questions."""
    return word_keys(section)[0]


def wording(group: Group) -> str:
    """The phrase taught: the group's most common wording, without the end punctuation."""
    text = clean(group.example)
    return text.rstrip("?!.…;:, ").strip() or text


def phrase_language(group: Group) -> str:
    """The word list's language for the group: the one it was asked in, else `other`."""
    return group.language if group.language in Words.model_fields else "other"


def still_unanswered(
    groups: Iterable[Group], answered: Callable[[str, str], bool], limit: int | None = None
) -> list[Group]:
    """The groups whose wording the live knowledge base still does not answer (a group taught
    to an entry leaves /stats once the change is live), at most `limit`."""
    out = [g for g in groups if not answered(g.example, g.language)]
    return out[:limit]


def entry_names(kb: KnowledgeBase, section: str, lang: str) -> list[tuple[str, str]]:
    """The entries of a kind as (id, name in `lang`), in the order of their file."""
    if section == "partners":
        return [(i, p.name.get(lang)) for i, p in kb.partners.items()]
    if section == "projects":
        return [(i, p.title.get(lang)) for i, p in kb.projects.items()]
    if section == "events":
        return [(i, e.name.get(lang)) for i, e in kb.events.items()]
    if section == "media":
        return [(i, m.title.get(lang)) for i, m in kb.media.items()]
    if section == "fields":
        return [(i, f.name.get(lang)) for i, f in kb.fields.items()]
    if section == "faq":
        return [(i, _first(getattr(q.questions, lang, []), q.questions.all()) or i)
                for i, q in kb.faq.items()]  # fmt: skip
    raise ValueError(f"no entries to teach in {section!r}")


def _first(*lists: Sequence[str]) -> str:
    return next((words[0] for words in lists if words), "")


def entry_name(kb: KnowledgeBase, section: str, entry_id: str, lang: str) -> str | None:
    return dict(entry_names(kb, section, lang)).get(entry_id)


@dataclass(frozen=True)
class Lesson:
    """The new content of a knowledge file that teaches a wording to an entry."""

    file: str
    section: str
    entry_id: str
    key: str  # aliases, keywords or questions
    lang: str
    phrase: str
    content: bytes | None  # None: the wording is in that list already, nothing changes


def teach(folder: Path, group: Group, section: str, entry_id: str) -> Lesson:
    """Add the group's wording to the entry's word list (raises YamlEditError)."""
    name = SECTIONS[section]
    old = (Path(folder) / name).read_bytes()
    key, lang, phrase = word_list(section), phrase_language(group), wording(group)
    new = add_phrase(old, section, entry_id, key, lang, phrase)
    return Lesson(name, section, entry_id, key, lang, phrase, None if new == old else new)


# ----------------------------------------------------------------------------- a new FAQ


class Ask(StrEnum):
    """What a step of the FAQ form asks for."""

    QUESTION = "question"  # how people ask it in a language
    ANSWER = "answer"  # the answer in a language


@dataclass(frozen=True)
class Step:
    ask: Ask
    lang: str


@dataclass
class FaqForm:
    """A new FAQ entry being filled in: the wording of the group in the language it was asked
    in, then for each language how people ask it (unless known) and the answer."""

    group_id: str
    phrase: str
    asked_in: str
    languages: tuple[str, ...]
    started_at: float = field(default_factory=time.time)
    questions: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.asked_in in self.languages:
            self.questions.setdefault(self.asked_in, self.phrase)

    def steps(self) -> list[Step]:
        out = []
        for lang in self.languages:
            if lang != self.asked_in:
                out.append(Step(Ask.QUESTION, lang))
            out.append(Step(Ask.ANSWER, lang))
        return out

    def next_step(self) -> Step | None:
        """The step to ask now (None: the form is complete)."""
        for step in self.steps():
            given = self.questions if step.ask is Ask.QUESTION else self.answers
            if step.lang not in given:
                return step
        return None

    def give(self, text: str) -> bool:
        """Fill in the current step; False if the text is empty (the step is asked again)."""
        step, value = self.next_step(), clean(text)
        if step is None or not value:
            return False
        (self.questions if step.ask is Ask.QUESTION else self.answers)[step.lang] = value
        return True

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) - self.started_at > FORM_TTL_SECONDS

    def entry(self, taken: Iterable[str]) -> dict[str, object]:
        """The FAQ entry, with an id not among `taken`."""
        named_by = self.questions.get("en") or self.phrase
        return {
            "id": new_id(named_by, taken),
            "questions": {lang: [q] for lang, q in self.questions.items()},
            "answer": dict(self.answers),
        }


def new_id(text: str, taken: Iterable[str], prefix: str = "faq") -> str:
    """An id from a text (lowercase Latin letters, digits and _), not among `taken`:
    "What is a twin town?" -> what_is_a_twin_town."""
    words = re.findall(r"[a-z0-9]+", transliterate(fold(clean(text))))
    stem = ""
    for word in words:
        longer = f"{stem}_{word}" if stem else word
        if len(longer) > MAX_ID - 4:  # room for a _2 .. _999
            break
        stem = longer
    if not stem or not _ID.match(stem) or len(stem) < 2:
        stem = f"{prefix}_{stem}" if stem else prefix
    used = set(taken)
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}_{n}"
    return candidate


def add_faq(folder: Path, form: FaqForm) -> tuple[str, bytes]:
    """faq.yaml with the form's entry added at the end (created if there is no faq.yaml):
    (the new entry's id, the content). Raises YamlEditError."""
    path = Path(folder) / SECTIONS["faq"]
    old = path.read_bytes() if path.is_file() else b"faq: []\n"
    taken = sections(old).get("faq", [])
    data = form.entry(taken)
    return str(data["id"]), upsert_entry(old, "faq", data)
