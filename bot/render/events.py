"""Replies about events and media, worded by their kind: the facets asked, then the card."""

from __future__ import annotations

import datetime as dt

from bot.answer import Answer, Facet, Superlative
from bot.knowledge.schema import Event, Media
from bot.render import cards
from bot.render.cards import (
    Blocks,
    Ctx,
    ago_sentence,
    country,
    quote,
    title,
    when,
)
from bot.render.formats import EU_COUNTRIES, join_list
from bot.render.i18n import t, tn
from bot.render.kinds import event_words, media_words
from bot.render.markup import esc


def _unknown(ctx: Ctx) -> str:
    return t(ctx.lang, "I don't know that: the municipality's page does not say.")


def _place(ctx: Ctx, e: Event) -> dict[str, str]:
    return {"place": esc(e.place.get(ctx.lang)), "country": country(ctx, e.country)}


def _event_sentence(
    ctx: Ctx, e: Event, facet: Facet, facets: tuple[Facet, ...], today: dt.date | None = None
) -> str | None:
    lang, words = ctx.lang, event_words(e.kind)
    if facet is Facet.OVERVIEW:
        return esc(e.about.get(lang))
    if facet is Facet.WHEN and Facet.WHERE in facets:
        return t(lang, words.where_when, when=when(ctx, e.date), **_place(ctx, e))
    if facet is Facet.WHEN:
        return t(lang, words.when, when=when(ctx, e.date))
    if facet is Facet.AGO:
        return ago_sentence(ctx, e.date, today or dt.date.today())
    if facet is Facet.WHERE and Facet.WHEN not in facets:
        return t(lang, words.where, **_place(ctx, e))
    if facet is Facet.DURATION:
        return tn(lang, *words.lasted, e.duration_days) if e.duration_days else _unknown(ctx)
    if facet is Facet.DELEGATION:
        if not e.delegation_size:
            return _unknown(ctx)
        return tn(
            lang,
            "A delegation of {n} person from {municipality} took part.",
            "A delegation of {n} people from {municipality} took part.",
            e.delegation_size,
            municipality=ctx.municipality,
        )
    if facet is Facet.PARTICIPANTS:
        return _participants_sentence(ctx, e)
    if facet is Facet.COUNTRIES and Facet.PARTICIPANTS not in facets:
        return _countries_sentence(ctx, e)
    if facet is Facet.ACTIVITIES:
        if not e.activities:
            return _unknown(ctx)
        return t(lang, words.activities, activities=esc(e.activities.get(lang)))
    if facet is Facet.PROGRAMME:
        if not e.programme:
            return _unknown(ctx)
        return t(lang, words.programme, programme=esc(e.programme.get(lang)))
    return None


def in_eu(e: Event) -> bool:
    """Whether the event's "countries" are EU countries (it was held in the EU)."""
    return e.country in EU_COUNTRIES


def _countries_sentence(ctx: Ctx, e: Event) -> str:
    if not e.countries_count:
        return _unknown(ctx)
    if in_eu(e):
        return tn(
            ctx.lang,
            "Participants came from {n} EU country.",
            "Participants came from {n} EU countries.",
            e.countries_count,
        )
    return tn(
        ctx.lang,
        "Participants came from {n} country.",
        "Participants came from {n} countries.",
        e.countries_count,
    )


def _from_countries(ctx: Ctx, e: Event) -> str:
    assert e.countries_count
    if in_eu(e):
        return tn(ctx.lang, "from {n} EU country", "from {n} EU countries", e.countries_count)
    return tn(ctx.lang, "from {n} country", "from {n} countries", e.countries_count)


def _participants_sentence(ctx: Ctx, e: Event) -> str:
    lang = ctx.lang
    if e.participants:
        if not e.countries_count:
            return tn(
                lang, "There was {n} participant.", "There were {n} participants.", e.participants
            )
        return tn(
            lang,
            "There was {n} participant {from_countries}.",
            "There were {n} participants {from_countries}.",
            e.participants,
            from_countries=_from_countries(ctx, e),
        )
    if not e.participants_more_than:
        return _unknown(ctx)
    if not e.countries_count:
        return tn(
            lang,
            "There was more than {n} participant.",
            "There were more than {n} participants.",
            e.participants_more_than,
        )
    return tn(
        lang,
        "There was more than {n} participant {from_countries}.",
        "There were more than {n} participants {from_countries}.",
        e.participants_more_than,
        from_countries=_from_countries(ctx, e),
    )


