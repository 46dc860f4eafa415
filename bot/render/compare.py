"""Replies that reason over several entries: comparisons and what happened in a year.

A comparison opens with its verdict when the question was a yes/no one ("Yes. The agreement
with A (1995) is older than the one with B (2000)."), otherwise it states the values and
which comes first; a value the page does not give is said so, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.answer import Answer, Facet
from bot.knowledge.schema import Event, PartialDate, Partner, Project
from bot.render import cards
from bot.render.cards import (
    Blocks,
    Ctx,
    bullets,
    name,
    partners_of,
    projects_of,
    quote,
    some,
    title,
    verdict_word,
    with_verdict,
)
from bot.render.events import event_sentences
from bot.render.formats import format_date, format_duration, format_period
from bot.render.i18n import t, tn
from bot.render.markup import esc
from bot.render.projects import project_days

Value = PartialDate | int


@dataclass(frozen=True)
class Compared:
    """One entry of a comparison: its name (escaped), the value compared and its card."""

    label: str
    value: Value | None
    card: str


def _date_facet(facet: Facet | None) -> bool:
    return facet in (
        Facet.SIGNED,
        Facet.SINCE,
        Facet.PROLONGED,
        Facet.START,
        Facet.END,
        Facet.DATES,
        Facet.WHEN,
    )


def _partner_value(ctx: Ctx, p: Partner, facet: Facet | None) -> Value | None:
    if facet is Facet.PROLONGED:
        return p.agreement.prolonged
    if facet is Facet.FIELDS:
        return len(p.fields)
    if facet is Facet.PROJECTS:
        return len(ctx.kb.projects_of.get(p.id, ()))
    return p.agreement.signed


def _project_value(pr: Project, facet: Facet | None) -> Value | None:
    if facet is Facet.END:
        return pr.end
    if facet is Facet.DURATION:
        return project_days(pr)
    if facet is Facet.PARTNERS:
        return len(pr.partners)
    return pr.start


def _event_value(e: Event, facet: Facet | None) -> Value | None:
    readers: dict[Facet, Callable[[Event], Any]] = {
        Facet.DURATION: lambda x: x.duration_days,
        Facet.PARTICIPANTS: lambda x: x.participants or x.participants_more_than,
        Facet.DELEGATION: lambda x: x.delegation_size,
        Facet.COUNTRIES: lambda x: x.countries_count,
    }
    read = readers.get(facet) if facet is not None else None
    value: Value | None = read(e) if read is not None else e.date
    return value


def _entries(ctx: Ctx, answer: Answer) -> list[Compared]:
    facet, kb = answer.compared, ctx.kb
    partners = partners_of(ctx, answer.partners)
    if partners:
        return [
            Compared(
                name(ctx, p),
                _partner_value(ctx, p, facet),
                cards.partner_card(ctx, p, with_projects=False),
            )
            for p in partners
        ]
    projects = projects_of(ctx, answer.projects)
    if projects:
        return [
            Compared(
                quote(ctx, title(ctx, pr)),
                _project_value(pr, facet),
                cards.project_card(ctx, pr, with_about=False),
            )
            for pr in projects
        ]
    events = [kb.events[i] for i in answer.events if i in kb.events]
    return [
        Compared(
            esc(e.name.get(ctx.lang)),
            _event_value(e, facet),
            cards.event_card(ctx, e, with_about=False),
        )
        for e in events
    ]


def _shown(ctx: Ctx, facet: Facet | None, value: Value) -> str:
    """A compared value as a label: a date, "4 cooperation fields", "1 year 9 months"."""
    lang = ctx.lang
    if isinstance(value, PartialDate):
        return esc(format_date(value, lang))
    if facet is Facet.FIELDS:
        return tn(lang, "{n} cooperation field", "{n} cooperation fields", value)
    if facet is Facet.PROJECTS:
        return tn(lang, "{n} joint project", "{n} joint projects", value)
    if facet is Facet.DURATION:
        return esc(format_duration(value, lang))
    if facet is Facet.DELEGATION:
        return tn(lang, "{n} person", "{n} people", value)
    if facet is Facet.PARTICIPANTS:
        return tn(lang, "{n} participant", "{n} participants", value)
    if facet is Facet.COUNTRIES:
        return tn(lang, "{n} country", "{n} countries", value)
    return str(value)


def _key(value: Value) -> float:
    return float(value.as_date().toordinal()) if isinstance(value, PartialDate) else float(value)


def _values(ctx: Ctx, facet: Facet | None, entries: list[Compared]) -> str:
    """ "A: 2011; B: 1998", the first MAX_NAMES of them, then how many more."""
    known = [f"{e.label}: {_shown(ctx, facet, e.value)}" for e in entries if e.value is not None]
    rest = len(known) - cards.MAX_NAMES
    if rest <= 0:
        return "; ".join(known)
    more = tn(ctx.lang, "… and {n} more", "… and {n} more", rest)
    return f"{'; '.join(known[: cards.MAX_NAMES])} {more}"


def _comparison(ctx: Ctx, answer: Answer, entries: list[Compared]) -> str:
    lang, facet = ctx.lang, answer.compared
    unknown = [e.label for e in entries if e.value is None]
    if unknown:
        missing = some(ctx, unknown)
        if _date_facet(facet):
            line = t(
                lang,
                "I can't compare them: the municipality's page does not give the date for {names}.",
                names=missing,
            )
        else:
            line = t(
                lang,
                "I can't compare them: the municipality's page does not give this figure for "
                "{names}.",
                names=missing,
            )
        known = _values(ctx, facet, entries)
        return f"{line} {known}." if known else line
    values = _values(ctx, facet, entries)
    keys = [_key(e.value) for e in entries if e.value is not None]
    first, last = entries[0], entries[-1]
    if len(set(keys)) == 1:
        sentence = t(lang, "{values} — the same.", values=values)
    elif facet in (Facet.SIGNED, Facet.SINCE) and len(entries) == 2 and answer.verdict:
        assert first.value is not None and last.value is not None
        sentence = t(
            lang,
            "The agreement with {first} ({first_date}) is older than the one with {second} "
            "({second_date}).",
            first=first.label,
            first_date=_shown(ctx, facet, first.value),
            second=last.label,
            second_date=_shown(ctx, facet, last.value),
        )
    elif _date_facet(facet):
        sentence = t(lang, "{values} — {name} first.", values=values, name=first.label)
    else:
        sentence = t(lang, "{values} — the most: {name}.", values=values, name=last.label)
    apart = _years_apart(entries) if _date_facet(facet) else None
    if apart:
        sentence += " " + tn(lang, "Difference: {n} year.", "Difference: {n} years.", apart)
    return with_verdict(ctx, answer.verdict, sentence)


def _years_apart(entries: list[Compared]) -> int | None:
    """Between two dates, the years from the one to the other (by their years)."""
    dates = [e.value for e in entries if isinstance(e.value, PartialDate)]
    if len(entries) != 2 or len(dates) != 2:
        return None
    return abs(dates[1].year - dates[0].year) or None


def compare_reply(ctx: Ctx, answer: Answer) -> Blocks:
    """Two or more entries compared on `answer.compared` (its renderer words the verdict)."""
    entries = _entries(ctx, answer)
    if not entries:
        return [verdict_word(ctx, answer.verdict)] if answer.verdict else []
    shown = (e.card for e in entries[: cards.MAX_CARDS])
    return [_comparison(ctx, answer, entries), *shown, *cards.more_cards(ctx, entries)]


# ------------------------------------------------------------------------- a year


def year_reply(ctx: Ctx, answer: Answer) -> Blocks:
    """What happened in `answer.filters.year`: agreements, projects running, events."""
    lang, year = ctx.lang, answer.filters.year
    if year is None:
        return []
    partners = partners_of(ctx, answer.partners)
    signed = [p for p in partners if p.agreement.signed and p.agreement.signed.year == year]
    prolonged = [
        p for p in partners if p.agreement.prolonged and p.agreement.prolonged.year == year
    ]
    projects = projects_of(ctx, answer.projects)
    events = [ctx.kb.events[i] for i in answer.events if i in ctx.kb.events]
    lines: list[str] = []
    if signed:
        lines.append(t(lang, "agreements entered into: {names}", names=cards.names(ctx, signed)))
    if prolonged:
        lines.append(t(lang, "agreements prolonged: {names}", names=cards.names(ctx, prolonged)))
    if projects:
        shown = [
            f"{quote(ctx, title(ctx, pr))} ({esc(format_period(pr.start, pr.end, lang))})"
            for pr in projects
        ]
        lines.append(t(lang, "joint projects running: {titles}", titles=some(ctx, shown)))
    if events:
        shown = [esc(e.name.get(lang)) for e in events]
        lines.append(t(lang, "events: {names}", names=some(ctx, shown)))
    if not lines:
        return [t(lang, "The municipality's page mentions nothing for {year}.", year=year)]
    blocks = ["\n".join([t(lang, "In {year}:", year=year), *bullets(lines)])]
    first = events[: cards.MAX_CARDS]
    blocks += [event_sentences(ctx, e, (Facet.WHEN, Facet.WHERE)) for e in first]
    return [*blocks, *cards.more_cards(ctx, events)]