_EVENT_FACETS = (
    Facet.OVERVIEW,
    Facet.WHEN,
    Facet.AGO,
    Facet.WHERE,
    Facet.DURATION,
    Facet.DELEGATION,
    Facet.PARTICIPANTS,
    Facet.COUNTRIES,
    Facet.ACTIVITIES,
    Facet.PROGRAMME,
)


def _ranked_headline(ctx: Ctx, answer: Answer, events: list[Event]) -> str | None:
    """ "The event with the most participants: X." for a superlative over events."""
    f, lang = answer.filters, ctx.lang
    if f.superlative is None or f.rank_by is None or not events:
        return None
    listed = join_list((esc(e.name.get(lang)) for e in events), lang)
    most = f.superlative in (Superlative.MOST, Superlative.NEWEST)
    if f.rank_by is Facet.PARTICIPANTS:
        if most:
            return t(lang, "The event with the most participants: {names}.", names=listed)
        return t(lang, "The event with the fewest participants: {names}.", names=listed)
    if f.rank_by is Facet.DURATION:
        if most:
            return t(lang, "The longest event: {names}.", names=listed)
        return t(lang, "The shortest event: {names}.", names=listed)
    if f.rank_by is Facet.DELEGATION:
        if most:
            return t(lang, "The largest delegation took part in: {names}.", names=listed)
        return t(lang, "The smallest delegation took part in: {names}.", names=listed)
    if f.rank_by is Facet.COUNTRIES:
        if most:
            return t(lang, "The event with the most countries: {names}.", names=listed)
        return t(lang, "The event with the fewest countries: {names}.", names=listed)
    if f.rank_by is Facet.WHEN:
        if most:
            return t(lang, "The most recent event: {names}.", names=listed)
        return t(lang, "The earliest event: {names}.", names=listed)
    return None


def event_sentences(
    ctx: Ctx, e: Event, facets: tuple[Facet, ...], today: dt.date | None = None
) -> str:
    said = (_event_sentence(ctx, e, facet, facets, today) for facet in facets)
    return " ".join(s for s in said if s)


def event_reply(ctx: Ctx, answer: Answer) -> Blocks:
    every = [ctx.kb.events[i] for i in answer.events if i in ctx.kb.events]
    events = every[: cards.MAX_CARDS]
    facets = tuple(f for f in answer.facets if f in _EVENT_FACETS) or (Facet.OVERVIEW,)
    headlines = "\n".join(event_sentences(ctx, e, facets, answer.today) for e in events)
    ranked = _ranked_headline(ctx, answer, every)
    if ranked:
        headlines = f"{ranked}\n{headlines}" if headlines else ranked
    with_about = Facet.OVERVIEW not in facets
    shown = (cards.event_card(ctx, e, with_about=with_about) for e in events)
    return [headlines, *shown, *cards.more_cards(ctx, every)]


def _media_sentences(ctx: Ctx, m: Media, facets: tuple[Facet, ...]) -> list[str]:
    lang, words = ctx.lang, media_words(m.kind)
    q = quote(ctx, esc(m.title.get(lang)))
    out: list[str] = []
    if Facet.OVERVIEW in facets:
        out.append(esc(m.about.get(lang)))
    if Facet.FUNDER in facets:
        out.append(
            t(lang, words.funded, title=q, funder=esc(m.funder.get(lang)))
            if m.funder
            else _unknown(ctx)
        )
    if Facet.PROJECTS in facets:
        project = ctx.kb.projects.get(m.project or "")
        if project is None:
            out.append(_unknown(ctx))
        elif Facet.FUNDER in facets:  # the sentence before already named the item
            out.append(t(lang, words.made_it, project=quote(ctx, title(ctx, project))))
        else:
            out.append(t(lang, words.made_in, title=q, project=quote(ctx, title(ctx, project))))
    return out


def media_reply(ctx: Ctx, answer: Answer) -> Blocks:
    every = [ctx.kb.media[i] for i in answer.media if i in ctx.kb.media]
    items = every[: cards.MAX_CARDS]
    facets = tuple(
        f for f in answer.facets if f in (Facet.OVERVIEW, Facet.FUNDER, Facet.PROJECTS)
    ) or (Facet.OVERVIEW,)
    headlines = "\n".join(" ".join(_media_sentences(ctx, m, facets)) for m in items)
    with_about = Facet.OVERVIEW not in facets
    shown = (cards.media_card(ctx, m, with_about=with_about) for m in items)
    return [headlines, *shown, *cards.more_cards(ctx, every)]
